import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Distribution } from '../../engine/model/types';
import { DistCode, compileDistributions, distributionMean, distributionVariance, sample } from '../../engine/random/distributions';
import { createStreamTable, seedStream } from '../../engine/random/rng';
import { Purpose } from '../../engine/random/purposes';

const N = 200_000;

function drawMany(dist: Distribution, n: number, entity = 1): Float64Array {
  const table = compileDistributions([{ dist: 'constant', value: 1 }, dist]); // index 1: pooled offsets are exercised
  const rng = createStreamTable(1);
  seedStream(rng, 0, 12345, 0, entity, Purpose.cycle);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = sample(table, 1, rng, 0);
  return out;
}

function moments(x: Float64Array): { mean: number; variance: number; m4: number; min: number; max: number } {
  let s = 0, min = Infinity, max = -Infinity;
  for (const v of x) { s += v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = s / x.length;
  let s2 = 0, s4 = 0;
  for (const v of x) { const d = (v - mean) ** 2; s2 += d; s4 += d * d; }
  return { mean, variance: s2 / (x.length - 1), m4: s4 / x.length, min, max };
}

const CASES: Distribution[] = [
  { dist: 'exponential', mean: 10 },
  { dist: 'uniform', min: 2, max: 8 },
  { dist: 'triangular', min: 1, mode: 2, max: 6 },
  { dist: 'triangular', min: 0, mode: 0, max: 3 }, // mode at an end: one branch only
  { dist: 'normal', mean: 60, sd: 5 },
  { dist: 'normal', mean: 0, sd: 1 }, // half-normal
  { dist: 'normal', mean: 0.1, sd: 1 },
  { dist: 'normal', mean: 1, sd: 2 },
  { dist: 'normal', mean: -3, sd: 1 }, // Robert's tail sampler
  { dist: 'normal', mean: -50, sd: 1 }, // deep tail: plain redrawing would never finish
  { dist: 'lognormal', mean: 30, sd: 10 },
  { dist: 'lognormal', mean: 1, sd: 1 },
  { dist: 'gamma', mean: 10, sd: 3 }, // shape 11.1
  { dist: 'gamma', mean: 5, sd: 5 }, // shape 1
  { dist: 'gamma', mean: 1, sd: 2 }, // shape 0.25: the U^(1/k) boost
  { dist: 'weibull', shape: 1.5, scale: 100 },
  { dist: 'weibull', shape: 0.7, scale: 2 },
  { dist: 'empirical', values: [3, 5, 5, 9, 12.5] },
];

describe('sample: moments and bounds of 200k draws', () => {
  for (const dist of CASES) {
    it(JSON.stringify(dist), () => {
      const x = drawMany(dist, N);
      const m = moments(x);
      const mean = distributionMean(dist), variance = distributionVariance(dist);
      // Mean within 4 standard errors (CLT); variance within 5 estimated standard errors, where
      // Var(s²) ≈ (μ₄ − σ⁴)/n with μ₄ estimated by the sample fourth central moment.
      expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / N));
      expect(Math.abs(m.variance - variance)).toBeLessThan(5 * Math.sqrt((m.m4 - m.variance ** 2) / N));
      expect(m.min).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(m.max)).toBe(true);
      if (dist.dist === 'uniform' || dist.dist === 'triangular') {
        expect(m.min).toBeGreaterThanOrEqual(dist.min);
        expect(m.max).toBeLessThanOrEqual(dist.max);
        expect(m.max - m.min).toBeGreaterThan(0.99 * (dist.max - dist.min)); // reaches both ends
      }
    });
  }

  it('empirical: only the given values, each with equal probability (chi-square)', () => {
    const values = [3, 5, 7, 9, 12.5];
    const x = drawMany({ dist: 'empirical', values }, N);
    const counts = new Map<number, number>();
    for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(values);
    const e = N / values.length;
    const chi2 = [...counts.values()].reduce((s, o) => s + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(18.47); // χ²(4) upper 0.1% point
  });

  it('triangular matches its CDF at the mode: P(X <= mode) = (mode − min)/(max − min)', () => {
    const x = drawMany({ dist: 'triangular', min: 1, mode: 2, max: 6 }, N);
    const below = x.filter((v) => v <= 2).length / N;
    expect(Math.abs(below - 0.2)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8) / N));
  });

  it('same stream gives the same draws; different entity gives different draws', () => {
    const d: Distribution = { dist: 'gamma', mean: 1, sd: 2 };
    expect(drawMany(d, 1000)).toEqual(drawMany(d, 1000));
    expect(drawMany(d, 1000, 2)).not.toEqual(drawMany(d, 1000));
  });
});

describe('analytic moments (known answers)', () => {
  const cases: [Distribution, number, number][] = [
    [{ dist: 'constant', value: 4 }, 4, 0],
    [{ dist: 'exponential', mean: 10 }, 10, 100],
    [{ dist: 'uniform', min: 2, max: 8 }, 5, 3],
    [{ dist: 'triangular', min: 0, mode: 1, max: 4 }, 5 / 3, 13 / 18],
    // Half-normal: mean σ√(2/π), variance σ²(1 − 2/π).
    [{ dist: 'normal', mean: 0, sd: 2 }, 2 * Math.sqrt(2 / Math.PI), 4 * (1 - 2 / Math.PI)],
    // Far from 0 the truncation is invisible.
    [{ dist: 'normal', mean: 100, sd: 1 }, 100, 1],
    // μ = −3σ: λ = φ(3)/Q(3) with tabulated φ(3) = 4.43184841193801e-3, Q(3) = 1.349898031630095e-3.
    [{ dist: 'normal', mean: -3, sd: 1 }, -3 + 4.43184841193801e-3 / 1.349898031630095e-3, NaN],
    [{ dist: 'lognormal', mean: 30, sd: 10 }, 30, 100],
    [{ dist: 'gamma', mean: 1, sd: 2 }, 1, 4],
    // Weibull: shape 1 is exponential; shape 2 (Rayleigh): mean λ√π/2, var λ²(1 − π/4); shape 0.5: mean 2λ, var 20λ².
    [{ dist: 'weibull', shape: 1, scale: 7 }, 7, 49],
    [{ dist: 'weibull', shape: 2, scale: 3 }, (3 * Math.sqrt(Math.PI)) / 2, 9 * (1 - Math.PI / 4)],
    [{ dist: 'weibull', shape: 0.5, scale: 3 }, 6, 180],
    [{ dist: 'empirical', values: [1, 2, 3, 10] }, 4, 12.5],
  ];
  for (const [dist, mean, variance] of cases) {
    it(JSON.stringify(dist), () => {
      expect(distributionMean(dist)).toBeCloseTo(mean, 10);
      if (!Number.isNaN(variance)) expect(distributionVariance(dist)).toBeCloseTo(variance, 10);
    });
  }

  it('truncated normal moments match numerical integration, including the deep tail', () => {
    for (const [mu, sigma] of [[0, 1], [0.1, 1], [-1, 1], [-2.99, 1], [-3.01, 1], [-3, 2], [-10, 1], [-50, 0.5], [2, 1], [5, 0.1]]) {
      // Simpson's rule on the density ∝ exp(−(x − μ)²/2σ²) over x >= 0, shifted by the maximum
      // exponent so the deep tail does not underflow.
      const alpha = Math.max(1, -mu / sigma), lo = Math.max(0, mu - 40 * sigma), hi = Math.max(0, mu) + (40 * sigma) / alpha;
      const top = mu > 0 ? 0 : -(mu * mu) / (2 * sigma * sigma), n = 200_000, h = (hi - lo) / n;
      let z = 0, m1 = 0, m2 = 0;
      for (let i = 0; i <= n; i++) {
        const x = lo + i * h, w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
        const f = w * Math.exp(-((x - mu) ** 2) / (2 * sigma * sigma) - top);
        z += f; m1 += f * x; m2 += f * x * x;
      }
      const mean = m1 / z, variance = m2 / z - mean * mean;
      const dist: Distribution = { dist: 'normal', mean: mu, sd: sigma };
      expect(Math.abs(distributionMean(dist) / mean - 1)).toBeLessThan(1e-9);
      expect(Math.abs(distributionVariance(dist) / variance - 1)).toBeLessThan(1e-7);
    }
  });
});

describe('compileDistributions', () => {
  it('packs parameters into the table and degenerate spreads into constants', () => {
    const t = compileDistributions([
      { dist: 'weibull', shape: 2, scale: 5 }, { dist: 'empirical', values: [1, 2] }, { dist: 'normal', mean: -1, sd: 0 },
      { dist: 'gamma', mean: 3, sd: 0 }, { dist: 'exponential', mean: 0 }, { dist: 'empirical', values: [7] },
    ]);
    expect(t.count).toBe(6);
    expect(Array.from(t.kind)).toEqual([DistCode.weibull, DistCode.empirical, DistCode.constant, DistCode.constant, DistCode.constant, DistCode.empirical]);
    expect([t.a[0], t.b[0]]).toEqual([5, 0.5]);
    expect([t.a[2], t.a[3], t.a[4]]).toEqual([0, 3, 0]);
    expect(Array.from(t.empiricalValues)).toEqual([1, 2, 7]);
    expect([t.empiricalStart[5], t.empiricalLength[5]]).toEqual([2, 1]);
    const rng = createStreamTable(1);
    seedStream(rng, 0, 1, 0, 0, 0);
    expect(sample(t, 5, rng, 0)).toBe(7);
    expect(Object.is(sample(t, 4, rng, 0), 0)).toBe(true); // +0, not −0
  });

  it('rejects parameters outside the valid domain with a RangeError', () => {
    const bad: Distribution[] = [
      { dist: 'constant', value: -1 }, { dist: 'exponential', mean: -2 }, { dist: 'uniform', min: 5, max: 4 },
      { dist: 'uniform', min: -1, max: 4 }, { dist: 'triangular', min: 1, mode: 5, max: 4 }, { dist: 'normal', mean: 1, sd: -1 },
      { dist: 'lognormal', mean: 0, sd: 1 }, { dist: 'gamma', mean: 1, sd: NaN }, { dist: 'weibull', shape: 0, scale: 1 },
      { dist: 'empirical', values: [] }, { dist: 'empirical', values: [1, -1] }, { dist: 'exponential', mean: Infinity },
    ];
    for (const d of bad) expect(() => compileDistributions([d]), JSON.stringify(d)).toThrow(RangeError);
  });
});

describe('property: any valid parameters give finite draws >= 0 (within [min, max] where bounded)', () => {
  const pos = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
  const nonneg = fc.double({ min: 0, max: 1e6, noNaN: true });
  const sorted = (k: number) => fc.array(nonneg, { minLength: k, maxLength: k }).map((v) => v.sort((a, b) => a - b));
  const arbitrary: fc.Arbitrary<Distribution> = fc.oneof(
    nonneg.map((value) => ({ dist: 'constant' as const, value })),
    nonneg.map((mean) => ({ dist: 'exponential' as const, mean })),
    sorted(2).map(([min, max]) => ({ dist: 'uniform' as const, min, max })),
    sorted(3).map(([min, mode, max]) => ({ dist: 'triangular' as const, min, mode, max })),
    fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), nonneg).map(([mean, sd]) => ({ dist: 'normal' as const, mean, sd })),
    fc.tuple(pos, nonneg).map(([mean, sd]) => ({ dist: 'lognormal' as const, mean, sd })),
    fc.tuple(pos, nonneg).map(([mean, sd]) => ({ dist: 'gamma' as const, mean, sd })),
    fc.tuple(fc.double({ min: 0.05, max: 100, noNaN: true }), pos).map(([shape, scale]) => ({ dist: 'weibull' as const, shape, scale })),
    fc.array(nonneg, { minLength: 1, maxLength: 20 }).map((values) => ({ dist: 'empirical' as const, values })),
  );
  it('holds for 1000 random distributions × 200 draws', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 0, max: 2 ** 31 }), (dist, seed) => {
        const t = compileDistributions([dist]);
        const rng = createStreamTable(1);
        seedStream(rng, 0, seed, 0, 0, Purpose.cycle);
        for (let i = 0; i < 200; i++) {
          const x = sample(t, 0, rng, 0);
          if (!(Number.isFinite(x) && x >= 0)) return false;
          if ((dist.dist === 'uniform' || dist.dist === 'triangular') && !(x >= dist.min && x <= dist.max)) return false;
        }
        return Number.isFinite(distributionMean(dist)) && distributionMean(dist) >= 0 && distributionVariance(dist) >= 0;
      }),
      { numRuns: 1000, seed: 20240601 },
    );
  });
});
