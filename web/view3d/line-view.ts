/**
 * The 3D view of a physics twin frame (Babylon.js, deep imports only). No Preact in here: a class
 * that owns a canvas's engine and scene, reads frames laid out as the twin's describeFrame() says
 * (TwinFrameLayout; docs/physics.md "Frame layout") and reports what the user does with the nodes.
 *
 *   const view = new LineView3D(canvas, { onPick, onDrag, onRotate });
 *   view.setScene(scene.frameLayout, scenarioNodes);   // meshes once per scene
 *   view.update(frame);                                // every frame; then hand the buffer back
 *   view.setSelected('press');
 *
 * This class wires the parts together and keeps the render loop and picking: stage.ts (engine,
 * scene, camera, light, materials), scene-build.ts (a scene's meshes and instance buffers),
 * frame-write.ts (frame → matrices and colours), camera.ts (fit, orbit, pan, zoom), input.ts
 * (keys, pointer, drag). Each part is a file of its own so none grows past reading in one go.
 *
 * Drawing: everything that repeats is a thin instance of one template mesh, so a frame is a handful
 * of draw calls whatever the part count: belts (and their frames), one template per node kind
 * (machine, manual, robot, buffer, source, sink), all part slots in one buffer (an empty slot is a
 * zero-scale matrix), robot links (a ball per link body and a rod between consecutive bodies: the
 * frame has the body poses, not the URDF's capsules) and humanoid links (capsules of the body's own
 * dimensions, engine/physics/humanoid-body.ts). Matrices are written in place into preallocated
 * Float32Arrays by coords.ts, which converts the twin's z-up right-handed frame to Babylon's y-up
 * left-handed one; update() allocates nothing.
 *
 * Rendering is on demand: a frame, a camera move, a resize or a selection asks for one render at
 * the next animation frame (several frames between two renders make one render); nothing runs
 * while nothing changes. Timing: each frame handler's main-thread work is reported as a
 * `performance.measure('frame', …)` starting at the `frame-start` mark of the first update since
 * the last render, lasting the updates' time plus the render's (the idle wait for the animation
 * frame is not counted).
 *
 * Input (canvas focused): click a node to select it (onPick(id); empty floor: onPick(null)); drag a
 * node over the floor (onDrag with the node centre the pointer would put it at, raw — snapping is
 * the store's job — in metres in the twin's frame; while dragging the node is drawn there, after
 * 'end' it shows the twin's pose again until the changed scene comes back); R / Shift+R turns the
 * selected node by +15° / −15° (counter-clockwise seen from above, the twin's heading sense);
 * left drag orbits, right drag pans, the wheel zooms; arrows orbit, Shift+arrows pan, + / − zoom,
 * F fits the line, Escape clears the selection.
 */
import type { Engine } from '@babylonjs/core/Engines/engine';
import type { Scene } from '@babylonjs/core/scene';
import type { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { PointerInfoPre } from '@babylonjs/core/Events/pointerEvents';
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Nullable } from '@babylonjs/core/types';
// Side effect: picking rays on Scene (pickNode, floorPoint).
import '@babylonjs/core/Culling/ray';

import type { TwinFrameLayout } from '../../engine/twin/physics-twin';
import { computeDims } from '../../engine/physics/humanoid-body';
import { cameraMoved, fitCamera, setPanSpeed } from './camera';
import { readFixed, writeMovers, writeNodes, writeSelection, type HumanoidSizes } from './frame-write';
import { ViewInput, type LineViewCallbacks } from './input';
import { documentStatePalette, type StatePalette } from './palette';
import { LineScene, type SceneNode } from './scene-build';
import { createMaterials, createStage, isSoftwareRenderer } from './stage';

// The view's public names, wherever they are defined, stay importable from here.
export { ROTATE_STEP_DEG, type DragPhase, type LineViewCallbacks } from './input';
export type { SceneNode } from './scene-build';
export { isSoftwareRenderer } from './stage';

export interface LineViewOptions {
  /** Station state colours (palette.ts); default: the document's `--state-*` properties. */
  palette?: StatePalette;
  /**
   * Multisample antialiasing. 'auto' (default): on, except on a software renderer (SwiftShader,
   * llvmpipe), where every sample is shaded on the CPU.
   */
  antialias?: boolean | 'auto';
  /** Height of the humanoids drawn, metres (the frame layout does not carry it; default 1.75). */
  humanoidHeightM?: number;
}

/** Entries kept of per-frame update / render times (timings()). */
const TIMING_RING = 512;

export class LineView3D {
  readonly engine: Engine;
  readonly scene: Scene;
  readonly camera: ArcRotateCamera;
  private readonly canvas: HTMLCanvasElement;
  private readonly palette: StatePalette;
  private readonly humanoid: HumanoidSizes;
  private readonly preObserver: Nullable<Observer<PointerInfoPre>>;
  /** The current scene's meshes and buffers (scene-build.ts). */
  private readonly lineScene: LineScene;
  /** Keys, pointer and drag (input.ts). */
  private readonly input: ViewInput;
  private fitted = false;
  private fitOnFirstFrame = true;

  // View state.
  private selectedId: string | null = null;
  private raf = 0;
  private disposed = false;
  private framePending = false;
  private updateMs = 0;
  private lastCamera = new Float64Array(6);
  private readyResolve: (() => void) | null = null;
  private ready = false;
  /** Resolves once a frame has been drawn with every material ready. */
  readonly firstFrame: Promise<void>;
  private readonly updateTimes = new Float32Array(TIMING_RING);
  private readonly renderTimes = new Float32Array(TIMING_RING);
  private timingCount = 0;
  /** Frames applied and renders made since construction. */
  frames = 0;
  renders = 0;

  constructor(canvas: HTMLCanvasElement, callbacks: LineViewCallbacks, options: LineViewOptions = {}) {
    this.canvas = canvas;
    this.palette = options.palette ?? documentStatePalette();
    this.firstFrame = new Promise((resolve) => { this.readyResolve = resolve; });
    const dims = computeDims(options.humanoidHeightM ?? 1.75);
    this.humanoid = {
      length: Float32Array.from(dims.halfHeightM, (h, k) => 2 * (h + dims.radiusM[k])),
      diameter: Float32Array.from(dims.radiusM, (r) => 2 * r),
    };

    const antialias = options.antialias === undefined || options.antialias === 'auto' ? !isSoftwareRenderer() : options.antialias;
    const { engine, scene, camera } = createStage(canvas, antialias);
    this.engine = engine;
    this.scene = scene;
    this.camera = camera;
    this.lineScene = new LineScene(scene, createMaterials(scene), this.palette);
    this.input = new ViewInput({
      canvas,
      camera,
      callbacks,
      lineScene: this.lineScene,
      selectedId: () => this.selectedId,
      pickNodeIndex: (x, y) => this.pickNodeIndex(x, y),
      floorPoint: (x, y) => this.floorPoint(x, y),
      writeNodes: () => this.writeNodes(),
      fitToLine: () => this.fitToLine(),
      requestRender: () => this.requestRender(),
    });

    this.preObserver = scene.onPrePointerObservable.add((info) => this.input.onPointer(info));
    canvas.addEventListener('keydown', this.input.onKeyDown);
    this.engine.resize();
  }

  // ---------------------------------------------------------------- scene

  /**
   * Builds the meshes of a scene (its frame layout and the scenario's nodes); drops the previous.
   * The floor, grid and belts are laid out from the scene's first frame. The camera is fitted to
   * the line then if `fit` (default: only for the first scene, so an edited and reloaded scene keeps
   * the user's view; pass true when another scenario is opened). A drag in progress carries over
   * when the dragged node is still there.
   */
  setScene(layout: TwinFrameLayout, nodes: readonly SceneNode[], options: { fit?: boolean } = {}): void {
    const s = this.lineScene;
    const drag = this.input.drag, draggedId = drag ? s.nodeIds[drag.node] : null;
    this.clearScene();
    this.fitOnFirstFrame = options.fit ?? !this.fitted;
    const keep = draggedId === null ? -1 : layout.nodes.ids.indexOf(draggedId);
    if (drag && keep >= 0) this.input.drag = { ...drag, node: keep };
    s.build(layout, nodes);
    this.requestRender();
  }

  private clearScene(): void {
    this.lineScene.clear();
    this.input.drag = null;
  }

  // ---------------------------------------------------------------- frames

  /**
   * Reads a frame of the current scene's layout (shorter ones are ignored) into the instance
   * buffers and asks for a render. The frame is not kept: hand its buffer back right after.
   */
  update(frame: Float32Array): void {
    const s = this.lineScene, L = s.layout;
    if (!L || this.disposed || frame.length < L.frameLength) return;
    const t0 = performance.now();
    if (!this.framePending) {
      performance.clearMarks('frame-start');
      performance.mark('frame-start');
      this.updateMs = 0;
    }
    readFixed(s, frame, this.palette);
    s.hasFrame = true;
    if (!s.staticBuilt) {
      // Floor, grid and belts from the first frame; the fit needs their poses.
      s.buildStatic(frame);
      if (this.fitOnFirstFrame) this.fitToLine();
    }
    if (s.nodesDirty) this.writeNodes();
    writeMovers(s, frame, this.humanoid);

    this.frames++;
    this.framePending = true;
    this.updateMs += performance.now() - t0;
    this.requestRender();
  }

  /** Node matrices from the cached poses (and the dragged node's preview position). */
  private writeNodes(): void {
    writeNodes(this.lineScene, this.input.drag, this.selectedId);
  }

  // ---------------------------------------------------------------- selection

  /** Highlights a node (null: none). Unknown ids highlight nothing. */
  setSelected(id: string | null): void {
    this.selectedId = id;
    writeSelection(this.lineScene, this.input.drag, id);
    this.requestRender();
  }

  // ---------------------------------------------------------------- camera

  /** Frames the placed nodes and belts with the orbit camera (keeps its direction). */
  fitToLine(): void {
    const box = this.lineScene.bounds();
    if (!box) return;
    fitCamera(this.camera, box, this.engine.getAspectRatio(this.camera) || 16 / 9);
    this.fitted = true;
    this.requestRender();
  }

  // ---------------------------------------------------------------- picking

  private pickNodeIndex(x: number, y: number): number {
    const s = this.lineScene;
    if (!s.layout || !s.hasFrame) return -1;
    const hit = this.scene.pick(x, y, s.isNodeMesh, false, this.camera);
    if (!hit?.hit || !hit.pickedMesh || hit.thinInstanceIndex < 0) return -1;
    const g = s.groups.find((group) => group.mesh === hit.pickedMesh);
    return g ? g.nodeOf[hit.thinInstanceIndex] ?? -1 : -1;
  }

  /** The node drawn at canvas point (x, y) in CSS pixels, or null. */
  pickNode(x: number, y: number): string | null {
    const k = this.pickNodeIndex(x, y);
    return k >= 0 ? this.lineScene.nodeIds[k] : null;
  }

  /** The floor point (twin x, y) under canvas point (x, y) in CSS pixels, or null above the horizon. */
  floorPoint(x: number, y: number): [number, number] | null {
    const ray = this.scene.createPickingRay(x, y, IDENTITY, this.camera);
    if (ray.direction.y >= -1e-9) return null;
    const t = -ray.origin.y / ray.direction.y;
    return [ray.origin.x + t * ray.direction.x, ray.origin.z + t * ray.direction.z];
  }

  /** Canvas point (CSS pixels) where a node's footprint centre at half its height is drawn. */
  projectNode(id: string): [number, number] | null {
    const s = this.lineScene;
    const k = s.nodeIds.indexOf(id);
    if (k < 0 || !s.layout || !s.hasFrame) return null;
    const o = s.nodeOffset(k);
    this.scene.updateTransformMatrix(true);
    const w = this.engine.getRenderWidth(), h = this.engine.getRenderHeight();
    const p = Vector3.Project(new Vector3(s.pose[o], s.pose[o + 2] + s.nodeSize[3 * k + 2] / 2, s.pose[o + 1]),
      IDENTITY, this.scene.getTransformMatrix(), this.camera.viewport.toGlobal(w, h));
    const scale = this.engine.getHardwareScalingLevel();
    return [p.x * scale, p.y * scale];
  }

  // ---------------------------------------------------------------- rendering

  private requestRender(): void {
    if (this.raf === 0 && !this.disposed) this.raf = requestAnimationFrame(this.onAnimationFrame);
  }

  private readonly onAnimationFrame = (): void => {
    this.raf = 0;
    this.renderNow();
  };

  /** Renders now (normally the view renders itself at the next animation frame). */
  renderNow(): void {
    if (this.disposed) return;
    const c = this.camera;
    setPanSpeed(c, this.engine.getRenderHeight());
    const t0 = performance.now();
    this.engine.beginFrame();
    this.scene.render();
    this.engine.endFrame();
    const renderMs = performance.now() - t0;
    this.renders++;
    if (this.framePending) {
      this.framePending = false;
      const slot = this.timingCount++ % TIMING_RING;
      this.updateTimes[slot] = this.updateMs;
      this.renderTimes[slot] = renderMs;
      performance.measure('frame', { start: 'frame-start', duration: this.updateMs + renderMs });
      if (this.timingCount % 3600 === 0) performance.clearMeasures('frame'); // observers saw them
    }
    // Keep rendering while the camera still moves or materials are still compiling.
    const moved = cameraMoved(c, this.lastCamera);
    if (!this.ready && this.lineScene.hasFrame) {
      if (this.scene.isReady()) {
        this.ready = true;
        this.readyResolve?.();
        this.readyResolve = null;
      } else {
        this.requestRender(); // shaders load and compile asynchronously
        return;
      }
    }
    if (moved) this.requestRender();
  }

  /**
   * Main-thread milliseconds of the last `n` frame handlers (at most 512): `update` (all update()
   * calls since the previous render) and `render` (the render that showed them).
   */
  timings(n = TIMING_RING): { update: number[]; render: number[] } {
    const count = Math.min(n, this.timingCount, TIMING_RING);
    const update: number[] = [], render: number[] = [];
    for (let i = this.timingCount - count; i < this.timingCount; i++) {
      update.push(this.updateTimes[i % TIMING_RING]);
      render.push(this.renderTimes[i % TIMING_RING]);
    }
    return { update, render };
  }

  /** Call when the canvas's size changed. */
  resize(): void {
    if (this.disposed) return;
    this.engine.resize();
    this.requestRender();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.canvas.removeEventListener('keydown', this.input.onKeyDown);
    if (this.preObserver) this.scene.onPrePointerObservable.remove(this.preObserver);
    this.clearScene();
    this.scene.dispose();
    this.engine.dispose();
  }
}

const IDENTITY = Matrix.Identity();
