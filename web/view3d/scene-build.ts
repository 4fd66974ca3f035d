/**
 * The meshes and instance buffers of one scene of the 3D view (line-view.ts): built once per frame
 * layout (`build`), the floor, grid and belts' static parts from the scene's first frame
 * (`buildStatic`), dropped with `clear`. Everything that repeats is a thin instance of one template
 * mesh: belts (and their frames), one template per node kind, all part slots in one buffer, robot
 * balls and rods, humanoid capsules, and the selection ring and glass (one instance each).
 *
 * Kept apart from the view so that what a scene *is* (its buffers, sized once) reads apart from
 * how a frame fills them (frame-write.ts) and how the user moves things (input.ts). The fields are
 * public on purpose: those two modules write them every frame, and accessors would only add calls
 * to the per-frame path.
 */
import type { Scene } from '@babylonjs/core/scene';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh';
import { CreateGround } from '@babylonjs/core/Meshes/Builders/groundBuilder';
import { CreateLineSystem } from '@babylonjs/core/Meshes/Builders/linesBuilder';
// Side effect: thin instances on Mesh (every mesh built here is drawn through them).
import '@babylonjs/core/Meshes/thinInstanceMesh';

import type { TwinFrameLayout } from '../../engine/twin/physics-twin';
import { BELT_THICKNESS_M } from '../../engine/physics/model';
import { floorRect, gridLines, lineBounds, POINT_NODE_M, type LineBox } from './bounds';
import { hideMatrix, MATRIX_FLOATS, writeFloorMatrix, writePoseMatrix, yawOf } from './coords';
import {
  createLinkCapsule, createNodeTemplate, createSelectionFrame, createUnitBall, createUnitBox, createUnitCylinder, TEMPLATE_HEIGHT_M,
} from './meshes';
import { MARK_HEX, NODE_TEMPLATES, templateOf, writeNodeColour, type NodeTemplate, type StatePalette } from './palette';
import { colour3, type ViewMaterials } from './stage';

/** What the view needs to know of a scenario node (its `nodes[]` entry). */
export interface SceneNode {
  id: string;
  type: string;
  kind?: string;
  name?: string;
}

/** The nodes drawn with one template mesh. */
export interface NodeGroup {
  template: NodeTemplate;
  mesh: Mesh;
  matrices: Float32Array;
  colours: Float32Array;
  /** Node index of each instance. */
  nodeOf: Int32Array;
}

export class LineScene {
  layout: TwinFrameLayout | null = null;
  meshes: AbstractMesh[] = [];
  nodeIds: string[] = [];
  nodeTypes: string[] = [];
  nodeSize = new Float32Array(0); // fx, fy, height per node
  nodeGroup = new Int32Array(0);
  nodeInstance = new Int32Array(0);
  nodeCode = new Float32Array(0);
  groups: NodeGroup[] = [];
  groupRecoloured = new Uint8Array(0);
  readonly nodeMeshes = new Set<AbstractMesh>();
  belts: Mesh | null = null;
  beltMatrices = new Float32Array(0);
  beltColours = new Float32Array(0);
  beltCode = new Float32Array(0);
  beltFrames: Mesh | null = null;
  beltFrameMatrices = new Float32Array(0);
  parts: Mesh | null = null;
  partMatrices = new Float32Array(0);
  partShown = new Uint8Array(0);
  robotBalls: Mesh | null = null;
  robotBallMatrices = new Float32Array(0);
  robotRods: Mesh | null = null;
  robotRodMatrices = new Float32Array(0);
  humans: Mesh | null = null;
  humanMatrices = new Float32Array(0);
  selectionRing: Mesh | null = null;
  selectionGlass: Mesh | null = null;
  readonly ringMatrix = new Float32Array(16);
  readonly glassMatrix = new Float32Array(16);
  /** Belt and node entries of the last frame, at their frame offsets (for fit, floor, drag). */
  pose = new Float32Array(0);
  hasFrame = false;
  staticBuilt = false;
  nodesDirty = false;

  constructor(
    private readonly scene: Scene,
    private readonly materials: ViewMaterials,
    private readonly palette: StatePalette,
  ) {}

  /** Picking predicate: only node template meshes can be picked. */
  readonly isNodeMesh = (mesh: AbstractMesh): boolean => this.nodeMeshes.has(mesh);

  /** Frame offset of node `k`'s entry (its pose and state code). */
  nodeOffset(k: number): number {
    const L = this.layout!;
    return L.frameStride * (L.nodes.firstEntry + k);
  }

  /** Builds the meshes of a scene (its frame layout and the scenario's nodes); call clear() first. */
  build(layout: TwinFrameLayout, nodes: readonly SceneNode[]): void {
    this.layout = layout;
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
  }

  private prepareInstanced(mesh: Mesh, pickable = false): void {
    mesh.isPickable = pickable;
    mesh.alwaysSelectAsActiveMesh = true;
    mesh.doNotSyncBoundingInfo = true;
    this.meshes.push(mesh);
  }

  /** Disposes the scene's meshes (templates are per scene; materials are the view's and stay). */
  clear(): void {
    for (const mesh of this.meshes) mesh.dispose(false, false);
    this.meshes = [];
    this.nodeMeshes.clear();
    this.groups = [];
    this.belts = this.beltFrames = this.parts = this.robotBalls = this.robotRods = this.humans = null;
    this.selectionRing = this.selectionGlass = null;
    this.layout = null;
  }

  /** Floor, grid and the belts' static parts, from the first frame's poses. */
  buildStatic(frame: Float32Array): void {
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
    this.meshes.push(floor);
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
      this.meshes.push(grid);
    }
    this.staticBuilt = true;
  }

  /** Box of the placed nodes and belts from the cached poses, or null without a scene. */
  bounds(): LineBox | null {
    if (!this.layout) return null;
    return lineBounds(this.layout, this.pose, (k) => this.nodeSize[3 * k + 2]);
  }
}
