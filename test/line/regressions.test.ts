/**
 * Regressions from a fresh-eyes review of the line simulator (issue 3): each case once gave a
 * wrong answer (a stuck line, a wrong KPI, a hang); each states the right one.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile';
import { validateScenario } from '../../engine/model/validate';
import type { Scenario, ScenarioNode } from '../../engine/model/types';
import { LineSimulator } from '../../engine/line/simulator';
import { findFlowViolation } from '../../engine/line/invariants';
import { constant, exp, runRows, scenario } from '../support/scenarios';

const source: ScenarioNode = { id: 'in', type: 'source' };
const sink: ScenarioNode = { id: 'out', type: 'sink' };

describe('stuck parts and deadlocks', () => {
  it('R1 rework into a full, unlinked shelf: the station resumes once the shelf has room', () => {
    // m reworks half its parts to `shelf` (capacity 1), drained by `fix` (15 s). Load on fix is
    // 0.05/s < 1/15 s: stable. m must never stay blocked; good output ≈ 360/h.
    const s = scenario(
      [source, { id: 'm', type: 'station', cycle: constant(10), rework: { probability: 0.5, to: 'shelf' } },
        { id: 'shelf', type: 'buffer', capacity: 1 }, { id: 'fix', type: 'station', cycle: constant(15) }, sink],
      [['in', 'm'], ['m', 'out'], ['shelf', 'fix'], ['fix', 'out']], { lengthSeconds: 36_000 },
    );
    const [row] = runRows(s);
    expect(row.stations[0].stateSeconds.blocked).toBeLessThan(3600);
    expect(row.throughputPerHour).toBeGreaterThan(300);
  });

  it('R1b rework to an upstream station (not a link target): the upstream station takes the part back', () => {
    // m1 (10 s) → b (5) → m2 (8 s, 10 % rework to m1). m1 pulls the waiting rework part before a
    // new one (longest waiting first): good output ≈ 360/1.1 ≈ 327/h. Once, m1 never looked at
    // m2 (only link predecessors were pulled from), b filled and the whole line deadlocked.
    const s = scenario(
      [source, { id: 'm1', type: 'station', cycle: constant(10) }, { id: 'b', type: 'buffer', capacity: 5 },
        { id: 'm2', type: 'station', cycle: constant(8), rework: { probability: 0.1, to: 'm1' } }, sink],
      [['in', 'm1'], ['m1', 'b'], ['b', 'm2'], ['m2', 'out']], { lengthSeconds: 36_000, seed: 1 },
    );
    const [row] = runRows(s);
    expect(row.throughputPerHour).toBeGreaterThan(300);
  });

  it('R2 rework to itself (documented as allowed): a capacity-1 station reprocesses the part', () => {
    const s = scenario(
      [source, { id: 'm', type: 'station', cycle: constant(10), rework: { probability: 0.1, to: 'm' } }, sink],
      [['in', 'm'], ['m', 'out']], { lengthSeconds: 3600 },
    );
    const model = compileScenario(s);
    const sim = new LineSimulator(model);
    sim.reset(0, 1);
    sim.advanceTo(model.lengthUs);
    expect(findFlowViolation(sim)).toBeNull();
    const [row] = runRows(s);
    expect(row.stations[0].produced).toBeGreaterThan(350);
  });

  it('R3 operators.count 2 from two pools of 1 (validator: "combined count") — the station must run', () => {
    const s = scenario(
      [source, { id: 'm', type: 'station', kind: 'manual', cycle: constant(10), operators: { pools: ['human', 'robo'], count: 2 } }, sink],
      [['in', 'm'], ['m', 'out']], { lengthSeconds: 3600 },
      { workers: [{ id: 'human', kind: 'human', count: 1 }, { id: 'robo', kind: 'humanoid', count: 1 }] },
    );
    const model = compileScenario(s);
    const sim = new LineSimulator(model);
    sim.reset(0, 1);
    sim.advanceTo(model.lengthUs);
    expect(findFlowViolation(sim)).toBeNull(); // the checker sees nothing wrong (passes today)
    const [row] = runRows(s);
    expect(row.stations[0].produced).toBe(360);
  });
});

describe('operators', () => {
  it('R4 an operator is not parked at a station that is off shift while another station waits', () => {
    // One always-on operator shared by A (on shift 00:00–12:00) and B (always on). From 12:00 B
    // should have the operator to itself: B ≈ 2160 (day, shared) + 4320 (night) parts.
    const s = scenario(
      [{ id: 'in1', type: 'source' }, { id: 'in2', type: 'source' },
        { id: 'A', type: 'station', kind: 'manual', calendar: 'day', cycle: constant(10), operators: { pools: ['ops'] } },
        { id: 'B', type: 'station', kind: 'manual', cycle: constant(10), operators: { pools: ['ops'] } }, sink],
      [['in1', 'A'], ['in2', 'B'], ['A', 'out'], ['B', 'out']], { lengthSeconds: 86_400 },
      { calendars: { day: { shifts: [{ start: '00:00', end: '12:00' }] } }, workers: [{ id: 'ops', kind: 'human', count: 1 }] },
    );
    const [row] = runRows(s);
    const B = row.stations[1];
    expect(B.stateSeconds.waitingOperator).toBeLessThan(21_600 + 60);
    expect(B.produced).toBeGreaterThan(6400);
  });

  it('R5 failure while no operator is on shift is offShift (docs/kpi.md precedence), same as with a station calendar', () => {
    const calendars = { day: { shifts: [{ start: '00:00', end: '12:00' }] } };
    const failures = [{ basis: 'calendar' as const, ttf: constant(50_000), ttr: constant(3600) }];
    const run = (stationCalendar: boolean) => runRows(scenario(
      [source, { id: 'm', type: 'station', kind: 'manual', cycle: constant(10), operators: { pools: ['ops'] }, failures,
        ...(stationCalendar ? { calendar: 'day' } : {}) }, sink],
      [['in', 'm'], ['m', 'out']], { lengthSeconds: 86_400 },
      { calendars, workers: [{ id: 'ops', kind: 'human', count: 1, calendar: 'day' }] },
    ))[0].stations[0];
    const poolOnly = run(false);
    const withStationCalendar = run(true);
    expect(withStationCalendar.availability).toBe(1);
    expect(poolOnly.stateSeconds.failed).toBe(0);
    expect(poolOnly.availability).toBe(1);
  });
});

describe('manual station off-shift precedence (cont.)', () => {
  it('R5b a manual station blocked while no operator is on shift is offShift, not blocked', () => {
    // M (manual, pool on 00:00–12:00, 9 s) → N (machine, calendar 00:00–12:00, 10 s). From 12:00 M
    // holds a finished part and no operator is on shift: planned time, as docs/kpi.md says.
    const s = scenario(
      [source, { id: 'M', type: 'station', kind: 'manual', cycle: constant(9), operators: { pools: ['ops'] } },
        { id: 'N', type: 'station', calendar: 'day', cycle: constant(10) }, sink],
      [['in', 'M'], ['M', 'N'], ['N', 'out']], { lengthSeconds: 86_400 },
      { calendars: { day: { shifts: [{ start: '00:00', end: '12:00' }] } }, workers: [{ id: 'ops', kind: 'human', count: 1, calendar: 'day' }] },
    );
    const [row] = runRows(s);
    const M = row.stations[0];
    expect(M.stateSeconds.offShift).toBeGreaterThan(43_000);
    expect(M.availability).toBeGreaterThan(0.85);
  });
});

describe('routing', () => {
  it('R6 a blocked timed source keeps its routing decision (probability 1:1)', () => {
    const s = scenario(
      [{ id: 'in', type: 'source', interarrival: constant(1), route: { rule: 'probability', weights: { a: 1, b: 1 } } },
        { id: 'a', type: 'station', cycle: constant(2) }, { id: 'b', type: 'station', cycle: constant(100) }, sink],
      [['in', 'a'], ['in', 'b'], ['a', 'out'], ['b', 'out']], { lengthSeconds: 360_000 },
    );
    const [row] = runRows(s);
    const [a, b] = row.stations;
    // Each part routed to b waits for b: about one a-part per b-part.
    expect(a.produced / (a.produced + b.produced)).toBeLessThan(0.6);
  });

  it('R7 a capacity-0 buffer keeps the link order that firstAvailable follows', () => {
    const nodes = (zero: boolean): ScenarioNode[] => [source, { id: 'feed', type: 'station', cycle: constant(10) },
      ...(zero ? [{ id: 'z', type: 'buffer', capacity: 0 } as ScenarioNode] : []),
      { id: 'A', type: 'station', cycle: constant(1) }, { id: 'B', type: 'station', cycle: constant(1) }, sink];
    const direct = runRows(scenario(nodes(false), [['in', 'feed'], ['feed', 'A'], ['feed', 'B'], ['A', 'out'], ['B', 'out']]))[0];
    const viaZero = runRows(scenario(nodes(true), [['in', 'feed'], ['feed', 'z'], ['z', 'A'], ['feed', 'B'], ['A', 'out'], ['B', 'out']]))[0];
    expect(direct.stations[1].produced).toBe(359); // A first in link order
    expect(viaZero.stations[1].produced).toBe(359);
  });
});

describe('KPIs', () => {
  it('R12 line OEE counts rework as a quality loss (ISO 22400: GQ excludes rework)', () => {
    // One station, 50 % of its visits are rework: half its capacity makes new good parts.
    // OEE = PRI × GQ / PBT ≈ 0.5 and throughput ≈ 180/h (line OEE once read 1.0).
    const s = scenario(
      [source, { id: 'q', type: 'buffer', capacity: 2 }, { id: 'r', type: 'buffer' },
        { id: 'm', type: 'station', cycle: constant(10), rework: { probability: 0.5, to: 'r' } }, sink],
      [['in', 'q'], ['q', 'm'], ['r', 'm'], ['m', 'out']], { lengthSeconds: 36_000 },
    );
    const [row] = runRows(s);
    expect(row.stations[0].oee).toBeLessThan(0.6); // station OEE is right
    expect(row.line.oee).toBeLessThan(0.6);
  });
});

describe('validation holes that hang or crash the engine', () => {
  const doc = (nodes: ScenarioNode[], links: [string, string][]): unknown => ({
    format: 'line-twin/scenario', version: 1, name: 'x',
    run: { warmupSeconds: 0, lengthSeconds: 3600, replications: 1, seed: 1 }, nodes, links,
  });
  it('R8 saturated source linked to a sink is refused (the engine loops forever at t = 0)', () => {
    const d = doc([source, { id: 'm', type: 'station', cycle: constant(10) }, sink], [['in', 'm'], ['m', 'out'], ['in', 'out']]);
    expect(validateScenario(d).ok).toBe(false);
  });
  it('R9 saturated source → capacity-0 buffer → unbounded buffer is refused (engine: OOM at t = 0)', () => {
    const d = doc([source, { id: 'z', type: 'buffer', capacity: 0 }, { id: 'b', type: 'buffer' },
      { id: 'm', type: 'station', cycle: constant(10) }, sink], [['in', 'z'], ['z', 'b'], ['b', 'm'], ['m', 'out']]);
    expect(validateScenario(d).ok).toBe(false);
  });
  it('R10 the longest serial line a scenario may have (998 stations, a source and a sink) runs: the zero-time cascade recurses once per station', () => {
    const n = 998;
    const nodes: ScenarioNode[] = [source];
    const links: [string, string][] = [];
    let prev = 'in';
    for (let i = 0; i < n; i++) {
      nodes.push({ id: `s${i}`, type: 'station', cycle: constant(i === n - 1 ? 100 : 1) });
      links.push([prev, `s${i}`]);
      prev = `s${i}`;
    }
    nodes.push(sink);
    links.push([prev, 'out']);
    const s = scenario(nodes, links, { lengthSeconds: 20_000 });
    expect(() => runRows(s)).not.toThrow();
  });
});

describe('random streams', () => {
  it('R11 two stations get independent streams whatever their ids ("liquid"/"costarring" collide in FNV-1a)', () => {
    const line = (a: string, b: string): Scenario => scenario(
      [source, { id: a, type: 'station', cycle: exp(10) }, { id: b, type: 'station', cycle: exp(10) }, sink],
      [['in', a], ['in', b], [a, 'out'], [b, 'out']], { lengthSeconds: 36_000 },
    );
    const [row] = runRows(line('liquid', 'costarring'));
    expect(row.stations[0].produced).not.toBe(row.stations[1].produced);
  });
});
