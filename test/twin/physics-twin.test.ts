/**
 * The physics twin (engine/twin): the line simulator with its conveyors carried by the Rapier
 * world. Known answers: a lone part's lead time is the sum of jobs and L/v (to a step per belt);
 * the twin's throughput equals the pure DES's with the same transport model and random streams;
 * clocks never drift; same seed, same frames; snapshot/restore continues bit-identically.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../engine/experiments/stats';
import { simulateScenario } from '../../engine/experiments/simulate';
import { constant, exp } from '../support/scenarios';
import { createPhysicsTwin, type PhysicsTwin } from '../../engine/twin/physics-twin';
import { stepTimeUs, STEP_SECONDS } from '../../engine/physics/time';
import type { Scenario } from '../../engine/model/types';
import { beltLine } from './fixtures';

async function twinOf(s: Scenario, options: Parameters<typeof createPhysicsTwin>[1] = {}): Promise<PhysicsTwin> {
  const made = await createPhysicsTwin(s, options);
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
  return made.value;
}

describe('physics twin', () => {
  it('carries a lone part in the sum of its jobs and L/v, within a step per belt', async () => {
    // The one part comes at 1000 s; jobs 10 s each, belts 6 + 12 + 6 s: 54 s from source to sink.
    const s = beltLine([constant(10), constant(10), constant(10)], { lengthSeconds: 1100 }, constant(1000));
    expect(simulateScenario(s, { conveyors: true }).leadTimeSeconds.mean).toBe(54);
    const twin = await twinOf(s);
    twin.run(twin.lastStep);
    const st = twin.sim.st;
    expect(st.goodOut).toBe(1);
    const lead = st.leadTimeSumUs / 1e6;
    expect(lead).toBeGreaterThanOrEqual(54);
    expect(lead).toBeLessThanOrEqual(54 + 3 * STEP_SECONDS + 1e-6);
    twin.free();
  });

  it('keeps the line clock on the step clock: t(k) after k ticks, no drift', async () => {
    const twin = await twinOf(beltLine([exp(5), exp(5), exp(5)], { lengthSeconds: 100 }));
    for (const k of [1, 2, 3, 59, 60, 61, 600, 3001]) {
      twin.run(k - twin.stepCount);
      twin.sim.advanceTo(stepTimeUs(k));
      expect(twin.sim.nowUs).toBe(stepTimeUs(k));
      expect(twin.timeUs).toBe(stepTimeUs(k));
    }
    twin.free();
  });

  it('gives the throughput of the pure DES with the same conveyors (same streams, within its CI)', async () => {
    // Saturated source; s2 is the bottleneck (5.5 s); 20 simulated minutes per replication.
    const s = beltLine([exp(5), { dist: 'lognormal', mean: 5.5, sd: 1 }, exp(4.5)], { lengthSeconds: 1200, replications: 4 });
    const des = simulateScenario(s, { conveyors: true, warmupSeconds: 0 });
    const perReplication: number[] = [];
    for (let r = 0; r < 4; r++) {
      const twin = await twinOf(s, { replication: r });
      twin.run(twin.lastStep);
      perReplication.push(twin.partsCompleted);
      twin.free();
    }
    const physicsPerHour = summarize(perReplication.map((n) => (n * 3600) / 1200));
    const ci = des.throughputPerHour;
    // Same random streams: each replication differs only by the step rounding of arrivals.
    expect(Math.abs(physicsPerHour.mean - ci.mean)).toBeLessThanOrEqual(ci.ci95!);
    const desParts = (ci.mean * 1200) / 3600;
    expect(Math.abs(physicsPerHour.mean * 1200 / 3600 - desParts)).toBeLessThan(0.02 * desParts + 2);
  }, 120_000);

  it('is deterministic and restores a snapshot bit-identically', async () => {
    const s = beltLine([exp(5), exp(5.5), exp(4.5)], { lengthSeconds: 300 });
    const a = await twinOf(s);
    const b = await twinOf(s);
    const hashesA: number[] = [];
    let snapshot: Uint8Array | null = null;
    for (let k = 1; k <= 6000; k++) {
      a.step();
      b.step();
      if (k % 250 === 0) {
        hashesA.push(a.frameHash());
        expect(b.frameHash()).toBe(hashesA[hashesA.length - 1]);
      }
      if (k === 3000) snapshot = a.snapshot();
    }
    expect(a.partsCompleted).toBeGreaterThanOrEqual(5);
    // A fresh twin restored at step 3000 replays the same frames.
    const c = await twinOf(s);
    c.restore(snapshot!);
    expect(c.stepCount).toBe(3000);
    const hashesC: number[] = [];
    for (let k = 3001; k <= 6000; k++) {
      c.step();
      if (k % 250 === 0) hashesC.push(c.frameHash());
    }
    expect(hashesC).toEqual(hashesA.slice(hashesA.length - hashesC.length));
    expect(c.partsCompleted).toBe(a.partsCompleted);
    // Damaged bytes and other twins' snapshots are refused; the twin is untouched.
    const before = c.frameHash();
    const damaged = snapshot!.slice();
    damaged[Math.floor(damaged.length / 2)] ^= 0x10;
    expect(() => c.restore(damaged)).toThrow(RangeError);
    const other = await twinOf(s, { seed: 99 });
    expect(() => other.restore(snapshot!)).toThrow(/another scenario/);
    expect(c.frameHash()).toBe(before);
    for (const t of [a, b, c, other]) t.free();
  }, 60_000);
});
