/**
 * Statistics for replications: Student-t quantiles and the mean ± 95% confidence half-width that
 * experiment reports print (Law, Simulation Modeling and Analysis, 5th ed., §9.4.1: the
 * replication/deletion approach treats each replication's KPI as one i.i.d. observation).
 */
import { logGamma } from '../random/distributions';

/**
 * Continued fraction for the regularized incomplete beta I_x(a, b), modified Lentz evaluation
 * (Press et al., Numerical Recipes 3rd ed. §6.4 "betacf"; DLMF 8.17.22). Converges fast for
 * x < (a + 1)/(a + b + 2).
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    // Even step d_{2m}, then odd step d_{2m+1} of the fraction (NR eq. 6.4.6).
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Upper tail P(T > t) of Student's t with ν degrees of freedom, t >= 0:
 * P(T > t) = ½ I_x(ν/2, ½) with x = ν/(ν + t²) (Abramowitz & Stegun 26.7.1 with 26.5.27).
 * x and 1 − x are formed separately (log1p, t²/(ν + t²)) so neither loses digits near 1.
 */
function tUpperTail(t: number, df: number): number {
  const a = df / 2, b = 0.5, r = (t * t) / df;
  const x = 1 / (1 + r), y = r / (1 + r);
  if (y === 0) return 0.5;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) - a * Math.log1p(r) + b * Math.log(y);
  const ix = x < (a + 1) / (a + b + 2)
    ? (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a
    : 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, y)) / b; // I_x(a,b) = 1 − I_{1−x}(b,a)
  return ix / 2;
}

/** Density of Student's t: Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2). */
function tDensity(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Quantile of Student's t with df degrees of freedom (df >= 1), accurate to 1e-6 relative.
 *
 * Method: inversion of the regularized incomplete beta form of the t distribution function.
 * df = 1 (Cauchy) and df = 2 have closed forms (A&S 26.7.3 ff.). Otherwise, for the upper-tail
 * probability q = min(p, 1 − p) we bracket the root by doubling, then run Newton on
 * P(T > t) − q from the left end of the bracket: the tail is convex and decreasing for t > 0, so
 * from the left Newton never overshoots and converges monotonically, then quadratically.
 * Result accuracy is that of the tail function, about 1e-13 relative. Non-integer df are fine.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0, 1], got ${p}`);
  if (!(df >= 1) || !Number.isFinite(df)) throw new RangeError(`studentTQuantile: df must be finite and >= 1, got ${df}`);
  if (p === 0.5) return 0;
  const sign = p < 0.5 ? -1 : 1;
  const q = p < 0.5 ? p : 1 - p; // exact for p >= 0.5 (Sterbenz)
  if (q === 0) return sign * Infinity;
  if (df === 1) return sign / Math.tan(Math.PI * q);
  if (df === 2) return (sign * (1 - 2 * q)) / Math.sqrt(2 * q * (1 - q));
  let lo = 0;
  let hi = 1;
  while (tUpperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (hi === Infinity) return sign * Infinity;
  }
  let t = lo;
  for (let i = 0; i < 200; i++) {
    const step = (tUpperTail(t, df) - q) / tDensity(t, df);
    const next = Math.min(hi, t + step);
    if (!(Math.abs(next - t) > 1e-15 * next)) { t = next; break; }
    t = next;
  }
  return sign * t;
}

export interface Summary {
  n: number;
  mean: number;
  sd: number;
  /** Half-width of the 95% confidence interval for the mean: t_{0.975,n−1}·sd/√n; null when n < 2. */
  ci95: number | null;
}

/**
 * Sample mean, sample standard deviation (n − 1 denominator) and 95% CI half-width.
 * Two passes (mean first, then squared deviations) avoid the cancellation of the one-pass
 * sum-of-squares formula. n = 0: mean NaN; n < 2: sd 0 and ci95 null (no spread estimate).
 */
export function summarize(values: ArrayLike<number>): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: NaN, sd: 0, ci95: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: 0, ci95: null };
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const dev = values[i] - mean;
    ss += dev * dev;
  }
  const sd = Math.sqrt(ss / (n - 1));
  return { n, mean, sd, ci95: (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n) };
}
