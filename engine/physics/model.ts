/**
 * The compiled physics model: the layout with ids resolved to indices and every conveyor's frame
 * precomputed into flat arrays (MuJoCo's mjModel; STYLE habits 1–3). Read-only after compileLayout;
 * all mutable state lives in PhysicsWorld. No Rapier here: this is plain geometry.
 *
 * Conveyor frame: unit vectors (d, s, n) with d along the belt (from → to), s = normalise(ẑ × d)
 * across it and n = d × s the belt's surface normal (ẑ for a level belt). The rotation taking the
 * world axes to (d, s, n) is the orientation of the belt body and of the parts it carries.
 */
import { linkSections } from './chains';
import type { PhysicalLayout } from './layout';
import { quatFromPose } from './quaternion';

/** Belt body thickness below the surface, metres. */
export const BELT_THICKNESS_M = 0.05;
/** Belt surface friction (rubber belt). */
export const BELT_FRICTION = 0.8;
/** Part friction when the layout gives none. */
export const DEFAULT_PART_FRICTION = 0.6;

export interface PhysicsModel {
  conveyorCount: number;
  conveyorIds: readonly string[];
  conveyorIndex: ReadonlyMap<string, number>;
  /** 3 per conveyor: start point (m). */
  fromM: Float64Array;
  /** 3 per conveyor: unit direction d. */
  dir: Float64Array;
  /** 3 per conveyor: surface normal n. */
  normal: Float64Array;
  /** 4 per conveyor: orientation quaternion (x, y, z, w) of the frame (d, s, n). */
  quat: Float64Array;
  /** 3 per conveyor: centre of the belt body at rest (m). */
  beltCentreM: Float64Array;
  lengthM: Float64Array;
  widthM: Float64Array;
  speedMps: Float64Array;
  accumulating: Uint8Array;
  /** Per conveyor: minimum centre-to-centre distance of its queued parts (m), ≥ part length. */
  spacingM: Float64Array;
  /** Per conveyor: the section a part moves onto at its end, or −1 (chains.ts). */
  nextSection: Int32Array;
  /** Per conveyor: the section whose next it is, or −1. */
  prevSection: Int32Array;
  /** Every conveyor once, each after its next section: the carriage drive's order (chains.ts). */
  driveOrder: Int32Array;
  floorSizeM: [number, number];
  /** Part half extents (m) along its local x, y, z, its mass (kg) and friction. */
  partHalfM: [number, number, number];
  partMassKg: number;
  partFriction: number;
}

/**
 * Throws a RangeError naming the conveyor for what would make parts overlap or jump: a spacing
 * below the part length, and chains that do not join up (chains.ts). Everything else is the
 * validator's job (layout.ts).
 */
export function compileLayout(layout: PhysicalLayout): PhysicsModel {
  const n = layout.conveyors.length;
  const conveyorIndex = new Map(layout.conveyors.map((c, i) => [c.id, i]));
  const chains = linkSections(layout.conveyors, conveyorIndex);
  const m: PhysicsModel = {
    conveyorCount: n,
    conveyorIds: layout.conveyors.map((c) => c.id),
    conveyorIndex,
    fromM: new Float64Array(3 * n),
    dir: new Float64Array(3 * n),
    normal: new Float64Array(3 * n),
    quat: new Float64Array(4 * n),
    beltCentreM: new Float64Array(3 * n),
    lengthM: new Float64Array(n),
    widthM: new Float64Array(n),
    speedMps: new Float64Array(n),
    accumulating: new Uint8Array(n),
    spacingM: new Float64Array(n),
    nextSection: chains.next,
    prevSection: chains.prev,
    driveOrder: chains.order,
    floorSizeM: [layout.floor.sizeM[0], layout.floor.sizeM[1]],
    partHalfM: [layout.part.lengthM / 2, layout.part.widthM / 2, layout.part.heightM / 2],
    partMassKg: layout.part.massKg,
    partFriction: layout.part.friction ?? DEFAULT_PART_FRICTION,
  };
  layout.conveyors.forEach((c, i) => {
    const dx = c.to[0] - c.from[0], dy = c.to[1] - c.from[1], dz = c.to[2] - c.from[2];
    const length = Math.hypot(dx, dy, dz);
    const d = [dx / length, dy / length, dz / length];
    // s = ẑ × d, normalised; n = d × s.
    const sh = Math.hypot(d[0], d[1]);
    const s = [-d[1] / sh, d[0] / sh, 0];
    const nv = [d[1] * s[2] - d[2] * s[1], d[2] * s[0] - d[0] * s[2], d[0] * s[1] - d[1] * s[0]];
    writeQuatFromBasis(d, s, nv, m.quat, 4 * i);
    for (let k = 0; k < 3; k++) {
      m.fromM[3 * i + k] = c.from[k];
      m.dir[3 * i + k] = d[k];
      m.normal[3 * i + k] = nv[k];
      m.beltCentreM[3 * i + k] = c.from[k] + d[k] * (length / 2) - nv[k] * (BELT_THICKNESS_M / 2);
    }
    m.lengthM[i] = length;
    m.widthM[i] = c.width;
    m.speedMps[i] = c.speedMetersPerSecond;
    m.accumulating[i] = c.accumulating ? 1 : 0;
    const spacing = c.spacingM ?? layout.part.lengthM;
    if (!(spacing >= layout.part.lengthM)) {
      throw new RangeError(`conveyor "${c.id}": spacingM ${spacing} is less than the part length ${layout.part.lengthM} (queued parts would overlap)`);
    }
    m.spacingM[i] = spacing;
  });
  return m;
}

/**
 * Unit quaternion (x, y, z, w) of the rotation matrix whose columns are the orthonormal vectors
 * a, b, c. Shepperd's method (J. Guidance and Control 1(3), 1978): branch on the largest of the
 * trace and the diagonal so the square root is taken of a number ≥ 1.
 */
const basis = new Float64Array(16);

export function writeQuatFromBasis(a: number[], b: number[], c: number[], out: Float64Array, o: number): void {
  // Columns a, b, c into the rotation block of a row-major 4×4 scratch (no allocation).
  for (let r = 0; r < 3; r++) {
    basis[4 * r] = a[r];
    basis[4 * r + 1] = b[r];
    basis[4 * r + 2] = c[r];
  }
  quatFromPose(basis, 0, out, o);
}
