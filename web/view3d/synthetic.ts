/**
 * A synthetic twin scene for the 3D view's page and benchmark: N parts moving on parallel belts,
 * one node of every template (a source, a machine, a manual bench, a robot cell, a buffer, a sink)
 * with changing states, a 7-body robot arm swinging over its cell and a humanoid walking beside
 * the line — laid out and encoded exactly as a PhysicsTwin frame (TwinFrameLayout), with no worker.
 */
import type { TwinFrameLayout } from '../../engine/twin/physics-twin';
import { BELT_THICKNESS_M } from '../../engine/physics/model';
import { computeDims, Link, LINK_COUNT, armBase, legBase } from '../../engine/physics/humanoid-body';
import { FRAME_STRIDE } from '../../engine/physics/frame';
import type { SceneNode } from './line-view';

const BELT_LENGTH_M = 20;
const BELT_PITCH_M = 1.2;
const BELT_TOP_M = 0.9;
const PART_PITCH_M = 0.5;
const SPEED_MPS = 0.5;
const PART_SIZE: [number, number, number] = [0.3, 0.2, 0.15];
const ROBOT_BODIES = 7;

export interface SyntheticScene {
  layout: TwinFrameLayout;
  nodes: SceneNode[];
  /** Writes the frame at time t (seconds) into `out` (layout.frameLength floats); no allocation. */
  write(t: number, out: Float32Array): void;
}

const STATIONS: (SceneNode & { footprint: [number, number] })[] = [
  { id: 'src', type: 'source', name: 'Synthetic source', footprint: [1.2, 0.8] },
  { id: 'mill', type: 'station', kind: 'machine', name: 'Machine', footprint: [2.0, 1.5] },
  { id: 'bench', type: 'station', kind: 'manual', name: 'Manual bench', footprint: [1.6, 0.8] },
  { id: 'cell', type: 'station', kind: 'robot', name: 'Robot cell', footprint: [2.5, 2.0] },
  { id: 'buf', type: 'buffer', name: 'Buffer', footprint: [1.2, 0.6] },
  { id: 'ship', type: 'sink', name: 'Shipping', footprint: [1.2, 0.8] },
];

export function syntheticScene(partCount: number): SyntheticScene {
  const parts = Math.max(0, Math.floor(partCount));
  const perBelt = Math.floor(BELT_LENGTH_M / PART_PITCH_M);
  const beltCount = Math.max(1, Math.ceil(parts / perBelt));
  const nodeCount = STATIONS.length;
  const partsFirst = beltCount, nodesFirst = partsFirst + parts, robotFirst = nodesFirst + nodeCount;
  const humanFirst = robotFirst + ROBOT_BODIES;
  const entries = humanFirst + LINK_COUNT;
  const span = (beltCount - 1) * BELT_PITCH_M;
  const layout: TwinFrameLayout = {
    frameStride: FRAME_STRIDE,
    frameLength: FRAME_STRIDE * entries,
    belts: {
      firstEntry: 0,
      ids: Array.from({ length: beltCount }, (_, k) => `belt-${k}`),
      lengthM: new Array(beltCount).fill(BELT_LENGTH_M),
      widthM: new Array(beltCount).fill(0.5),
    },
    parts: { firstEntry: partsFirst, count: parts, sizeM: PART_SIZE },
    nodes: {
      firstEntry: nodesFirst,
      ids: STATIONS.map((s) => s.id),
      types: STATIONS.map((s) => s.type),
      footprints: STATIONS.map((s) => s.footprint),
    },
    robots: [{ id: 'arm', station: 'cell', firstEntry: robotFirst, links: ROBOT_BODIES }],
    humanoids: [{ id: 'walker', pool: 'crew', firstEntry: humanFirst, links: LINK_COUNT }],
  };
  // Nodes in a column past the belts' downstream end, 3 m apart, centred on the belts.
  const nodeX = BELT_LENGTH_M / 2 + 3, nodeY = (k: number) => span / 2 + (k - (nodeCount - 1) / 2) * 3;
  const cellY = nodeY(3);
  const dims = computeDims(1.75);
  const S = FRAME_STRIDE;

  const put = (out: Float32Array, e: number, x: number, y: number, z: number, qx: number, qy: number, qz: number, qw: number, code: number) => {
    const o = S * e;
    out[o] = x; out[o + 1] = y; out[o + 2] = z; out[o + 3] = qx; out[o + 4] = qy; out[o + 5] = qz; out[o + 6] = qw; out[o + 7] = code;
  };
  /** sin 45° = cos 45°: quarter turns. (down, 0, 0, down) turns local y up (+z); (−down, 0, 0, down) down. */
  const down = Math.SQRT1_2;

  return {
    layout,
    nodes: STATIONS.map(({ footprint: _f, ...n }) => n),
    write(t: number, out: Float32Array): void {
      for (let b = 0; b < beltCount; b++) {
        // Belts run along +x, centred on x = 0, their top surface at BELT_TOP_M.
        put(out, b, 0, b * BELT_PITCH_M, BELT_TOP_M - BELT_THICKNESS_M / 2, 0, 0, 0, 1, b % 9 === 8 && Math.floor(t / 3) % 2 ? 2 : 1);
      }
      for (let i = 0; i < parts; i++) {
        const b = Math.floor(i / perBelt), slot = i % perBelt;
        const s = (slot * PART_PITCH_M + SPEED_MPS * t) % BELT_LENGTH_M;
        put(out, partsFirst + i, s - BELT_LENGTH_M / 2, b * BELT_PITCH_M, BELT_TOP_M + PART_SIZE[2] / 2, 0, 0, 0, 1, 1);
      }
      for (let k = 0; k < nodeCount; k++) {
        const type = STATIONS[k].type;
        const code = type === 'station' ? (Math.floor(t / 2) + 2 * k) % 7 : type === 'buffer' ? Math.floor(t) % 8 : -1;
        put(out, nodesFirst + k, nodeX, nodeY(k), 0, 0, 0, 0, 1, code);
      }
      // Robot: a base, then a chain that turns about z and nods.
      const yaw = 1.2 * Math.sin(0.8 * t), pitch = 0.5 + 0.35 * Math.sin(1.3 * t);
      let x = nodeX, y = cellY, z = 0.12;
      put(out, robotFirst, x, y, z, 0, 0, 0, 1, 0);
      z += 0.35;
      put(out, robotFirst + 1, x, y, z, 0, 0, 0, 1, 0);
      const segment = [0.45, 0.4, 0.15, 0.1, 0.08];
      for (let j = 0; j < segment.length; j++) {
        const a = pitch * (j + 1) * 0.6;
        x += segment[j] * Math.cos(yaw) * Math.cos(a);
        y += segment[j] * Math.sin(yaw) * Math.cos(a);
        z += segment[j] * Math.sin(Math.PI / 2 - a);
        put(out, robotFirst + 2 + j, x, y, z, 0, 0, 0, 1, 0);
      }
      // Humanoid: walks back and forth along y on the line's near side, limbs hanging.
      const hx = -BELT_LENGTH_M / 2 - 1.5, hy = span / 2 + (span / 2 + 1) * Math.sin(0.25 * t);
      const pelvis = dims.standPelvisM, shoulder = pelvis + dims.torsoM;
      const e = humanFirst;
      // Pelvis: local y across the hips (world y), identity.
      put(out, e + Link.pelvis, hx, hy, pelvis, 0, 0, 0, 1, 2);
      // Torso and head: local y up (+90° about x).
      put(out, e + Link.torso, hx, hy, pelvis + dims.torsoM / 2, down, 0, 0, down, 2);
      put(out, e + Link.head, hx, hy, shoulder + dims.radiusM[Link.head] + dims.segM[Link.head] / 2, down, 0, 0, down, 2);
      for (let side = 0; side < 2; side++) {
        const lateral = side === 0 ? dims.shoulderHalfM : -dims.shoulderHalfM;
        let top = shoulder;
        for (let j = 0; j < 3; j++) {
          const len = dims.segM[armBase(side) + j];
          put(out, e + armBase(side) + j, hx, hy + lateral, top - len / 2, -down, 0, 0, down, 2);
          top -= len;
        }
        const hip = side === 0 ? dims.hipHalfM : -dims.hipHalfM;
        top = pelvis;
        for (let j = 0; j < 2; j++) {
          const len = dims.segM[legBase(side) + j];
          put(out, e + legBase(side) + j, hx, hy + hip, top - len / 2, -down, 0, 0, down, 2);
          top -= len;
        }
        // Foot: flat, local y toward the toes (+x).
        put(out, e + legBase(side) + 2, hx + dims.footLengthM / 4, hy + hip, dims.radiusM[legBase(side) + 2], 0, 0, -down, down, 2);
      }
    },
  };
}
