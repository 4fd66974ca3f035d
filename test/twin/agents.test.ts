/**
 * Robot arms and humanoids in the physics twin (engine/twin/agents.ts): an arm moves exactly while
 * its station works and is back home between jobs; a humanoid walks from its dock to its station
 * when its shift starts and is there after path length / speed, when the line model's pool comes
 * on; a missing URDF is a located error; the default scene (3 arms, a humanoid) restores exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson } from '../../engine/model/validate';
import type { Scenario } from '../../engine/model/types';
import { compileLayout } from '../../engine/model/layout-compile';
import { humanoidWalks } from '../../engine/model/layout-walks';
import { createPhysicsTwin, type PhysicsTwin } from '../../engine/twin/physics-twin';
import { FRAME_STRIDE } from '../../engine/physics/frame';
import { stepAtOrAfterUs } from '../../engine/physics/time';
import { StationState } from '../../engine/model/compiled';
import { constant, scenario } from '../support/scenarios';

const scenes = join(__dirname, '../../scenes');
const readUrdf = (path: string) => readFileSync(join(scenes, path), 'utf8');

function defaultScene(): Scenario {
  const parsed = parseScenarioJson(readFileSync(join(scenes, 'assembly-line/scenario.json'), 'utf8'), 'scenario.json');
  if (!parsed.ok) throw new Error('default scene does not validate');
  return parsed.value;
}

async function twinOf(s: Scenario, seconds: number): Promise<PhysicsTwin> {
  const made = await createPhysicsTwin(s, { readUrdf, seconds });
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
  return made.value;
}

/** A robot cell (UR5, 10 s jobs) and a manual bench served by a humanoid whose shift starts at 00:01. */
function cellWithHumanoid(): Scenario {
  return scenario(
    [
      { id: 'in', type: 'source', interarrival: constant(30) },
      { id: 'cell', type: 'station', kind: 'robot', cycle: constant(10) },
      { id: 'bench', type: 'station', kind: 'manual', cycle: constant(5), operators: { pools: ['bots'] } },
      { id: 'out', type: 'sink' },
    ],
    [['in', 'cell'], ['cell', 'bench'], ['bench', 'out']],
    { lengthSeconds: 600 },
    {
      workers: [{ id: 'bots', kind: 'humanoid', count: 1, calendar: 'bots' }],
      calendars: { bots: { shifts: [{ start: '00:01', end: '24:00' }] } },
      layout: {
        units: 'm',
        nodes: {
          in: { position: [0, 0], heading: 0 },
          cell: { position: [3, 0], heading: 0 },
          bench: { position: [7, 0], heading: 0 },
          out: { position: [10, 0], heading: 0 },
        },
        conveyors: [{ id: 'c', from: 'cell', to: 'bench', width: 0.5, speedMetersPerSecond: 0.5, accumulating: true }],
        aisles: [{ id: 'walk', path: [[-2, -3], [12, -3]], width: 1.2 }],
        robots: [{ id: 'arm', station: 'cell', urdf: 'robots/ur5.urdf', basePose: { position: [3, 1.2, 0.8], yaw: -90 } }],
        humanoids: [{ id: 'h', pool: 'bots', walkSpeed: 1.25 }],
      },
    },
  );
}

const entry = (frame: Float32Array, e: number) => Array.from(frame.subarray(FRAME_STRIDE * e, FRAME_STRIDE * e + 8));

describe('twin agents', () => {
  it('moves an arm exactly while its station works, and brings it home between jobs', async () => {
    const twin = await twinOf(cellWithHumanoid(), 120);
    const layout = twin.describeFrame();
    const arm = layout.robots[0];
    expect(arm).toMatchObject({ id: 'arm', station: 'cell' });
    const frame = new Float32Array(twin.frameLength);
    const flange = () => {
      twin.writeFrame(frame);
      return entry(frame, arm.firstEntry + arm.links - 1).slice(0, 3);
    };
    const home = flange();
    const cell = twin.model.nodeIds.indexOf('cell');
    // Parts come every 30 s (first at 30 s): the cell works 30–40 s, 60–70 s, …
    twin.run(stepAtOrAfterUs(35e6));
    expect(twin.sim.st.stateCode[twin.model.firstServer[cell]]).toBe(StationState.working);
    const moving = flange();
    expect(Math.hypot(moving[0] - home[0], moving[1] - home[1], moving[2] - home[2])).toBeGreaterThan(0.05);
    twin.run(stepAtOrAfterUs(45e6) - twin.stepCount);
    expect(twin.sim.st.stateCode[twin.model.firstServer[cell]]).not.toBe(StationState.working);
    const back = flange();
    expect(Math.hypot(back[0] - home[0], back[1] - home[1], back[2] - home[2])).toBeLessThan(1e-4);
    twin.free();
  });

  it('walks a humanoid to its station in path length / speed, as the line model charges it', async () => {
    const s = cellWithHumanoid();
    const layout = compileLayout(s);
    if (!layout.ok) throw new Error('layout');
    const [walk] = humanoidWalks(s, layout.value);
    // Dock (-2, -3) → along the aisle to (7, -3) → up to 0.4 m below the bench (0.8 m deep).
    expect(walk.path).toEqual([[-2, -3], [7, -3], [7, -0.8]]);
    expect(walk.seconds).toBeCloseTo((9 + 2.2) / 1.25, 12);
    const twin = await twinOf(s, 120);
    const h = twin.describeFrame().humanoids[0];
    const frame = new Float32Array(twin.frameLength);
    const pelvis = () => {
      twin.writeFrame(frame);
      return entry(frame, h.firstEntry);
    };
    const bots = twin.model.poolIds.indexOf('bots');
    twin.run(stepAtOrAfterUs(59e6));
    expect(pelvis().slice(0, 2).map((v) => Math.round(v * 100) / 100)).toEqual([-2, -3]);
    const arrive = 60 + walk.seconds;
    twin.run(stepAtOrAfterUs((arrive - 0.5) * 1e6) - twin.stepCount);
    expect(twin.sim.st.poolOn[bots]).toBe(0);
    expect(pelvis()[7]).toBe(2); // walking
    twin.run(stepAtOrAfterUs((arrive + 0.5) * 1e6) - twin.stepCount);
    expect(twin.sim.st.poolOn[bots]).toBe(1);
    const at = pelvis();
    expect(Math.hypot(at[0] - 7, at[1] + 0.8)).toBeLessThan(0.01);
    expect(at[7]).toBe(3); // working
    twin.free();
  });

  it('names the robot whose URDF cannot be read', async () => {
    const s = cellWithHumanoid();
    s.layout!.robots![0].urdf = 'robots/missing.urdf';
    const made = await createPhysicsTwin(s, { readUrdf });
    expect(made.ok).toBe(false);
    if (!made.ok) expect(made.errors[0].path).toBe('layout.robots[0].urdf');
    const broken = await createPhysicsTwin(cellWithHumanoid(), { readUrdf: () => '<robot name="x"><link name="a"/><joint name="j" type="fixed"><parent link="nope"/><child link="a"/></joint></robot>' });
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors[0].message).toMatch(/robots\/ur5.urdf/);
  });

  it('runs the default scene (belts, three arms, a humanoid) and restores it bit-identically', async () => {
    const a = await twinOf(defaultScene(), 3600);
    const layout = a.describeFrame();
    expect(layout.robots.map((r) => r.station)).toEqual(['screw', 'pack-a', 'pack-b']);
    expect(layout.humanoids).toHaveLength(1);
    a.run(1800);
    const snap = a.snapshot();
    const hashes: number[] = [];
    for (let i = 0; i < 6; i++) {
      a.run(300);
      hashes.push(a.frameHash());
    }
    const b = await twinOf(defaultScene(), 3600);
    b.restore(snap);
    const replay: number[] = [];
    for (let i = 0; i < 6; i++) {
      b.run(300);
      replay.push(b.frameHash());
    }
    expect(replay).toEqual(hashes);
    expect(b.partsCompleted).toBe(a.partsCompleted);
    a.free();
    b.free();
  }, 60_000);

  it('builds the benchmark reference scene: 2 arms, 2 humanoids side by side, room for ≤ 300 parts upstream', async () => {
    const parsed = parseScenarioJson(readFileSync(join(scenes, 'benchmarks/physics-line/scenario.json'), 'utf8'), 'scenario.json');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const twin = await twinOf(parsed.value, 60);
    const frame = twin.describeFrame();
    expect(frame.robots.map((r) => r.id)).toEqual(['ur5-weld', 'panda-pack']);
    expect(frame.humanoids.map((h) => h.id)).toEqual(['humanoid-1', 'humanoid-2']);
    // Belt capacities floor(L/s) + 1: the three belts ahead of the bottleneck hold under 300.
    const m = twin.model;
    const capacity = (id: string) => m.bufferCapacity[m.nodeIds.indexOf(`conveyor:${id}`)];
    expect(capacity('belt-1') + capacity('belt-2') + capacity('belt-3')).toBeLessThanOrEqual(300);
    expect(capacity('belt-1') + capacity('belt-2') + capacity('belt-3')).toBeGreaterThan(250);
    const layout = compileLayout(parsed.value);
    if (!layout.ok) throw new Error('layout');
    const [a, b] = humanoidWalks(parsed.value, layout.value);
    const [pa, pb] = [a.path[a.path.length - 1], b.path[b.path.length - 1]];
    expect(Math.hypot(pa[0] - pb[0], pa[1] - pb[1])).toBeCloseTo(0.8, 9);
    twin.free();
  });

  it('moves the arm through every job, also when jobs follow each other at the same instant', async () => {
    // A saturated source: the cell takes its next part the moment it hands one on (10 s jobs).
    const s = cellWithHumanoid();
    delete (s.nodes[0] as { interarrival?: unknown }).interarrival;
    const twin = await twinOf(s, 60);
    const arm = twin.describeFrame().robots[0];
    const frame = new Float32Array(twin.frameLength);
    const flange = () => {
      twin.writeFrame(frame);
      return entry(frame, arm.firstEntry + arm.links - 1);
    };
    const home = flange();
    for (const mid of [5, 15, 25, 35]) {
      twin.run(stepAtOrAfterUs(mid * 1e6) - twin.stepCount);
      const at = flange();
      expect(Math.hypot(at[0] - home[0], at[1] - home[1], at[2] - home[2]), `arm moving at ${mid} s`).toBeGreaterThan(0.05);
      expect(at[7]).toBe(2); // working
    }
    twin.free();
  });

  it('sends a humanoid to work at once when the run starts during its walk out, and walks long aisles', async () => {
    // The shift is on from 00:00 (the run's start): the pool works after the walk (8.96 s).
    const s = cellWithHumanoid();
    s.calendars!.bots.shifts[0].start = '00:00';
    // The aisle as 200 points: a walk follows its vertices.
    const [a, b] = s.layout!.aisles![0].path;
    s.layout!.aisles![0].path = Array.from({ length: 200 }, (_, i) => [a[0] + ((b[0] - a[0]) * i) / 199, a[1]] as [number, number]);
    const twin = await twinOf(s, 600);
    const h = twin.describeFrame().humanoids[0];
    const frame = new Float32Array(twin.frameLength);
    twin.run(stepAtOrAfterUs(9.5e6));
    twin.writeFrame(frame);
    const pelvis = entry(frame, h.firstEntry);
    expect(Math.hypot(pelvis[0] - 7, pelvis[1] + 0.8)).toBeLessThan(0.05);
    expect(pelvis[7]).toBe(3); // working
    twin.free();
  });
});
