/**
 * Snapshots of robot arms and humanoids (engine/physics/agent-state.ts): a UR5 that picks a dynamic
 * part, carries and releases it, and a humanoid that walks two polylines (pushing a box on the way)
 * and poses its arms, all in one Rapier world. Run to step k, take Rapier's snapshot and copies of
 * the agents' state arrays, run on to m; then restore into a new World — with fresh agents built the
 * same way, or with the same agents rewound — and run k → m again: every step must give the same
 * hash of all body poses and velocities, contact records and agent state. State from an agent built
 * differently (another robot, options, height) or a world without its bodies is refused with a
 * RangeError before anything changes.
 */
import type { RigidBody, World } from '@dimforge/rapier3d-deterministic-compat';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RobotModel } from '../../engine/kinematics/model';
import { bytesOf } from '../../engine/physics/agent-state';
import { fnv1a32 } from '../../engine/physics/frame';
import { createHumanoid, type FloorPath, type Humanoid } from '../../engine/physics/humanoid';
import { initPhysics, type Rapier } from '../../engine/physics/rapier';
import { CONTACT_STRIDE, createRobotArm, type RobotArm } from '../../engine/physics/robot-arm';
import { STEP_SECONDS, stepTimeUs } from '../../engine/physics/time';
import { loadRobot } from '../kinematics/robots';
import { toolDown, toolPosition } from './ur5-tool';

let R: Rapier;
let ur5: RobotModel;
let panda: RobotModel;
beforeAll(async () => {
  R = await initPhysics();
  ur5 = loadRobot('ur5.urdf');
  panda = loadRobot('panda_arm.urdf');
});

const HALF_PI = Math.PI / 2;
const RADIUS = 0.04, PART_HALF = [0.04, 0.04, 0.025] as const;


interface Cell {
  world: World;
  arm: RobotArm;
  human: Humanoid;
  part: RigidBody;
  box: RigidBody;
  /** Every dynamic or kinematic body to hash, by handle. */
  handles: number[];
  contacts: Float64Array;
}

/** UR5 joint vectors above and at the pick and place fixtures (set in beforeAll). */
const Q = { pickHigh: [] as number[], pickLow: [] as number[], placeHigh: [] as number[], placeLow: [] as number[] };
beforeAll(() => {
  Q.pickHigh = toolDown(ur5, 0, 0.5, 0.35); Q.pickLow = toolDown(ur5, 0, 0.5, 0.25);
  Q.placeHigh = toolDown(ur5, HALF_PI, 0.45, 0.4); Q.placeLow = toolDown(ur5, HALF_PI, 0.45, 0.3);
});
const WALK_1: FloorPath = [[2, -1], [3.5, -1], [3.5, 0.5], [2.5, 1]];
const WALK_2: FloorPath = [[2.5, 1], [2.5, 1], [2, -1]]; // a repeated point: no segment

/** The cell, built the same way every time: floor, fixtures, part, box, UR5, humanoid. */
function buildCell(): Cell {
  const world = new R.World({ x: 0, y: 0, z: -9.81 });
  world.timestep = STEP_SECONDS;
  world.createCollider(R.ColliderDesc.cuboid(10, 10, 0.05).setTranslation(0, 0, -0.05));
  const [hx, hy, hz] = PART_HALF, below = RADIUS + 0.002 + hz;
  const a = toolPosition(ur5, Q.pickLow), b = toolPosition(ur5, Q.placeLow);
  const fixture = (x: number, y: number, top: number) =>
    world.createCollider(R.ColliderDesc.cuboid(0.06, 0.06, 0.05).setTranslation(x, y, top - 0.05));
  const pickFixture = fixture(a[0], a[1], a[2] - below - hz);
  const placeFixture = fixture(b[0], b[1], b[2] - below - hz - 0.02);
  const part = world.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(a[0], a[1], a[2] - below));
  const partCollider = world.createCollider(R.ColliderDesc.cuboid(hx, hy, hz).setMass(0.5).setFriction(0.6), part);
  // A light box in the humanoid's way on the first leg of its walk.
  const box = world.createRigidBody(R.RigidBodyDesc.dynamic().setTranslation(3.1, -0.95, 0.1));
  world.createCollider(R.ColliderDesc.cuboid(0.1, 0.1, 0.1).setMass(0.3), box);
  const arm = createRobotArm(R, world, ur5, { position: [0, 0, 0] }, { q: Q.pickHigh, radiusM: RADIUS, maxWaypoints: 8, maxWatched: 4 });
  for (const c of [pickFixture, placeFixture, partCollider]) arm.watch(c);
  const human = createHumanoid(R, world, { position: [2, -1], maxPathPoints: 8 });
  const handles = [...arm.bodyHandles, ...human.bodyHandles, part.handle, box.handle];
  return { world, arm, human, part, box, handles, contacts: new Float64Array(arm.contactBufferLength) };
}

/** The commands of step k (a function of k only), then the declared sub-step order. */
function tick(c: Cell, k: number): void {
  const { arm, human } = c;
  if (k === 30) arm.followTrajectory([0, 1], [...Q.pickHigh, ...Q.pickLow]);
  if (k === 95) {
    arm.attach(c.part);
    arm.followTrajectory([0, 1, 3, 4], [...Q.pickLow, ...Q.pickHigh, ...Q.placeHigh, ...Q.placeLow]);
  }
  if (k === 340) {
    arm.release();
    arm.followTrajectory([0, 1], [...Q.placeLow, ...Q.placeHigh]);
  }
  if (k === 10) {
    human.walkAlong(WALK_1, 1.1);
    human.poseArms([2.9, 1.2, 1.0], 0.2); // applied on arrival
  }
  if (k === 330) human.walkAlong(WALK_2, 1.4);
  if (k === 420) human.poseArms([1.8, -1.3, 0.9]);
  arm.applyPoses();
  human.update(stepTimeUs(k + 1) / 1e6);
  c.world.step();
}

/** FNV-1a of all body poses and velocities, this step's contact records and both agents' state bytes. */
function cellHash(c: Cell, records: number): number {
  const n = c.handles.length, v = new Float64Array(13 * n);
  c.handles.forEach((h, i) => {
    const b = c.world.getRigidBody(h), t = b.translation(), r = b.rotation(), l = b.linvel(), w = b.angvel();
    v.set([t.x, t.y, t.z, r.x, r.y, r.z, r.w, l.x, l.y, l.z, w.x, w.y, w.z], 13 * i);
  });
  const parts = [v, c.contacts.subarray(0, CONTACT_STRIDE * records), ...c.arm.stateArrays(), ...c.human.stateArrays()];
  const all = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) { all.set(bytesOf(p), o); o += p.byteLength; }
  return fnv1a32(all);
}

/** Runs steps from..to−1, returning the hash after each. */
function run(c: Cell, from: number, to: number): number[] {
  const hashes: number[] = [];
  for (let k = from; k < to; k++) {
    tick(c, k);
    hashes.push(cellHash(c, c.arm.detectContacts(c.contacts)));
  }
  return hashes;
}

interface Saved { rapier: Uint8Array; arm: ArrayBufferView[]; human: ArrayBufferView[] }

const copies = (arrays: readonly ArrayBufferView[]) => arrays.map((a) => new Uint8Array(bytesOf(a))); // any view type restores

/** Restores `saved` into a new World and rebinds the cell's agents and bodies to it (the owner's sequence). */
function restoreInto(c: Cell, saved: Saved): void {
  const next = R.World.restoreSnapshot(saved.rapier);
  next.timestep = STEP_SECONDS;
  c.arm.checkState(saved.arm, next);
  c.human.checkState(saved.human, next);
  c.arm.restoreState(saved.arm, next);
  c.human.restoreState(saved.human, next);
  c.world.free();
  c.world = next;
  c.part = next.getRigidBody(c.part.handle);
  c.box = next.getRigidBody(c.box.handle);
}

describe('robot arm and humanoid snapshots', () => {
  const M = 480;
  // k: following, not holding | holding, mid-carry, humanoid walking | just released, part falling, second walk
  for (const k of [60, 200, 345]) {
    it(`snapshot at ${k}, restore into a new World (fresh agents, then the same agents rewound), run to ${M}: identical hashes`, () => {
      const a = buildCell();
      const before = run(a, 0, k);
      const saved: Saved = { rapier: a.world.takeSnapshot(), arm: copies(a.arm.stateArrays()), human: copies(a.human.stateArrays()) };
      const after = run(a, k, M);
      expect(new Set([...before, ...after]).size).toBeGreaterThan(0.9 * M); // the scene does move

      const b = buildCell(); // fresh agents built the same way, in a world that the snapshot replaces
      restoreInto(b, saved);
      expect(run(b, k, M)).toEqual(after);

      restoreInto(a, saved); // rewind the same agents (now at M) to k
      expect(run(a, k, M)).toEqual(after);
      a.world.free(); b.world.free();
    });
  }

  it('the scenario does what it says: grasp, carry, release onto the target, box pushed, walks done', () => {
    const c = buildCell();
    const boxStart = c.box.translation();
    run(c, 0, 200);
    expect(c.arm.holding?.handle).toBe(c.part.handle);
    expect(c.human.state).toBe('walking');
    run(c, 200, M);
    expect(c.arm.holding).toBeNull();
    const b = toolPosition(ur5, Q.placeLow), t = c.part.translation();
    expect(Math.hypot(t.x - b[0], t.y - b[1])).toBeLessThan(0.01);
    const boxEnd = c.box.translation();
    expect(Math.hypot(boxEnd.x - boxStart.x, boxEnd.y - boxStart.y)).toBeGreaterThan(0.05); // the humanoid's legs pushed it
    expect(c.human.state).toBe('working');
    c.world.free();
  });

  it('state arrays keep their identity and sizes; stateArrays bytes are all of the state', () => {
    const c = buildCell();
    const views = c.arm.stateArrays(), sizes = views.map((v) => v.byteLength);
    run(c, 0, 120);
    c.arm.stateArrays().forEach((v, i) => { expect(v).toBe(views[i]); expect(v.byteLength).toBe(sizes[i]); });
    expect(c.human.stateArrays()[2].byteLength).toBe(8 * (4 + 5 * 8));
    c.world.free();
  });
});

describe('refused restores change nothing', () => {
  const snapshotOf = (arrays: readonly ArrayBufferView[]) => copies(arrays).map((a) => Array.from(a));

  it('UR5 state into a Panda arm (7 DOF): RangeError, the Panda state and bodies untouched', () => {
    const c = buildCell();
    run(c, 0, 120);
    const pandaArm = createRobotArm(R, c.world, panda, { position: [1, 1, 0] }, { maxWaypoints: 8, maxWatched: 4 });
    pandaArm.followTrajectory([0, 1], [...new Array(7).fill(0), 0.3, -0.2, 0.1, -1.5, 0.2, 1.4, 0.5]);
    for (let k = 0; k < 20; k++) { pandaArm.applyPoses(); c.world.step(); }
    const state = snapshotOf(pandaArm.stateArrays()), pose = new Float64Array(7), poseAfter = new Float64Array(7);
    pandaArm.readBodyPose(3, pose);
    const ur5State = copies(c.arm.stateArrays());
    expect(() => pandaArm.restoreState(ur5State, c.world)).toThrow(RangeError);
    expect(() => pandaArm.restoreState(ur5State, c.world)).toThrow(/degrees of freedom 6, this robot arm has 7/);
    expect(snapshotOf(pandaArm.stateArrays())).toEqual(state);
    pandaArm.readBodyPose(3, poseAfter);
    expect(poseAfter).toEqual(pose);
    pandaArm.applyPoses(); c.world.step(); // still usable
    expect(pandaArm.trajectoryActive).toBe(true);
    c.world.free();
  });

  it('another base, capacity, height or path capacity, or a world without the bodies: RangeError, nothing changed', () => {
    const c = buildCell();
    run(c, 0, 120);
    const armState = copies(c.arm.stateArrays()), humanState = copies(c.human.stateArrays());
    const other = new R.World({ x: 0, y: 0, z: -9.81 }), empty = new R.World({ x: 0, y: 0, z: 0 });
    const cases: [{ restoreState(a: readonly ArrayBufferView[], w: World): void; stateArrays(): readonly ArrayBufferView[] }, ArrayBufferView[], World, RegExp][] = [
      [createRobotArm(R, other, ur5, { position: [0, 0, 0.1] }, { q: Q.pickHigh, radiusM: RADIUS, maxWaypoints: 8, maxWatched: 4 }), armState, c.world, /fingerprint/],
      [createRobotArm(R, other, ur5, { position: [0, 0, 0] }, { q: Q.pickHigh, radiusM: RADIUS, maxWaypoints: 9, maxWatched: 4 }), armState, c.world, /maxWaypoints 8, this robot arm has 9/],
      [createHumanoid(R, other, { position: [2, -1], maxPathPoints: 8, heightM: 1.8 }), humanState, c.world, /height \(m\) 1.75/],
      [createHumanoid(R, other, { position: [2, -1], maxPathPoints: 16 }), humanState, c.world, /maxPathPoints 8/],
      [c.arm, armState, empty, /body handle .* is not in the world/],
      [c.human, humanState, empty, /body handle .* is not in the world/],
    ];
    for (const [agent, state, world, message] of cases) {
      const before = snapshotOf(agent.stateArrays());
      expect(() => agent.restoreState(state, world)).toThrow(message);
      expect(snapshotOf(agent.stateArrays())).toEqual(before);
    }
    run(c, 120, 130); // the cell's own agents still run in their world
    c.world.free(); other.free(); empty.free();
  });

  it('a trajectory or path beyond the fixed capacity is refused and changes nothing', () => {
    const c = buildCell();
    run(c, 0, 40); // a trajectory is running
    const armBefore = snapshotOf(c.arm.stateArrays()), humanBefore = snapshotOf(c.human.stateArrays());
    const times = Array.from({ length: 9 }, (_, i) => i);
    expect(() => c.arm.followTrajectory(times, new Array(9 * 6).fill(0))).toThrow(/9 waypoints, this arm holds at most 8/);
    expect(() => c.arm.followTrajectory([0, 1], [0, 0, 0, 0, 0, 0, 0, NaN, 0, 0, 0, 0])).toThrow(RangeError);
    const path: FloorPath = Array.from({ length: 9 }, (_, i) => [i, 0] as [number, number]);
    expect(() => c.human.walkAlong(path, 1)).toThrow(/9 points, this humanoid holds at most 8/);
    expect(snapshotOf(c.arm.stateArrays())).toEqual(armBefore);
    expect(snapshotOf(c.human.stateArrays())).toEqual(humanBefore);
    c.world.free();
  });
});
