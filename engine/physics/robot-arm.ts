/**
 * RobotArm: a URDF arm driven kinematically in a Rapier world (DESIGN §4, issue 4 item 4).
 * Motorised joints sag under load in Rapier's JS API, so every moving link is a kinematic
 * position-based body whose next pose comes from forward kinematics (engine/kinematics/fk.ts);
 * Rapier derives its velocity from that pose, so the links push dynamic parts realistically
 * (rapier.rs user guide, "Rigid-body type": position-based kinematic bodies). Standalone: it works
 * on any Rapier world, so PhysicsWorld can own arms later.
 *
 * Per step, in this order:
 *   1. `applyPoses()`: sample the trajectory (if any), FK, set the next kinematic pose of every
 *      moving body and of a held part; skipped when q has not changed, so a still arm can sleep;
 *   2. the caller's `world.step()` (kinematic bodies end the step exactly at their targets);
 *   3. `detectContacts(out)`: contacts and near misses between the arm's capsules and the watched
 *      colliders, measured on the poses the step ended with; it also wakes sleeping watched parts
 *      an arm is about to reach (see ContactWatch in robot-geometry.ts for why).
 * Units: metres, radians, seconds; world z up (docs/physics.md). No allocation per step in steady
 * state: FK, quaternions and contacts go through buffers allocated here once (Rapier's own binding
 * wraps a WASM result object for each query that finds something within the threshold).
 *
 * Snapshots (agent-state.ts): all mutable state lives in the typed arrays of `stateArrays()`
 * (header, core, trajectory, watch slots, watch kinds), Rapier objects by handle; `restoreState` /
 * `rebind` continue an arm in the World that `World.restoreSnapshot` returns.
 */
import type { Collider, RigidBody, World } from '@dimforge/rapier3d-deterministic-compat';
import { forwardKinematics, jointLimitsViolated } from '../kinematics/fk';
import { POSE_STRIDE, findLink, type RobotModel } from '../kinematics/model';
import { NO_HANDLE, checkHandles, checkShape, copyState, f64Of, fingerprint, type AgentState } from './agent-state';
import type { Rapier } from './rapier';
import { ContactWatch, armGeometry, basePoseMatrix, capsuleRotation, invertPose, mulPose, poseFromTQ, quatFromPose,
  velocityBetween, type ArmGeometry, type BasePose } from './robot-geometry';
import { STEP_SECONDS } from './time';

export { CONTACT_STRIDE, ContactKind, type BasePose } from './robot-geometry';

export interface RobotArmOptions {
  /** Capsule radius of every link, m. Default 0.05. */
  radiusM?: number;
  /** The link a grasped part follows. Default `tool0` if the robot has one, else the last link. */
  flangeLink?: string;
  /** A watched collider closer than this (and not touching) is a near miss, m. Default 0.005. */
  nearMissM?: number;
  /** Watch slots (fixtures and parts checked for contact). Default 64. */
  maxWatched?: number;
  /** Initial joint vector; default zeros. */
  q?: ArrayLike<number>;
  /** Seconds per world step, for trajectory time and release velocity. Default 1/60 (time.ts). */
  stepSeconds?: number;
  /** Most waypoints per trajectory: fixed storage, 8 · (1 + dof) bytes each, in every snapshot. Default 2048. */
  maxWaypoints?: number;
}

/** Scalars at the start of the core state array. */
const S = { violations: 0, idle: 1, trajCount: 2, trajStep: 3, trajCursor: 4, following: 5, held: 6 } as const;
const SCALARS = 7;
/** Header entries (array 0 of stateArrays), named for RangeError messages. */
const HEADER_FIELDS = ['format', 'format version', 'degrees of freedom', 'rigid bodies', 'capsules', 'maxWaypoints',
  'watch slots', 'fingerprint (model, base, radius, flange, step, near-miss distance)'];
const FORMAT_ARM = 0x41524d; // 'ARM'
const FORMAT_VERSION = 1;

export function createRobotArm(R: Rapier, world: World, model: RobotModel, base: BasePose,
  options: RobotArmOptions = {}): RobotArm {
  return new RobotArm(R, world, model, basePoseMatrix(base), options);
}

export class RobotArm implements AgentState {
  readonly model: RobotModel;
  readonly geometry: ArmGeometry;
  readonly radiusM: number;
  readonly nearMissM: number;
  readonly flangeLink: number;
  readonly dt: number;
  readonly maxWaypoints: number;
  /** FK poses of every link for the last applied q (createPoseBuffer layout). Read-only. */
  readonly poses: Float64Array;
  /** Rapier handles of the arm's bodies (index = group, 0 the fixed base) and capsule colliders. Read-only views. */
  readonly bodyHandles: Float64Array;
  readonly colliderHandles: Float64Array;
  /** Floats a detectContacts buffer needs: CONTACT_STRIDE · groups · maxWatched. */
  readonly contactBufferLength: number;
  private readonly R: Rapier;
  private world: World;
  private readonly base: Float64Array;
  // State (stateArrays): header; core = [scalars S (violation count, idle, trajectory count, step,
  // cursor, following, held part's body handle) | body and collider handles | q | lastQ | grasp offset
  // 4×4 | held part's last two targets [x y z qx qy qz qw] | FK poses]; trajectory = [times | q rows].
  private readonly header: Float64Array;
  private readonly core: Float64Array;
  private readonly traj: Float64Array;
  private readonly c: Float64Array; // the scalars, indexed by S
  private readonly q: Float64Array;
  private readonly lastQ: Float64Array;
  private readonly offset: Float64Array;
  private readonly partNow: Float64Array;
  private readonly partPrev: Float64Array;
  private readonly trajT: Float64Array;
  private readonly trajQ: Float64Array;
  private readonly contacts: ContactWatch;
  // Objects fetched by handle (rebuilt by rebind).
  private readonly bodies: RigidBody[] = [];
  private readonly capsules: Collider[] = [];
  private held: RigidBody | null = null;
  // Scratch (never state).
  private readonly m4 = new Float64Array(32);
  private readonly quat = new Float64Array(4);
  private readonly vec = { x: 0, y: 0, z: 0 };
  private readonly rot = { x: 0, y: 0, z: 0, w: 1 };

  constructor(R: Rapier, world: World, model: RobotModel, base: Float64Array, options: RobotArmOptions = {}) {
    this.R = R; this.world = world; this.model = model; this.base = base;
    this.radiusM = options.radiusM ?? 0.05;
    this.nearMissM = options.nearMissM ?? 0.005;
    this.dt = options.stepSeconds ?? STEP_SECONDS;
    this.maxWaypoints = options.maxWaypoints ?? 2048;
    const slots = options.maxWatched ?? 64;
    if (!(this.radiusM > 0) || !(this.nearMissM >= 0) || !(this.dt > 0)) throw new RangeError('robot arm: radius and step must be > 0, near-miss distance ≥ 0');
    if (!(Number.isInteger(this.maxWaypoints) && this.maxWaypoints >= 1)) throw new RangeError('robot arm: maxWaypoints must be an integer ≥ 1');
    const flange = options.flangeLink ?? (findLink(model, 'tool0') >= 0 ? 'tool0' : model.linkNames[model.linkCount - 1]);
    this.flangeLink = findLink(model, flange);
    if (this.flangeLink < 0) throw new RangeError(`robot arm: no link "${flange}" in ${model.file}`);
    const geo = this.geometry = armGeometry(model, this.radiusM);
    const dof = model.dofCount, G = geo.groupCount, C = geo.capsuleCount, poseLength = model.linkCount * POSE_STRIDE;
    this.core = new Float64Array(SCALARS + G + C + 2 * dof + 16 + 14 + poseLength);
    let o = 0;
    const take = (n: number) => this.core.subarray(o, (o += n));
    this.c = take(SCALARS); this.bodyHandles = take(G); this.colliderHandles = take(C);
    this.q = take(dof); this.lastQ = take(dof); this.offset = take(16);
    this.partNow = take(7); this.partPrev = take(7); this.poses = take(poseLength);
    this.traj = new Float64Array(this.maxWaypoints * (1 + dof));
    this.trajT = this.traj.subarray(0, this.maxWaypoints);
    this.trajQ = this.traj.subarray(this.maxWaypoints);
    this.c[S.held] = NO_HANDLE;
    if (options.q) this.copyQ(options.q, this.q);
    this.lastQ.set(this.q);
    forwardKinematics(model, this.q, this.poses, this.base);
    this.countViolations();
    this.buildBodies();
    // Wake margin: Rapier's contact prediction distance plus one step of a link moving at 3 m/s.
    const wake = world.integrationParameters.normalizedPredictionDistance * world.lengthUnit + 3 * this.dt;
    this.contacts = new ContactWatch(R, geo, this.capsules, this.poses, slots, this.nearMissM, wake);
    this.contactBufferLength = this.contacts.bufferLength;
    const m = model, config = Float64Array.from([this.radiusM, this.nearMissM, this.dt, this.flangeLink, m.linkCount, m.jointCount]);
    this.header = Float64Array.from([FORMAT_ARM, FORMAT_VERSION, dof, G, C, this.maxWaypoints, slots, fingerprint([config, base,
      m.jointType, m.jointParentLink, m.jointChildLink, m.jointOrigin, m.jointAxis, m.jointLower, m.jointUpper, m.dofJoint])]);
  }

  /** Bodies: group 0 (the base) fixed, the others kinematic position-based, at the FK pose of q. */
  private buildBodies(): void {
    const R = this.R, geo = this.geometry, r = this.radiusM;
    for (let g = 0; g < geo.groupCount; g++) {
      const o = geo.groupRoot[g] * POSE_STRIDE, p = this.poses;
      quatFromPose(p, o, this.quat, 0);
      const desc = g === 0 ? R.RigidBodyDesc.fixed() : R.RigidBodyDesc.kinematicPositionBased();
      desc.setTranslation(p[o + 3], p[o + 7], p[o + 11]).setRotation(this.rotation());
      this.bodies.push(this.world.createRigidBody(desc));
      this.bodyHandles[g] = this.bodies[g].handle;
    }
    for (let c = 0; c < geo.capsuleCount; c++) {
      const i = 3 * c, a = geo.capsuleA, b = geo.capsuleB;
      const dx = b[i] - a[i], dy = b[i + 1] - a[i + 1], dz = b[i + 2] - a[i + 2], len = Math.hypot(dx, dy, dz);
      const desc = len === 0 ? R.ColliderDesc.ball(r)
        : R.ColliderDesc.capsule(len / 2, r).setRotation(capsuleRotation(dx / len, dy / len, dz / len));
      desc.setTranslation(a[i] + dx / 2, a[i + 1] + dy / 2, a[i + 2] + dz / 2);
      this.capsules.push(this.world.createCollider(desc, this.bodies[geo.capsuleGroup[c]]));
      this.colliderHandles[c] = this.capsules[c].handle;
    }
  }

  /** Sets q (copied; one value per degree of freedom) and stops any trajectory. Limits are not enforced. */
  setJointPositions(q: ArrayLike<number>): void {
    this.copyQ(q, this.q);
    this.c[S.following] = 0;
    this.countViolations();
  }

  /** Copies the current commanded joint vector into `out`. */
  jointPositions(out: Float64Array): Float64Array { out.set(this.q); return out; }

  /**
   * Follows waypoints `q` (row i = the dof values at `times[i]`, seconds, strictly increasing,
   * ≥ 0) from the next applyPoses on. The n-th applyPoses after this call poses the arm for the
   * end of its step, t = n · dt, by linear interpolation in joint space between the waypoints
   * around t; before times[0] the arm holds waypoint 0, from times[last] on the last waypoint (the
   * trajectory is then done: it ends on the first step whose end is at or after times[last]).
   * Start at the current q with times[0] = 0 to avoid a jump. No velocity limits are applied.
   * At most `maxWaypoints` waypoints (RangeError beyond); nothing changes when the input is refused.
   */
  followTrajectory(times: ArrayLike<number>, q: ArrayLike<number>): void {
    const n = times.length, dof = this.model.dofCount;
    if (n < 1 || q.length !== n * dof) throw new RangeError(`trajectory: ${n} times need ${n * dof} joint values, got ${q.length}`);
    if (n > this.maxWaypoints) throw new RangeError(`trajectory: ${n} waypoints, this arm holds at most ${this.maxWaypoints} (RobotArmOptions.maxWaypoints)`);
    for (let i = 0; i < n; i++) {
      if (!(times[i] >= 0 && Number.isFinite(times[i])) || (i > 0 && !(times[i] > times[i - 1]))) {
        throw new RangeError(`trajectory: times must be finite, ≥ 0 and strictly increasing (index ${i})`);
      }
    }
    this.checkQ(q, n * dof);
    for (let i = 0; i < n; i++) this.trajT[i] = times[i];
    this.copyQ(q, this.trajQ.subarray(0, n * dof));
    const c = this.c;
    c[S.trajCount] = n; c[S.trajStep] = 0; c[S.trajCursor] = 0; c[S.following] = 1;
  }

  /** Whether a trajectory is still running (false once its last waypoint has been reached). */
  get trajectoryActive(): boolean { return this.c[S.following] === 1; }

  /** How many joints are outside their limits at the current q (no allocation; see jointLimitsViolated). */
  get limitViolationCount(): number { return this.c[S.violations]; }

  /** The degrees of freedom outside their limits (kinematics/fk.ts; allocates, not for every step). */
  jointLimitsViolated(tolerance = 0): number[] {
    return jointLimitsViolated(this.model, this.q, tolerance);
  }

  /** Sub-step 1: poses every moving body (and a held part) for the end of the coming world step. */
  applyPoses(): void {
    const c = this.c;
    if (c[S.following] === 1) this.sampleTrajectory();
    let changed = false;
    for (let d = 0; d < this.q.length; d++) if (this.q[d] !== this.lastQ[d]) { changed = true; break; }
    if (!changed) {
      c[S.idle] = 1;
      this.partPrev.set(this.partNow); // a still flange: a release now hands over zero velocity
      return;
    }
    const idle = c[S.idle] === 1;
    this.lastQ.set(this.q);
    forwardKinematics(this.model, this.q, this.poses, this.base);
    const geo = this.geometry, p = this.poses;
    for (let g = 1; g < geo.groupCount; g++) {
      const body = this.bodies[g], o = geo.groupRoot[g] * POSE_STRIDE;
      if (idle) body.wakeUp(); // a kinematic body left still falls asleep and ignores targets (drive.ts)
      quatFromPose(p, o, this.quat, 0);
      this.vec.x = p[o + 3]; this.vec.y = p[o + 7]; this.vec.z = p[o + 11];
      body.setNextKinematicTranslation(this.vec);
      body.setNextKinematicRotation(this.rotation());
    }
    const held = this.held;
    if (held) {
      mulPose(p, this.flangeLink * POSE_STRIDE, this.offset, 0, this.m4, 0);
      this.partPrev.set(this.partNow);
      quatFromPose(this.m4, 0, this.partNow, 3);
      this.vec.x = this.partNow[0] = this.m4[3]; this.vec.y = this.partNow[1] = this.m4[7]; this.vec.z = this.partNow[2] = this.m4[11];
      if (idle) held.wakeUp();
      for (let k = 0; k < 4; k++) this.quat[k] = this.partNow[3 + k];
      held.setNextKinematicTranslation(this.vec);
      held.setNextKinematicRotation(this.rotation());
    }
    c[S.idle] = 0;
  }

  /**
   * Grasps `part`: it becomes kinematic and from the next applyPoses on follows the flange rigidly
   * at the offset it has now (flange⁻¹ · part, from the current FK and the body's pose).
   */
  attach(part: RigidBody): void {
    if (this.held) throw new Error('robot arm: already holding a part (release it first)');
    const t = part.translation(), r = part.rotation();
    poseFromTQ(t.x, t.y, t.z, r.x, r.y, r.z, r.w, this.m4, 0);
    invertPose(this.poses, this.flangeLink * POSE_STRIDE, this.m4, 16);
    mulPose(this.m4, 16, this.m4, 0, this.offset, 0);
    this.partNow[0] = t.x; this.partNow[1] = t.y; this.partNow[2] = t.z;
    this.partNow[3] = r.x; this.partNow[4] = r.y; this.partNow[5] = r.z; this.partNow[6] = r.w;
    this.partPrev.set(this.partNow);
    part.setBodyType(this.R.RigidBodyType.KinematicPositionBased, true);
    this.held = part;
    this.c[S.held] = part.handle;
  }

  /**
   * Lets go of the held part (null if none): dynamic again, with the velocity the flange gave it
   * over the last step, (pose now − pose before) / dt, linear and angular. Returns the part.
   */
  release(): RigidBody | null {
    const part = this.held;
    if (!part) return null;
    const v = this.m4;
    velocityBetween(this.partNow, this.partPrev, this.dt, v);
    part.setBodyType(this.R.RigidBodyType.Dynamic, true);
    part.setLinvel({ x: v[0], y: v[1], z: v[2] }, true);
    part.setAngvel({ x: v[3], y: v[4], z: v[5] }, true);
    this.held = null;
    this.c[S.held] = NO_HANDLE;
    return part;
  }

  get holding(): RigidBody | null { return this.held; }

  /** Watches a fixture or part collider for contacts and near misses; returns its slot. */
  watch(collider: Collider): number { return this.contacts.watch(collider); }

  /** Stops watching a slot (call before removing its collider from the world). */
  unwatch(slot: number): void { this.contacts.unwatch(slot); }

  /**
   * Sub-step 3: after world.step(), writes one record per (arm body, watched collider) pair whose
   * distance is below nearMissM — kind contact when they touch or overlap (distance ≤ 0), near
   * miss otherwise — ordered by body then slot, CONTACT_STRIDE numbers each: [kind, link (the
   * body's root link index), slot, distance m, started (1 if the pair was not of this kind in the
   * previous call)]. Returns the number of records. A held part's colliders are skipped. Distances
   * are sampled at step ends: a link that moves more than an obstacle's thickness per step can
   * pass through it unseen.
   */
  detectContacts(out: Float64Array): number {
    return this.contacts.detect(out, this.c[S.held]);
  }

  /** Number of rigid bodies (group 0 is the fixed base); geometry.groupRoot gives each one's link. */
  get bodyCount(): number { return this.geometry.groupCount; }

  /** Writes body `g`'s pose as Rapier has it, [x, y, z, qx, qy, qz, qw], at `out[o…]`. */
  readBodyPose(g: number, out: Float64Array | Float32Array, o = 0): void {
    const t = this.bodies[g].translation(this.vec), r = this.bodies[g].rotation(this.rot);
    out[o] = t.x; out[o + 1] = t.y; out[o + 2] = t.z; out[o + 3] = r.x; out[o + 4] = r.y; out[o + 5] = r.z; out[o + 6] = r.w;
  }

  /** Removes the arm's bodies and colliders from the world (a held part is released first); the arm is unusable afterwards. */
  free(): void {
    this.release();
    for (const b of this.bodies) this.world.removeRigidBody(b);
    this.bodies.length = 0;
    this.capsules.length = 0;
  }

  // ---- Snapshots (agent-state.ts) ----------------------------------------------------------------

  /** [header, core, trajectory, watch slots (f64), watch kinds (u8)]: live views, fixed sizes (layout at the fields). */
  stateArrays(): readonly ArrayBufferView[] {
    return [this.header, this.core, this.traj, this.contacts.slotState, this.contacts.prev];
  }

  /** See AgentState.checkState: same model, base and options, and every handle live in `world`. */
  checkState(arrays: readonly ArrayBufferView[], world: World): void {
    checkShape('robot arm', HEADER_FIELDS, this.stateArrays(), arrays);
    const core = f64Of(arrays[1]), G = this.geometry.groupCount, C = this.geometry.capsuleCount;
    checkHandles('robot arm', world, 'body', core, SCALARS, SCALARS + G);
    checkHandles('robot arm', world, 'collider', core, SCALARS + G, SCALARS + G + C);
    checkHandles('robot arm', world, 'body', core, S.held, S.held + 1);
    this.contacts.checkHandles(f64Of(arrays[3]), world);
  }

  /** checkState, copy, rebind (see AgentState). */
  restoreState(arrays: readonly ArrayBufferView[], world: World): void {
    this.checkState(arrays, world);
    copyState(this.stateArrays(), arrays);
    this.rebind(world);
  }

  /** Fetches bodies, capsules, the held part and watched colliders from `world` by their stored handles (see AgentState). */
  rebind(world: World): void {
    this.world = world;
    const G = this.geometry.groupCount, C = this.geometry.capsuleCount;
    for (let g = 0; g < G; g++) this.bodies[g] = world.getRigidBody(this.bodyHandles[g]);
    for (let c = 0; c < C; c++) this.capsules[c] = world.getCollider(this.colliderHandles[c]);
    this.held = this.c[S.held] === NO_HANDLE ? null : world.getRigidBody(this.c[S.held]);
    this.contacts.rebind(world);
  }

  private sampleTrajectory(): void {
    const T = this.trajT, c = this.c, n = c[S.trajCount], dof = this.model.dofCount, Q = this.trajQ;
    const t = ++c[S.trajStep] * this.dt;
    if (t >= T[n - 1] - 1e-9) { // 1 ns: a T of whole steps ends on its step despite rounding in n · dt
      for (let d = 0; d < dof; d++) this.q[d] = Q[(n - 1) * dof + d];
      c[S.following] = 0;
    } else if (t <= T[0]) {
      for (let d = 0; d < dof; d++) this.q[d] = Q[d];
    } else {
      while (T[c[S.trajCursor] + 1] < t) c[S.trajCursor]++;
      const i = c[S.trajCursor], s = (t - T[i]) / (T[i + 1] - T[i]);
      for (let d = 0; d < dof; d++) this.q[d] = Q[i * dof + d] + s * (Q[(i + 1) * dof + d] - Q[i * dof + d]);
    }
    this.countViolations();
  }

  private countViolations(): void {
    let count = 0;
    for (let d = 0; d < this.model.dofCount; d++) {
      const j = this.model.dofJoint[d], v = this.q[d];
      if (!(v >= this.model.jointLower[j] && v <= this.model.jointUpper[j])) count++;
    }
    this.c[S.violations] = count;
  }

  /** Throws unless `src` has `n` finite entries (before anything is written). */
  private checkQ(src: ArrayLike<number>, n: number): void {
    if (src.length !== n) throw new RangeError(`joint values: expected ${n}, got ${src.length}`);
    for (let k = 0; k < n; k++) if (!Number.isFinite(src[k])) throw new RangeError(`joint values: entry ${k} is not a finite number`);
  }

  private copyQ(src: ArrayLike<number>, dst: Float64Array): void {
    this.checkQ(src, dst.length);
    for (let k = 0; k < src.length; k++) dst[k] = src[k];
  }

  private rotation(): { x: number; y: number; z: number; w: number } {
    const r = this.rot, q = this.quat;
    r.x = q[0]; r.y = q[1]; r.z = q[2]; r.w = q[3];
    return r;
  }
}
