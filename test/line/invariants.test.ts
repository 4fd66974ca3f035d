/**
 * Property test: on random line layouts (series of stages, parallel pairs behind splits, finite
 * buffers, failures, scrap, timed or saturated sources) the line is work-conserving at every
 * checkpoint, parts are conserved, and state times add up to the window.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile';
import { validateScenario } from '../../engine/model/validate';
import type { Distribution, Scenario, ScenarioNode } from '../../engine/model/types';
import { LineSimulator } from '../../engine/line/simulator';
import { findFlowViolation } from '../../engine/line/invariants';
import { STATE_COUNT } from '../../engine/model/compiled';

const distribution: fc.Arbitrary<Distribution> = fc.oneof(
  fc.integer({ min: 1, max: 20 }).map((v) => ({ dist: 'constant' as const, value: v })),
  fc.integer({ min: 1, max: 20 }).map((mean) => ({ dist: 'exponential' as const, mean })),
  fc.integer({ min: 1, max: 10 }).map((min) => ({ dist: 'uniform' as const, min, max: min + 5 })),
);

const stage = fc.record({
  parallel: fc.boolean(),
  rule: fc.constantFrom('firstAvailable', 'roundRobin', 'probability'),
  cycle: distribution,
  capacity: fc.integer({ min: 1, max: 2 }),
  failures: fc.constantFrom('none', 'operating', 'calendar'),
  scrap: fc.constantFrom(0, 0.1),
  bufferAfter: fc.option(fc.integer({ min: 1, max: 4 })),
  rework: fc.boolean(),
  manual: fc.boolean(),
  calendar: fc.constantFrom(undefined, 'plant'),
});

type Stage = typeof stage extends fc.Arbitrary<infer T> ? T : never;

function buildScenario(stages: Stage[], timed: boolean, seed: number): Scenario {
  const nodes: ScenarioNode[] = [timed ? { id: 'in', type: 'source', interarrival: { dist: 'exponential', mean: 6 } } : { id: 'in', type: 'source' }];
  const links: [string, string][] = [];
  let previous = ['in'];
  stages.forEach((g, i) => {
    const failures = g.failures === 'none' ? [] : [{ basis: g.failures as 'operating' | 'calendar', ttf: { dist: 'exponential' as const, mean: 300 }, ttr: { dist: 'exponential' as const, mean: 40 } }];
    const ids = g.parallel ? [`s${i}a`, `s${i}b`] : [`s${i}`];
    if (g.parallel) {
      const split: ScenarioNode = {
        id: `split${i}`, type: 'buffer', capacity: 2,
        route: g.rule === 'probability' ? { rule: 'probability', weights: { [ids[0]]: 2, [ids[1]]: 1 } } : { rule: g.rule as 'roundRobin' | 'firstAvailable' },
      };
      nodes.push(split);
      for (const p of previous) links.push([p, split.id]);
      previous = [split.id];
    }
    for (const id of ids) {
      nodes.push({
        id, type: 'station', cycle: g.cycle, capacity: g.capacity, failures, scrap: g.scrap,
        ...(g.rework ? { rework: { probability: 0.15, to: `${id}-rework` } } : {}),
        ...(g.manual ? { kind: 'manual' as const, operators: { pools: ['crew', 'humanoid'] } } : {}),
        ...(g.calendar ? { calendar: g.calendar } : {}),
      });
      for (const p of previous) links.push([p, id]);
      if (g.rework) {
        // Reworked parts come back through their own unbounded buffer (no circular blocking).
        nodes.push({ id: `${id}-rework`, type: 'buffer' });
        links.push([`${id}-rework`, id]);
      }
    }
    previous = ids;
    if (g.bufferAfter !== null) {
      nodes.push({ id: `b${i}`, type: 'buffer', capacity: g.bufferAfter });
      for (const p of previous) links.push([p, `b${i}`]);
      previous = [`b${i}`];
    }
  });
  nodes.push({ id: 'out', type: 'sink' });
  for (const p of previous) links.push([p, 'out']);
  const doc = {
    format: 'line-twin/scenario' as const, version: 1 as const, name: 'random line',
    run: { warmupSeconds: 50, lengthSeconds: 2000, replications: 1, seed, startTime: '05:50' }, nodes, links,
    // Shifts and breaks fall inside the 2000 s run (05:50 to 06:23): every transition is exercised.
    calendars: {
      plant: { shifts: [{ start: '06:00', end: '05:55' }], plannedDowntime: [{ start: '06:10', end: '06:12' }] },
      people: { shifts: [{ start: '05:55', end: '06:15' }] },
      robots: { shifts: [{ start: '06:05', end: '06:20' }] },
    },
    workers: [
      { id: 'crew', kind: 'human' as const, count: 2, calendar: 'people' },
      { id: 'humanoid', kind: 'humanoid' as const, count: 1, calendar: 'robots' },
    ],
  };
  const checked = validateScenario(doc);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.value;
}

describe('random lines', () => {
  it('are work-conserving, conserve parts, and account for all time', () => {
    fc.assert(
      fc.property(fc.array(stage, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.nat(1000), (stages, timed, seed) => {
        const model = compileScenario(buildScenario(stages, timed, seed));
        const sim = new LineSimulator(model);
        sim.reset(0, seed);
        for (let t = 37; t <= 2000; t += 97) {
          sim.advanceTo(t * 1e6);
          expect(findFlowViolation(sim)).toBeNull();
        }
        sim.advanceTo(model.lengthUs);
        sim.closeAccounts();
        for (let s = 0; s < model.serverCount; s++) {
          let total = 0;
          for (let j = 0; j < STATE_COUNT; j++) total += sim.st.stateUs[s * STATE_COUNT + j];
          expect(total).toBe(model.lengthUs - model.warmupUs);
        }
      }),
      { numRuns: 150 },
    );
  });
});
