/**
 * Distributions in the editor's forms (docs/scenario-format.md "Distributions"): the parameters of
 * each kind, and switching kinds while keeping the mean, so changing "normal" to "triangular"
 * gives a triangle around the same time instead of zeros. Pure; no DOM.
 */
import type { Distribution, DistributionKind } from '../../engine/model/types';
import { DISTRIBUTION_KINDS } from '../../engine/model/schema';

export { DISTRIBUTION_KINDS };

export interface ParamSpec {
  key: string;
  label: string;
}

/** The numeric parameters of each kind, in the order of the docs (empirical has `values`). */
export const DIST_PARAMS: Readonly<Record<DistributionKind, readonly ParamSpec[]>> = {
  constant: [{ key: 'value', label: 'Value' }],
  exponential: [{ key: 'mean', label: 'Mean' }],
  uniform: [{ key: 'min', label: 'Min' }, { key: 'max', label: 'Max' }],
  triangular: [{ key: 'min', label: 'Min' }, { key: 'mode', label: 'Mode' }, { key: 'max', label: 'Max' }],
  normal: [{ key: 'mean', label: 'Mean' }, { key: 'sd', label: 'Std dev' }],
  lognormal: [{ key: 'mean', label: 'Mean' }, { key: 'sd', label: 'Std dev' }],
  gamma: [{ key: 'mean', label: 'Mean' }, { key: 'sd', label: 'Std dev' }],
  weibull: [{ key: 'shape', label: 'Shape' }, { key: 'scale', label: 'Scale' }],
  empirical: [],
};

export const DIST_LABELS: Readonly<Record<DistributionKind, string>> = {
  constant: 'Constant',
  exponential: 'Exponential',
  uniform: 'Uniform',
  triangular: 'Triangular',
  normal: 'Normal (truncated at 0)',
  lognormal: 'Lognormal',
  gamma: 'Gamma',
  weibull: 'Weibull',
  empirical: 'Empirical (observed values)',
};

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function gammaFn(z: number): number {
  // Lanczos approximation (g = 7), enough for a form's default.
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gammaFn(1 - z));
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const x = z - 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return Math.sqrt(2 * Math.PI) * t ** (x + 0.5) * Math.exp(-t) * a;
}

/** The mean of a distribution (undefined when its parameters are not numbers). */
export function distributionMean(d: Distribution): number | undefined {
  const p = d as unknown as Record<string, unknown>;
  switch (d.dist) {
    case 'constant': return num(p.value);
    case 'exponential': case 'normal': case 'lognormal': case 'gamma': return num(p.mean);
    case 'uniform': {
      const a = num(p.min), b = num(p.max);
      return a !== undefined && b !== undefined ? (a + b) / 2 : undefined;
    }
    case 'triangular': {
      const a = num(p.min), m = num(p.mode), b = num(p.max);
      return a !== undefined && m !== undefined && b !== undefined ? (a + m + b) / 3 : undefined;
    }
    case 'weibull': {
      const k = num(p.shape), s = num(p.scale);
      return k !== undefined && s !== undefined && k > 0 ? s * gammaFn(1 + 1 / k) : undefined;
    }
    case 'empirical': {
      const values = Array.isArray(p.values) ? (p.values as unknown[]).filter((v): v is number => num(v) !== undefined) : [];
      return values.length ? values.reduce((s, v) => s + v, 0) / values.length : undefined;
    }
  }
}

/** Rounds a derived default to 4 significant digits so forms show 27, not 26.999999999999996. */
function tidy(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(4));
}

/** A distribution of `kind` with the given mean (default 30 s), valid under the format's rules. */
export function defaultDistribution(kind: DistributionKind, mean = 30): Distribution {
  // Within the format's bounds: times ≤ 1e9 s, time scales ≥ 1 µs.
  const cap = (v: number) => tidy(Math.min(Math.max(v, 0), 1e9));
  const tick = (v: number) => Math.max(cap(v), 1e-6);
  const m = cap(mean);
  switch (kind) {
    case 'constant': return { dist: 'constant', value: m };
    case 'exponential': return { dist: 'exponential', mean: tick(m) };
    case 'uniform': return { dist: 'uniform', min: cap(m * 0.8), max: cap(m * 1.2) };
    case 'triangular': {
      const mode = tick(m);
      return { dist: 'triangular', min: cap(mode * 0.8), mode, max: cap(mode * 1.2) };
    }
    case 'normal': return { dist: 'normal', mean: m, sd: cap(m * 0.1) };
    case 'lognormal': return { dist: 'lognormal', mean: tick(m), sd: cap(m * 0.1) };
    case 'gamma': return { dist: 'gamma', mean: tick(m), sd: tick(m * 0.1) };
    case 'weibull': return { dist: 'weibull', shape: 1, scale: tick(m) };
    case 'empirical': return { dist: 'empirical', values: [m] };
  }
}

/** `d` as a distribution of `kind` with the same mean (the same object when the kind is its own). */
export function convertDistribution(d: Distribution | undefined, kind: DistributionKind, fallbackMean = 30): Distribution {
  if (d && d.dist === kind) return d;
  const mean = d ? distributionMean(d) : undefined;
  return defaultDistribution(kind, mean !== undefined && mean >= 0 ? mean : fallbackMean);
}

/** Formats a number for a text field: as JavaScript prints it (no locale, no rounding). */
export function formatNumber(v: number | undefined): string {
  return v === undefined || v === null ? '' : String(v);
}

export type ParsedNumber = { ok: true; value: number | undefined } | { ok: false; message: string };

/** Reads a number typed into a field: '' is "no value" (undefined), anything not a finite number is refused. */
export function parseNumberText(text: string): ParsedNumber {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  // Number('') and Number(' ') are 0, Number('0x10') is 16: accept only decimal notation.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return { ok: false, message: 'must be a number' };
  const n = Number(t);
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'must be a finite number' };
}

/** Reads a list of observed values, separated by commas, semicolons, spaces or new lines. */
export function parseValuesText(text: string): { ok: true; values: number[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const values: number[] = [];
  for (const [i, p] of parts.entries()) {
    const r = parseNumberText(p);
    if (!r.ok || r.value === undefined) return { ok: false, message: `value ${i + 1} ("${p.slice(0, 20)}") is not a number` };
    values.push(r.value);
  }
  return { ok: true, values };
}

export function formatValues(values: readonly unknown[] | undefined): string {
  return (values ?? []).map((v) => String(v)).join(', ');
}
