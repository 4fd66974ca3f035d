/**
 * A humanoid agent in a Rapier world (issue 4, item 5; DESIGN §4): 15 capsule links, each a
 * kinematic position-based body driven from computed poses (the JS API's motorised joints sag and
 * its multibodies expose no motors, so humanoid links are posed like robot links). Standalone on
 * a given world; PhysicsWorld integration comes later.
 *
 *   const h = createHumanoid(R, world, { heightM: 1.75, position: [0, 0] });
 *   const seconds = h.walkAlong([[0, 0], [4.5, 0], [4.5, 3]], 1.2);  // 6.25 s, = length / speed
 *   h.poseArms([5.0, 3.4, 1.0]);          // applied on arrival; returns whether it can reach
 *   h.update(t);  world.step();           // per step: poses for time t, then Rapier moves there
 *
 * update(t) writes every link pose for time t into `poses` and hands them to Rapier with
 * setNextKinematicTranslation / setNextKinematicRotation (rapier.rs JS guide, "Rigid-body type":
 * a position-based kinematic body's velocity is deduced from its next position, so dynamic parts it
 * touches are pushed realistically); after world.step() the bodies are at the poses for t. In a
 * PhysicsWorld step k → k+1, call update(stepTimeUs(k + 1) / 1e6) before the Rapier step.
 * No objects or arrays are allocated per update (scratch typed arrays; V8 still boxes a few double
 * arguments, ≈ 11 B per update measured). Kinematic–kinematic and kinematic–fixed pairs make no
 * contacts: the links overlap each other and the floor freely; only dynamic bodies feel them.
 *
 * Walking: the pelvis moves along the polyline at constant speed by arc length and faces the
 * direction of travel (turning smoothly within TURN_HALF_M of a vertex); feet follow a distance-
 * locked gait cycle (humanoid-gait.ts) that ramps in over the first step and out over the last, the
 * pelvis sinks by a few centimetres while walking so the leading leg reaches its heel strike, the
 * trailing heel rises about the toe, and the legs are solved by two-link IK with knees forward.
 * Arms counter-swing (each arm in phase with the opposite leg).
 *
 * Snapshots (agent-state.ts): all mutable state — walk (path, speed, start, duration, stride,
 * drop), rest pose, work point, last update time, reach report, body handles and link poses —
 * lives in the typed arrays of `stateArrays()`; `restoreState` / `rebind` continue a humanoid in
 * the World that `World.restoreSnapshot` returns.
 */
import type { RigidBody, World } from '@dimforge/rapier3d-deterministic-compat';
import { checkHandles, checkShape, copyState, f64Of, type AgentState } from './agent-state';
import { FRAME_STRIDE } from './frame';
import {
  ELBOW_MAX_FLEX_RAD, KNEE_MAX_FLEX_RAD, LEG_EXTENSION, LINK_COUNT, Link, POSE_STRIDE, Reach, armBase,
  computeDims, jointTable, legBase, solveTwoLink, writeLinkPose, writePoseBasis, type BodyDims, type JointSpec,
} from './humanoid-body';
import {
  HEEL_STRIKE_AHEAD, PathBuffer, checkWalk, footPhase, heelRaiseRad, samplePath, smoothstep,
  stepLengthM, walkDurationSeconds, type FloorPath,
} from './humanoid-gait';
import type { Rapier } from './rapier';

export { walkDurationSeconds, type FloorPath } from './humanoid-gait';
export { LINK_COUNT, LINK_NAMES, Link, POSE_STRIDE } from './humanoid-body';

export type HumanoidState = 'idle' | 'walking' | 'working';
/** State codes written into frame entries (slot 7). */
export const HumanoidCode = { idle: 1, walking: 2, working: 3 } as const;

export interface HumanoidOptions {
  /** Body height H, metres (default 1.75); every segment scales with it. */
  heightM?: number;
  /** Initial floor position of the pelvis, [x, y] metres (default [0, 0]). */
  position?: readonly [number, number];
  /** Initial heading, rad from +x toward +y (default 0). */
  headingRad?: number;
  /** Most points a walking path may have (fixed storage for snapshots; 40 bytes each). Default 64. */
  maxPathPoints?: number;
}

export interface ReachReport {
  /** Both hands reach their points within the elbow's range. */
  reachable: boolean;
  /** How far each hand's centre stays from its point, metres (0 when reachable). */
  leftMissM: number;
  rightMissM: number;
}

/** Swing-foot lift at mid-swing, fraction of H (≈ 5 cm at 1.75 m; a modelling choice). */
const FOOT_LIFT_H = 0.03;
/** Largest heel raise about the toe (a modelling cap; beyond it the foot leaves the floor early). */
const MAX_HEEL_PITCH_RAD = (60 * Math.PI) / 180;
/**
 * Arm swing at free speed, rounded to the order reported by Murray, Sepic & Barnard, "Patterns of
 * sagittal rotation of the upper limbs in walking", Phys. Ther. 47(4), 1967: shoulder ≈ ±16°, elbow
 * flexed ≈ 20°; standing elbows relaxed at 8°.
 */
const ARM_SWING_RAD = (16 * Math.PI) / 180;
const ELBOW_WALK_RAD = (20 * Math.PI) / 180;
const ELBOW_STAND_RAD = (8 * Math.PI) / 180;
/** Reaching elbows bend down and this much outward (pole direction −z + 0.4·outward). */
const ELBOW_OUTWARD = 0.4;

/**
 * Scalars at the start of the core state array: the walk (walking 0/1, speed m/s, start and
 * duration s, stride and pelvis drop m), the rest pose, the work point [x, y, z, hand spacing],
 * the last update time, and the last arm solve (miss m and Reach code per side).
 */
const S = {
  walking: 0, speedMps: 1, startS: 2, durationS: 3, strideM: 4, dropM: 5, restX: 6, restY: 7, restHeading: 8,
  hasWork: 9, work: 10, t: 14, miss: 15, codes: 17,
} as const;
const SCALARS = 19;
const HEADER_FIELDS = ['format', 'format version', 'links', 'maxPathPoints', 'height (m)'];
const FORMAT_HUMANOID = 0x48554d; // 'HUM'
const FORMAT_VERSION = 1;

export function createHumanoid(R: Rapier, world: World, options: HumanoidOptions = {}): Humanoid {
  return new Humanoid(R, world, options);
}

export class Humanoid implements AgentState {
  readonly dims: BodyDims;
  /** The 14 joints with their points in both links' frames (for checks and renderers). */
  readonly joints: readonly JointSpec[];
  /** Link poses [x, y, z, qx, qy, qz, qw] × LINK_COUNT in Link order, written by update(). Read-only. */
  readonly poses: Float64Array;
  /** Rapier rigid-body handles, one per link, in Link order. A read-only view (restore rewrites it). */
  readonly bodyHandles: Float64Array;
  // State (stateArrays): header; core = [scalars S | body handles | poses]; the walking path.
  private readonly header: Float64Array;
  private readonly core = new Float64Array(SCALARS + LINK_COUNT + LINK_COUNT * POSE_STRIDE);
  private readonly st = this.core.subarray(0, SCALARS);
  private readonly work = this.st.subarray(S.work, S.work + 4); // x, y, z, hand spacing
  private readonly miss = this.st.subarray(S.miss, S.miss + 2);
  private readonly codes = this.st.subarray(S.codes, S.codes + 2);
  private readonly path: PathBuffer;
  // Objects fetched by handle (rebuilt by rebind), and scratch.
  private readonly bodies: RigidBody[] = [];
  private readonly s = new Float64Array(12);   // path samples and gait phase
  private readonly ik = new Float64Array(10);  // solveTwoLink output
  private readonly swing = new Float64Array(2); // normalised arm swing per side
  private readonly vec = { x: 0, y: 0, z: 0 };
  private readonly rot = { x: 0, y: 0, z: 0, w: 1 };

  constructor(R: Rapier, world: World, options: HumanoidOptions = {}) {
    const H = options.heightM ?? 1.75;
    if (!(Number.isFinite(H) && H > 0.5 && H < 3)) throw new RangeError(`humanoid height must be in (0.5, 3) m, got ${H}`);
    const [x, y] = options.position ?? [0, 0];
    const heading = options.headingRad ?? 0;
    if (![x, y, heading].every(Number.isFinite)) throw new RangeError('humanoid position and heading must be finite');
    const maxPathPoints = options.maxPathPoints ?? 64;
    this.path = new PathBuffer(maxPathPoints);
    this.dims = computeDims(H);
    this.joints = jointTable(this.dims);
    this.bodyHandles = this.core.subarray(SCALARS, SCALARS + LINK_COUNT);
    this.poses = this.core.subarray(SCALARS + LINK_COUNT);
    this.header = Float64Array.from([FORMAT_HUMANOID, FORMAT_VERSION, LINK_COUNT, maxPathPoints, H]);
    this.st[S.restX] = x; this.st[S.restY] = y; this.st[S.restHeading] = heading;
    this.computePose();
    const P = this.poses;
    for (let k = 0; k < LINK_COUNT; k++) {
      const o = POSE_STRIDE * k;
      const body = world.createRigidBody(R.RigidBodyDesc.kinematicPositionBased().setTranslation(P[o], P[o + 1], P[o + 2])
        .setRotation({ x: P[o + 3], y: P[o + 4], z: P[o + 5], w: P[o + 6] }));
      world.createCollider(R.ColliderDesc.capsule(this.dims.halfHeightM[k], this.dims.radiusM[k]), body);
      this.bodies.push(body);
      this.bodyHandles[k] = body.handle;
    }
  }

  /** Simulated time of the last update, seconds. */
  get timeSeconds(): number { return this.st[S.t]; }

  get state(): HumanoidState { return this.st[S.walking] ? 'walking' : this.st[S.hasWork] ? 'working' : 'idle'; }

  /** Walking time along a path: length / speed, seconds (the value the line model uses). */
  walkDurationSeconds(path: FloorPath, speedMps: number): number { return walkDurationSeconds(path, speedMps); }

  /**
   * Starts walking along `path` (its first point should be where the humanoid stands) at constant
   * speed from `startTimeSeconds` (default: the last update time). Drops any arm target. Returns
   * the walk's duration, length / speed. At most `maxPathPoints` points (RangeError beyond).
   */
  walkAlong(path: FloorPath, speedMps: number, startTimeSeconds = this.st[S.t]): number {
    checkWalk(path, speedMps);
    if (!Number.isFinite(startTimeSeconds)) throw new RangeError('walk start time must be finite');
    const p = this.path;
    p.set(path);
    const d = this.dims, strideM = 2 * stepLengthM(speedMps, d.heightM), st = this.st;
    // Pelvis height that lets the leading leg reach its heel strike F ahead with the knee at LEG_EXTENSION.
    const F = HEEL_STRIKE_AHEAD * strideM, reach = LEG_EXTENSION * (d.thighM + d.shinM);
    st[S.dropM] = d.standPelvisM - (d.ankleHeightM + Math.sqrt(Math.max(0, reach * reach - F * F)));
    st[S.walking] = 1; st[S.speedMps] = speedMps; st[S.startS] = startTimeSeconds;
    st[S.durationS] = p.lengthM / speedMps; st[S.strideM] = strideM; st[S.hasWork] = 0;
    return st[S.durationS];
  }

  /**
   * Reaches both hands toward a work point [x, y, z] (hand centres at ± spacing/2 across the body),
   * now or, while walking, on arrival. Reports reachability from the standing pose there; an
   * unreachable point leaves the arm pointing at it, fully extended or at the elbow limit.
   */
  poseArms(target: readonly [number, number, number], handSpacingM = 0): ReachReport {
    if (!target.every(Number.isFinite) || !Number.isFinite(handSpacingM)) throw new RangeError('work point must be finite');
    const st = this.st, p = this.path;
    this.work[0] = target[0]; this.work[1] = target[1]; this.work[2] = target[2]; this.work[3] = handSpacingM;
    st[S.hasWork] = 1;
    let x = st[S.restX], y = st[S.restY], heading = st[S.restHeading];
    if (st[S.walking]) {
      this.s[2] = heading;
      samplePath(p, p.lengthM, this.s, 0);
      x = p.endX; y = p.endY; heading = this.s[2];
    }
    for (let side = 0; side < 2; side++) this.solveReach(side, x, y, this.dims.standPelvisM, heading);
    return this.reach;
  }

  /** Lowers the arms; the state returns to idle unless walking. */
  releaseArms(): void { this.st[S.hasWork] = 0; }

  /** Reach of the last arm solve (poseArms, or update while working). */
  get reach(): ReachReport {
    return { reachable: this.codes[0] === Reach.ok && this.codes[1] === Reach.ok, leftMissM: this.miss[0], rightMissM: this.miss[1] };
  }

  /**
   * Computes every link pose for time t into `poses` and sets them as the bodies' next kinematic
   * poses; `teleport` also places the bodies there at once (no velocity, e.g. after a restore).
   */
  update(timeSeconds: number, teleport = false): void {
    const st = this.st, p = this.path;
    st[S.t] = timeSeconds;
    if (st[S.walking] && timeSeconds >= st[S.startS] + st[S.durationS]) { // arrived: stand at the end, facing the last segment
      this.s[2] = st[S.restHeading];
      samplePath(p, p.lengthM, this.s, 0);
      st[S.restX] = p.endX; st[S.restY] = p.endY; st[S.restHeading] = this.s[2];
      st[S.walking] = 0;
    }
    this.computePose();
    const P = this.poses, v = this.vec, q = this.rot;
    for (let k = 0; k < LINK_COUNT; k++) {
      const o = POSE_STRIDE * k, body = this.bodies[k];
      v.x = P[o]; v.y = P[o + 1]; v.z = P[o + 2];
      q.x = P[o + 3]; q.y = P[o + 4]; q.z = P[o + 5]; q.w = P[o + 6];
      if (teleport) { body.setTranslation(v, true); body.setRotation(q, true); }
      body.setNextKinematicTranslation(v);
      body.setNextKinematicRotation(q);
    }
  }

  /** Writes LINK_COUNT frame entries [x, y, z, qx, qy, qz, qw, HumanoidCode] from `offset` (frame.ts). */
  writeFrame(out: Float32Array, offset: number): void {
    const code = HumanoidCode[this.state];
    for (let k = 0; k < LINK_COUNT; k++) {
      const o = offset + FRAME_STRIDE * k;
      for (let j = 0; j < POSE_STRIDE; j++) out[o + j] = this.poses[POSE_STRIDE * k + j];
      out[o + 7] = code;
    }
  }

  /** Removes the bodies (and their colliders) from the world. */
  removeFrom(world: World): void { for (const b of this.bodies) world.removeRigidBody(b); }

  // ---- Snapshots (agent-state.ts) ----------------------------------------------------------------

  /** [header, core (scalars, body handles, poses), path]: live views, fixed sizes. */
  stateArrays(): readonly ArrayBufferView[] { return [this.header, this.core, this.path.data]; }

  /** See AgentState.checkState: same height and path capacity, and every body handle live in `world`. */
  checkState(arrays: readonly ArrayBufferView[], world: World): void {
    checkShape('humanoid', HEADER_FIELDS, this.stateArrays(), arrays);
    checkHandles('humanoid', world, 'body', f64Of(arrays[1]), SCALARS, SCALARS + LINK_COUNT);
  }

  restoreState(arrays: readonly ArrayBufferView[], world: World): void {
    this.checkState(arrays, world);
    copyState(this.stateArrays(), arrays);
    this.rebind(world);
  }

  rebind(world: World): void {
    for (let k = 0; k < LINK_COUNT; k++) this.bodies[k] = world.getRigidBody(this.bodyHandles[k]);
  }

  /** Solves one arm toward the work point from the standing pelvis (x, y, pz, heading); result in ik. */
  private solveReach(side: number, x: number, y: number, pz: number, heading: number): void {
    const d = this.dims, sg = side === 0 ? 1 : -1, lx = -Math.sin(heading), ly = Math.cos(heading);
    const half = (sg * this.work[3]) / 2;
    this.codes[side] = solveTwoLink(this.ik, x + sg * d.shoulderHalfM * lx, y + sg * d.shoulderHalfM * ly, pz + d.torsoM,
      this.work[0] + half * lx, this.work[1] + half * ly, this.work[2], d.upperArmM, d.forearmM + d.handSegM / 2,
      ELBOW_MAX_FLEX_RAD, sg * ELBOW_OUTWARD * lx, sg * ELBOW_OUTWARD * ly, -1);
    this.miss[side] = this.ik[9];
  }

  private computePose(): void {
    const d = this.dims, P = this.poses, s = this.s, ik = this.ik, st = this.st, path = this.path, w = st[S.walking] === 1;
    const strideM = st[S.strideM];
    let x = st[S.restX], y = st[S.restY], psi = st[S.restHeading], dist = 0, env = 0;
    if (w) {
      const L = path.lengthM;
      dist = Math.min(L, Math.max(0, st[S.speedMps] * (st[S.t] - st[S.startS])));
      s[2] = psi;
      samplePath(path, dist, s, 0);
      x = s[0]; y = s[1]; psi = s[2];
      env = smoothstep(Math.min(dist, L - dist) / (strideM / 2)); // gait ramps in/out over one step
    }
    const fx = Math.cos(psi), fy = Math.sin(psi), lx = -fy, ly = fx;
    const pz = d.standPelvisM - (w ? env * st[S.dropM] : 0), hh = d.hipHalfM;
    writeLinkPose(P, Link.pelvis, x - hh * lx, y - hh * ly, pz, x + hh * lx, y + hh * ly, pz, fx, fy, 0);
    const nz = pz + d.torsoM;
    writeLinkPose(P, Link.torso, x, y, pz, x, y, nz, fx, fy, 0);
    writeLinkPose(P, Link.head, x, y, nz, x, y, nz + d.headSegM, fx, fy, 0);

    // Legs: footprint → toe centre → heel raise → ankle target → IK (knee toward the body's front).
    const rFoot = d.radiusM[Link.footL], lambda = d.footLengthM / 2 - rFoot + d.ankleBackM;
    const rho = Math.hypot(lambda, d.ankleUpM), alpha0 = Math.atan2(d.ankleUpM, lambda);
    const reach = LEG_EXTENSION * (d.thighM + d.shinM);
    for (let side = 0; side < 2; side++) {
      const sg = side === 0 ? 1 : -1, g = legBase(side);
      const hx = x + sg * hh * lx, hy = y + sg * hh * ly;
      let px = x, py = y, ph = psi, lift = 0;
      this.swing[side] = 0;
      if (w) {
        footPhase(dist, strideM, side, s, 3); // s[3] foot − pelvis arc, s[4] lift, s[5] phase
        s[8] = psi;
        samplePath(path, dist + env * s[3], s, 6);
        px = s[6]; py = s[7]; ph = s[8];
        lift = env * s[4] * FOOT_LIFT_H * d.heightM;
        // Arm of this side: most forward at this foot's toe-off (p = 0), most back half a cycle later.
        this.swing[side] = env * Math.cos(2 * Math.PI * s[5]);
      }
      const ffx = Math.cos(ph), ffy = Math.sin(ph);
      px -= sg * hh * ffy; py += sg * hh * ffx; // footprint (ankle when flat) beside the path
      const tcx = px + lambda * ffx, tcy = py + lambda * ffy, tcz = rFoot + lift;
      const rx = hx - tcx, ry = hy - tcy, rz = pz - tcz;
      const alpha = heelRaiseRad(rx * ffx + ry * ffy, ry * ffx - rx * ffy, rz, rho, alpha0, reach, MAX_HEEL_PITCH_RAD);
      const ca = rho * Math.cos(alpha);
      solveTwoLink(ik, hx, hy, pz, tcx - ca * ffx, tcy - ca * ffy, tcz + rho * Math.sin(alpha),
        d.thighM, d.shinM, KNEE_MAX_FLEX_RAD, fx, fy, 0);
      const kx = ik[0], ky = ik[1], kz = ik[2], ax = ik[3], ay = ik[4], az = ik[5], nx = ik[6], ny = ik[7], nzz = ik[8];
      writeLinkPose(P, g, hx, hy, pz, kx, ky, kz, nx, ny, nzz);
      writeLinkPose(P, g + 1, kx, ky, kz, ax, ay, az, nx, ny, nzz);
      // Foot pitched heel-up by φ about its lateral axis: y toward the toes, z its sole normal.
      const phi = alpha - alpha0, cp = Math.cos(phi), sp = Math.sin(phi);
      const eyx = cp * ffx, eyy = cp * ffy, eyz = -sp, ezx = sp * ffx, ezy = sp * ffy, ezz = cp;
      writePoseBasis(P, POSE_STRIDE * (g + 2),
        ax + d.ankleBackM * eyx - d.ankleUpM * ezx, ay + d.ankleBackM * eyy - d.ankleUpM * ezy, az + d.ankleBackM * eyz - d.ankleUpM * ezz,
        eyy * ezz - eyz * ezy, eyz * ezx - eyx * ezz, eyx * ezy - eyy * ezx, eyx, eyy, eyz);
    }

    // Arms: reach toward the work point when standing at it, otherwise hang and counter-swing.
    const reaching = !w && st[S.hasWork] === 1, bEnd = d.forearmM + d.handSegM / 2;
    for (let side = 0; side < 2; side++) {
      const sg = side === 0 ? 1 : -1, a = armBase(side);
      const sx = x + sg * d.shoulderHalfM * lx, sy = y + sg * d.shoulderHalfM * ly;
      let ex: number, ey: number, ez: number, ux: number, uy: number, uz: number, rx = lx, ry = ly, rz = 0;
      if (reaching) {
        this.solveReach(side, x, y, pz, psi);
        ex = ik[0]; ey = ik[1]; ez = ik[2];
        ux = (ik[3] - ex) / bEnd; uy = (ik[4] - ey) / bEnd; uz = (ik[5] - ez) / bEnd;
        rx = ik[6]; ry = ik[7]; rz = ik[8];
      } else {
        // Each arm swings against the leg on its own side, i.e. with the opposite leg.
        const theta = ARM_SWING_RAD * this.swing[side], eps = ELBOW_STAND_RAD + env * (ELBOW_WALK_RAD - ELBOW_STAND_RAD);
        const s1 = Math.sin(theta), s2 = Math.sin(theta + eps);
        ex = sx + d.upperArmM * s1 * fx; ey = sy + d.upperArmM * s1 * fy; ez = nz - d.upperArmM * Math.cos(theta);
        ux = s2 * fx; uy = s2 * fy; uz = -Math.cos(theta + eps);
      }
      const wx = ex + d.forearmM * ux, wy = ey + d.forearmM * uy, wz = ez + d.forearmM * uz;
      writeLinkPose(P, a, sx, sy, nz, ex, ey, ez, rx, ry, rz);
      writeLinkPose(P, a + 1, ex, ey, ez, wx, wy, wz, rx, ry, rz);
      writeLinkPose(P, a + 2, wx, wy, wz, wx + d.handSegM * ux, wy + d.handSegM * uy, wz + d.handSegM * uz, rx, ry, rz);
    }
  }
}
