/**
 * The frame: poses of every belt and part slot in one Float32Array that the worker transfers to
 * the page (DESIGN §2, §4). Layout, FRAME_STRIDE floats per entry:
 *
 *   [x, y, z, qx, qy, qz, qw, code]   position (m, world frame, z up), unit quaternion, state code
 *
 * Entries 0 … conveyorCount−1 are the belt bodies at rest (centre of the box of size
 * (length + part length) × width × BELT_THICKNESS_M, oriented along the belt), code BeltCode.
 * Entry conveyorCount + h is part handle h, code PartCode; empty slots are all zeros.
 */
import type { PhysicsModel } from './model';

export const FRAME_STRIDE = 8;

export const BeltCode = { running: 1, blocked: 2 } as const;
export const PartCode = { empty: 0, carried: 1, moving: 2, asleep: 3 } as const;

/** Writes the belt entries (the first conveyorCount) of a frame. */
export function writeBeltEntries(m: PhysicsModel, blocked: Uint8Array, out: Float32Array): void {
  for (let c = 0; c < m.conveyorCount; c++) {
    const o = FRAME_STRIDE * c;
    for (let k = 0; k < 3; k++) out[o + k] = m.beltCentreM[3 * c + k];
    for (let k = 0; k < 4; k++) out[o + 3 + k] = m.quat[4 * c + k];
    out[o + 7] = blocked[c] ? BeltCode.blocked : BeltCode.running;
  }
}

/**
 * 32-bit FNV-1a over bytes (Fowler, Noll, Vo; IETF draft-eastlake-fnv, offset basis 2166136261,
 * prime 16777619). Used to compare frames for determinism, not for security.
 */
export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
