/**
 * Analytic validation: the 95% confidence interval of each estimate (over replications) must
 * cover the exact value of a model with a closed form, and be narrow enough to mean something.
 * A 95% interval misses one time in twenty by construction, so each case runs under three
 * independent seeds and must be covered under at least two of them (a false alarm about once
 * in 140 cases), while a real bias, which moves all three intervals, still fails.
 */
import { describe, it } from 'vitest';
import { constant, exp, scenario, serialLine } from '../support/scenarios';
import { expectCovered } from '../support/coverage';

describe('single station with failures', () => {
  const station = (basis: 'calendar' | 'operating', cycle: number, ttf: number, ttr: number, lengthSeconds: number) =>
    scenario(
      [
        { id: 'in', type: 'source' },
        { id: 'm', type: 'station', cycle: constant(cycle), failures: [{ basis, ttf: exp(ttf), ttr: exp(ttr) }] },
        { id: 'out', type: 'sink' },
      ],
      [['in', 'm'], ['m', 'out']],
      { lengthSeconds, replications: 12 },
    );

  it('calendar-time failures: availability = MTBF / (MTBF + MTTR)', () => {
    const s = station('calendar', 5, 900, 100, 200_000);
    expectCovered(s, (r) => 1 - r.stations[0].stateSeconds.failed / r.windowSeconds, 900 / 1000, 0.01);
  });

  it('operating-time failures stretch jobs: throughput = (1/c)·MTBF/(MTBF+MTTR)', () => {
    const s = station('operating', 10, 1800, 200, 400_000);
    expectCovered(s, (r) => r.throughputPerHour, (3600 / 10) * 0.9, 0.01);
    expectCovered(s, (r) => r.stations[0].availability, 0.9, 0.01);
  });
});

describe('queues', () => {
  const queue = (service: ReturnType<typeof exp>, servers = 1, arrivalMean = 1.25) =>
    scenario(
      [
        { id: 'in', type: 'source', interarrival: exp(arrivalMean) },
        { id: 'q', type: 'buffer' },
        { id: 'm', type: 'station', cycle: service, capacity: servers },
        { id: 'out', type: 'sink' },
      ],
      [['in', 'q'], ['q', 'm'], ['m', 'out']],
      { lengthSeconds: 50_000, warmupSeconds: 1000, replications: 12 },
    );

  it('M/M/1 with λ = 0.8, μ = 1: L = 4, W = 5', () => {
    expectCovered(queue(exp(1)), (r) => r.wip, 4, 0.12);
    expectCovered(queue(exp(1)), (r) => r.leadTimeSeconds, 5, 0.12);
  });

  it('M/D/1 with λ = 0.8, D = 1: Lq = ρ²/(2(1−ρ)) = 1.6 (Pollaczek–Khinchine)', () => {
    expectCovered(queue(constant(1)), (r) => r.bufferMeanContent[0], 1.6, 0.1);
  });

  it('M/M/2 with λ = 1.5, μ = 1: L = 24/7 (Erlang C)', () => {
    // P0 = 1/7, Lq = P0 (λ/μ)^2 ρ / (2! (1−ρ)^2) = 27/14, L = Lq + λ/μ.
    expectCovered(queue(exp(1), 2, 1 / 1.5), (r) => r.wip, 24 / 7, 0.1);
  });
});

describe('exponential serial lines with zero buffers, all rates 1 (blocking after service)', () => {
  // Exact throughputs from the Markov chain of the line (Hillier & Boling 1967; Altiok 1997, Table 4.1).
  const exact: Record<number, number> = { 2: 2 / 3, 3: 0.5641, 4: 0.5148, 5: 0.4858 };
  for (const stations of [2, 3, 4, 5]) {
    it(`${stations} stations: throughput ${exact[stations]}`, () => {
      const cycles = Array.from({ length: stations }, () => exp(1));
      const s = serialLine(cycles, null, { lengthSeconds: 40_000, warmupSeconds: 100, replications: 12 });
      expectCovered(s, (r) => r.throughputPerHour / 3600, exact[stations], 0.01);
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
      const s = serialLine([exp(1 / mu1), exp(1 / mu2)], b, { lengthSeconds: 40_000, warmupSeconds: 100, replications: 12 });
      expectCovered(s, (r) => r.throughputPerHour / 3600, throughput(mu1, mu2, b), 0.01);
    });
  }
});
