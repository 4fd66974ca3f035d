import { describe, expect, it } from 'vitest';
import { createStreamTable, seedStream } from '../../engine/random/rng';
import { standardExponential } from '../../engine/random/ziggurat';

describe('ziggurat standard exponential', () => {
  const draws = (n: number, seed: number) => {
    const rng = createStreamTable(1);
    seedStream(rng, 0, seed, 0, 1, 1, 0);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = standardExponential(rng, 0);
    return out;
  };

  it('has mean 1 and variance 1', () => {
    const x = draws(1_000_000, 3);
    let sum = 0;
    let sq = 0;
    for (const v of x) {
      sum += v;
      sq += v * v;
    }
    const mean = sum / x.length;
    const variance = sq / x.length - mean * mean;
    // Standard errors: 1/√n for the mean, √(μ4 − σ⁴)/√n = √8/√n for the variance.
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(x.length));
    expect(Math.abs(variance - 1)).toBeLessThan((4 * Math.sqrt(8)) / Math.sqrt(x.length));
  });

  it('fits the exponential CDF: chi-square over 50 equiprobable bins, and the tails', () => {
    const n = 1_000_000;
    const x = draws(n, 11);
    const bins = 50;
    const counts = new Float64Array(bins);
    let beyond5 = 0;
    let beyond10 = 0;
    for (const v of x) {
      expect(v).toBeGreaterThanOrEqual(0);
      const p = 1 - Math.exp(-v);
      counts[Math.min(bins - 1, Math.floor(p * bins))]++;
      if (v > 5) beyond5++;
      if (v > 10) beyond10++;
    }
    const expected = n / bins;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - expected) ** 2 / expected;
    // 49 degrees of freedom: the 99.9% quantile is 85.35.
    expect(chi2).toBeLessThan(85.35);
    const se = (p: number) => Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(beyond5 / n - Math.exp(-5))).toBeLessThan(4 * se(Math.exp(-5)));
    expect(Math.abs(beyond10 / n - Math.exp(-10))).toBeLessThan(4 * se(Math.exp(-10)) + 1e-6);
  });
});
