/**
 * Robot arms in the physics world (issue 4, item 4), known answers:
 * - every link body, after applyPoses + step, sits at its FK pose (UR5 and Panda, several q);
 * - a joint trajectory q0 → q1 over T reaches q1 at the step that ends at T (linear in between);
 * - pick and place: a part resting on a fixture is attached at the flange, carried, released 2 cm
 *   above a target fixture, falls, lands there (within 5 mm) and sleeps;
 * - a cuboid overlapping the swept path by 3 mm gives a contact at the step geometry predicts; one
 *   3 mm clear of it gives a near miss at 3 mm and no contact;
 * - identical runs give bit-identical poses.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPoseBuffer, forwardKinematics } from '../../engine/kinematics/fk';
import { findLink, type RobotModel } from '../../engine/kinematics/model';
import { initPhysics, type Rapier } from '../../engine/physics/rapier';
import { CONTACT_STRIDE, ContactKind, createRobotArm, type RobotArm } from '../../engine/physics/robot-arm';
import { STEP_SECONDS } from '../../engine/physics/time';
import { loadRobot } from '../kinematics/robots';
import { toolDown, toolPosition } from './ur5-tool';

type World = InstanceType<Rapier['World']>;

let R: Rapier;
let ur5: RobotModel;
let panda: RobotModel;
beforeAll(async () => {
  R = await initPhysics();
  ur5 = loadRobot('ur5.urdf');
  panda = loadRobot('panda_arm.urdf');
});

const HALF_PI = Math.PI / 2;

function newWorld(): World {
  const world = new R.World({ x: 0, y: 0, z: -9.81 });
  world.timestep = STEP_SECONDS;
  world.createCollider(R.ColliderDesc.cuboid(5, 5, 0.05).setTranslation(0, 0, -0.05)); // floor, top at z = 0
  return world;
}

/** Row-major 4×4 of a base at (x, y, z) with yaw ψ, written out here independently of the arm. */
function baseMatrix(x: number, y: number, z: number, yaw: number): Float64Array {
  const c = Math.cos(yaw), s = Math.sin(yaw);
  return Float64Array.from([c, -s, 0, x, s, c, 0, y, 0, 0, 1, z, 0, 0, 0, 1]);
}

/** Largest position and rotation-matrix entry errors between each moving body and its link's FK pose. */
function poseErrors(arm: RobotArm, fk: Float64Array): [number, number] {
  const p = new Float64Array(7);
  let dPos = 0, dRot = 0;
  for (let g = 1; g < arm.bodyCount; g++) {
    arm.readBodyPose(g, p);
    const o = arm.geometry.groupRoot[g] * 16, [x, y, z, w] = [p[3], p[4], p[5], p[6]];
    const rot = [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
      2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
      2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)];
    for (let r = 0; r < 3; r++) {
      dPos = Math.max(dPos, Math.abs(p[r] - fk[o + 4 * r + 3]));
      for (let c = 0; c < 3; c++) dRot = Math.max(dRot, Math.abs(rot[3 * r + c] - fk[o + 4 * r + c]));
    }
  }
  return [dPos, dRot];
}

function stepArm(world: World, arm: RobotArm): void {
  arm.applyPoses();
  world.step();
}

describe('link bodies follow forward kinematics', () => {
  const cases: [string, number[][]][] = [
    ['ur5.urdf', [[0, 0, 0, 0, 0, 0], [0, -HALF_PI, HALF_PI, -HALF_PI, -HALF_PI, 0], [0.3, -1.1, 1.9, -2.3, 0.7, -2.5],
      [-2.9, -0.4, -2.8, 1.2, 3.0, 5.5], [1, 2, -1, 0.5, -0.25, 0.125]]],
    ['panda_arm.urdf', [[0, 0, 0, -1.5, 0, 1.5, 0], [0.5, -1.2, 0.4, -2.6, 1.1, 2.9, -0.7], [-2.5, 1.5, -2.5, -0.2, 2.5, 0.1, 2.5]]],
  ];
  for (const [file, qs] of cases) {
    it(`${file}: position < 1e-5 m and rotation < 1e-5 at ${qs.length} joint vectors`, () => {
      const model = file === 'ur5.urdf' ? ur5 : panda;
      const world = newWorld(), fk = createPoseBuffer(model), base = baseMatrix(0.3, -0.2, 0.75, 0.4);
      // Both base forms: the UR5 gets the 4×4, the Panda position and yaw.
      const arm = createRobotArm(R, world, model, model === ur5 ? base : { position: [0.3, -0.2, 0.75], yawRad: 0.4 });
      let worst = [0, 0];
      for (const q of qs) {
        arm.setJointPositions(q);
        stepArm(world, arm);
        forwardKinematics(model, Float64Array.from(q), fk, base);
        const [dp, dr] = poseErrors(arm, fk);
        worst = [Math.max(worst[0], dp), Math.max(worst[1], dr)];
      }
      console.log(`${file}: max body-vs-FK error ${worst[0].toExponential(2)} m, ${worst[1].toExponential(2)} (rotation entries)`);
      expect(worst[0]).toBeLessThan(1e-5);
      expect(worst[1]).toBeLessThan(1e-5);
      world.free();
    });
  }

  it('100 random joint vectors within ±π: bodies at FK within 1e-5 (property)', () => {
    const world = newWorld();
    const arm = createRobotArm(R, world, panda, { position: [1, 2, 0.5], yawRad: -2 });
    const fk = createPoseBuffer(panda), base = baseMatrix(1, 2, 0.5, -2);
    const angle = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true });
    fc.assert(fc.property(fc.array(angle, { minLength: 7, maxLength: 7 }), (q) => {
      arm.setJointPositions(q);
      stepArm(world, arm);
      forwardKinematics(panda, Float64Array.from(q), fk, base);
      const [dp, dr] = poseErrors(arm, fk);
      return dp < 1e-5 && dr < 1e-5;
    }), { numRuns: 100, seed: 4 });
    world.free();
  });

  it('reports joint-limit violations without clamping; rejects bad input', () => {
    const world = newWorld();
    const arm = createRobotArm(R, world, ur5, { position: [0, 0, 0] });
    arm.setJointPositions([0, 0, 4, 0, 0, 0]); // elbow limit ±π
    expect(arm.limitViolationCount).toBe(1);
    expect(arm.jointLimitsViolated()).toEqual([2]);
    const q = new Float64Array(6);
    expect(arm.jointPositions(q)[2]).toBe(4);
    expect(() => arm.setJointPositions([0, 0, NaN, 0, 0, 0])).toThrow(RangeError);
    expect(() => createRobotArm(R, world, ur5, [2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])).toThrow(/rigid transform/);
    expect(() => arm.followTrajectory([0, 1], [0, 0, 0])).toThrow(RangeError);
    expect(() => arm.followTrajectory([0, 0], new Array(12).fill(0))).toThrow(RangeError);
    world.free();
  });
});

describe('joint trajectories', () => {
  const q0 = [0, -HALF_PI, HALF_PI, -HALF_PI, -HALF_PI, 0];
  const q1 = [1.2, -1.0, 1.3, -1.9, -1.2, 0.8];

  for (const T of [1.5, 1.505]) {
    it(`q0 → q1 over ${T} s reaches q1 at the step ending at or just after T`, () => {
      const world = newWorld();
      const arm = createRobotArm(R, world, ur5, { position: [0, 0, 0] }, { q: q0 });
      arm.followTrajectory([0, T], [...q0, ...q1]);
      const reach = Math.ceil(T / STEP_SECONDS - 1e-9), q = new Float64Array(6);
      const fk = createPoseBuffer(ur5);
      for (let k = 1; k <= reach; k++) {
        stepArm(world, arm);
        arm.jointPositions(q);
        const s = Math.min(1, (k * STEP_SECONDS) / T);
        for (let d = 0; d < 6; d++) expect(q[d]).toBeCloseTo(q0[d] + s * (q1[d] - q0[d]), 12);
        if (k < reach) expect(arm.trajectoryActive).toBe(true);
      }
      expect(Array.from(q)).toEqual(q1);
      expect(arm.trajectoryActive).toBe(false);
      forwardKinematics(ur5, q, fk);
      const [dp, dr] = poseErrors(arm, fk);
      expect(dp).toBeLessThan(1e-5);
      expect(dr).toBeLessThan(1e-5);
      world.free();
    });
  }
});

// ---- Pick and place --------------------------------------------------------------------------


const RADIUS = 0.04, GAP = 0.002, PART_HALF = [0.04, 0.04, 0.025], DROP = 0.02;

interface PickPlace {
  trace: number[]; target: number[]; part: number[]; sleptAfter: number; contacts: number; nearMisses: number; releaseSpeed: number;
  /** Height of the part at release and at the end of each of the 10 steps after it. */
  fall: number[];
}

function pickAndPlace(): PickPlace {
  const world = newWorld();
  const [hx, hy, hz] = PART_HALF, below = RADIUS + GAP + hz; // tool0 → held part centre
  const pickHigh = toolDown(ur5, 0, 0.5, 0.35), pickLow = toolDown(ur5, 0, 0.5, 0.25);
  const placeHigh = toolDown(ur5, HALF_PI, 0.45, 0.4), placeLow = toolDown(ur5, HALF_PI, 0.45, 0.3);
  const a = toolPosition(ur5, pickLow), b = toolPosition(ur5, placeLow);
  const fixture = (x: number, y: number, top: number) =>
    world.createCollider(R.ColliderDesc.cuboid(0.06, 0.06, 0.05).setTranslation(x, y, top - 0.05));
  const pickFixture = fixture(a[0], a[1], a[2] - below - hz);
  const placeTop = b[2] - below - hz - DROP, placeFixture = fixture(b[0], b[1], placeTop);
  const part = world.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(a[0], a[1], a[2] - below));
  const partCollider = world.createCollider(R.ColliderDesc.cuboid(hx, hy, hz).setMass(0.5).setFriction(0.6), part);
  const arm = createRobotArm(R, world, ur5, { position: [0, 0, 0] }, { q: pickHigh, radiusM: RADIUS });
  for (const c of [pickFixture, placeFixture, partCollider]) arm.watch(c);
  const out = new Float64Array(arm.contactBufferLength), pose = new Float64Array(7);
  const result: PickPlace = { trace: [], target: [b[0], b[1], placeTop + hz], part: [], sleptAfter: -1, contacts: 0, nearMisses: 0, releaseSpeed: NaN, fall: [] };
  const each = () => {
    const n = arm.detectContacts(out);
    for (let i = 0; i < n; i++) {
      if (out[CONTACT_STRIDE * i] === ContactKind.contact) result.contacts++;
      else result.nearMisses++;
    }
    for (let g = 0; g < arm.bodyCount; g++) { arm.readBodyPose(g, pose); result.trace.push(...pose); }
    const t = part.translation(), r = part.rotation();
    result.trace.push(t.x, t.y, t.z, r.x, r.y, r.z, r.w);
  };
  const follow = (times: number[], ...qs: number[][]) => {
    arm.followTrajectory(times, qs.flat());
    while (arm.trajectoryActive) { stepArm(world, arm); each(); }
  };
  for (let k = 0; k < 30; k++) { stepArm(world, arm); each(); } // the part settles on the pick fixture
  follow([0, 1], pickHigh, pickLow);
  arm.attach(part);
  follow([0, 1, 3, 4], pickLow, pickHigh, placeHigh, placeLow);
  stepArm(world, arm); // dwell one step: the flange is still, so the part is let go at rest
  each();
  const v = arm.release()!.linvel();
  result.releaseSpeed = Math.hypot(v.x, v.y, v.z);
  result.fall.push(part.translation().z);
  arm.followTrajectory([0, 1], [...placeLow, ...placeHigh]);
  for (let k = 1; k <= 240; k++) {
    stepArm(world, arm);
    each();
    if (result.sleptAfter < 0 && part.isSleeping()) result.sleptAfter = k;
    if (k <= 10) result.fall.push(part.translation().z);
  }
  const t = part.translation(), r = part.rotation();
  result.part = [t.x, t.y, t.z, r.x, r.y, r.z, r.w];
  world.free();
  return result;
}

describe('pick and place', () => {
  it('carries a part from one fixture to another, drops it 2 cm, and it comes to rest on the target', () => {
    const r = pickAndPlace();
    const err = Math.hypot(r.part[0] - r.target[0], r.part[1] - r.target[1], r.part[2] - r.target[2]);
    const tilt = 2 * Math.asin(Math.min(1, Math.hypot(r.part[3], r.part[4]))); // angle of the part's z from vertical
    console.log(`pick and place: rest error ${(err * 1000).toFixed(3)} mm (${r.part.slice(0, 3).map((v, i) => ((v - r.target[i]) * 1000).toFixed(3)).join(', ')}), tilt ${tilt.toExponential(2)} rad, asleep ${r.sleptAfter} steps after release, near-miss records ${r.nearMisses}`);
    expect(r.releaseSpeed).toBe(0);
    // Released at rest, it falls freely until it lands: Rapier's n = 4 symplectic-Euler substeps of
    // h = dt/4 give a drop of g·h²·N(N+1)/2 after N substeps (docs/physics.md, "Known answers").
    const h = STEP_SECONDS / 4, drop = (k: number) => (9.81 * h * h * 4 * k * (4 * k + 1)) / 2;
    const landing = [1, 2, 3, 4, 5, 6].find((k) => drop(k) >= DROP)!;
    expect(landing).toBe(4);
    for (let k = 1; k < landing; k++) expect(Math.abs(r.fall[k] - (r.fall[0] - drop(k)))).toBeLessThan(2e-5);
    expect(Math.abs(r.fall[landing + 2] - r.target[2])).toBeLessThan(0.001); // on the fixture two steps after touching it
    expect(err).toBeLessThan(0.005);
    expect(Math.abs(r.part[2] - r.target[2])).toBeLessThan(0.001); // landed on the fixture, not above or in it
    expect(tilt).toBeLessThan(0.01);
    expect(r.sleptAfter).toBeGreaterThan(0);
    expect(r.sleptAfter).toBeLessThan(180);
    expect(r.contacts).toBe(0); // 2 mm clearance at the grasp: near misses, never a touch
  });

  it('a part let go while the arm moves leaves with the flange velocity of the last step', () => {
    const world = newWorld();
    const q = toolDown(ur5, 0, 0.5, 0.3), tool = toolPosition(ur5, q);
    const part = world.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(tool[0], tool[1], tool[2] - 0.07));
    world.createCollider(R.ColliderDesc.cuboid(0.04, 0.04, 0.025).setMass(0.5), part);
    const arm = createRobotArm(R, world, ur5, { position: [0, 0, 0] }, { q, radiusM: RADIUS });
    arm.attach(part);
    arm.followTrajectory([0, 2], [...q, 1, ...q.slice(1)]); // pan 0 → 1 rad at 0.5 rad/s
    for (let k = 0; k < 29; k++) stepArm(world, arm);
    const before = part.translation();
    stepArm(world, arm);
    const after = part.translation();
    arm.release();
    const v = part.linvel(), w = part.angvel();
    expect(part.isDynamic()).toBe(true);
    expect(v.x).toBeCloseTo((after.x - before.x) / STEP_SECONDS, 4);
    expect(v.y).toBeCloseTo((after.y - before.y) / STEP_SECONDS, 4);
    expect(v.z).toBeCloseTo((after.z - before.z) / STEP_SECONDS, 4);
    expect(Math.hypot(w.x, w.y, w.z - 0.5)).toBeLessThan(1e-5);
    world.free();
  });

  it('identical runs give bit-identical poses at every step', () => {
    const a = pickAndPlace(), b = pickAndPlace();
    expect(a.trace.length).toBeGreaterThan(1000);
    expect(Float64Array.from(b.trace)).toEqual(Float64Array.from(a.trace));
  });
});

// ---- Contacts and near misses ---------------------------------------------------------------

/**
 * The UR5 stretched out (zero joints; the upper arm is horizontal from the pan axis) pans from 0
 * to 1 rad in 2 s. A 8 × 8 × 4 cm box sits over the upper arm's path, centred 0.2125 m out at
 * azimuth 0.5 rad, aligned with the radius, its bottom `clearance` above the top of the upper-arm
 * capsule (negative: overlapping). Returns the records of each step.
 */
function sweepPast(clearance: number): { step: number; rec: number[] }[] {
  const world = newWorld();
  const arm = createRobotArm(R, world, ur5, { position: [0, 0, 0] }, { radiusM: RADIUS });
  const zAxis = arm.poses[findLink(ur5, 'upper_arm_link') * 16 + 11];
  const phi = 0.5, rho = 0.2125, bottom = zAxis + RADIUS + clearance;
  const box = world.createCollider(R.ColliderDesc.cuboid(0.04, 0.04, 0.02)
    .setTranslation(rho * Math.cos(phi), rho * Math.sin(phi), bottom + 0.02)
    .setRotation({ x: 0, y: 0, z: Math.sin(phi / 2), w: Math.cos(phi / 2) }));
  arm.watch(box);
  arm.followTrajectory([0, 2], [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
  const out = new Float64Array(arm.contactBufferLength), records: { step: number; rec: number[] }[] = [];
  for (let k = 1; k <= 120; k++) {
    stepArm(world, arm);
    const n = arm.detectContacts(out);
    for (let i = 0; i < n; i++) records.push({ step: k, rec: Array.from(out.subarray(CONTACT_STRIDE * i, CONTACT_STRIDE * (i + 1))) });
  }
  world.free();
  return records;
}

describe('contacts and near misses', () => {
  it('a box overlapping the path by 3 mm: contact with the upper arm at the step geometry predicts', () => {
    const records = sweepPast(-0.003);
    const upperArm = findLink(ur5, 'upper_arm_link');
    const contacts = records.filter((r) => r.rec[0] === ContactKind.contact);
    expect(new Set(contacts.map((r) => r.rec[1]))).toEqual(new Set([upperArm]));
    // Onset: the capsule (radius r) cut 3 mm deep by the box's bottom face is a band of half-width
    // w = √(r² − (r − 3 mm)²) around the arm's line; the line, at angle β from the box's azimuth,
    // reaches the box's near bottom corner (ρ − a, a) when (ρ − a) sin β − a cos β = w.
    const a = 0.04, near = 0.2125 - a, w = Math.sqrt(RADIUS ** 2 - (RADIUS - 0.003) ** 2);
    const beta = Math.asin(w / Math.hypot(near, a)) + Math.atan2(a, near);
    const expected = Math.ceil((0.5 - beta) / (1 / 120)); // pan = k / 120 rad at the end of step k
    const first = contacts[0];
    console.log(`contact: first at step ${first.step} (predicted ${expected}), depth ${(first.rec[3] * 1000).toFixed(3)} mm`);
    expect(first.rec[4]).toBe(1);
    expect(Math.abs(first.step - expected)).toBeLessThanOrEqual(1);
    expect(contacts.filter((r) => r.rec[4] === 1)).toHaveLength(1); // one contact episode
  });

  it('a box 3 mm clear of the path: near miss at 3 mm, no contact', () => {
    const records = sweepPast(0.003);
    expect(records.filter((r) => r.rec[0] === ContactKind.contact)).toHaveLength(0);
    const near = records.filter((r) => r.rec[0] === ContactKind.nearMiss);
    expect(near.length).toBeGreaterThan(0);
    expect(near.filter((r) => r.rec[4] === 1)).toHaveLength(1);
    const closest = Math.min(...near.map((r) => r.rec[3]));
    console.log(`near miss: ${near.length} steps, closest ${(closest * 1000).toFixed(4)} mm`);
    expect(closest).toBeCloseTo(0.003, 5);
    expect(new Set(near.map((r) => r.rec[1]))).toEqual(new Set([findLink(ur5, 'upper_arm_link')]));
  });
});
