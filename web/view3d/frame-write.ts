/**
 * Frame → instance matrices and colours for the 3D view (line-view.ts): reads a frame laid out as
 * the twin's describeFrame() says (TwinFrameLayout; docs/physics.md "Frame layout") into a
 * LineScene's preallocated buffers. coords.ts converts the twin's z-up right-handed frame to
 * Babylon's y-up left-handed one in place; nothing here allocates, so a frame costs no garbage.
 *
 * Split in two because the view builds the static floor and fits the camera from the first frame
 * in between: `readFixed` (belts and nodes, cached in the scene's `pose` for fit, floor and drag)
 * and `writeMovers` (parts, robot and humanoid links, read straight from the frame). Node and
 * selection matrices are written from the cache (`writeNodes`), so a drag preview can redraw them
 * without a frame.
 */
import { hideMatrix, MATRIX_FLOATS, writeBallMatrix, writeFloorMatrix, writePoseMatrix, writeSegmentMatrix, yawOf } from './coords';
import type { DragState } from './input';
import { hexToRgb, MARK_HEX, writeNodeColour, type StatePalette } from './palette';
import type { LineScene } from './scene-build';

/** Robot link drawing: ball at each body origin, rod between consecutive bodies, metres. */
const ROBOT_BALL_M = 0.14;
const ROBOT_ROD_M = 0.09;
/** Selection marker: ring on the floor around the footprint, and a glass box around the node. */
const SELECTION_RING_MARGIN_M = 0.35;
const SELECTION_BOX_MARGIN_M = 0.08;
const BELT_RGB = hexToRgb(MARK_HEX.belt);
const BELT_BLOCKED_RGB = hexToRgb(MARK_HEX.beltBlocked);

/** Humanoid capsule sizes per link (the frame layout does not carry them): lengths and diameters, metres. */
export interface HumanoidSizes {
  length: Float32Array;
  diameter: Float32Array;
}

/**
 * Belts and nodes: caches their entries in `s.pose`, recolours a belt or node whose state code
 * changed, and marks the nodes dirty when a pose changed (their matrices wait for writeNodes).
 */
export function readFixed(s: LineScene, frame: Float32Array, palette: StatePalette): void {
  const L = s.layout!;
  const S = L.frameStride;
  const pose = s.pose;

  // Belts: poses are fixed per scene; the code (running / blocked) picks the colour.
  const beltFirst = S * L.belts.firstEntry, beltEnd = beltFirst + S * L.belts.ids.length;
  for (let i = beltFirst; i < beltEnd; i++) pose[i] = frame[i];
  let beltColour = false;
  for (let k = 0; k < L.belts.ids.length; k++) {
    const code = frame[S * (L.belts.firstEntry + k) + 7];
    if (code === s.beltCode[k]) continue;
    s.beltCode[k] = code;
    const rgb = code === 2 ? BELT_BLOCKED_RGB : BELT_RGB;
    s.beltColours[4 * k] = rgb[0]; s.beltColours[4 * k + 1] = rgb[1]; s.beltColours[4 * k + 2] = rgb[2]; s.beltColours[4 * k + 3] = 1;
    beltColour = true;
  }
  if (beltColour) s.belts?.thinInstanceBufferUpdated('color');

  // Nodes: redraw a node whose pose changed; recolour one whose code changed.
  for (let k = 0; k < s.nodeIds.length; k++) {
    const o = S * (L.nodes.firstEntry + k);
    for (let j = 0; j < 7; j++) {
      if (pose[o + j] !== frame[o + j]) {
        pose[o + j] = frame[o + j];
        s.nodesDirty = true;
      }
    }
    const code = frame[o + 7];
    if (code !== s.nodeCode[k]) {
      s.nodeCode[k] = code;
      const g = s.nodeGroup[k];
      writeNodeColour(s.nodeTypes[k], code, palette, s.groups[g].colours, 4 * s.nodeInstance[k]);
      s.groupRecoloured[g] = 1;
    }
  }
  for (let g = 0; g < s.groups.length; g++) {
    if (!s.groupRecoloured[g]) continue;
    s.groupRecoloured[g] = 0;
    s.groups[g].mesh.thinInstanceBufferUpdated('color');
  }
}

/** Parts, robot links and humanoid links, straight from the frame. */
export function writeMovers(s: LineScene, frame: Float32Array, humanoid: HumanoidSizes): void {
  const L = s.layout!;
  const S = L.frameStride;

  // Part slots: code 0 is an empty slot (zero scale).
  const parts = s.parts;
  if (parts) {
    const sx = L.parts.sizeM[0], sy = L.parts.sizeM[1], sz = L.parts.sizeM[2];
    const m = s.partMatrices, shown = s.partShown;
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
  if (s.robotBalls) {
    let ball = 0, rod = 0;
    for (let a = 0; a < L.robots.length; a++) {
      const r = L.robots[a];
      for (let j = 0; j < r.links; j++) {
        const o = S * (r.firstEntry + j);
        writeBallMatrix(frame[o], frame[o + 1], frame[o + 2], ROBOT_BALL_M, s.robotBallMatrices, MATRIX_FLOATS * ball++);
        if (j + 1 < r.links) {
          writeSegmentMatrix(frame[o], frame[o + 1], frame[o + 2], frame[o + S], frame[o + S + 1], frame[o + S + 2],
            ROBOT_ROD_M, s.robotRodMatrices, MATRIX_FLOATS * rod++);
        }
      }
    }
    s.robotBalls.thinInstanceBufferUpdated('matrix');
    s.robotRods?.thinInstanceBufferUpdated('matrix');
  }

  // Humanoids: each link a capsule along its local y, centred on its pose.
  if (s.humans) {
    let i = 0;
    for (let a = 0; a < L.humanoids.length; a++) {
      const h = L.humanoids[a];
      for (let j = 0; j < h.links; j++) {
        const o = S * (h.firstEntry + j);
        const d = humanoid.diameter[j % humanoid.diameter.length], len = humanoid.length[j % humanoid.length.length];
        writePoseMatrix(frame, o, 2 * d, len, 2 * d, s.humanMatrices, MATRIX_FLOATS * i++);
      }
    }
    s.humans.thinInstanceBufferUpdated('matrix');
  }
}

/** Node matrices from the cached poses (and the dragged node's preview position), then the selection's. */
export function writeNodes(s: LineScene, drag: DragState | null, selectedId: string | null): void {
  const L = s.layout!;
  const S = L.frameStride;
  for (let k = 0; k < s.nodeIds.length; k++) {
    const g = s.groups[s.nodeGroup[k]];
    const o = S * (L.nodes.firstEntry + k);
    const dragged = drag && drag.started && drag.node === k;
    const x = dragged ? drag!.x : s.pose[o], y = dragged ? drag!.y : s.pose[o + 1];
    writeFloorMatrix(x, y, yawOf(s.pose, o), s.nodeSize[3 * k], s.nodeSize[3 * k + 1], s.nodeSize[3 * k + 2],
      g.matrices, MATRIX_FLOATS * s.nodeInstance[k]);
    // A node pose's z is its footprint's floor level (0 on a flat floor).
    g.matrices[MATRIX_FLOATS * s.nodeInstance[k] + 13] = s.pose[o + 2];
  }
  for (const g of s.groups) {
    g.mesh.thinInstanceBufferUpdated('matrix');
    // Picking tests the mesh's bounds before its instances.
    g.mesh.thinInstanceRefreshBoundingInfo(false);
  }
  s.nodesDirty = false;
  writeSelection(s, drag, selectedId);
}

/** The selection ring and glass around node `selectedId` (hidden for none, an unknown id or before a frame). */
export function writeSelection(s: LineScene, drag: DragState | null, selectedId: string | null): void {
  const ring = s.selectionRing, glass = s.selectionGlass, L = s.layout;
  if (!ring || !glass || !L) return;
  const k = selectedId === null ? -1 : s.nodeIds.indexOf(selectedId);
  if (k < 0 || !s.hasFrame) {
    hideMatrix(s.ringMatrix, 0);
    hideMatrix(s.glassMatrix, 0);
    ring.thinInstanceBufferUpdated('matrix');
    glass.thinInstanceBufferUpdated('matrix');
    return;
  }
  const o = L.frameStride * (L.nodes.firstEntry + k);
  const dragged = drag && drag.started && drag.node === k;
  const x = dragged ? drag!.x : s.pose[o], y = dragged ? drag!.y : s.pose[o + 1];
  const yaw = yawOf(s.pose, o);
  const fx = s.nodeSize[3 * k], fy = s.nodeSize[3 * k + 1], h = s.nodeSize[3 * k + 2];
  writeFloorMatrix(x, y, yaw, fx + 2 * SELECTION_RING_MARGIN_M, fy + 2 * SELECTION_RING_MARGIN_M, 0.03, s.ringMatrix, 0);
  s.ringMatrix[13] = s.pose[o + 2];
  const gh = h + SELECTION_BOX_MARGIN_M;
  writeFloorMatrix(x, y, yaw, fx + 2 * SELECTION_BOX_MARGIN_M, fy + 2 * SELECTION_BOX_MARGIN_M, gh, s.glassMatrix, 0);
  s.glassMatrix[13] = s.pose[o + 2] + gh / 2; // the unit box is centred
  ring.thinInstanceBufferUpdated('matrix');
  glass.thinInstanceBufferUpdated('matrix');
}
