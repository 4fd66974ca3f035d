import type { Scenario } from '../../engine/model/types';

/** The example of DESIGN §9, verbatim: it must stay valid. */
export function designExample(): Scenario {
  return {
    format: 'line-twin/scenario', version: 1, name: 'Serial line',
    run: { warmupSeconds: 0, lengthSeconds: 28800, replications: 20, seed: 1 },
    nodes: [
      { id: 'in', type: 'source' },
      { id: 's1', type: 'station', cycle: { dist: 'exponential', mean: 10 },
        failures: [{ basis: 'operating',
          ttf: { dist: 'exponential', mean: 7200 },
          ttr: { dist: 'exponential', mean: 600 } }],
        scrap: 0.0 },
      { id: 'b1', type: 'buffer', capacity: 5 },
      { id: 's2', type: 'station', cycle: { dist: 'constant', value: 10 } },
      { id: 'out', type: 'sink' },
    ],
    links: [['in', 's1'], ['s1', 'b1'], ['b1', 's2'], ['s2', 'out']],
  };
}

/**
 * A valid scenario that uses every feature of format v1 and every distribution: a door line with
 * two products, a two-shift calendar and a humanoid ghost shift, a probabilistic split to two
 * robot welders, a round-robin split to two manual fitting stations, and inspection with scrap
 * and rework. A fresh copy per call, so tests may mutate it.
 */
export function validScenario(): Scenario {
  return {
    format: 'line-twin/scenario',
    version: 1,
    name: 'Door line',
    description: 'Press, two robot welders, two manual fitters, inspection with rework, packing.',
    run: { warmupSeconds: 3600, lengthSeconds: 86400, replications: 10, seed: 42, startTime: '06:00' },
    products: [{ id: 'A', name: 'Front door' }, { id: 'B', name: 'Rear door' }],
    calendars: {
      'two-shift': {
        shifts: [
          { start: '06:00', end: '14:00', name: 'early', breaks: [{ start: '10:00', end: '10:30', name: 'lunch' }] },
          { start: '14:00', end: '22:00', name: 'late', breaks: [{ start: '18:00', end: '18:30' }] },
        ],
        plannedDowntime: [{ start: '13:45', end: '14:00', name: 'handover' }],
      },
      ghost: {
        // The night no human staffs: wraps past midnight, with a charging stop.
        shifts: [{ start: '22:00', end: '06:00', name: 'ghost', breaks: [{ start: '01:00', end: '01:15' }] }],
        plannedDowntime: [{ start: '03:00', end: '03:30', name: 'charging' }],
      },
    },
    workers: [
      { id: 'fitters', kind: 'human', count: 3, calendar: 'two-shift' },
      { id: 'humanoids', kind: 'humanoid', count: 1, calendar: 'ghost' },
    ],
    nodes: [
      { id: 'src', type: 'source', name: 'Blank supply',
        interarrival: { dist: 'exponential', mean: 30 }, productMix: { A: 3, B: 1 } },
      { id: 'b0', type: 'buffer', capacity: 10 },
      { id: 'press', type: 'station', kind: 'machine', name: 'Press', capacity: 2,
        cycle: { dist: 'constant', value: 25 },
        cycleByProduct: { A: { dist: 'triangular', min: 20, mode: 24, max: 30 }, B: { dist: 'uniform', min: 22, max: 28 } },
        idealCycleSeconds: 22,
        failures: [
          { name: 'die wear', basis: 'operating', ttf: { dist: 'exponential', mean: 7200 },
            ttr: { dist: 'lognormal', mean: 600, sd: 200 } },
          { name: 'hydraulics', basis: 'calendar', ttf: { dist: 'weibull', shape: 1.5, scale: 20000 },
            ttr: { dist: 'gamma', mean: 900, sd: 300 } },
        ],
        setup: { dist: 'normal', mean: 120, sd: 20 },
        scrap: 0.01,
        calendar: 'two-shift' },
      { id: 'split', type: 'buffer', route: { rule: 'probability', weights: { weldA: 0.7, weldB: 0.3 } } },
      { id: 'weldA', type: 'station', kind: 'robot', cycle: { dist: 'normal', mean: 40, sd: 2 } },
      { id: 'weldB', type: 'station', kind: 'robot', cycle: { dist: 'empirical', values: [41, 43, 39.5, 44] } },
      { id: 'b2', type: 'buffer', capacity: 5, route: { rule: 'roundRobin' } },
      { id: 'fit1', type: 'station', kind: 'manual', cycle: { dist: 'lognormal', mean: 55, sd: 8 },
        operators: { pools: ['fitters', 'humanoids'] } },
      { id: 'fit2', type: 'station', kind: 'manual', cycle: { dist: 'lognormal', mean: 55, sd: 8 },
        operators: { pools: ['humanoids', 'fitters'], count: 2 } },
      { id: 'b3', type: 'buffer', capacity: 8, route: { rule: 'firstAvailable' } },
      { id: 'inspect', type: 'station', cycle: { dist: 'exponential', mean: 20 },
        scrap: 0.02, rework: { probability: 0.05, to: 'b2' } },
      { id: 'handoff', type: 'buffer', capacity: 0 },
      { id: 'pack', type: 'station', cycle: { dist: 'constant', value: 15 } },
      { id: 'out', type: 'sink' },
    ],
    links: [
      ['src', 'b0'], ['b0', 'press'], ['press', 'split'], ['split', 'weldA'], ['split', 'weldB'],
      ['weldA', 'b2'], ['weldB', 'b2'], ['b2', 'fit1'], ['b2', 'fit2'], ['fit1', 'b3'], ['fit2', 'b3'],
      ['b3', 'inspect'], ['inspect', 'handoff'], ['handoff', 'pack'], ['pack', 'out'],
    ],
  };
}

/** An untyped document: tests put wrong values where the types would not allow them. */
export type Doc = any;

/** Builds a document from the full example (or another base) with one change applied. */
export function changed(edit: (doc: Doc) => void, base: () => Scenario = validScenario): Doc {
  const doc: Doc = base();
  edit(doc);
  return doc;
}
