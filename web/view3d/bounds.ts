/**
 * Extents of the line for the camera and the floor, in the twin's frame (metres, z up): the belts
 * and placed nodes of a frame (or of any array laid out like one), each as its oriented box.
 */
import type { TwinFrameLayout } from '../../engine/twin/physics-twin';
import { BELT_THICKNESS_M } from '../../engine/physics/model';

export interface LineBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Highest point (the floor is z = 0). */
  maxZ: number;
}

/** A node without a footprint (a point node) is drawn as a square of this side, metres. */
export const POINT_NODE_M = 0.4;

/**
 * The box around every belt and placed node of the frame `pose` (laid out as `layout` says), or
 * null when there is none with finite coordinates. `nodeHeightM(k)` is the height drawn for node k.
 */
export function lineBounds(layout: TwinFrameLayout, pose: ArrayLike<number>, nodeHeightM: (k: number) => number): LineBox | null {
  const S = layout.frameStride;
  const box: LineBox = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity, maxZ: 0 };
  const grow = (x: number, y: number, ex: number, ey: number, top: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(ex) || !Number.isFinite(ey)) return;
    box.minX = Math.min(box.minX, x - ex);
    box.maxX = Math.max(box.maxX, x + ex);
    box.minY = Math.min(box.minY, y - ey);
    box.maxY = Math.max(box.maxY, y + ey);
    if (Number.isFinite(top)) box.maxZ = Math.max(box.maxZ, top);
  };
  const { belts, nodes, parts } = layout;
  for (let k = 0; k < belts.ids.length; k++) {
    const o = S * (belts.firstEntry + k);
    const hx = (belts.lengthM[k] + parts.sizeM[0]) / 2, hy = belts.widthM[k] / 2, hz = BELT_THICKNESS_M / 2;
    const qx = pose[o + 3], qy = pose[o + 4], qz = pose[o + 5], qw = pose[o + 6];
    // Rotation matrix rows (twin, column convention): world extent = Σ |R_ij|·h_j.
    const r00 = 1 - 2 * (qy * qy + qz * qz), r01 = 2 * (qx * qy - qw * qz), r02 = 2 * (qx * qz + qw * qy);
    const r10 = 2 * (qx * qy + qw * qz), r11 = 1 - 2 * (qx * qx + qz * qz), r12 = 2 * (qy * qz - qw * qx);
    const r20 = 2 * (qx * qz - qw * qy), r21 = 2 * (qy * qz + qw * qx), r22 = 1 - 2 * (qx * qx + qy * qy);
    grow(pose[o], pose[o + 1],
      Math.abs(r00) * hx + Math.abs(r01) * hy + Math.abs(r02) * hz,
      Math.abs(r10) * hx + Math.abs(r11) * hy + Math.abs(r12) * hz,
      pose[o + 2] + Math.abs(r20) * hx + Math.abs(r21) * hy + Math.abs(r22) * hz);
  }
  for (let k = 0; k < nodes.ids.length; k++) {
    const o = S * (nodes.firstEntry + k);
    const f = nodes.footprints[k];
    const fx = f ? f[0] : POINT_NODE_M, fy = f ? f[1] : POINT_NODE_M;
    const qx = pose[o + 3], qy = pose[o + 4], qz = pose[o + 5], qw = pose[o + 6];
    const yaw = Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
    const c = Math.abs(Math.cos(yaw)), s = Math.abs(Math.sin(yaw));
    grow(pose[o], pose[o + 1], (c * fx + s * fy) / 2, (s * fx + c * fy) / 2, pose[o + 2] + nodeHeightM(k));
  }
  return box.minX <= box.maxX ? box : null;
}

export interface CameraFit {
  /** Point the camera orbits, twin frame. */
  target: [number, number, number];
  /** Distance from the target that shows the whole box. */
  radius: number;
}

/**
 * Where an orbit camera with vertical field of view `fovY` (rad) and `aspect` (width / height)
 * must stand to see the whole box from any direction: at the box's bounding sphere's centre,
 * r / sin(fov/2) away, fov the narrower of the two fields of view, times `margin`.
 */
export function fitView(box: LineBox, fovY: number, aspect: number, margin = 1.08): CameraFit {
  const cx = (box.minX + box.maxX) / 2, cy = (box.minY + box.maxY) / 2, cz = box.maxZ / 2;
  const r = Math.max(0.5, Math.hypot(box.maxX - box.minX, box.maxY - box.minY, box.maxZ) / 2);
  const fovX = 2 * Math.atan(Math.tan(fovY / 2) * (aspect > 0 && Number.isFinite(aspect) ? aspect : 1));
  const fov = Math.min(fovY, fovX);
  return { target: [cx, cy, cz], radius: (margin * r) / Math.sin(fov / 2) };
}

/**
 * The tighter fit for a known view direction: the orbit camera (Babylon ArcRotateCamera angles
 * `alpha`, `beta`; its position is target + r·(cos α sin β, cos β, sin α sin β) in Babylon's y-up
 * frame) aimed at the box's centre, and the least distance at which all eight corners of the box
 * lie inside both fields of view, times `margin`.
 */
export function fitViewFrom(box: LineBox, alpha: number, beta: number, fovY: number, aspect: number, margin = 1.05): CameraFit {
  // Babylon coordinates (x, z, y) throughout.
  const cx = (box.minX + box.maxX) / 2, cy = box.maxZ / 2, cz = (box.minY + box.maxY) / 2;
  const ox = Math.cos(alpha) * Math.sin(beta), oy = Math.cos(beta), oz = Math.sin(alpha) * Math.sin(beta);
  const fx = -ox, fy = -oy, fz = -oz; // forward: camera → target
  // right = up × forward with up = (0, 1, 0); then up' = forward × right.
  let rx = fz, rz = -fx;
  const rl = Math.hypot(rx, rz) || 1;
  rx /= rl; rz /= rl;
  const ux = fy * rz, uy = fz * rx - fx * rz, uz = -fy * rx;
  const ty = Math.tan(fovY / 2), tx = ty * (aspect > 0 && Number.isFinite(aspect) ? aspect : 1);
  let distance = 0;
  for (let i = 0; i < 8; i++) {
    const px = (i & 1 ? box.maxX : box.minX) - cx, py = (i & 2 ? box.maxZ : 0) - cy, pz = (i & 4 ? box.maxY : box.minY) - cz;
    const x = px * rx + pz * rz, y = px * ux + py * uy + pz * uz, depth = px * fx + py * fy + pz * fz;
    distance = Math.max(distance, Math.abs(x) / tx - depth, Math.abs(y) / ty - depth);
  }
  return { target: [cx, cz, cy], radius: Math.max(1, margin * distance) };
}

export interface FloorRect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The floor drawn under the line: the box grown by `marginM` on every side, out to whole metres. */
export function floorRect(box: LineBox, marginM = 2): FloorRect {
  return {
    minX: Math.floor(box.minX - marginM),
    minY: Math.floor(box.minY - marginM),
    maxX: Math.ceil(box.maxX + marginM),
    maxY: Math.ceil(box.maxY + marginM),
  };
}

/**
 * Grid line coordinates on [min, max] every `minor` metres, split into major lines (multiples of
 * `major`) and the rest. Integer steps avoid accumulated floating-point drift.
 */
export function gridLines(min: number, max: number, minor = 0.25, major = 1): { minor: number[]; major: number[] } {
  const out = { minor: [] as number[], major: [] as number[] };
  const per = Math.round(major / minor);
  const first = Math.ceil(min / minor - 1e-9), last = Math.floor(max / minor + 1e-9);
  for (let i = first; i <= last; i++) (i % per === 0 ? out.major : out.minor).push(i * minor);
  return out;
}
