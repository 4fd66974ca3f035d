/** Random lines for property tests (test/line/invariants.test.ts). */
import fc from 'fast-check';
import { validateScenario } from '../../engine/model/validate';
import type { Distribution, Scenario, ScenarioLayout, ScenarioNode } from '../../engine/model/types';

export const distribution: fc.Arbitrary<Distribution> = fc.oneof(
  fc.integer({ min: 1, max: 20 }).map((v) => ({ dist: 'constant' as const, value: v })),
  fc.integer({ min: 1, max: 20 }).map((mean) => ({ dist: 'exponential' as const, mean })),
  fc.integer({ min: 1, max: 10 }).map((min) => ({ dist: 'uniform' as const, min, max: min + 5 })),
);

export const stage = fc.record({
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
  belt: fc.record({
    speed: fc.constantFrom(0.2, 0.5, 1),
    accumulating: fc.boolean(),
    spacing: fc.constantFrom(0.3, 0.6, 1.5),
  }),
});

export type Stage = typeof stage extends fc.Arbitrary<infer T> ? T : never;

/**
 * A random line. With `belts`, nodes are laid out left to right (stage i at x = 8i, parallel
 * stations at y = ±2, splits and buffers as points between) and every link between stages is a
 * belt with the stage's speed, kind and spacing.
 */
export function buildScenario(stages: Stage[], timed: boolean, seed: number, belts = false): Scenario {
  const nodes: ScenarioNode[] = [timed ? { id: 'in', type: 'source', interarrival: { dist: 'exponential', mean: 6 } } : { id: 'in', type: 'source' }];
  const links: [string, string][] = [];
  const placed: Record<string, { position: [number, number]; heading: number }> = { in: { position: [-4, 0], heading: 0 } };
  const conveyors: NonNullable<ScenarioLayout['conveyors']> = [];
  const belt = (from: string, to: string, g: Stage) => conveyors.push({
    id: `c-${from}-${to}`, from, to, width: 0.5, speedMetersPerSecond: g.belt.speed,
    accumulating: g.belt.accumulating, partSpacing: g.belt.spacing,
  });
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
      placed[split.id] = { position: [8 * i - 3, 0], heading: 0 };
      for (const p of previous) {
        links.push([p, split.id]);
        belt(p, split.id, g);
      }
      previous = [split.id];
    }
    for (const id of ids) {
      nodes.push({
        id, type: 'station', cycle: g.cycle, capacity: g.capacity, failures, scrap: g.scrap,
        ...(g.rework ? { rework: { probability: 0.15, to: `${id}-rework` } } : {}),
        ...(g.manual ? { kind: 'manual' as const, operators: { pools: ['crew', 'humanoid'] } } : {}),
        ...(g.calendar ? { calendar: g.calendar } : {}),
      });
      placed[id] = { position: [8 * i, g.parallel ? (id.endsWith('a') ? 2 : -2) : 0], heading: 0 };
      for (const p of previous) {
        links.push([p, id]);
        belt(p, id, g);
      }
      if (g.rework) {
        // Reworked parts come back through their own unbounded buffer (no circular blocking).
        nodes.push({ id: `${id}-rework`, type: 'buffer' });
        links.push([`${id}-rework`, id]);
      }
    }
    previous = ids;
    if (g.bufferAfter !== null) {
      nodes.push({ id: `b${i}`, type: 'buffer', capacity: g.bufferAfter });
      placed[`b${i}`] = { position: [8 * i + 3.5, 0], heading: 0 };
      for (const p of previous) {
        links.push([p, `b${i}`]);
        belt(p, `b${i}`, g);
      }
      previous = [`b${i}`];
    }
  });
  nodes.push({ id: 'out', type: 'sink' });
  placed.out = { position: [8 * stages.length + 4, 0], heading: 0 };
  for (const p of previous) {
    links.push([p, 'out']);
    belt(p, 'out', stages[stages.length - 1]);
  }
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
    ...(belts ? { layout: { units: 'm' as const, nodes: placed, conveyors } } : {}),
  };
  const checked = validateScenario(doc);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.value;
}

