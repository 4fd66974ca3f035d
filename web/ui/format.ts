/** Number and time formatting for the page. */
import type { Estimate } from '../../engine/experiments/report';

const pad = (n: number) => String(n).padStart(2, '0');

/** Simulated time as h:mm:ss (hours may exceed 24). */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export function formatNumber(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatPercent(ratio: number, digits = 1): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(digits)}%` : '—';
}

/** "mean ± half-width"; the half-width is left out when there was only one replication. */
export function formatEstimate(e: Estimate, format: (x: number) => string): string {
  return e.ci95 === null || !Number.isFinite(e.ci95) ? format(e.mean) : `${format(e.mean)} ± ${format(e.ci95)}`;
}

export function formatSeconds(seconds: number): string {
  return formatNumber(seconds, 0);
}
