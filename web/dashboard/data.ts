/**
 * What the dashboard shows, as plain data (no DOM, no ECharts): the summary figures of either the
 * live replication (Frame.kpis) or a replications report (SimulateReport), in one shape, plus
 * the six-big-loss totals and state shares the charts and their text summaries are drawn from.
 * Definitions are docs/kpi.md's.
 */
import type { SixBigLosses } from '../../engine/kpi/oee';
import type { Frame, SimulateReport } from '../../workers/simulation-api';
import { STATE_NAMES, type StateName } from '../ui/states';

export type SummarySource = 'live' | 'report';

export interface OeeFigures {
  oee: number;
  availability: number;
  performance: number;
  quality: number;
}

export interface StationSummary {
  id: string;
  stateSeconds: Record<StateName, number>;
  losses: SixBigLosses;
}

export interface SummaryData {
  source: SummarySource;
  /** Short description of the source, for headings and text summaries. */
  label: string;
  oee: OeeFigures;
  stations: StationSummary[];
}

export const OEE_KEYS = ['oee', 'availability', 'performance', 'quality'] as const;
export type OeeKey = (typeof OEE_KEYS)[number];
export const OEE_LABELS: Record<OeeKey, string> = {
  oee: 'OEE',
  availability: 'Availability',
  performance: 'Performance',
  quality: 'Quality',
};

export const LOSS_KEYS = [
  'breakdowns',
  'setupAdjustments',
  'idlingMinorStops',
  'reducedSpeed',
  'processDefects',
  'reducedYield',
] as const satisfies readonly (keyof SixBigLosses)[];
export type LossKey = (typeof LOSS_KEYS)[number];
export const LOSS_LABELS: Record<LossKey, string> = {
  breakdowns: 'Breakdowns',
  setupAdjustments: 'Setup and adjustments',
  idlingMinorStops: 'Idling and minor stops',
  reducedSpeed: 'Reduced speed',
  processDefects: 'Process defects',
  reducedYield: 'Reduced yield',
};

/** The live replication's KPIs so far, or null while nothing is measured (warm-up). */
export function liveSummary(frame: Frame | null | undefined): SummaryData | null {
  if (!frame || !(frame.kpis.windowSeconds > 0)) return null;
  const k = frame.kpis;
  return {
    source: 'live',
    label: 'live replication so far',
    oee: { oee: k.line.oee, availability: k.line.availability, performance: k.line.performance, quality: k.line.quality },
    stations: k.stations.map((s) => ({ id: s.id, stateSeconds: s.stateSeconds, losses: s.losses })),
  };
}

/** A replications report: means over its replications. */
export function reportSummary(report: SimulateReport | null | undefined): SummaryData | null {
  if (!report) return null;
  const n = report.replications;
  return {
    source: 'report',
    label: `mean of ${n} replication${n === 1 ? '' : 's'}`,
    oee: {
      oee: report.oee.mean,
      availability: report.oee.availability,
      performance: report.oee.performance,
      quality: report.oee.quality,
    },
    stations: report.stations.map((s) => ({ id: s.id, stateSeconds: s.stateSeconds, losses: s.losses })),
  };
}

/** Planned busy time of a station (window − off-shift), s. */
export function plannedBusySeconds(stateSeconds: Record<StateName, number>): number {
  let total = 0;
  for (const name of STATE_NAMES) if (name !== 'offShift') total += stateSeconds[name];
  return total;
}

export interface LossTotal {
  key: LossKey;
  label: string;
  /** Sum over the stations, s. */
  seconds: number;
  /** seconds / Σ planned busy time of the stations (the losses and OEE add up to 1 per station). */
  share: number;
  /** Station with the largest loss of this kind (null when no station lost time to it). */
  worstStation: string | null;
}

export function lossTotals(stations: readonly StationSummary[]): LossTotal[] {
  const planned = stations.reduce((a, s) => a + plannedBusySeconds(s.stateSeconds), 0);
  return LOSS_KEYS.map((key) => {
    let seconds = 0;
    let worst: string | null = null;
    let worstSeconds = 0;
    for (const s of stations) {
      const x = s.losses[key];
      seconds += x;
      if (x > worstSeconds) [worst, worstSeconds] = [s.id, x];
    }
    return { key, label: LOSS_LABELS[key], seconds, share: planned > 0 ? seconds / planned : 0, worstStation: worst };
  });
}

/** Share of the measured window per state (adds up to 1 when the window is not empty). */
export function stateShares(stateSeconds: Record<StateName, number>): Record<StateName, number> {
  const total = STATE_NAMES.reduce((a, n) => a + stateSeconds[n], 0);
  const out = {} as Record<StateName, number>;
  for (const n of STATE_NAMES) out[n] = total > 0 ? stateSeconds[n] / total : 0;
  return out;
}

/** The state with the largest share (ties to the first in STATE_NAMES order). */
export function dominantState(stateSeconds: Record<StateName, number>): StateName {
  let best: StateName = STATE_NAMES[0];
  for (const n of STATE_NAMES) if (stateSeconds[n] > stateSeconds[best]) best = n;
  return best;
}

/** A ratio as text for summaries and tests: 3 decimals, "—" when not a number. */
export function ratioText(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : '—';
}

/**
 * Text for an ECharts rich-text string (tooltips): braces and bars would start rich-text markup,
 * so they are replaced by look-alikes. Scenario ids cannot contain them; names might.
 */
export function plainText(text: string): string {
  return text.replace(/[{}|]/g, (c) => ({ '{': '(', '}': ')', '|': '¦' })[c]!);
}

/** Simulated time as hours with one decimal, e.g. "12.5 h". */
export function hoursText(seconds: number): string {
  return Number.isFinite(seconds) ? `${(seconds / 3600).toFixed(1)} h` : '—';
}
