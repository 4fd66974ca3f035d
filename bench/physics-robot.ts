/**
 * physics.robot: milliseconds per physics step of a small cell with a UR5 and a Panda following
 * joint trajectories (engine/physics/robot-arm.ts: applyPoses → world.step → detectContacts), and
 * of the same world without the arms ("bare": the floor, 8 fixtures and 8 parts resting on them,
 * asleep), built and stepped in the same run. Rounds alternate which world goes first; figures are
 * medians over rounds after WARMUP_STEPS unmeasured steps of both (as physics-scale.ts). The arms
 * sweep smooth multi-sine trajectories that stay clear of the fixtures (1.1 m out, beyond either
 * arm's reach), so the parts stay asleep and the difference is the arms' own cost: FK, kinematic
 * targets, Rapier integrating the link bodies, and the contact watch on 8 colliders per arm.
 * applyPosesUs and detectContactsUs time those calls alone; heapGrowthBytesPerStep is the heap
 * growth of the armed world per step after full collections (needs --expose-gc).
 */
import { readFileSync } from 'node:fs';
import type { RobotModel } from '../engine/kinematics/model';
import { parseUrdf } from '../engine/kinematics/urdf';
import { initPhysics, type Rapier } from '../engine/physics/rapier';
import { createRobotArm, type RobotArm } from '../engine/physics/robot-arm';
import { STEP_SECONDS } from '../engine/physics/time';
import { heapAfterGc, median, timeRuns } from './measure';
import type { Benchmark } from './run';

type World = InstanceType<Rapier['World']>;

const ROUNDS = 9;
const STEPS_PER_ROUND = 600;
const WARMUP_STEPS = 150;
const TRAJECTORY_S = 300;
const WAYPOINT_S = 0.25;

function loadRobot(file: string): RobotModel {
  const r = parseUrdf(readFileSync(new URL(`../scenes/robots/${file}`, import.meta.url), 'utf8'), file);
  if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return r.value;
}

/** Floor; per arm base, 4 fixtures 1.1 m away with a part asleep on each. Returns the colliders per base. */
function buildCell(R: Rapier, bases: number[][]) {
  const world = new R.World({ x: 0, y: 0, z: -9.81 });
  world.timestep = STEP_SECONDS;
  world.createCollider(R.ColliderDesc.cuboid(5, 5, 0.05).setTranslation(0, 0, -0.05));
  const watched = bases.map(([bx, by]) => {
    const colliders = [];
    for (let i = 0; i < 4; i++) {
      const a = (i * Math.PI) / 2 + Math.PI / 4, x = bx + 1.1 * Math.cos(a), y = by + 1.1 * Math.sin(a);
      colliders.push(world.createCollider(R.ColliderDesc.cuboid(0.1, 0.1, 0.1).setTranslation(x, y, 0.1)));
      const part = world.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(x, y, 0.2 + 0.025));
      colliders.push(world.createCollider(R.ColliderDesc.cuboid(0.04, 0.04, 0.025).setMass(0.5), part));
    }
    return colliders;
  });
  return { world, watched };
}

/** q_d(t) = centre_d + amplitude_d · sin(ω_d t + d), sampled every WAYPOINT_S: smooth, deterministic. */
function trajectory(centre: number[], amplitude: number[]): [Float64Array, Float64Array] {
  const n = Math.round(TRAJECTORY_S / WAYPOINT_S) + 1, dof = centre.length;
  const times = new Float64Array(n), q = new Float64Array(n * dof);
  for (let i = 0; i < n; i++) {
    times[i] = i * WAYPOINT_S;
    for (let d = 0; d < dof; d++) q[i * dof + d] = centre[d] + amplitude[d] * Math.sin((0.4 + 0.15 * d) * times[i] + d);
  }
  return [times, q];
}

const UR5_TRAJ = trajectory([0, -1.57, 1.2, -1.5, -1.57, 0], [1.5, 0.35, 0.5, 0.5, 0.5, 1]);
const PANDA_TRAJ = trajectory([0, -0.5, 0, -2.0, 0, 1.6, 0.8], [1.2, 0.4, 0.5, 0.4, 0.8, 0.4, 1]);

export const physicsRobot: Benchmark = {
  name: 'physics.robot',
  async run() {
    const R = await initPhysics();
    const bases = [[0, 0, 0], [2.5, 0, 0]];
    const armed = buildCell(R, bases), bare = buildCell(R, bases);
    const arms: RobotArm[] = [
      createRobotArm(R, armed.world, loadRobot('ur5.urdf'), { position: bases[0] }),
      createRobotArm(R, armed.world, loadRobot('panda_arm.urdf'), { position: bases[1] }),
    ];
    const out = arms.map((a) => new Float64Array(a.contactBufferLength));
    arms.forEach((a, i) => { for (const c of armed.watched[i]) a.watch(c); });
    const start = (i: number) => arms[i].followTrajectory(...(i === 0 ? UR5_TRAJ : PANDA_TRAJ));
    arms.forEach((_, i) => start(i));
    let records = 0;
    const stepArmed = (w: World) => {
      for (const a of arms) a.applyPoses();
      w.step();
      for (let i = 0; i < arms.length; i++) records += arms[i].detectContacts(out[i]);
    };
    const roundArmed = () => { for (let k = 0; k < STEPS_PER_ROUND; k++) stepArmed(armed.world); };
    const roundBare = () => { for (let k = 0; k < STEPS_PER_ROUND; k++) bare.world.step(); };
    for (let k = 0; k < WARMUP_STEPS; k++) { stepArmed(armed.world); bare.world.step(); }
    const armedTimes: number[] = [], bareTimes: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) armedTimes.push(...timeRuns(1, roundArmed));
      bareTimes.push(...timeRuns(1, roundBare));
      if (r % 2 === 1) armedTimes.push(...timeRuns(1, roundArmed));
    }
    const heapSteps = 2000, before = heapAfterGc();
    for (let k = 0; k < heapSteps; k++) stepArmed(armed.world);
    const heapGrowth = (heapAfterGc() - before) / heapSteps;
    // The calls alone, per arm (applyPoses keeps sampling the trajectory; no world step in between).
    const callUs = (f: () => void) => (median(timeRuns(ROUNDS, () => { for (let k = 0; k < 500; k++) f(); })) * 1e6) / 500;
    const applyUs = arms.map((a) => callUs(() => a.applyPoses()));
    const detectUs = arms.map((a, i) => callUs(() => a.detectContacts(out[i])));
    const asleep = bare.watched.flat().filter((c) => c.parent()?.isSleeping()).length;
    const armedAsleep = armed.watched.flat().filter((c) => c.parent()?.isSleeping()).length;
    const armedMs = (median(armedTimes) * 1000) / STEPS_PER_ROUND, bareMs = (median(bareTimes) * 1000) / STEPS_PER_ROUND;
    armed.world.free();
    bare.world.free();
    return {
      armsMsPerStep: round(armedMs), bareMsPerStep: round(bareMs), armOverheadMsPerStep: round(armedMs - bareMs),
      overheadRatio: round(armedMs / bareMs), realtimeFactor: round((STEP_SECONDS * 1000) / armedMs),
      applyPosesUs: { ur5: round(applyUs[0]), panda: round(applyUs[1]) },
      detectContactsUs: { ur5: round(detectUs[0]), panda: round(detectUs[1]) },
      armBodies: arms.map((a) => a.bodyCount), watchedPerArm: 8, contactRecords: records,
      partsAsleep: { bare: asleep, armed: armedAsleep },
      heapGrowthBytesPerStep: round(heapGrowth), rounds: ROUNDS, stepsPerRound: STEPS_PER_ROUND,
    };
  },
};

const round = (x: number) => Math.round(x * 10_000) / 10_000;
