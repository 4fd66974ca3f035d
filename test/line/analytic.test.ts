/**
 * Analytic validation: the 95% confidence interval of each estimate (over replications) must
 * cover the exact value of a model with a closed form, and be narrow enough to mean something.
 * Seeds are fixed, so each case is deterministic; a 95% interval misses about one case in 20
 * by construction, which is why a failure here after a change to the engine deserves a look at
 * more replications before anything else.
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../engine/experiments/stats';
import { constant, exp, runRows, scenario, serialLine, type RunRow } from '../support/scenarios';

function expectCovers(values: number[], exact: number, maxRelativeHalfWidth: number): void {
  const s = summarize(values);
  expect(s.ci95).not.toBeNull();
  // A wide interval would cover anything: the test must be sharp enough to fail.
  expect(s.ci95!).toBeLessThan(maxRelativeHalfWidth * Math.abs(exact));
  expect(Math.abs(s.mean - exact)).toBeLessThanOrEqual(s.ci95!);
}

/** Little's law L = λW on every replication (Little 1961), up to the run's boundary effects. */
function expectLittle(rows: RunRow[]): void {
  for (const r of rows) {
    const lambda = r.exits / r.windowSeconds;
    const w = r.sojournSeconds / r.exits;
    expect(Math.abs(r.wip - lambda * w)).toBeLessThan(0.02 * r.wip + 0.05);
  }
}

describe('single station with calendar-time failures', () => {
  it('availability = MTBF / (MTBF + MTTR)', () => {
    const s = scenario(
      [
        { id: 'in', type: 'source' },
        {
          id: 'm', type: 'station', cycle: constant(5),
          failures: [{ basis: 'calendar', ttf: exp(900), ttr: exp(100) }],
        },
        { id: 'out', type: 'sink' },
      ],
      [['in', 'm'], ['m', 'out']],
      { lengthSeconds: 200_000, replications: 20 },
    );
    const rows = runRows(s);
    const availability = rows.map((r) => 1 - r.stations[0].stateSeconds.failed / r.windowSeconds);
    expectCovers(availability, 900 / 1000, 0.01);
    expectLittle(rows);
  });

  it('operating-time failures stretch jobs: throughput = (1/c)·MTBF/(MTBF+MTTR)', () => {
    const s = scenario(
      [
        { id: 'in', type: 'source' },
        {
          id: 'm', type: 'station', cycle: constant(10),
          failures: [{ basis: 'operating', ttf: exp(1800), ttr: exp(200) }],
        },
        { id: 'out', type: 'sink' },
      ],
      [['in', 'm'], ['m', 'out']],
      { lengthSeconds: 400_000, replications: 20 },
    );
    const rows = runRows(s);
    expectCovers(rows.map((r) => r.throughputPerHour), (3600 / 10) * 0.9, 0.01);
    expectCovers(rows.map((r) => r.stations[0].availability), 0.9, 0.01);
  });
});

describe('queues', () => {
  const mg1 = (service: ReturnType<typeof exp>, servers = 1, arrivalMean = 1.25, replications = 20) =>
    scenario(
      [
        { id: 'in', type: 'source', interarrival: exp(arrivalMean) },
        { id: 'q', type: 'buffer' },
        { id: 'm', type: 'station', cycle: service, capacity: servers },
        { id: 'out', type: 'sink' },
      ],
      [['in', 'q'], ['q', 'm'], ['m', 'out']],
      { lengthSeconds: 50_000, warmupSeconds: 1000, replications },
    );

  it('M/M/1 with λ = 0.8, μ = 1: L = 4, W = 5', () => {
    const rows = runRows(mg1(exp(1)));
    expectCovers(rows.map((r) => r.wip), 4, 0.1);
    expectCovers(rows.map((r) => r.leadTimeSeconds), 5, 0.1);
    expectLittle(rows);
  });

  it('M/D/1 with λ = 0.8, D = 1: Lq = ρ²/(2(1−ρ)) = 1.6 (Pollaczek–Khinchine)', () => {
    const rows = runRows(mg1(constant(1), 1, 1.25, 40));
    expectCovers(rows.map((r) => r.bufferMeanContent[0]), 1.6, 0.1);
    expectLittle(rows);
  });

  it('M/M/2 with λ = 1.5, μ = 1: L = 24/7 (Erlang C)', () => {
    // P0 = 1/7, Lq = P0 (λ/μ)^2 ρ / (2! (1−ρ)^2) = 27/14, L = Lq + λ/μ.
    const rows = runRows(mg1(exp(1), 2, 1 / 1.5));
    expectCovers(rows.map((r) => r.wip), 24 / 7, 0.1);
    expectLittle(rows);
  });
});

describe('exponential serial lines with zero buffers, all rates 1 (blocking after service)', () => {
  // Exact throughputs from the Markov chain of the line (Hillier & Boling 1967; Altiok 1997, Table 4.1).
  const exact: Record<number, number> = { 2: 2 / 3, 3: 0.5641, 4: 0.5148, 5: 0.4858 };
  for (const stations of [2, 3, 4, 5]) {
    it(`${stations} stations: throughput ${exact[stations]}`, () => {
      const cycles = Array.from({ length: stations }, () => exp(1));
      const rows = runRows(serialLine(cycles, null, { lengthSeconds: 40_000, warmupSeconds: 100, replications: 20 }));
      expectCovers(rows.map((r) => r.throughputPerHour / 3600), exact[stations], 0.01);
      expectLittle(rows);
    });
  }
});

describe('two exponential stations with a finite buffer', () => {
  // With a saturated first station and blocking after service, the parts between the stations
  // (buffer, second station, and the blocked part at the first) form an M/M/1/K queue with
  // K = B + 2, λ = μ1, μ = μ2: throughput = μ2 (1 − π0), π0 = (1 − ρ)/(1 − ρ^(K+1)), ρ = μ1/μ2.
  const throughput = (mu1: number, mu2: number, b: number) => {
    const rho = mu1 / mu2;
    const k = b + 2;
    const p0 = rho === 1 ? 1 / (k + 1) : (1 - rho) / (1 - rho ** (k + 1));
    return mu2 * (1 - p0);
  };
  for (const [mu1, mu2, b] of [[1, 1, 3], [1, 1.25, 3], [1.5, 1, 1], [1, 2, 0]] as const) {
    it(`μ1 = ${mu1}, μ2 = ${mu2}, B = ${b}: throughput ${throughput(mu1, mu2, b).toFixed(4)}`, () => {
      const rows = runRows(serialLine([exp(1 / mu1), exp(1 / mu2)], b, { lengthSeconds: 40_000, warmupSeconds: 100, replications: 20 }));
      expectCovers(rows.map((r) => r.throughputPerHour / 3600), throughput(mu1, mu2, b), 0.01);
      expectLittle(rows);
    });
  }
});
