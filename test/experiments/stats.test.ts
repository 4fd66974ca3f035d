import { describe, expect, it } from 'vitest';
import { studentTQuantile, summarize } from '../../engine/experiments/stats';

describe('studentTQuantile', () => {
  // Published table values (e.g. NIST/SEMATECH e-Handbook §1.3.6.7.2), to 8–9 significant figures.
  const table: [number, number, number][] = [
    [0.975, 1, 12.7062047], [0.975, 2, 4.30265273], [0.975, 5, 2.57058184], [0.975, 19, 2.09302405],
    [0.975, 30, 2.04227246], [0.975, 1000, 1.96233908], [0.95, 10, 1.81246112],
    [0.975, 7, 2.36462425], [0.995, 3, 5.84090931], [0.9995, 3, 12.9239786],
  ];
  for (const [p, df, want] of table) {
    it(`t(${p}, ${df}) = ${want}`, () => {
      expect(Math.abs(studentTQuantile(p, df) - want)).toBeLessThan(1e-7); // far inside the 1e-6 relative promise
    });
  }

  it('is odd around p = 1/2 and infinite at 0 and 1', () => {
    for (const df of [1, 2, 3.5, 12]) {
      expect(studentTQuantile(0.5, df)).toBe(0);
      expect(studentTQuantile(0.025, df)).toBeCloseTo(-studentTQuantile(0.975, df), 12);
      expect(studentTQuantile(0, df)).toBe(-Infinity);
      expect(studentTQuantile(1, df)).toBe(Infinity);
    }
  });

  it('tends to the normal quantile 1.959963985 as df grows, decreasing in df', () => {
    expect(Math.abs(studentTQuantile(0.975, 1e7) - 1.959963985)).toBeLessThan(1e-6);
    let previous = Infinity;
    for (const df of [1, 1.5, 2, 2.5, 3, 5, 10, 100, 1e4]) {
      const t = studentTQuantile(0.975, df);
      expect(t).toBeLessThan(previous);
      previous = t;
    }
  });

  it('inverts the t distribution function, computed independently by quadrature', () => {
    // With x = √ν·tan φ, P(0 < T < t) = ½ ∫₀^θ cos^(ν−1)φ dφ / ∫₀^(π/2) cos^(ν−1)φ dφ, θ = atan(t/√ν);
    // the denominator is Wallis' integral W(n) = (n−1)/n · W(n−2), W(0) = π/2, W(1) = 1.
    const wallis = (n: number): number => (n === 0 ? Math.PI / 2 : n === 1 ? 1 : ((n - 1) / n) * wallis(n - 2));
    const cdf = (t: number, df: number): number => {
      const theta = Math.atan(t / Math.sqrt(df)), m = 2000, h = theta / m;
      let s = 0;
      for (let i = 0; i <= m; i++) s += (i === 0 || i === m ? 1 : i % 2 ? 4 : 2) * Math.cos(i * h) ** (df - 1);
      return 0.5 + (0.5 * (s * h) / 3) / wallis(df - 1);
    };
    for (const df of [3, 4, 7, 25, 120]) {
      for (const p of [0.6, 0.9, 0.975, 0.999, 0.999999]) expect(Math.abs(cdf(studentTQuantile(p, df), df) - p)).toBeLessThan(1e-10);
    }
  });

  it('rejects p outside [0,1] and df < 1', () => {
    expect(() => studentTQuantile(1.5, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(Number.NaN, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0.5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, Infinity)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('matches a hand-computed example', () => {
    // 2,4,4,4,5,5,7,9: mean 5, Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32, sd = √(32/7) = 2.1380899353,
    // ci95 = t(0.975, 7)·sd/√8 = 2.36462425 · √(4/7) = 2.36462425 · 0.7559289460 = 1.7874879.
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(2.1380899353, 9);
    expect(s.ci95).toBeCloseTo(1.7874879, 6);
  });

  it('two values: ci95 = t(0.975, 1)·|a − b|/2', () => {
    const s = summarize(new Float64Array([1, 3]));
    expect([s.mean, s.sd]).toEqual([2, Math.SQRT2]);
    expect(s.ci95).toBeCloseTo(12.7062047, 6);
  });

  it('is exact for large offsets (two-pass variance does not cancel)', () => {
    const s = summarize([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(s.mean).toBe(1e9 + 2);
    expect(s.sd).toBe(1);
  });

  it('n < 2: no spread estimate and no interval', () => {
    expect(summarize([4])).toEqual({ n: 1, mean: 4, sd: 0, ci95: null });
    const empty = summarize([]);
    expect(empty.n).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.ci95).toBeNull();
  });
});
