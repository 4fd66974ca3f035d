/** Line semantics with exact or statistically known answers (DESIGN §3). */
import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../../engine/experiments/simulate';
import type { ScenarioNode } from '../../engine/model/types';
import { constant, exp, runRows, scenario } from '../support/scenarios';

const source: ScenarioNode = { id: 'in', type: 'source' };
const sink: ScenarioNode = { id: 'out', type: 'sink' };

/** |x − p·n| within 4 binomial standard deviations. */
function expectBinomial(successes: number, trials: number, p: number): void {
  expect(Math.abs(successes - p * trials)).toBeLessThan(4 * Math.sqrt(trials * p * (1 - p)));
}

describe('quality', () => {
  it('scrap: produced = good + scrapped, and the scrap share is binomial', () => {
    const s = scenario([source, { id: 'm', type: 'station', cycle: constant(10), scrap: 0.1 }, sink],
      [['in', 'm'], ['m', 'out']], { lengthSeconds: 36_000 });
    const [row] = runRows(s);
    const m = row.stations[0];
    expect(m.produced).toBe(3600);
    expect(m.good + m.scrapped).toBe(m.produced);
    expectBinomial(m.scrapped, m.produced, 0.1);
    expect(m.quality).toBeCloseTo(m.good / m.produced, 12);
    expect(row.line.quality).toBeCloseTo(m.good / m.produced, 12);
  });

  it('rework loop: a part visits 1/(1 − p) times on average', () => {
    // Reworked parts return through their own unbounded buffer, so the loop cannot deadlock.
    const s = scenario(
      [source, { id: 'q', type: 'buffer', capacity: 2 }, { id: 'r', type: 'buffer' },
        { id: 'm', type: 'station', cycle: constant(10), rework: { probability: 0.2, to: 'r' } }, sink],
      [['in', 'q'], ['q', 'm'], ['r', 'm'], ['m', 'out']], { lengthSeconds: 360_000 },
    );
    const [row] = runRows(s);
    const m = row.stations[0];
    expect(m.produced).toBe(36_000);
    expect(m.good + m.reworked).toBe(m.produced);
    expectBinomial(m.reworked, m.produced, 0.2);
    // Good parts out per hour: 360 visits/h ÷ 1.25 visits per part.
    expect(row.throughputPerHour).toBeGreaterThan(288 * 0.98);
    expect(row.throughputPerHour).toBeLessThan(288 * 1.02);
  });
});

describe('routing', () => {
  const fork = (route: NonNullable<ScenarioNode['route']>) =>
    scenario(
      [source, { id: 'feed', type: 'station', cycle: constant(1), route },
        { id: 'a', type: 'station', cycle: constant(1) }, { id: 'b', type: 'station', cycle: constant(1) }, sink],
      [['in', 'feed'], ['feed', 'a'], ['feed', 'b'], ['a', 'out'], ['b', 'out']], { lengthSeconds: 20_000 },
    );

  it('probability split follows the weights', () => {
    const [row] = runRows(fork({ rule: 'probability', weights: { a: 3, b: 1 } }));
    const [, a, b] = row.stations;
    expectBinomial(a.produced, a.produced + b.produced, 0.75);
  });

  it('round robin alternates strictly', () => {
    const [row] = runRows(fork({ rule: 'roundRobin' }));
    const [feed, a, b] = row.stations;
    expect(Math.abs(a.produced - b.produced)).toBeLessThanOrEqual(1);
    expect(a.produced + b.produced).toBeGreaterThanOrEqual(feed.produced - 2);
  });

  it('merge: two stations feed one faster one through a buffer', () => {
    const s = scenario(
      [{ id: 'in1', type: 'source' }, { id: 'in2', type: 'source' },
        { id: 'm1', type: 'station', cycle: constant(10) }, { id: 'm2', type: 'station', cycle: constant(10) },
        { id: 'q', type: 'buffer', capacity: 2 }, { id: 'm3', type: 'station', cycle: constant(4) }, sink],
      [['in1', 'm1'], ['in2', 'm2'], ['m1', 'q'], ['m2', 'q'], ['q', 'm3'], ['m3', 'out']], { lengthSeconds: 36_000 },
    );
    const [row] = runRows(s);
    expect(row.throughputPerHour).toBeGreaterThan(719);
    expect(row.throughputPerHour).toBeLessThanOrEqual(720);
  });

  it('a timed source blocks and its arrival clock waits', () => {
    const s = scenario([{ id: 'in', type: 'source', interarrival: constant(5) }, { id: 'm', type: 'station', cycle: constant(10) }, sink],
      [['in', 'm'], ['m', 'out']], { lengthSeconds: 3600 });
    const [row] = runRows(s);
    expect(row.stations[0].produced).toBe(359);
  });
});

describe('products and setups', () => {
  it('a changeover on each product change: time per part = cycle + P(change)·setup', () => {
    const s = scenario(
      [{ id: 'in', type: 'source', productMix: { A: 1, B: 1 } },
        { id: 'm', type: 'station', cycle: constant(10), setup: constant(5) }, sink],
      [['in', 'm'], ['m', 'out']], { lengthSeconds: 360_000 }, { products: [{ id: 'A' }, { id: 'B' }] },
    );
    const [row] = runRows(s);
    const m = row.stations[0];
    // Successive products are independent with P(change) = 1/2: 12.5 s per part.
    expect(m.stateSeconds.setup / row.windowSeconds).toBeGreaterThan(0.2 * 0.97);
    expect(m.stateSeconds.setup / row.windowSeconds).toBeLessThan(0.2 * 1.03);
    expect(m.stateSeconds.working + m.stateSeconds.setup).toBeCloseTo(row.windowSeconds, 6);
  });
});

describe('shifts and operators', () => {
  it('a station on an early shift with a break is off shift the rest of the day, exactly', () => {
    const s = scenario([source, { id: 'm', type: 'station', cycle: constant(60), calendar: 'early' }, sink],
      [['in', 'm'], ['m', 'out']], { lengthSeconds: 86_400 },
      { calendars: { early: { shifts: [{ start: '06:00', end: '14:00', breaks: [{ start: '10:00', end: '10:30' }] }] } } });
    const [row] = runRows(s);
    const m = row.stations[0];
    expect(m.stateSeconds.offShift).toBe(86_400 - 7.5 * 3600);
    expect(m.produced).toBe(450);
    expect(m.availability).toBe(1);
  });

  it('one operator shared by two manual stations halves their pace', () => {
    const manual = (id: string): ScenarioNode => ({ id, type: 'station', kind: 'manual', cycle: constant(10), operators: { pools: ['crew'] } });
    const s = scenario([source, manual('m1'), manual('m2'), sink], [['in', 'm1'], ['m1', 'm2'], ['m2', 'out']],
      { lengthSeconds: 36_000 }, { workers: [{ id: 'crew', kind: 'human', count: 1 }] });
    const [row] = runRows(s);
    expect(row.throughputPerHour).toBeCloseTo(180, 0);
    expect(row.stations[0].stateSeconds.waitingOperator).toBeGreaterThan(0);
  });

  it('a humanoid covers the night ghost shift; only its charging is off shift', () => {
    const s = scenario(
      [source, { id: 'm', type: 'station', kind: 'manual', cycle: constant(60), operators: { pools: ['people', 'humanoid'] } }, sink],
      [['in', 'm'], ['m', 'out']], { lengthSeconds: 86_400 },
      {
        calendars: {
          day: { shifts: [{ start: '06:00', end: '22:00' }] },
          night: { shifts: [{ start: '22:00', end: '06:00' }], plannedDowntime: [{ start: '02:00', end: '02:30', name: 'charging' }] },
        },
        workers: [{ id: 'people', kind: 'human', count: 1, calendar: 'day' }, { id: 'humanoid', kind: 'humanoid', count: 1, calendar: 'night' }],
      },
    );
    const [row] = runRows(s);
    const m = row.stations[0];
    expect(m.stateSeconds.offShift).toBe(1800);
    expect(m.produced).toBe((86_400 - 1800) / 60);
    expect(m.stateSeconds.waitingOperator).toBe(0);
  });
});

describe('replications and random streams', () => {
  const line = (secondCycle: number) =>
    scenario(
      [source, { id: 's1', type: 'station', cycle: exp(10), failures: [{ basis: 'operating', ttf: exp(600), ttr: exp(60) }] },
        { id: 'q', type: 'buffer' }, { id: 's2', type: 'station', cycle: exp(secondCycle) }, sink],
      [['in', 's1'], ['s1', 'q'], ['q', 's2'], ['s2', 'out']], { lengthSeconds: 7200, replications: 3 },
    );

  it('common random numbers: changing s2 does not change a draw of s1', () => {
    // With an unbounded buffer s1 is never blocked, so its history depends on its own streams only.
    const a = runRows(line(8));
    const b = runRows(line(9));
    expect(b.map((r) => r.stations[0])).toEqual(a.map((r) => r.stations[0]));
    expect(b.map((r) => r.stations[1].produced)).not.toEqual(a.map((r) => r.stations[1].produced));
  });

  it('same seed → identical report; another seed → another report', () => {
    const strip = (o: object) => JSON.stringify({ ...o, wallSeconds: undefined });
    const s = line(8);
    expect(strip(simulateScenario(s))).toBe(strip(simulateScenario(s)));
    expect(strip(simulateScenario(s, { seed: 99 }))).not.toBe(strip(simulateScenario(s)));
  });

  it('state seconds of every station add up to the window after warm-up', () => {
    const report = simulateScenario(line(8), { warmupSeconds: 1000 });
    for (const st of report.stations) {
      const total = Object.values(st.stateSeconds).reduce((x, y) => x + y, 0);
      expect(total).toBeCloseTo(7200 - 1000, 6);
    }
  });
});
