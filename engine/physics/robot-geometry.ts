/**
 * Geometry for robot-arm.ts: which links share a rigid body, the capsules that stand for the
 * links, the rigid-transform algebra the arm needs per step, and the distance queries behind its
 * contact and near-miss reports; everything per step writes into arrays allocated once.
 *
 * Poses are row-major 4×4 homogeneous transforms as in engine/kinematics (docs/robots.md: element
 * (r, c) at `m[o + 4r + c]`); quaternions are (x, y, z, w), Rapier's order.
 */
import type { Collider, RigidBody, ShapeContact, World } from '@dimforge/rapier3d-deterministic-compat';
import { NO_HANDLE, checkHandles } from './agent-state';
import { JointType, POSE_STRIDE, type RobotModel } from '../kinematics/model';
import { createPoseBuffer, forwardKinematics } from '../kinematics/fk';
import type { Rapier } from './rapier';
import { quatFromPose } from './quaternion';

export { quatFromPose };

/** A base pose: a row-major 4×4 (16 numbers), or a position (m) and a yaw about +z (rad). */
export type BasePose = ArrayLike<number> | { position: ArrayLike<number>; yawRad?: number };

/** The row-major 4×4 of a base pose (allocates; construction time only). */
export function basePoseMatrix(base: BasePose): Float64Array {
  const m = new Float64Array(16);
  if ('position' in base) {
    const c = Math.cos(base.yawRad ?? 0), s = Math.sin(base.yawRad ?? 0), p = base.position;
    m.set([c, -s, 0, p[0], s, c, 0, p[1], 0, 0, 1, p[2], 0, 0, 0, 1]);
  } else {
    if (base.length !== 16) throw new RangeError(`base pose: a 4×4 has 16 entries, got ${base.length}`);
    for (let k = 0; k < 16; k++) m[k] = base[k];
  }
  // A rigid transform: finite, rotation block orthonormal (|R·Rᵀ − I| < 1e-9 per entry), last row 0 0 0 1.
  let bad = !(m[12] === 0 && m[13] === 0 && m[14] === 0 && m[15] === 1) || m.some((v) => !Number.isFinite(v));
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) {
    const dot = m[4 * r] * m[4 * c] + m[4 * r + 1] * m[4 * c + 1] + m[4 * r + 2] * m[4 * c + 2];
    bad ||= Math.abs(dot - (r === c ? 1 : 0)) > 1e-9;
  }
  if (bad) throw new RangeError('base pose: not a rigid transform (finite, orthonormal rotation, last row 0 0 0 1)');
  return m;
}


/** The 4×4 of translation (x, y, z) and unit quaternion (qx, qy, qz, qw), written to `out[o…]`. */
export function poseFromTQ(x: number, y: number, z: number, qx: number, qy: number, qz: number, qw: number,
  out: Float64Array, o: number): void {
  // Rotation matrix of a unit quaternion (e.g. Murray, Li & Sastry 1994, eq. 2.39).
  out[o] = 1 - 2 * (qy * qy + qz * qz); out[o + 1] = 2 * (qx * qy - qz * qw); out[o + 2] = 2 * (qx * qz + qy * qw);
  out[o + 4] = 2 * (qx * qy + qz * qw); out[o + 5] = 1 - 2 * (qx * qx + qz * qz); out[o + 6] = 2 * (qy * qz - qx * qw);
  out[o + 8] = 2 * (qx * qz - qy * qw); out[o + 9] = 2 * (qy * qz + qx * qw); out[o + 10] = 1 - 2 * (qx * qx + qy * qy);
  out[o + 3] = x; out[o + 7] = y; out[o + 11] = z;
  out[o + 12] = 0; out[o + 13] = 0; out[o + 14] = 0; out[o + 15] = 1;
}

/** out = a · b for rigid 4×4s (out must not alias a or b). */
export function mulPose(a: Float64Array, ao: number, b: Float64Array, bo: number, out: Float64Array, oo: number): void {
  for (let r = 0; r < 3; r++) {
    const x = a[ao + 4 * r], y = a[ao + 4 * r + 1], z = a[ao + 4 * r + 2];
    for (let c = 0; c < 4; c++) out[oo + 4 * r + c] = x * b[bo + c] + y * b[bo + 4 + c] + z * b[bo + 8 + c];
    out[oo + 4 * r + 3] += a[ao + 4 * r + 3];
  }
  out[oo + 12] = 0; out[oo + 13] = 0; out[oo + 14] = 0; out[oo + 15] = 1;
}

/** out = m⁻¹ for a rigid 4×4: [Rᵀ, −Rᵀt] (out must not alias m). */
export function invertPose(m: Float64Array, o: number, out: Float64Array, oo: number): void {
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out[oo + 4 * r + c] = m[o + 4 * c + r];
    out[oo + 4 * r + 3] = -(m[o + r] * m[o + 3] + m[o + 4 + r] * m[o + 7] + m[o + 8 + r] * m[o + 11]);
  }
  out[oo + 12] = 0; out[oo + 13] = 0; out[oo + 14] = 0; out[oo + 15] = 1;
}

/**
 * The rigid bodies of an arm and the capsules that stand for its links.
 *
 * Links joined by fixed joints move together, so they share one body: a group is a link reached
 * by a movable joint (or the root) plus every link hanging from it by fixed joints (UR5: wrist_3,
 * flange and tool0 form one group). Group 0 holds the root and does not move with q.
 *
 * Each link gets a capsule from its origin to the origin of each child joint (a link runs from its
 * joint to the next one), expressed in its group's root-link frame; segments shorter than
 * 1 µm are dropped, and a group left with no capsule gets a ball of the radius at its origin (UR5's
 * shoulder_link, whose child joint sits at its origin).
 */
export interface ArmGeometry {
  groupCount: number;
  /** Group of each link. */
  groupOf: Int32Array;
  /** Root link of each group (the link whose pose the group's body takes). */
  groupRoot: Int32Array;
  /** Per link, its pose in its group root's frame (16 per link; identity for group roots). */
  inGroup: Float64Array;
  /** Capsules: owning group, and endpoints a, b (3 each) in the group root's frame. */
  capsuleCount: number;
  capsuleGroup: Int32Array;
  capsuleA: Float64Array;
  capsuleB: Float64Array;
  /** Capsule centre (3 each, group frame) and bounding-sphere radius (half length + radius). */
  capsuleCentre: Float64Array;
  capsuleBound: Float64Array;
}

const MIN_SEGMENT_M = 1e-6;

export function armGeometry(model: RobotModel, radiusM: number): ArmGeometry {
  const n = model.linkCount;
  const groupOf = new Int32Array(n);
  const roots = [0];
  for (let j = 0; j < model.jointCount; j++) {
    const child = model.jointChildLink[j];
    if (model.jointType[j] === JointType.fixed) groupOf[child] = groupOf[model.jointParentLink[j]];
    else { groupOf[child] = roots.length; roots.push(child); }
  }
  // Relative poses do not depend on q: any joint vector (here zeros) gives them.
  const poses = createPoseBuffer(model);
  forwardKinematics(model, new Float64Array(model.dofCount), poses);
  const inGroup = new Float64Array(n * POSE_STRIDE), inv = new Float64Array(16);
  for (let l = 0; l < n; l++) {
    invertPose(poses, roots[groupOf[l]] * POSE_STRIDE, inv, 0);
    mulPose(inv, 0, poses, l * POSE_STRIDE, inGroup, l * POSE_STRIDE);
  }
  const group: number[] = [], a: number[] = [], b: number[] = [];
  const point = (l: number, x: number, y: number, z: number, out: number[]) => {
    const o = l * POSE_STRIDE;
    for (let r = 0; r < 3; r++) out.push(inGroup[o + 4 * r] * x + inGroup[o + 4 * r + 1] * y + inGroup[o + 4 * r + 2] * z + inGroup[o + 4 * r + 3]);
  };
  for (let j = 0; j < model.jointCount; j++) {
    const o = j * POSE_STRIDE, t = model.jointOrigin;
    if (Math.hypot(t[o + 3], t[o + 7], t[o + 11]) < MIN_SEGMENT_M) continue;
    const l = model.jointParentLink[j];
    group.push(groupOf[l]);
    point(l, 0, 0, 0, a);
    point(l, t[o + 3], t[o + 7], t[o + 11], b);
  }
  for (let g = 0; g < roots.length; g++) {
    if (group.includes(g)) continue;
    group.push(g); a.push(0, 0, 0); b.push(0, 0, 0);
  }
  const centre = a.map((v, k) => (v + b[k]) / 2);
  const bound = group.map((_, c) => Math.hypot(b[3 * c] - a[3 * c], b[3 * c + 1] - a[3 * c + 1], b[3 * c + 2] - a[3 * c + 2]) / 2 + radiusM);
  return {
    groupCount: roots.length, groupOf, groupRoot: Int32Array.from(roots), inGroup,
    capsuleCount: group.length, capsuleGroup: Int32Array.from(group),
    capsuleA: Float64Array.from(a), capsuleB: Float64Array.from(b),
    capsuleCentre: Float64Array.from(centre), capsuleBound: Float64Array.from(bound),
  };
}

/**
 * The rotation taking Rapier's capsule axis (+y, ColliderDesc.capsule) onto the unit vector d:
 * the shortest arc, q = normalise(1 + y·d, y × d); for d = −y, a half turn about x.
 */
export function capsuleRotation(dx: number, dy: number, dz: number): { x: number; y: number; z: number; w: number } {
  const w = 1 + dy;
  if (w < 1e-12) return { x: 1, y: 0, z: 0, w: 0 };
  const s = Math.hypot(dz, dx, w); // y × d = (dz, 0, −dx)
  return { x: dz / s, y: 0, z: -dx / s, w: w / s };
}

/**
 * Velocity of a rigid motion from pose b to pose a ([x y z qx qy qz qw] each) in dt: linear
 * (a − b)/dt, angular axis · angle / dt of qa · qb⁻¹ (angle = 2 atan2(|v|, w), shortest way).
 * Writes [vx vy vz wx wy wz] to out.
 */
export function velocityBetween(a: Float64Array, b: Float64Array, dt: number, out: Float64Array): void {
  const ax = a[3], ay = a[4], az = a[5], aw = a[6], bx = -b[3], by = -b[4], bz = -b[5], bw = b[6];
  let w = aw * bw - ax * bx - ay * by - az * bz;
  let x = aw * bx + ax * bw + ay * bz - az * by;
  let y = aw * by - ax * bz + ay * bw + az * bx;
  let z = aw * bz + ax * by - ay * bx + az * bw;
  if (w < 0) { w = -w; x = -x; y = -y; z = -z; }
  const s = Math.hypot(x, y, z), k = s > 0 ? (2 * Math.atan2(s, w)) / (s * dt) : 0;
  for (let i = 0; i < 3; i++) out[i] = (a[i] - b[i]) / dt;
  out[3] = x * k; out[4] = y * k; out[5] = z * k;
}

/** Numbers per contact record: [kind, link, watch slot, distance (m, ≤ 0 touching), started (0/1)]. */
export const CONTACT_STRIDE = 5;
export const ContactKind = { contact: 1, nearMiss: 2 } as const;

/**
 * Contacts and near misses between an arm's capsules and watched colliders (fixtures, parts), by
 * Rapier's pairwise distance query Collider.contactCollider(other, prediction), which returns the
 * signed distance when it is below `prediction` and null otherwise (rapier.js geometry/collider.ts).
 * A bounding-sphere test in plain arithmetic skips far pairs before any call into WASM. Distances
 * are per (arm body, watched slot): the minimum over the body's capsules.
 *
 * It also wakes sleeping dynamic watched bodies that an arm capsule is about to reach (within
 * `wakeMarginM` of the threshold). Measured here (Rapier 0.21): a sleeping part that Rapier wakes
 * itself inside a step, as a moving kinematic body closes in, gets no contact with its support in
 * that step and sinks one step of free fall, g·dt²·(n+1)/(2n) = 1.70 mm (n = 4 substeps), recovered
 * over ~20 steps and tilting it by ~2 mrad; a part woken (wakeUp) between steps does not sink.
 */
export class ContactWatch {
  readonly bufferLength: number;
  /**
   * State (snapshot arrays): per slot, [collider handle (NO_HANDLE when free), its body's handle
   * (NO_HANDLE if none), bounding radius] in three blocks of `slots`; and per (arm body, slot)
   * pair the kind the last detect reported (0 none), for the `started` flag.
   */
  readonly slotState: Float64Array;
  readonly prev: Uint8Array;
  private readonly handle: Float64Array;
  private readonly owner: Float64Array;
  private readonly bound: Float64Array;
  // Objects fetched by handle (rebuilt by rebind), and scratch.
  private readonly watched: (Collider | null)[];
  private readonly ownerBody: (RigidBody | null)[];
  private readonly dist: Float64Array;
  private readonly now: Uint8Array;
  private readonly at = { x: 0, y: 0, z: 0 };
  private readonly hit: ShapeContact;

  constructor(private readonly R: Rapier, private readonly geo: ArmGeometry, private readonly capsules: Collider[],
    private readonly poses: Float64Array, readonly slots: number, readonly nearMissM: number, readonly wakeMarginM: number) {
    const pairs = geo.groupCount * slots;
    this.slotState = new Float64Array(3 * slots);
    this.handle = this.slotState.subarray(0, slots).fill(NO_HANDLE);
    this.owner = this.slotState.subarray(slots, 2 * slots).fill(NO_HANDLE);
    this.bound = this.slotState.subarray(2 * slots);
    this.watched = new Array<Collider | null>(slots).fill(null);
    this.ownerBody = new Array<RigidBody | null>(slots).fill(null);
    this.dist = new Float64Array(pairs);
    this.prev = new Uint8Array(pairs);
    this.now = new Uint8Array(pairs);
    this.bufferLength = CONTACT_STRIDE * pairs;
    const zero = { x: 0, y: 0, z: 0 };
    this.hit = new R.ShapeContact(0, { ...zero }, { ...zero }, { ...zero }, { ...zero });
  }

  watch(collider: Collider): number {
    const slot = this.handle.indexOf(NO_HANDLE);
    if (slot < 0) throw new RangeError(`robot arm: all ${this.slots} watch slots are in use`);
    this.watched[slot] = collider;
    this.handle[slot] = collider.handle;
    this.bound[slot] = boundingRadius(this.R, collider);
    this.ownerBody[slot] = collider.parent();
    this.owner[slot] = this.ownerBody[slot]?.handle ?? NO_HANDLE;
    return slot;
  }

  unwatch(slot: number): void {
    this.watched[slot] = null;
    this.ownerBody[slot] = null;
    this.handle[slot] = NO_HANDLE;
    this.owner[slot] = NO_HANDLE;
    this.bound[slot] = 0;
    for (let g = 0; g < this.geo.groupCount; g++) this.prev[g * this.slots + slot] = 0;
  }

  /** Throws a RangeError unless every handle in a saved slotState (an f64 copy) is live in `world`. */
  checkHandles(saved: Float64Array, world: World): void {
    checkHandles('robot arm', world, 'collider', saved, 0, this.slots);
    checkHandles('robot arm', world, 'body', saved, this.slots, 2 * this.slots);
  }

  /** Fetches the watched colliders and their bodies from `world` by the handles in slotState. */
  rebind(world: World): void {
    for (let s = 0; s < this.slots; s++) {
      const h = this.handle[s], o = this.owner[s];
      this.watched[s] = h === NO_HANDLE ? null : world.getCollider(h);
      this.ownerBody[s] = h === NO_HANDLE || o === NO_HANDLE ? null : world.getRigidBody(o);
    }
  }

  /** See RobotArm.detectContacts; `skipBody` is a body handle whose colliders are ignored (NO_HANDLE: none). */
  detect(out: Float64Array, skipBody: number): number {
    if (out.length < this.bufferLength) throw new RangeError(`contact buffer needs ${this.bufferLength} numbers`);
    const W = this.slots, geo = this.geo, p = this.poses, thr = this.nearMissM, m = geo.capsuleCentre;
    this.dist.fill(Infinity);
    for (let s = 0; s < W; s++) {
      const other = this.watched[s];
      if (!other || (skipBody !== NO_HANDLE && this.owner[s] === skipBody)) continue;
      const t = other.translation(this.at);
      let sleeper = this.ownerBody[s];
      for (let c = 0; c < geo.capsuleCount; c++) {
        const g = geo.capsuleGroup[c], o = geo.groupRoot[g] * POSE_STRIDE, i = 3 * c;
        const dx = p[o] * m[i] + p[o + 1] * m[i + 1] + p[o + 2] * m[i + 2] + p[o + 3] - t.x;
        const dy = p[o + 4] * m[i] + p[o + 5] * m[i + 1] + p[o + 6] * m[i + 2] + p[o + 7] - t.y;
        const dz = p[o + 8] * m[i] + p[o + 9] * m[i + 1] + p[o + 10] * m[i + 2] + p[o + 11] - t.z;
        const reach = geo.capsuleBound[c] + this.bound[s] + thr + 1e-4, d2 = dx * dx + dy * dy + dz * dz; // + f32 margin
        if (sleeper && d2 <= (reach + this.wakeMarginM) ** 2) {
          if (sleeper.isDynamic() && sleeper.isSleeping()) sleeper.wakeUp();
          sleeper = null;
        }
        if (d2 > reach * reach) continue;
        const hit = this.capsules[c].contactCollider(other, thr, this.hit);
        if (hit && hit.distance < this.dist[g * W + s]) this.dist[g * W + s] = hit.distance;
      }
    }
    let count = 0;
    this.now.fill(0);
    for (let g = 0; g < geo.groupCount; g++) {
      for (let s = 0; s < W; s++) {
        const d = this.dist[g * W + s];
        if (!(d < thr)) continue;
        const kind = d <= 0 ? ContactKind.contact : ContactKind.nearMiss, o = CONTACT_STRIDE * count++;
        out[o] = kind; out[o + 1] = geo.groupRoot[g]; out[o + 2] = s; out[o + 3] = d;
        out[o + 4] = this.prev[g * W + s] === kind ? 0 : 1;
        this.now[g * W + s] = kind;
      }
    }
    this.prev.set(this.now); // copied, not swapped: prev is a state view that must keep its identity
    return count;
  }
}

/** Radius of a sphere about the collider's translation that holds its shape (Infinity if unknown). */
function boundingRadius(R: Rapier, c: Collider): number {
  const S = R.ShapeType, type = c.shapeType();
  if (type === S.Ball) return c.radius();
  if (type === S.Capsule) return c.halfHeight() + c.radius();
  if (type === S.Cylinder) return Math.hypot(c.halfHeight(), c.radius());
  if (type === S.Cuboid || type === S.RoundCuboid) {
    const h = c.halfExtents()!;
    return Math.hypot(h.x, h.y, h.z) + (type === S.RoundCuboid ? c.roundRadius() : 0);
  }
  return Infinity;
}
