/**
 * The distributions of DESIGN §9, compiled into a structure-of-arrays table so the hot loop
 * samples with (table, index, rng, stream): a switch on a byte and a few typed-array reads, no
 * allocation. Every draw is a time in seconds, finite and >= 0, for parameters in the valid
 * domain that compileDistributions checks (it throws RangeError outside it).
 * Degenerate parameters (zero spread) compile to `constant`, so samplers never divide by zero.
 */
import type { Distribution } from '../model/types';
import { nextUniform } from './rng';
import { standardExponential } from './ziggurat';

export const DistCode = { constant: 0, exponential: 1, uniform: 2, triangular: 3, normal: 4, lognormal: 5, gamma: 6, weibull: 7, empirical: 8 } as const;

/**
 * Per distribution d: kind[d] and four precomputed parameters a..d (meaning per kind below);
 * empirical values are pooled in empiricalValues[start, start + length).
 *   constant: a value · exponential: a mean · uniform: a min, b max − min, c max
 *   triangular: a min, b max, c F(mode) = (mode − min)/(max − min), d max − min
 *   normal: a μ, b σ; when μ <= 0 also c λ − α and d λ (Robert's rate, see sample)
 *   lognormal: a μ_log, b σ_log · gamma: a d = k − 1/3, b 1/√(9d), c scale θ, d 1/k if k < 1 else 0
 *   weibull: a scale, b 1/shape
 */
export interface DistributionTable { count: number; kind: Uint8Array; a: Float64Array; b: Float64Array; c: Float64Array; d: Float64Array; empiricalStart: Int32Array; empiricalLength: Int32Array; empiricalValues: Float64Array; }

function check(ok: boolean, dist: Distribution, what: string): void {
  if (!ok) throw new RangeError(`${dist.dist} distribution: ${what} (${JSON.stringify(dist)})`);
}
const fin = (x: number): boolean => Number.isFinite(x);

export function compileDistributions(list: readonly Distribution[]): DistributionTable {
  const n = list.length;
  let pooled = 0;
  for (const dist of list) if (dist.dist === 'empirical') pooled += dist.values.length;
  const t: DistributionTable = {
    count: n, kind: new Uint8Array(n), a: new Float64Array(n), b: new Float64Array(n), c: new Float64Array(n), d: new Float64Array(n),
    empiricalStart: new Int32Array(n), empiricalLength: new Int32Array(n), empiricalValues: new Float64Array(pooled),
  };
  const constant = (i: number, value: number): void => { t.kind[i] = DistCode.constant; t.a[i] = value; };
  pooled = 0;
  for (let i = 0; i < n; i++) {
    const dist = list[i];
    t.kind[i] = DistCode[dist.dist];
    switch (dist.dist) {
      case 'constant':
        check(fin(dist.value) && dist.value >= 0, dist, 'value must be finite and >= 0');
        t.a[i] = dist.value; break;
      case 'exponential':
        check(fin(dist.mean) && dist.mean >= 0, dist, 'mean must be finite and >= 0');
        if (dist.mean === 0) constant(i, 0); else t.a[i] = dist.mean;
        break;
      case 'uniform':
        check(fin(dist.min) && fin(dist.max) && dist.min >= 0 && dist.min <= dist.max, dist, 'need 0 <= min <= max');
        t.a[i] = dist.min; t.b[i] = dist.max - dist.min; t.c[i] = dist.max; break;
      case 'triangular': {
        const { min, mode, max } = dist;
        check(fin(min) && fin(max) && fin(mode) && min >= 0 && min <= mode && mode <= max, dist, 'need 0 <= min <= mode <= max');
        if (min === max) { constant(i, min); break; }
        t.a[i] = min; t.b[i] = max; t.c[i] = (mode - min) / (max - min); t.d[i] = max - min; break;
      }
      case 'normal': {
        const { mean, sd } = dist;
        check(fin(mean) && fin(sd) && sd >= 0, dist, 'need finite mean and sd >= 0');
        if (sd === 0) { constant(i, Math.max(0, mean)); break; }
        t.a[i] = mean; t.b[i] = sd;
        // Robert's optimal exponential rate λ = (α + √(α²+4))/2 for the truncation point α = −μ/σ,
        // written as α + 2/(α + √(α²+4)) so λ − α does not cancel (or overflow) for large α.
        const alpha = -mean / sd, gap = 2 / (alpha + Math.sqrt(alpha * alpha + 4));
        t.c[i] = gap; t.d[i] = alpha + gap; break;
      }
      case 'lognormal': {
        const { mean, sd } = dist;
        check(fin(mean) && fin(sd) && mean > 0 && sd >= 0, dist, 'need mean > 0 and sd >= 0');
        if (sd === 0) { constant(i, mean); break; }
        // Moments of the variable: E = exp(μ + σ²/2), Var = E²(exp(σ²) − 1) ⇒ σ² = ln(1 + sd²/mean²).
        const s2 = Math.log1p((sd / mean) ** 2);
        t.a[i] = Math.log(mean) - s2 / 2; t.b[i] = Math.sqrt(s2); break;
      }
      case 'gamma': {
        const { mean, sd } = dist;
        check(fin(mean) && fin(sd) && mean > 0 && sd >= 0, dist, 'need mean > 0 and sd >= 0');
        // Shape k = mean²/sd², scale θ = sd²/mean (formed as ratios so they neither overflow nor
        // underflow). Marsaglia–Tsang needs k >= 1: for k < 1 sample Gamma(k + 1) and multiply
        // by U^(1/k) (their §6). A spread too small for k to be finite is a constant.
        const k = (mean / sd) ** 2;
        if (!(k < Infinity)) { constant(i, mean); break; }
        const dd = (k < 1 ? k + 1 : k) - 1 / 3;
        t.a[i] = dd; t.b[i] = 1 / Math.sqrt(9 * dd); t.c[i] = sd * (sd / mean); t.d[i] = k < 1 ? 1 / k : 0; break;
      }
      case 'weibull':
        check(fin(dist.shape) && fin(dist.scale) && dist.shape > 0 && dist.scale > 0, dist, 'need shape > 0 and scale > 0');
        t.a[i] = dist.scale; t.b[i] = 1 / dist.shape; break;
      case 'empirical':
        check(dist.values.length > 0 && dist.values.every((v) => fin(v) && v >= 0), dist, 'need at least one value, all finite and >= 0');
        t.empiricalStart[i] = pooled; t.empiricalLength[i] = dist.values.length;
        for (const v of dist.values) t.empiricalValues[pooled++] = v;
        break;
      default:
        throw new RangeError(`unknown distribution ${JSON.stringify(dist)}`);
    }
  }
  return t;
}

/** Standard normal by Box–Muller (Box & Muller 1958, Ann. Math. Stat. 29:610); the sine twin is discarded so no state is kept. */
function normal01(rng: Uint32Array, stream: number): number {
  const r = Math.sqrt(-2 * Math.log(nextUniform(rng, stream)));
  return r * Math.cos(6.283185307179586 * nextUniform(rng, stream));
}

/** One draw in seconds, >= 0, no allocation. Uniforms are in (0,1), so every log is finite. */
export function sample(table: DistributionTable, d: number, rng: Uint32Array, stream: number): number {
  switch (table.kind[d]) {
    case DistCode.constant: return table.a[d];
    case DistCode.exponential: return table.a[d] * standardExponential(rng, stream); // ziggurat
    // Clamps: when max − min is a few ulps of max, rounding could step one ulp outside [min, max].
    case DistCode.uniform: return Math.min(table.c[d], table.a[d] + table.b[d] * nextUniform(rng, stream));
    case DistCode.triangular: {
      // Inversion of the piecewise-quadratic CDF; with w = max − min, (mode − min) = F(mode)·w.
      const u = nextUniform(rng, stream), fc = table.c[d], w = table.d[d];
      return u < fc ? Math.min(table.b[d], table.a[d] + w * Math.sqrt(u * fc)) : Math.max(table.a[d], table.b[d] - w * Math.sqrt((1 - u) * (1 - fc)));
    }
    case DistCode.normal: {
      const mu = table.a[d], sigma = table.b[d];
      // Truncated at 0. μ > 0: redraw negatives; acceptance Φ(μ/σ) > 1/2, so ~2 tries at worst.
      if (mu > 0) for (;;) { const x = mu + sigma * normal01(rng, stream); if (x >= 0) return x; }
      // μ <= 0: redrawing would need ~1/Φ(μ/σ) tries (7·10^22 at μ = −10σ). Instead exact
      // rejection from a translated exponential: C. P. Robert, "Simulation of truncated normal
      // variables", Statistics and Computing 5:121–125 (1995), Prop. 2.3 — z = α + E/λ, accepted
      // with probability exp(−(z − λ)²/2); acceptance >= 0.76 for every α >= 0. Returns σ(z − α).
      const gap = table.c[d], rate = table.d[d];
      for (;;) {
        const e = -Math.log(nextUniform(rng, stream)) / rate, w = e - gap;
        if (nextUniform(rng, stream) <= Math.exp(-0.5 * w * w)) return sigma * e;
      }
    }
    case DistCode.lognormal: return Math.exp(table.a[d] + table.b[d] * normal01(rng, stream));
    case DistCode.gamma: {
      // G. Marsaglia and W. W. Tsang, "A simple method for generating gamma variables",
      // ACM TOMS 26(3):363–372 (2000): squeeze then log test, acceptance > 0.95 for k >= 1.
      const dd = table.a[d], cc = table.b[d];
      let v: number;
      for (;;) {
        let x: number;
        do { x = normal01(rng, stream); v = 1 + cc * x; } while (v <= 0);
        v = v * v * v;
        const u = nextUniform(rng, stream), x2 = x * x;
        if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + dd * (1 - v + Math.log(v))) break;
      }
      const g = dd * v * table.c[d];
      return table.d[d] === 0 ? g : g * Math.pow(nextUniform(rng, stream), table.d[d]);
    }
    case DistCode.weibull: return table.a[d] * Math.pow(-Math.log(nextUniform(rng, stream)), table.b[d]); // inversion
    case DistCode.empirical: {
      const len = table.empiricalLength[d];
      const k = Math.min(len - 1, Math.floor(nextUniform(rng, stream) * len));
      return table.empiricalValues[table.empiricalStart[d] + k];
    }
    default: return NaN;
  }
}

/** ln Γ(x), x > 0: Lanczos (1964) with g = 7, n = 9 (Godfrey's coefficients), ~1e-15 relative. */
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
export function logGamma(x: number): number {
  if (x < 0.5) return logGamma(x + 1) - Math.log(x); // Γ(x) = Γ(x+1)/x keeps the series in range
  x -= 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.9189385332046728 + (x + 0.5) * Math.log(t) - t + Math.log(s); // 0.918… = ln √(2π)
}

const INV_SQRT_2PI = 0.3989422804014327;
/**
 * For x > 3, the continued fraction of the normal Mills ratio R(x) = Q(x)/φ(x) = 1/(x + t₁),
 * t_k = k/(x + t_{k+1}) (Abramowitz & Stegun 26.2.14), evaluated backwards. Returns t₂ (t₁ = 1/(x + t₂)).
 */
function millsTail(x: number): number {
  let t = 0;
  for (let k = 400; k >= 2; k--) t = k / (x + t);
  return t;
}
/** Upper tail Q(x) = 1 − Φ(x), x >= 0: Marsaglia's Taylor series (J. Stat. Softw. 11(4), 2004) to 3, continued fraction beyond. */
function upperTail(x: number): number {
  const phi = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  if (x > 3) return phi / (x + 1 / (x + millsTail(x)));
  let term = x, sum = x;
  for (let n = 1; term > 1e-17 * sum; n++) { term *= (x * x) / (2 * n + 1); sum += term; }
  return 0.5 - phi * sum; // Φ(x) − 1/2 = φ(x)·Σ x^(2n+1)/(1·3·…·(2n+1))
}

/**
 * Mean and variance of N(μ, σ²) conditioned on X >= 0 (Johnson, Kotz & Balakrishnan, Continuous
 * Univariate Distributions vol. 1, §10.1): with α = −μ/σ and λ = φ(α)/Q(α),
 * E = μ + σλ and Var = σ²(1 + αλ − λ²). Deep in the tail (α > 3) both cancel catastrophically;
 * there λ = α + t₁ and, from t₁ = 1/(α + t₂), E = σt₁ and Var = σ²t₁(t₂ − t₁) exactly.
 */
function truncatedNormalMoments(mu: number, sigma: number): [number, number] {
  if (sigma === 0) return [Math.max(0, mu), 0];
  const alpha = -mu / sigma;
  if (alpha > 3) {
    const t2 = millsTail(alpha), t1 = 1 / (alpha + t2);
    return [sigma * t1, sigma * sigma * t1 * (t2 - t1)];
  }
  const q = alpha >= 0 ? upperTail(alpha) : 1 - upperTail(-alpha);
  const lambda = (INV_SQRT_2PI * Math.exp(-0.5 * alpha * alpha)) / q;
  if (lambda === 0) return [mu, sigma * sigma]; // μ ≫ σ: no truncation (and avoids ∞·0 when σ is subnormal)
  return [mu + sigma * lambda, sigma * sigma * (1 + alpha * lambda - lambda * lambda)];
}

function moments(dist: Distribution): [number, number] {
  switch (dist.dist) {
    case 'constant': return [dist.value, 0];
    case 'exponential': return [dist.mean, dist.mean * dist.mean];
    case 'uniform': { const w = dist.max - dist.min; return [(dist.min + dist.max) / 2, (w * w) / 12]; }
    case 'triangular': {
      const { min: a, mode: c, max: b } = dist;
      // (a² + b² + c² − ab − ac − bc)/18, written as a sum of squares so it never cancels below 0.
      return [(a + b + c) / 3, ((b - a) ** 2 + (c - a) ** 2 + (b - c) ** 2) / 36];
    }
    case 'normal': return truncatedNormalMoments(dist.mean, dist.sd);
    case 'lognormal': case 'gamma': return [dist.mean, dist.sd * dist.sd]; // parameterized by their own moments
    case 'weibull': { // E = λΓ(1 + 1/k), Var = λ²(Γ(1 + 2/k) − Γ(1 + 1/k)²)
      const g1 = Math.exp(logGamma(1 + 1 / dist.shape)), g2 = Math.exp(logGamma(1 + 2 / dist.shape));
      return [dist.scale * g1, dist.scale * dist.scale * (g2 - g1 * g1)];
    }
    case 'empirical': { // equal weights: population moments of the values
      const v = dist.values, m = v.reduce((s, x) => s + x, 0) / v.length;
      return [m, v.reduce((s, x) => s + (x - m) * (x - m), 0) / v.length];
    }
  }
}

/** Exact analytic mean (normal: of the normal truncated at 0). */
export function distributionMean(dist: Distribution): number { return moments(dist)[0]; }
/** Exact analytic variance (normal: of the normal truncated at 0). */
export function distributionVariance(dist: Distribution): number { return moments(dist)[1]; }
