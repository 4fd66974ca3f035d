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
 */
import type { Collider, RigidBody, World } from '@dimforge/rapier3d-deterministic-compat';
import { createPoseBuffer, forwardKinematics, jointLimitsViolated } from '../kinematics/fk';
import { POSE_STRIDE, findLink, type RobotModel } from '../kinematics/model';
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
}

export function createRobotArm(R: Rapier, world: World, model: RobotModel, base: BasePose,
  options: RobotArmOptions = {}): RobotArm {
  return new RobotArm(R, world, model, basePoseMatrix(base), options);
}

export class RobotArm {
  readonly model: RobotModel;
  readonly geometry: ArmGeometry;
  readonly radiusM: number;
  readonly nearMissM: number;
  readonly flangeLink: number;
  readonly dt: number;
  /** FK poses of every link for the last applied q (createPoseBuffer layout). Read-only. */
  readonly poses: Float64Array;
  /** Floats a detectContacts buffer needs: CONTACT_STRIDE · groups · maxWatched. */
  readonly contactBufferLength: number;
  private readonly R: Rapier;
  private readonly world: World;
  private readonly base: Float64Array;
  private readonly bodies: RigidBody[] = [];
  private readonly capsules: Collider[] = [];
  private readonly q: Float64Array;
  private readonly lastQ: Float64Array;
  private violations = 0;
  private idle = false;
  // Trajectory: times (s) and waypoints (dof per row), sampled at (step index) · dt.
  private trajT = new Float64Array(0);
  private trajQ = new Float64Array(0);
  private trajCount = 0;
  private trajStep = 0;
  private trajCursor = 0;
  private following = false;
  // Grasp: the held body, its offset from the flange, its last two targets [x y z qx qy qz qw].
  private held: RigidBody | null = null;
  private readonly offset = new Float64Array(16);
  private readonly partNow = new Float64Array(7);
  private readonly partPrev = new Float64Array(7);
  private readonly contacts: ContactWatch;
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
    if (!(this.radiusM > 0) || !(this.nearMissM >= 0) || !(this.dt > 0)) throw new RangeError('robot arm: radius and step must be > 0, near-miss distance ≥ 0');
    const flange = options.flangeLink ?? (findLink(model, 'tool0') >= 0 ? 'tool0' : model.linkNames[model.linkCount - 1]);
    this.flangeLink = findLink(model, flange);
    if (this.flangeLink < 0) throw new RangeError(`robot arm: no link "${flange}" in ${model.file}`);
    this.geometry = armGeometry(model, this.radiusM);
    this.q = new Float64Array(model.dofCount);
    if (options.q) this.copyQ(options.q, this.q);
    this.lastQ = Float64Array.from(this.q);
    this.poses = createPoseBuffer(model);
    forwardKinematics(model, this.q, this.poses, this.base);
    this.countViolations();
    this.buildBodies();
    // Wake margin: Rapier's contact prediction distance plus one step of a link moving at 3 m/s.
    const wake = world.integrationParameters.normalizedPredictionDistance * world.lengthUnit + 3 * this.dt;
    this.contacts = new ContactWatch(R, this.geometry, this.capsules, this.poses, options.maxWatched ?? 64, this.nearMissM, wake);
    this.contactBufferLength = this.contacts.bufferLength;
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
    }
    for (let c = 0; c < geo.capsuleCount; c++) {
      const i = 3 * c, a = geo.capsuleA, b = geo.capsuleB;
      const dx = b[i] - a[i], dy = b[i + 1] - a[i + 1], dz = b[i + 2] - a[i + 2], len = Math.hypot(dx, dy, dz);
      const desc = len === 0 ? R.ColliderDesc.ball(r)
        : R.ColliderDesc.capsule(len / 2, r).setRotation(capsuleRotation(dx / len, dy / len, dz / len));
      desc.setTranslation(a[i] + dx / 2, a[i + 1] + dy / 2, a[i + 2] + dz / 2);
      this.capsules.push(this.world.createCollider(desc, this.bodies[geo.capsuleGroup[c]]));
    }
  }

  /** Sets q (copied; one value per degree of freedom) and stops any trajectory. Limits are not enforced. */
  setJointPositions(q: ArrayLike<number>): void {
    this.copyQ(q, this.q);
    this.following = false;
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
   */
  followTrajectory(times: ArrayLike<number>, q: ArrayLike<number>): void {
    const n = times.length, dof = this.model.dofCount;
    if (n < 1 || q.length !== n * dof) throw new RangeError(`trajectory: ${n} times need ${n * dof} joint values, got ${q.length}`);
    for (let i = 0; i < n; i++) {
      if (!(times[i] >= 0 && Number.isFinite(times[i])) || (i > 0 && !(times[i] > times[i - 1]))) {
        throw new RangeError(`trajectory: times must be finite, ≥ 0 and strictly increasing (index ${i})`);
      }
    }
    if (this.trajT.length < n) { this.trajT = new Float64Array(n); this.trajQ = new Float64Array(n * dof); }
    for (let i = 0; i < n; i++) this.trajT[i] = times[i];
    this.copyQ(q, this.trajQ.subarray(0, n * dof));
    this.trajCount = n; this.trajStep = 0; this.trajCursor = 0; this.following = true;
  }

  /** Whether a trajectory is still running (false once its last waypoint has been reached). */
  get trajectoryActive(): boolean { return this.following; }

  /** How many joints are outside their limits at the current q (no allocation; see jointLimitsViolated). */
  get limitViolationCount(): number { return this.violations; }

  /** The degrees of freedom outside their limits (kinematics/fk.ts; allocates, not for every step). */
  jointLimitsViolated(tolerance = 0): number[] {
    return jointLimitsViolated(this.model, this.q, tolerance);
  }

  /** Sub-step 1: poses every moving body (and a held part) for the end of the coming world step. */
  applyPoses(): void {
    if (this.following) this.sampleTrajectory();
    let changed = false;
    for (let d = 0; d < this.q.length; d++) if (this.q[d] !== this.lastQ[d]) { changed = true; break; }
    if (!changed) {
      this.idle = true;
      this.partPrev.set(this.partNow); // a still flange: a release now hands over zero velocity
      return;
    }
    this.lastQ.set(this.q);
    forwardKinematics(this.model, this.q, this.poses, this.base);
    const geo = this.geometry, p = this.poses;
    for (let g = 1; g < geo.groupCount; g++) {
      const body = this.bodies[g], o = geo.groupRoot[g] * POSE_STRIDE;
      if (this.idle) body.wakeUp(); // a kinematic body left still falls asleep and ignores targets (drive.ts)
      quatFromPose(p, o, this.quat, 0);
      this.vec.x = p[o + 3]; this.vec.y = p[o + 7]; this.vec.z = p[o + 11];
      body.setNextKinematicTranslation(this.vec);
      body.setNextKinematicRotation(this.rotation());
    }
    if (this.held) {
      mulPose(p, this.flangeLink * POSE_STRIDE, this.offset, 0, this.m4, 0);
      this.partPrev.set(this.partNow);
      quatFromPose(this.m4, 0, this.partNow, 3);
      this.vec.x = this.partNow[0] = this.m4[3]; this.vec.y = this.partNow[1] = this.m4[7]; this.vec.z = this.partNow[2] = this.m4[11];
      if (this.idle) this.held.wakeUp();
      for (let k = 0; k < 4; k++) this.quat[k] = this.partNow[3 + k];
      this.held.setNextKinematicTranslation(this.vec);
      this.held.setNextKinematicRotation(this.rotation());
    }
    this.idle = false;
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
    return this.contacts.detect(out, this.held ? this.held.handle : -2);
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

  private sampleTrajectory(): void {
    const T = this.trajT, n = this.trajCount, dof = this.model.dofCount, Q = this.trajQ;
    const t = ++this.trajStep * this.dt;
    if (t >= T[n - 1] - 1e-9) { // 1 ns: a T of whole steps ends on its step despite rounding in n · dt
      for (let d = 0; d < dof; d++) this.q[d] = Q[(n - 1) * dof + d];
      this.following = false;
    } else if (t <= T[0]) {
      for (let d = 0; d < dof; d++) this.q[d] = Q[d];
    } else {
      while (T[this.trajCursor + 1] < t) this.trajCursor++;
      const i = this.trajCursor, s = (t - T[i]) / (T[i + 1] - T[i]);
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
    this.violations = count;
  }

  private copyQ(src: ArrayLike<number>, dst: Float64Array): void {
    if (src.length !== dst.length) throw new RangeError(`joint values: expected ${dst.length}, got ${src.length}`);
    for (let k = 0; k < src.length; k++) {
      if (!Number.isFinite(src[k])) throw new RangeError(`joint values: entry ${k} is not a finite number`);
      dst[k] = src[k];
    }
  }

  private rotation(): { x: number; y: number; z: number; w: number } {
    const r = this.rot, q = this.quat;
    r.x = q[0]; r.y = q[1]; r.z = q[2]; r.w = q[3];
    return r;
  }
}

