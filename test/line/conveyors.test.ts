/**
 * Conveyors in the line simulator (engine/line/conveyors.ts): known answers for transport time,
 * spacing, capacity and the two belt kinds, plus an analytic queue with a conveyor behind it.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario, conveyorNodeId } from '../../engine/model/compile';
import { NodeCode, US_PER_SECOND } from '../../engine/model/compiled';
import type { Distribution, Scenario, ScenarioLayout, ScenarioNode } from '../../engine/model/types';
import { LineSimulator } from '../../engine/line/simulator';
import { findFlowViolation } from '../../engine/line/invariants';
import { simulateScenario } from '../../engine/experiments/simulate';
import { constant, exp, scenario } from '../support/scenarios';
import { expectCovered } from '../support/coverage';

interface BeltSpec {
  lengthM: number;
  speed: number;
  accumulating: boolean;
  spacing?: number;
}

/**
 * in → (q) → m → out with a conveyor on one link. Nodes are points except the station (a 2 × 1.5 m
 * machine at x = 3, so it spans x ∈ [2, 4]); the belt is straight, so its length is exact.
 */
function line(opts: {
  source?: Distribution;
  cycle: Distribution;
  queue?: boolean;
  belt: BeltSpec;
  /** Which link the belt realises. */
  on: 'in-m' | 'm-out';
  run?: Partial<Scenario['run']>;
}): Scenario {
  const nodes: ScenarioNode[] = [{ id: 'in', type: 'source', ...(opts.source ? { interarrival: opts.source } : {}) }];
  const links: [string, string][] = [];
  let before = 'in';
  if (opts.queue) {
    nodes.push({ id: 'q', type: 'buffer' });
    links.push(['in', 'q']);
    before = 'q';
  }
  nodes.push({ id: 'm', type: 'station', kind: 'machine', cycle: opts.cycle }, { id: 'out', type: 'sink' });
  links.push([before, 'm'], ['m', 'out']);
  const { lengthM, speed, accumulating, spacing } = opts.belt;
  const from = opts.on === 'in-m' ? before : 'm';
  const to = opts.on === 'in-m' ? 'm' : 'out';
  // A point node at the far end of the belt: before the station's footprint, or after it.
  const far = opts.on === 'in-m' ? 2 - lengthM : 4 + lengthM;
  const layout: ScenarioLayout = {
    units: 'm',
    nodes: {
      [opts.on === 'in-m' ? from : to]: { position: [far, 0], heading: 0 },
      m: { position: [3, 0], heading: 0 },
    },
    conveyors: [{
      id: 'belt', from, to, width: 0.5, speedMetersPerSecond: speed, accumulating,
      ...(spacing ? { partSpacing: spacing } : {}),
    }],
  };
  return scenario(nodes, links, { lengthSeconds: 3600, ...opts.run }, { layout });
}

function simulator(s: Scenario) {
  const model = compileScenario(s, { conveyors: true });
  const sim = new LineSimulator(model);
  sim.reset(0, model.seed);
  const belt = model.nodeIds.indexOf(conveyorNodeId('belt'));
  return { model, sim, belt };
}

describe('conveyor nodes', () => {
  it('are inserted only when asked, with capacity floor(L/s) + 1 and T = L/v', () => {
    const s = line({ cycle: constant(1), belt: { lengthM: 3, speed: 0.5, accumulating: true, spacing: 0.4 }, on: 'm-out' });
    expect(compileScenario(s).nodeType.includes(NodeCode.conveyor)).toBe(false);
    const { model, belt } = simulator(s);
    expect(model.nodeType[belt]).toBe(NodeCode.conveyor);
    expect(model.bufferCapacity[belt]).toBe(8); // 3 / 0.4 = 7.5 → 7 gaps → 8 parts
    expect(model.conveyorTransportUs[belt]).toBe(6 * US_PER_SECOND);
    expect(model.conveyorSpacingUs[belt]).toBe(0.8 * US_PER_SECOND);
    const m = model.nodeIds.indexOf('m');
    expect(model.outNode[model.outStart[m]]).toBe(belt);
    expect(model.nodeIds[model.outNode[model.outStart[belt]]]).toBe('out');
  });

  it('add their transport time to the lead time of a lone part', () => {
    // One part every 1000 s, a 10 s job, a 3 m belt at 0.5 m/s: lead time 10 + 6 s exactly.
    const s = line({
      source: constant(1000), cycle: constant(10), on: 'm-out',
      belt: { lengthM: 3, speed: 0.5, accumulating: true }, run: { lengthSeconds: 10_000 },
    });
    const report = simulateScenario(s, { conveyors: true });
    expect(report.leadTimeSeconds.mean).toBe(16);
    expect(simulateScenario(s).leadTimeSeconds.mean).toBe(10);
  });

  it('limit the flow to v / spacing', () => {
    // A saturated source feeds a 1 s station over a belt whose spacing takes 0.35/0.3 s per part.
    for (const accumulating of [true, false]) {
      const s = line({ cycle: constant(1), on: 'in-m', belt: { lengthM: 3, speed: 0.3, accumulating, spacing: 0.35 } });
      const report = simulateScenario(s, { conveyors: true, warmupSeconds: 60 });
      expect(report.throughputPerHour.mean).toBeCloseTo((3600 * 0.3) / 0.35, -0.5);
    }
  });

  it('fill up to capacity behind a stopped station (accumulating) and hold their spacing (not)', () => {
    // Parts arrive every 2σ; the station takes 10^6 s. An accumulating belt closes the gaps and
    // fills to floor(L/s) + 1 = 11 parts; a non-accumulating belt stops with the first part at the
    // end and keeps the 2s gaps: floor(L/2s) + 1 = 6 parts.
    for (const [accumulating, expected] of [[true, 11], [false, 6]] as const) {
      const s = line({
        source: constant(2), cycle: constant(1e6), on: 'in-m',
        belt: { lengthM: 3, speed: 0.3, accumulating }, // s = part length 0.3 m, σ = 1 s
      });
      const { sim, belt } = simulator(s);
      sim.advanceTo(600 * US_PER_SECOND);
      expect(findFlowViolation(sim)).toBeNull();
      expect(sim.st.bufferCount[belt]).toBe(expected);
    }
  });

  it('accumulating: a full queue drains one part per σ however fast the next station is', () => {
    // The station (0.1 s jobs) comes on shift at 00:10; by then the belt (3 m, 0.3 m/s, s = 0.3 m,
    // σ = 1 s) holds 11 queued parts. Heads are taken at 600, 601, …: by 610.05 s ten jobs are done.
    const s0 = line({ cycle: constant(0.1), on: 'in-m', belt: { lengthM: 3, speed: 0.3, accumulating: true } });
    const s = scenario(
      s0.nodes.map((n) => (n.id === 'm' ? { ...n, calendar: 'late' } : n)), s0.links, s0.run,
      { layout: s0.layout, calendars: { late: { shifts: [{ start: '00:10', end: '24:00' }] } } },
    );
    const { sim, belt, model } = simulator(s);
    const m = model.nodeIds.indexOf('m');
    sim.advanceTo(600 * US_PER_SECOND - 1);
    expect(sim.st.bufferCount[belt]).toBe(11);
    sim.advanceTo(610.05 * US_PER_SECOND);
    expect(sim.st.produced[m]).toBe(10);
    expect(findFlowViolation(sim)).toBeNull();
  });

  it('non-accumulating: a held head stops the belt; it restarts when the head is taken', () => {
    // Parts every 1 s onto a 4 m belt at 1 m/s (σ = 0.3 s); the station takes 3 s per part.
    // Part k enters at k s (k = 1, 2, …). Head 1 arrives at 5, the station is free: done at 8.
    // Head 2 arrives at 6 and is held: the belt stops 6…8. Part 3 (entered at 3) then needs 1 s
    // more of belt time: it arrives at 9 and is held until 11; part 4 arrives at 12.
    const s = line({ source: constant(1), cycle: constant(3), on: 'in-m', belt: { lengthM: 4, speed: 1, accumulating: false } });
    const { sim, belt, model } = simulator(s);
    const arrivals: number[] = [];
    const seen = new Set<number>();
    for (let t = 0; t <= 13 * 1000; t++) {
      sim.advanceTo(t * 1000);
      if (sim.st.conveyorHeadReady[belt] === 1 || sim.st.serverPart[model.firstServer[model.nodeIds.indexOf('m')]] >= 0) {
        const at = sim.st.conveyorHeadReady[belt] === 1 ? sim.st.conveyorHeadSinceUs[belt] : -1;
        if (at >= 0 && !seen.has(at)) {
          seen.add(at);
          arrivals.push(at / US_PER_SECOND);
        }
      }
    }
    // Heads that were held (head 1 went straight on at 5 s, so it is never seen waiting).
    expect(arrivals).toEqual([6, 9, 12]);
    expect(findFlowViolation(sim)).toBeNull();
  });

  it('M/D/1 then a belt: W = Wq + D + L/v (a pure delay behind the queue)', () => {
    // λ = 0.8, D = 1: Wq = ρ/(2μ(1−ρ)) = 2 s (Pollaczek–Khinchine); the 3 m belt at 0.5 m/s adds
    // 6 s and never holds a part (the sink takes everything; σ = 0.6 s < D), so W = 9 s.
    const s = line({
      source: exp(1.25), cycle: constant(1), queue: true, on: 'm-out',
      belt: { lengthM: 3, speed: 0.5, accumulating: true },
      run: { lengthSeconds: 50_000, warmupSeconds: 1000, replications: 12 },
    });
    expectCovered(s, (r) => r.leadTimeSeconds, 9, 0.05, { conveyors: true });
    expectCovered(s, (r) => r.wip, 0.8 * 9, 0.05, { conveyors: true });
  });

  it('chain through a zero-capacity transfer point: both belts ride, in order', () => {
    // m → z (capacity 0, a transfer point between two belts) → out: belts of 2 m and 3 m at
    // 0.5 m/s. The buffer is spliced out of the links; its belts become one chain on m → out.
    const s = scenario(
      [
        { id: 'in', type: 'source', interarrival: constant(1000) },
        { id: 'm', type: 'station', kind: 'machine', cycle: constant(10) },
        { id: 'z', type: 'buffer', capacity: 0 },
        { id: 'out', type: 'sink' },
      ],
      [['in', 'm'], ['m', 'z'], ['z', 'out']],
      { lengthSeconds: 2000 },
      {
        layout: {
          units: 'm',
          nodes: { m: { position: [3, 0], heading: 0 }, z: { position: [6, 0], heading: 0 }, out: { position: [9, 0], heading: 0 } },
          conveyors: [
            { id: 'b2', from: 'z', to: 'out', width: 0.5, speedMetersPerSecond: 0.5, accumulating: true },
            { id: 'b1', from: 'm', to: 'z', width: 0.5, speedMetersPerSecond: 0.5, accumulating: true },
          ],
        },
      },
    );
    const model = compileScenario(s, { conveyors: true });
    const next = (id: string) => model.nodeIds[model.outNode[model.outStart[model.nodeIds.indexOf(id)]]];
    expect([next('m'), next('conveyor:b1'), next('conveyor:b2')]).toEqual(['conveyor:b1', 'conveyor:b2', 'out']);
    expect(simulateScenario(s, { conveyors: true }).leadTimeSeconds.mean).toBe(10 + 4 + 6);
  });
});
