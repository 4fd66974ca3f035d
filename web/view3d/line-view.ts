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
import { Engine } from '@babylonjs/core/Engines/engine';
import { Scene } from '@babylonjs/core/scene';
import { ArcRotateCamera } from '@babylonjs/core/Cameras/arcRotateCamera';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color';
import { Matrix, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder';
import { CreateLineSystem } from '@babylonjs/core/Meshes/Builders/linesBuilder';
import { PointerEventTypes, type PointerInfoPre } from '@babylonjs/core/Events/pointerEvents';
import type { Observer } from '@babylonjs/core/Misc/observable';
import type { Nullable } from '@babylonjs/core/types';
// Side effects: thin instances on Mesh, picking rays on Scene.
import '@babylonjs/core/Meshes/thinInstanceMesh';
import '@babylonjs/core/Culling/ray';

import type { TwinFrameLayout } from '../../engine/twin/physics-twin';
import { BELT_THICKNESS_M } from '../../engine/physics/model';
import { computeDims } from '../../engine/physics/humanoid-body';
import { fitView, fitViewFrom, floorRect, gridLines, lineBounds, POINT_NODE_M, type LineBox } from './bounds';
import { hideMatrix, MATRIX_FLOATS, writeBallMatrix, writeFloorMatrix, writePoseMatrix, writeSegmentMatrix, yawOf } from './coords';
import {
  createLinkCapsule, createNodeTemplate, createSelectionFrame, createUnitBall, createUnitBox, createUnitCylinder, TEMPLATE_HEIGHT_M,
} from './meshes';
import {
  documentStatePalette, hexToRgb, MARK_HEX, NODE_TEMPLATES, templateOf, writeNodeColour, type NodeTemplate, type StatePalette,
} from './palette';

export type DragPhase = 'start' | 'move' | 'end';

export interface LineViewCallbacks {
  /** A node was clicked (its id), or empty space (null). */
  onPick(nodeId: string | null): void;
  /** A node is being dragged: (x, y) is the node centre under the pointer, metres, twin frame (z up), unsnapped. */
  onDrag?(nodeId: string, x: number, y: number, phase: DragPhase): void;
  /** R / Shift+R on the selected node: turn it by this many degrees (counter-clockwise from above). */
  onRotate?(nodeId: string, deltaDegrees: number): void;
}

/** What the view needs to know of a scenario node (its `nodes[]` entry). */
export interface SceneNode {
  id: string;
  type: string;
  kind?: string;
  name?: string;
}

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

/** Rotation per R press, degrees. */
export const ROTATE_STEP_DEG = 15;
/** Pointer travel (CSS px) before a press on a node becomes a drag. */
const DRAG_THRESHOLD_PX = 4;
/** Robot link drawing: ball at each body origin, rod between consecutive bodies, metres. */
const ROBOT_BALL_M = 0.14;
const ROBOT_ROD_M = 0.09;
/** Selection marker: ring on the floor around the footprint, and a glass box around the node. */
const SELECTION_RING_MARGIN_M = 0.35;
const SELECTION_BOX_MARGIN_M = 0.08;
const ORBIT_STEP_RAD = (5 * Math.PI) / 180;
const ZOOM_STEP = 0.85;
/** Entries kept of per-frame update / render times (timings()). */
const TIMING_RING = 512;

interface NodeGroup {
  template: NodeTemplate;
  mesh: Mesh;
  matrices: Float32Array;
  colours: Float32Array;
  /** Node index of each instance. */
  nodeOf: Int32Array;
}

interface DragState {
  node: number;
  pointerId: number;
  downX: number;
  downY: number;
  /** Node centre minus the floor point under the pointer at the press. */
  offsetX: number;
  offsetY: number;
  started: boolean;
  x: number;
  y: number;
}

function colour3(hex: string): Color3 {
  const [r, g, b] = hexToRgb(hex);
  return new Color3(r, g, b);
}

export class LineView3D {
  readonly engine: Engine;
  readonly scene: Scene;
  readonly camera: ArcRotateCamera;
  private readonly canvas: HTMLCanvasElement;
  private readonly callbacks: LineViewCallbacks;
  private readonly palette: StatePalette;
  private readonly materials: Record<'instanced' | 'part' | 'beltFrame' | 'robot' | 'humanoid' | 'floor' | 'ring' | 'glass', StandardMaterial>;
  private readonly humanoidLength: Float32Array;
  private readonly humanoidDiameter: Float32Array;
  private readonly preObserver: Nullable<Observer<PointerInfoPre>>;

  // Per scene.
  private layout: TwinFrameLayout | null = null;
  private sceneMeshes: AbstractMesh[] = [];
  private nodeIds: string[] = [];
  private nodeTypes: string[] = [];
  private nodeSize = new Float32Array(0); // fx, fy, height per node
  private nodeGroup = new Int32Array(0);
  private nodeInstance = new Int32Array(0);
  private nodeCode = new Float32Array(0);
  private groups: NodeGroup[] = [];
  private groupRecoloured = new Uint8Array(0);
  private nodeMeshes = new Set<AbstractMesh>();
  private belts: Mesh | null = null;
  private beltMatrices = new Float32Array(0);
  private beltColours = new Float32Array(0);
  private beltCode = new Float32Array(0);
  private beltFrames: Mesh | null = null;
  private beltFrameMatrices = new Float32Array(0);
  private parts: Mesh | null = null;
  private partMatrices = new Float32Array(0);
  private partShown = new Uint8Array(0);
  private robotBalls: Mesh | null = null;
  private robotBallMatrices = new Float32Array(0);
  private robotRods: Mesh | null = null;
  private robotRodMatrices = new Float32Array(0);
  private humans: Mesh | null = null;
  private humanMatrices = new Float32Array(0);
  private selectionRing: Mesh | null = null;
  private selectionGlass: Mesh | null = null;
  private readonly ringMatrix = new Float32Array(16);
  private readonly glassMatrix = new Float32Array(16);
  /** Belt and node entries of the last frame, at their frame offsets (for fit, floor, drag). */
  private pose = new Float32Array(0);
  private hasFrame = false;
  private staticBuilt = false;
  private fitted = false;
  private fitOnFirstFrame = true;
  private nodesDirty = false;

  // View state.
  private selectedId: string | null = null;
  private drag: DragState | null = null;
  private press: { x: number; y: number; onNode: boolean } | null = null;
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
    this.callbacks = callbacks;
    this.palette = options.palette ?? documentStatePalette();
    this.firstFrame = new Promise((resolve) => { this.readyResolve = resolve; });
    const dims = computeDims(options.humanoidHeightM ?? 1.75);
    this.humanoidLength = Float32Array.from(dims.halfHeightM, (h, k) => 2 * (h + dims.radiusM[k]));
    this.humanoidDiameter = Float32Array.from(dims.radiusM, (r) => 2 * r);

    const antialias = options.antialias === undefined || options.antialias === 'auto' ? !isSoftwareRenderer() : options.antialias;
    this.engine = new Engine(canvas, antialias, { stencil: false, preserveDrawingBuffer: false }, false);
    const dpr = typeof devicePixelRatio === 'number' ? Math.min(2, Math.max(1, devicePixelRatio)) : 1;
    this.engine.setHardwareScalingLevel(1 / dpr);
    const scene = new Scene(this.engine);
    this.scene = scene;
    const bg = hexToRgb(MARK_HEX.background);
    scene.clearColor = new Color4(bg[0], bg[1], bg[2], 1);
    scene.skipPointerMovePicking = true;
    scene.skipPointerDownPicking = true;
    scene.skipPointerUpPicking = true;
    scene.skipFrustumClipping = true; // every mesh is always drawn (alwaysSelectAsActiveMesh)
    scene.preventDefaultOnPointerDown = false; // the canvas keeps its focus behaviour (tabindex)

    const camera = new ArcRotateCamera('camera', -Math.PI / 2, 0.95, 30, Vector3.Zero(), scene);
    camera.inputs.removeByType('ArcRotateCameraKeyboardMoveInput');
    camera.attachControl(); // preventing defaults: the wheel zooms instead of scrolling the page
    // No inertia: input moves the camera once, so rendering on demand never leaves a glide behind.
    camera.inertia = 0;
    camera.panningInertia = 0;
    camera.wheelDeltaPercentage = 0.02;
    camera.panningAxis = new Vector3(1, 0, 1);
    camera.mapPanning = true;
    camera.lowerBetaLimit = 0.02;
    camera.upperBetaLimit = Math.PI / 2 - 0.04;
    camera.lowerRadiusLimit = 1;
    camera.minZ = 0.05;
    camera.maxZ = 1000;
    this.camera = camera;

    // One light, no specular: the cheapest lit shader (a software renderer shades every pixel on the
    // CPU). A hemisphere tilted towards the default viewpoint still tells the faces of a box apart.
    const sky = new HemisphericLight('sky', new Vector3(0.45, 1, -0.65), scene);
    sky.intensity = 1;
    sky.diffuse = new Color3(1, 1, 1);
    sky.groundColor = new Color3(0.3, 0.3, 0.34);
    sky.specular = Color3.Black();

    const material = (name: string, hex: string) => {
      const m = new StandardMaterial(name, scene);
      m.diffuseColor = colour3(hex);
      m.specularColor = Color3.Black();
      return m;
    };
    this.materials = {
      instanced: material('instanced', '#ffffff'),
      part: material('part', MARK_HEX.part),
      beltFrame: material('belt-frame', '#b4bbc3'),
      robot: material('robot', MARK_HEX.robot),
      humanoid: material('humanoid', MARK_HEX.humanoid),
      floor: material('floor', MARK_HEX.floor),
      ring: material('selection-ring', MARK_HEX.selection),
      glass: material('selection-glass', MARK_HEX.selection),
    };
    // The floor is flat and large: unlit, a single colour.
    this.materials.floor.disableLighting = true;
    this.materials.floor.emissiveColor = colour3(MARK_HEX.floor);
    this.materials.floor.zOffset = 2; // the grid lines lie on it
    this.materials.ring.emissiveColor = colour3(MARK_HEX.selection).scale(0.6);
    this.materials.glass.alpha = 0.22;
    this.materials.glass.backFaceCulling = false;

    this.preObserver = scene.onPrePointerObservable.add((info) => this.onPointer(info));
    canvas.addEventListener('keydown', this.onKeyDown);
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
    const drag = this.drag, draggedId = drag ? this.nodeIds[drag.node] : null;
    this.clearScene();
    this.layout = layout;
    this.fitOnFirstFrame = options.fit ?? !this.fitted;
    const keep = draggedId === null ? -1 : layout.nodes.ids.indexOf(draggedId);
    if (drag && keep >= 0) this.drag = { ...drag, node: keep };
    const scene = this.scene;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const L = layout;
    const nodeCount = L.nodes.ids.length;
    this.nodeIds = [...L.nodes.ids];
    this.nodeTypes = L.nodes.types.map((t, k) => (t === 'unknown' ? byId.get(L.nodes.ids[k])?.type ?? t : t));
    this.nodeSize = new Float32Array(3 * nodeCount);
    this.nodeGroup = new Int32Array(nodeCount);
    this.nodeInstance = new Int32Array(nodeCount);
    this.nodeCode = new Float32Array(nodeCount).fill(NaN);
    const members = new Map<NodeTemplate, number[]>();
    for (let k = 0; k < nodeCount; k++) {
      const template = templateOf(this.nodeTypes[k], byId.get(L.nodes.ids[k])?.kind);
      const f = L.nodes.footprints[k];
      this.nodeSize[3 * k] = f ? f[0] : POINT_NODE_M;
      this.nodeSize[3 * k + 1] = f ? f[1] : POINT_NODE_M;
      this.nodeSize[3 * k + 2] = TEMPLATE_HEIGHT_M[template];
      if (!members.has(template)) members.set(template, []);
      members.get(template)!.push(k);
    }
    this.groups = [];
    for (const template of NODE_TEMPLATES) {
      const list = members.get(template);
      if (!list) continue;
      const mesh = createNodeTemplate(template, scene);
      mesh.material = this.materials.instanced;
      const group: NodeGroup = {
        template, mesh, matrices: new Float32Array(MATRIX_FLOATS * list.length), colours: new Float32Array(4 * list.length),
        nodeOf: Int32Array.from(list),
      };
      list.forEach((k, i) => {
        this.nodeGroup[k] = this.groups.length;
        this.nodeInstance[k] = i;
        hideMatrix(group.matrices, MATRIX_FLOATS * i);
        writeNodeColour(this.nodeTypes[k], NaN, this.palette, group.colours, 4 * i);
      });
      mesh.thinInstanceSetBuffer('matrix', group.matrices, 16, false);
      mesh.thinInstanceSetBuffer('color', group.colours, 4, false);
      mesh.thinInstanceEnablePicking = true;
      this.prepareInstanced(mesh, true);
      this.nodeMeshes.add(mesh);
      this.groups.push(group);
    }

    this.groupRecoloured = new Uint8Array(this.groups.length);
    const beltCount = L.belts.ids.length;
    this.beltMatrices = new Float32Array(MATRIX_FLOATS * beltCount);
    this.beltFrameMatrices = new Float32Array(MATRIX_FLOATS * beltCount);
    this.beltColours = new Float32Array(4 * beltCount);
    this.beltCode = new Float32Array(beltCount).fill(NaN);
    if (beltCount > 0) {
      this.belts = createUnitBox('belts', scene);
      this.belts.material = this.materials.instanced;
      this.belts.thinInstanceSetBuffer('matrix', this.beltMatrices, 16, false);
      this.belts.thinInstanceSetBuffer('color', this.beltColours, 4, false);
      this.prepareInstanced(this.belts);
      this.beltFrames = createUnitBox('belt-frames', scene);
      this.beltFrames.material = this.materials.beltFrame;
      this.beltFrames.thinInstanceSetBuffer('matrix', this.beltFrameMatrices, 16, false);
      this.prepareInstanced(this.beltFrames);
    }

    const partCount = L.parts.count;
    this.partMatrices = new Float32Array(MATRIX_FLOATS * partCount);
    this.partShown = new Uint8Array(partCount);
    for (let i = 0; i < partCount; i++) hideMatrix(this.partMatrices, MATRIX_FLOATS * i);
    if (partCount > 0) {
      this.parts = createUnitBox('parts', scene);
      this.parts.material = this.materials.part;
      this.parts.thinInstanceSetBuffer('matrix', this.partMatrices, 16, false);
      this.prepareInstanced(this.parts);
    }

    const robotBodies = L.robots.reduce((n, r) => n + r.links, 0);
    const robotRods = L.robots.reduce((n, r) => n + Math.max(0, r.links - 1), 0);
    this.robotBallMatrices = new Float32Array(MATRIX_FLOATS * robotBodies);
    this.robotRodMatrices = new Float32Array(MATRIX_FLOATS * robotRods);
    if (robotBodies > 0) {
      this.robotBalls = createUnitBall('robot-joints', scene);
      this.robotBalls.material = this.materials.robot;
      this.robotBalls.thinInstanceSetBuffer('matrix', this.robotBallMatrices, 16, false);
      this.prepareInstanced(this.robotBalls);
    }
    if (robotRods > 0) {
      this.robotRods = createUnitCylinder('robot-links', scene);
      this.robotRods.material = this.materials.robot;
      this.robotRods.thinInstanceSetBuffer('matrix', this.robotRodMatrices, 16, false);
      this.prepareInstanced(this.robotRods);
    }
    const humanLinks = L.humanoids.reduce((n, h) => n + h.links, 0);
    this.humanMatrices = new Float32Array(MATRIX_FLOATS * humanLinks);
    if (humanLinks > 0) {
      this.humans = createLinkCapsule('humanoid-links', scene);
      this.humans.material = this.materials.humanoid;
      this.humans.thinInstanceSetBuffer('matrix', this.humanMatrices, 16, false);
      this.prepareInstanced(this.humans);
    }

    this.selectionRing = createSelectionFrame('selection-ring', scene);
    this.selectionRing.material = this.materials.ring;
    this.selectionGlass = createUnitBox('selection-glass', scene);
    this.selectionGlass.material = this.materials.glass;
    hideMatrix(this.ringMatrix, 0);
    hideMatrix(this.glassMatrix, 0);
    this.selectionRing.thinInstanceSetBuffer('matrix', this.ringMatrix, 16, false);
    this.selectionGlass.thinInstanceSetBuffer('matrix', this.glassMatrix, 16, false);
    this.prepareInstanced(this.selectionRing);
    this.prepareInstanced(this.selectionGlass);

    this.pose = new Float32Array(L.frameLength);
    this.hasFrame = false;
    this.staticBuilt = false;
    this.nodesDirty = true;
    this.requestRender();
  }

  private prepareInstanced(mesh: Mesh, pickable = false): void {
    mesh.isPickable = pickable;
    mesh.alwaysSelectAsActiveMesh = true;
    mesh.doNotSyncBoundingInfo = true;
    this.sceneMeshes.push(mesh);
  }

  private clearScene(): void {
    for (const mesh of this.sceneMeshes) mesh.dispose(false, false);
    this.sceneMeshes = [];
    this.nodeMeshes.clear();
    this.groups = [];
    this.belts = this.beltFrames = this.parts = this.robotBalls = this.robotRods = this.humans = null;
    this.selectionRing = this.selectionGlass = null;
    this.layout = null;
    this.drag = null;
  }

  /** Floor, grid and the belts' static parts, from the first frame's poses. */
  private buildStatic(frame: Float32Array): void {
    const L = this.layout!;
    const S = L.frameStride;
    const scene = this.scene;
    for (let k = 0; k < L.belts.ids.length; k++) {
      const o = S * (L.belts.firstEntry + k);
      const length = L.belts.lengthM[k] + L.parts.sizeM[0];
      writePoseMatrix(this.pose, o, length, L.belts.widthM[k], BELT_THICKNESS_M, this.beltMatrices, MATRIX_FLOATS * k);
      // A frame under the belt from the floor to its underside (as if level; a sloped belt's frame
      // reaches its centre's height).
      const under = Math.max(0, this.pose[o + 2] - BELT_THICKNESS_M / 2);
      writeFloorMatrix(this.pose[o], this.pose[o + 1], yawOf(this.pose, o), length * 0.96, L.belts.widthM[k] * 0.6, under,
        this.beltFrameMatrices, MATRIX_FLOATS * k);
      // The unit box is centred: lift it by half its height.
      this.beltFrameMatrices[MATRIX_FLOATS * k + 13] = under / 2;
    }
    this.belts?.thinInstanceBufferUpdated('matrix');
    this.beltFrames?.thinInstanceBufferUpdated('matrix');

    const box = this.bounds() ?? { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity, maxZ: 1 };
    // The floor also reaches where the robots and humanoids start (a humanoid's dock may lie off the line).
    for (const agent of [...L.robots, ...L.humanoids]) {
      for (let j = 0; j < agent.links; j++) {
        const o = S * (agent.firstEntry + j), x = frame[o], y = frame[o + 1];
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        box.minX = Math.min(box.minX, x); box.maxX = Math.max(box.maxX, x);
        box.minY = Math.min(box.minY, y); box.maxY = Math.max(box.maxY, y);
      }
    }
    if (!(box.minX <= box.maxX)) Object.assign(box, { minX: -5, minY: -5, maxX: 5, maxY: 5 });
    const rect = floorRect(box);
    const w = rect.maxX - rect.minX, d = rect.maxY - rect.minY;
    const floor = CreateGround('floor', { width: w, height: d }, scene);
    floor.position.set((rect.minX + rect.maxX) / 2, 0, (rect.minY + rect.maxY) / 2);
    floor.material = this.materials.floor;
    floor.isPickable = false;
    floor.freezeWorldMatrix();
    this.sceneMeshes.push(floor);
    const linesAt = (major: boolean): Vector3[][] => {
      const lines: Vector3[][] = [];
      const y = 0.001;
      for (const x of gridLines(rect.minX, rect.maxX)[major ? 'major' : 'minor']) lines.push([new Vector3(x, y, rect.minY), new Vector3(x, y, rect.maxY)]);
      for (const z of gridLines(rect.minY, rect.maxY)[major ? 'major' : 'minor']) lines.push([new Vector3(rect.minX, y, z), new Vector3(rect.maxX, y, z)]);
      return lines;
    };
    for (const major of [false, true]) {
      const grid = CreateLineSystem(major ? 'grid-major' : 'grid-minor', { lines: linesAt(major) }, scene);
      grid.color = colour3(major ? MARK_HEX.gridMajor : MARK_HEX.gridMinor);
      grid.isPickable = false;
      grid.freezeWorldMatrix();
      this.sceneMeshes.push(grid);
    }
    this.staticBuilt = true;
    if (this.fitOnFirstFrame) this.fitToLine();
  }

  private bounds(): LineBox | null {
    if (!this.layout) return null;
    return lineBounds(this.layout, this.pose, (k) => this.nodeSize[3 * k + 2]);
  }

  // ---------------------------------------------------------------- frames

  /**
   * Reads a frame of the current scene's layout (shorter ones are ignored) into the instance
   * buffers and asks for a render. The frame is not kept: hand its buffer back right after.
   */
  update(frame: Float32Array): void {
    const L = this.layout;
    if (!L || this.disposed || frame.length < L.frameLength) return;
    const t0 = performance.now();
    if (!this.framePending) {
      performance.clearMarks('frame-start');
      performance.mark('frame-start');
      this.updateMs = 0;
    }
    const S = L.frameStride;
    const pose = this.pose;

    // Belts: poses are fixed per scene; the code (running / blocked) picks the colour.
    const beltFirst = S * L.belts.firstEntry, beltEnd = beltFirst + S * L.belts.ids.length;
    for (let i = beltFirst; i < beltEnd; i++) pose[i] = frame[i];
    let beltColour = false;
    for (let k = 0; k < L.belts.ids.length; k++) {
      const code = frame[S * (L.belts.firstEntry + k) + 7];
      if (code === this.beltCode[k]) continue;
      this.beltCode[k] = code;
      const rgb = code === 2 ? BELT_BLOCKED_RGB : BELT_RGB;
      this.beltColours[4 * k] = rgb[0]; this.beltColours[4 * k + 1] = rgb[1]; this.beltColours[4 * k + 2] = rgb[2]; this.beltColours[4 * k + 3] = 1;
      beltColour = true;
    }
    if (beltColour) this.belts?.thinInstanceBufferUpdated('color');

    // Nodes: redraw a node whose pose changed; recolour one whose code changed.
    for (let k = 0; k < this.nodeIds.length; k++) {
      const o = S * (L.nodes.firstEntry + k);
      for (let j = 0; j < 7; j++) {
        if (pose[o + j] !== frame[o + j]) {
          pose[o + j] = frame[o + j];
          this.nodesDirty = true;
        }
      }
      const code = frame[o + 7];
      if (code !== this.nodeCode[k]) {
        this.nodeCode[k] = code;
        const g = this.nodeGroup[k];
        writeNodeColour(this.nodeTypes[k], code, this.palette, this.groups[g].colours, 4 * this.nodeInstance[k]);
        this.groupRecoloured[g] = 1;
      }
    }
    for (let g = 0; g < this.groups.length; g++) {
      if (!this.groupRecoloured[g]) continue;
      this.groupRecoloured[g] = 0;
      this.groups[g].mesh.thinInstanceBufferUpdated('color');
    }
    this.hasFrame = true;
    if (!this.staticBuilt) this.buildStatic(frame);
    if (this.nodesDirty) this.writeNodes();

    // Part slots: code 0 is an empty slot (zero scale).
    const parts = this.parts;
    if (parts) {
      const sx = L.parts.sizeM[0], sy = L.parts.sizeM[1], sz = L.parts.sizeM[2];
      const m = this.partMatrices, shown = this.partShown;
      for (let i = 0, o = S * L.parts.firstEntry; i < L.parts.count; i++, o += S) {
        if (frame[o + 7] === 0) {
          if (shown[i]) {
            hideMatrix(m, MATRIX_FLOATS * i);
            shown[i] = 0;
          }
          continue;
        }
        writePoseMatrix(frame, o, sx, sy, sz, m, MATRIX_FLOATS * i);
        shown[i] = 1;
      }
      parts.thinInstanceBufferUpdated('matrix');
    }

    // Robot arms: a ball at every body origin, a rod to the next body of the same arm.
    if (this.robotBalls) {
      let ball = 0, rod = 0;
      for (let a = 0; a < L.robots.length; a++) {
        const r = L.robots[a];
        for (let j = 0; j < r.links; j++) {
          const o = S * (r.firstEntry + j);
          writeBallMatrix(frame[o], frame[o + 1], frame[o + 2], ROBOT_BALL_M, this.robotBallMatrices, MATRIX_FLOATS * ball++);
          if (j + 1 < r.links) {
            writeSegmentMatrix(frame[o], frame[o + 1], frame[o + 2], frame[o + S], frame[o + S + 1], frame[o + S + 2],
              ROBOT_ROD_M, this.robotRodMatrices, MATRIX_FLOATS * rod++);
          }
        }
      }
      this.robotBalls.thinInstanceBufferUpdated('matrix');
      this.robotRods?.thinInstanceBufferUpdated('matrix');
    }

    // Humanoids: each link a capsule along its local y, centred on its pose.
    if (this.humans) {
      let i = 0;
      for (let a = 0; a < L.humanoids.length; a++) {
        const h = L.humanoids[a];
        for (let j = 0; j < h.links; j++) {
          const o = S * (h.firstEntry + j);
          const d = this.humanoidDiameter[j % this.humanoidDiameter.length], len = this.humanoidLength[j % this.humanoidLength.length];
          writePoseMatrix(frame, o, 2 * d, len, 2 * d, this.humanMatrices, MATRIX_FLOATS * i++);
        }
      }
      this.humans.thinInstanceBufferUpdated('matrix');
    }

    this.frames++;
    this.framePending = true;
    this.updateMs += performance.now() - t0;
    this.requestRender();
  }

  /** Node matrices from the cached poses (and the dragged node's preview position). */
  private writeNodes(): void {
    const L = this.layout!;
    const S = L.frameStride;
    for (let k = 0; k < this.nodeIds.length; k++) {
      const g = this.groups[this.nodeGroup[k]];
      const o = S * (L.nodes.firstEntry + k);
      const dragged = this.drag && this.drag.started && this.drag.node === k;
      const x = dragged ? this.drag!.x : this.pose[o], y = dragged ? this.drag!.y : this.pose[o + 1];
      writeFloorMatrix(x, y, yawOf(this.pose, o), this.nodeSize[3 * k], this.nodeSize[3 * k + 1], this.nodeSize[3 * k + 2],
        g.matrices, MATRIX_FLOATS * this.nodeInstance[k]);
      // A node pose's z is its footprint's floor level (0 on a flat floor).
      g.matrices[MATRIX_FLOATS * this.nodeInstance[k] + 13] = this.pose[o + 2];
    }
    for (const g of this.groups) {
      g.mesh.thinInstanceBufferUpdated('matrix');
      // Picking tests the mesh's bounds before its instances.
      g.mesh.thinInstanceRefreshBoundingInfo(false);
    }
    this.nodesDirty = false;
    this.writeSelection();
  }

  // ---------------------------------------------------------------- selection

  /** Highlights a node (null: none). Unknown ids highlight nothing. */
  setSelected(id: string | null): void {
    this.selectedId = id;
    this.writeSelection();
    this.requestRender();
  }

  private writeSelection(): void {
    const ring = this.selectionRing, glass = this.selectionGlass, L = this.layout;
    if (!ring || !glass || !L) return;
    const k = this.selectedId === null ? -1 : this.nodeIds.indexOf(this.selectedId);
    if (k < 0 || !this.hasFrame) {
      hideMatrix(this.ringMatrix, 0);
      hideMatrix(this.glassMatrix, 0);
      ring.thinInstanceBufferUpdated('matrix');
      glass.thinInstanceBufferUpdated('matrix');
      return;
    }
    const o = L.frameStride * (L.nodes.firstEntry + k);
    const dragged = this.drag && this.drag.started && this.drag.node === k;
    const x = dragged ? this.drag!.x : this.pose[o], y = dragged ? this.drag!.y : this.pose[o + 1];
    const yaw = yawOf(this.pose, o);
    const fx = this.nodeSize[3 * k], fy = this.nodeSize[3 * k + 1], h = this.nodeSize[3 * k + 2];
    writeFloorMatrix(x, y, yaw, fx + 2 * SELECTION_RING_MARGIN_M, fy + 2 * SELECTION_RING_MARGIN_M, 0.03, this.ringMatrix, 0);
    this.ringMatrix[13] = this.pose[o + 2];
    const gh = h + SELECTION_BOX_MARGIN_M;
    writeFloorMatrix(x, y, yaw, fx + 2 * SELECTION_BOX_MARGIN_M, fy + 2 * SELECTION_BOX_MARGIN_M, gh, this.glassMatrix, 0);
    this.glassMatrix[13] = this.pose[o + 2] + gh / 2; // the unit box is centred
    ring.thinInstanceBufferUpdated('matrix');
    glass.thinInstanceBufferUpdated('matrix');
  }

  // ---------------------------------------------------------------- camera

  /** Frames the placed nodes and belts with the orbit camera (keeps its direction). */
  fitToLine(): void {
    const box = this.bounds();
    if (!box) return;
    const c = this.camera, aspect = this.engine.getAspectRatio(c) || 16 / 9;
    const fit = fitViewFrom(box, c.alpha, c.beta, c.fov, aspect);
    // Zooming out stops where the whole line fits from any direction, with room to spare.
    const far = fitView(box, c.fov, aspect).radius;
    c.upperRadiusLimit = Math.max(10, 2.5 * far);
    c.maxZ = Math.max(100, 6 * far);
    c.target.set(fit.target[0], fit.target[2], fit.target[1]);
    c.radius = fit.radius;
    this.fitted = true;
    this.camera.setTarget(this.camera.target);
    this.requestRender();
  }

  private orbit(dAlpha: number, dBeta: number): void {
    this.camera.alpha += dAlpha;
    this.camera.beta = Math.min(this.camera.upperBetaLimit ?? Math.PI, Math.max(this.camera.lowerBetaLimit ?? 0, this.camera.beta + dBeta));
    this.requestRender();
  }

  /** Moves the target along the floor: `right` and `ahead` as fractions of the camera distance. */
  private pan(right: number, ahead: number): void {
    const a = this.camera.alpha, step = this.camera.radius;
    // Camera right on the ground (−sin α, 0, cos α); ahead (towards the target) (−cos α, 0, −sin α).
    const t = this.camera.target;
    t.x += step * (right * -Math.sin(a) + ahead * -Math.cos(a));
    t.z += step * (right * Math.cos(a) + ahead * -Math.sin(a));
    this.camera.setTarget(t);
    this.requestRender();
  }

  private zoom(factor: number): void {
    const c = this.camera;
    c.radius = Math.min(c.upperRadiusLimit ?? Infinity, Math.max(c.lowerRadiusLimit ?? 0, c.radius * factor));
    this.requestRender();
  }

  // ---------------------------------------------------------------- input

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft': e.shiftKey ? this.pan(-0.05, 0) : this.orbit(ORBIT_STEP_RAD, 0); break;
      case 'ArrowRight': e.shiftKey ? this.pan(0.05, 0) : this.orbit(-ORBIT_STEP_RAD, 0); break;
      case 'ArrowUp': e.shiftKey ? this.pan(0, 0.05) : this.orbit(0, -ORBIT_STEP_RAD); break;
      case 'ArrowDown': e.shiftKey ? this.pan(0, -0.05) : this.orbit(0, ORBIT_STEP_RAD); break;
      case '+': case '=': this.zoom(ZOOM_STEP); break;
      case '-': case '_': this.zoom(1 / ZOOM_STEP); break;
      case 'f': case 'F': this.fitToLine(); break;
      case 'r': case 'R':
        if (this.selectedId !== null && this.nodeIds.includes(this.selectedId) && this.callbacks.onRotate) {
          this.callbacks.onRotate(this.selectedId, e.shiftKey ? -ROTATE_STEP_DEG : ROTATE_STEP_DEG);
        } else handled = false;
        break;
      case 'Escape':
        if (this.drag) this.cancelDrag();
        else if (this.selectedId !== null) this.callbacks.onPick(null);
        else handled = false;
        break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  };

  private onPointer(info: PointerInfoPre): void {
    const e = info.event as PointerEvent;
    const x = info.localPosition.x, y = info.localPosition.y;
    switch (info.type) {
      case PointerEventTypes.POINTERDOWN: {
        this.requestRender();
        if (e.button !== 0) return;
        const k = this.pickNodeIndex(x, y);
        this.press = { x, y, onNode: k >= 0 };
        if (k < 0) return;
        // A press on a node selects it and never moves the camera.
        info.skipOnPointerObservable = true;
        this.callbacks.onPick(this.nodeIds[k]);
        const floor = this.floorPoint(x, y);
        const o = this.layout!.frameStride * (this.layout!.nodes.firstEntry + k);
        if (this.callbacks.onDrag && floor) {
          this.drag = {
            node: k, pointerId: e.pointerId, downX: x, downY: y, started: false,
            offsetX: this.pose[o] - floor[0], offsetY: this.pose[o + 1] - floor[1], x: this.pose[o], y: this.pose[o + 1],
          };
          try { this.canvas.setPointerCapture(e.pointerId); } catch { /* synthetic events have no capture */ }
        }
        return;
      }
      case PointerEventTypes.POINTERMOVE: {
        const d = this.drag;
        if (!d) {
          if (e.buttons) this.requestRender();
          return;
        }
        info.skipOnPointerObservable = true;
        if (!d.started && Math.hypot(x - d.downX, y - d.downY) < DRAG_THRESHOLD_PX) return;
        const floor = this.floorPoint(x, y);
        if (!floor) return;
        d.x = floor[0] + d.offsetX;
        d.y = floor[1] + d.offsetY;
        const id = this.nodeIds[d.node];
        if (!d.started) {
          d.started = true;
          this.callbacks.onDrag?.(id, d.x, d.y, 'start');
        }
        this.callbacks.onDrag?.(id, d.x, d.y, 'move');
        this.writeNodes();
        this.requestRender();
        return;
      }
      case PointerEventTypes.POINTERUP: {
        this.requestRender();
        const d = this.drag, press = this.press;
        this.press = null;
        if (d) {
          info.skipOnPointerObservable = true;
          this.drag = null;
          try { this.canvas.releasePointerCapture(d.pointerId); } catch { /* not captured */ }
          if (d.started) {
            this.callbacks.onDrag?.(this.nodeIds[d.node], d.x, d.y, 'end');
            this.writeNodes();
          }
          return;
        }
        if (press && !press.onNode && e.button === 0 && Math.hypot(x - press.x, y - press.y) < DRAG_THRESHOLD_PX) this.callbacks.onPick(null);
        return;
      }
      default:
        this.requestRender(); // wheel and the rest may move the camera
    }
  }

  private cancelDrag(): void {
    const d = this.drag;
    if (!d) return;
    this.drag = null;
    if (d.started) {
      const o = this.layout!.frameStride * (this.layout!.nodes.firstEntry + d.node);
      this.callbacks.onDrag?.(this.nodeIds[d.node], this.pose[o], this.pose[o + 1], 'end');
      this.writeNodes();
    }
    this.requestRender();
  }

  private readonly isNodeMesh = (mesh: AbstractMesh): boolean => this.nodeMeshes.has(mesh);

  private pickNodeIndex(x: number, y: number): number {
    if (!this.layout || !this.hasFrame) return -1;
    const hit = this.scene.pick(x, y, this.isNodeMesh, false, this.camera);
    if (!hit?.hit || !hit.pickedMesh || hit.thinInstanceIndex < 0) return -1;
    const g = this.groups.find((group) => group.mesh === hit.pickedMesh);
    return g ? g.nodeOf[hit.thinInstanceIndex] ?? -1 : -1;
  }

  /** The node drawn at canvas point (x, y) in CSS pixels, or null. */
  pickNode(x: number, y: number): string | null {
    const k = this.pickNodeIndex(x, y);
    return k >= 0 ? this.nodeIds[k] : null;
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
    const k = this.nodeIds.indexOf(id), L = this.layout;
    if (k < 0 || !L || !this.hasFrame) return null;
    const o = L.frameStride * (L.nodes.firstEntry + k);
    this.scene.updateTransformMatrix(true);
    const w = this.engine.getRenderWidth(), h = this.engine.getRenderHeight();
    const p = Vector3.Project(new Vector3(this.pose[o], this.pose[o + 2] + this.nodeSize[3 * k + 2] / 2, this.pose[o + 1]),
      IDENTITY, this.scene.getTransformMatrix(), this.camera.viewport.toGlobal(w, h));
    const s = this.engine.getHardwareScalingLevel();
    return [p.x * s, p.y * s];
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
    // Pan speed: one pixel of pointer travel moves about one pixel's worth of floor at the target.
    c.panningSensibility = this.engine.getRenderHeight() / (2 * c.radius * Math.tan(c.fov / 2)) || 1000;
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
    const last = this.lastCamera;
    const moved = last[0] !== c.alpha || last[1] !== c.beta || last[2] !== c.radius ||
      last[3] !== c.target.x || last[4] !== c.target.y || last[5] !== c.target.z;
    last[0] = c.alpha; last[1] = c.beta; last[2] = c.radius; last[3] = c.target.x; last[4] = c.target.y; last[5] = c.target.z;
    if (!this.ready && this.hasFrame) {
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
    this.canvas.removeEventListener('keydown', this.onKeyDown);
    if (this.preObserver) this.scene.onPrePointerObservable.remove(this.preObserver);
    this.clearScene();
    this.scene.dispose();
    this.engine.dispose();
  }
}

const IDENTITY = Matrix.Identity();

/** Whether WebGL here is a CPU rasteriser (probed once on a throwaway context). */
export function isSoftwareRenderer(): boolean {
  if (softwareRenderer !== null) return softwareRenderer;
  softwareRenderer = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      softwareRenderer = /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL: the engine will say so.
  }
  return softwareRenderer;
}
let softwareRenderer: boolean | null = null;
const BELT_RGB = hexToRgb(MARK_HEX.belt);
const BELT_BLOCKED_RGB = hexToRgb(MARK_HEX.beltBlocked);
