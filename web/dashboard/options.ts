/**
 * ECharts options of the dashboard's five charts, built from plain data (data.ts, the live
 * history). Pure functions with type-only imports from echarts, so this module costs nothing in
 * the bundle and runs in Node tests; charts.ts (the only module importing echarts itself) draws
 * them. Colours come from the page's CSS variables (readTheme), so the charts follow light/dark.
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import { intervalWip, type LiveHistory } from '../state/history';
import { STATE_LABELS, STATE_LIGHT_HEX, STATE_NAMES, type StateName } from '../ui/states';
import {
  LOSS_KEYS,
  LOSS_LABELS,
  OEE_KEYS,
  OEE_LABELS,
  plainText,
  stateShares,
  type OeeFigures,
  type StationSummary,
} from './data';

export type DashboardOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | CustomSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

export interface ChartTheme {
  dark: boolean;
  text: string;
  muted: string;
  border: string;
  surface: string;
  accent: string;
  states: Record<StateName, string>;
  /** Series colours (stations in the losses chart, sources in the OEE chart). */
  palette: string[];
}

/** Light theme of web/styles.css, used when a variable is missing. */
export const LIGHT_THEME: ChartTheme = {
  dark: false,
  text: '#1d2329',
  muted: '#5d6873',
  border: '#d9dee4',
  surface: '#ffffff',
  accent: '#1864ab',
  states: { ...STATE_LIGHT_HEX },
  palette: ['#1864ab', '#e8590c', '#2b8a3e', '#c2255c', '#5f3dc4', '#0b7285', '#e67700', '#5c940d', '#862e9c', '#495057'],
};

const DARK_PALETTE = ['#4dabf7', '#ff922b', '#69db7c', '#f783ac', '#9775fa', '#3bc9db', '#ffd43b', '#a9e34b', '#da77f2', '#adb5bd'];

/**
 * The chart colours from the page's CSS custom properties (styles.css): `--text`, `--muted`,
 * `--border`, `--surface`, `--accent`, `--state-<name>`. `style` is getComputedStyle(root).
 */
export function readTheme(style: { getPropertyValue(name: string): string }, dark: boolean): ChartTheme {
  const get = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const states = {} as Record<StateName, string>;
  for (const n of STATE_NAMES) states[n] = get(`--state-${n}`, LIGHT_THEME.states[n]);
  return {
    dark,
    text: get('--text', LIGHT_THEME.text),
    muted: get('--muted', LIGHT_THEME.muted),
    border: get('--border', LIGHT_THEME.border),
    surface: get('--surface', LIGHT_THEME.surface),
    accent: get('--accent', LIGHT_THEME.accent),
    states,
    palette: dark ? DARK_PALETTE : LIGHT_THEME.palette,
  };
}

/** A key that changes when any colour changes (to redraw with notMerge). */
export function themeKey(t: ChartTheme): string {
  return JSON.stringify(t);
}

const pct = (x: number, digits = 1) => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—');
const hours = (seconds: number) => seconds / 3600;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function base(theme: ChartTheme) {
  return {
    backgroundColor: 'transparent',
    // Live data arrives ten times a second: no tweening between updates.
    animation: false,
    textStyle: { color: theme.text, fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif' },
  };
}

function tooltip(theme: ChartTheme, extra: TooltipComponentOption): TooltipComponentOption {
  return {
    backgroundColor: theme.surface,
    borderColor: theme.border,
    textStyle: { color: theme.text, fontSize: 12 },
    confine: true,
    // Drawn on the canvas, not as HTML: no markup from data, and nothing for the built page's
    // Content-Security-Policy (no inline style attributes) to strip.
    renderMode: 'richText',
    ...extra,
  };
}

function axisStyle(theme: ChartTheme) {
  return {
    axisLine: { lineStyle: { color: theme.border } },
    axisTick: { lineStyle: { color: theme.border } },
    axisLabel: { color: theme.muted },
    nameTextStyle: { color: theme.muted },
    splitLine: { lineStyle: { color: theme.border, opacity: 0.7 } },
  };
}

function legend(theme: ChartTheme, count: number): LegendComponentOption {
  return { bottom: 0, type: count > 8 ? 'scroll' : 'plain', textStyle: { color: theme.text }, itemWidth: 12, itemHeight: 10 };
}

// ---- 1. line OEE ---------------------------------------------------------------------------

export interface OeeEntry {
  /** Series name: the source of the figures. */
  name: string;
  figures: OeeFigures;
}

/** Bars of line OEE, availability, performance and quality (0..1), one series per source. */
export function oeeOption(entries: readonly OeeEntry[], theme: ChartTheme): DashboardOption {
  const ax = axisStyle(theme);
  return {
    ...base(theme),
    color: [theme.accent, ...theme.palette.slice(1)],
    grid: { left: 44, right: 12, top: 24, bottom: entries.length > 1 ? 40 : 24 },
    tooltip: tooltip(theme, { trigger: 'axis', valueFormatter: (v) => pct(Number(v)) }),
    legend: entries.length > 1 ? legend(theme, entries.length) : { show: false },
    xAxis: {
      type: 'category',
      data: OEE_KEYS.map((k) => OEE_LABELS[k]),
      ...ax,
      axisLabel: { color: theme.muted, interval: 0, hideOverlap: false },
      splitLine: { show: false },
    },
    // Performance can exceed 1 (a station faster than its ideal cycle): the axis grows past 100% then.
    yAxis: {
      type: 'value',
      min: 0,
      max: (extent: { max: number }) => Math.max(1, Math.ceil(extent.max * 10) / 10),
      ...ax,
      axisLabel: { color: theme.muted, formatter: (v: number) => pct(v, 0) },
    },
    series: entries.map((e) => ({
      type: 'bar',
      name: e.name,
      data: OEE_KEYS.map((k) => round(e.figures[k], 6)),
      barMaxWidth: 36,
      barGap: '12%',
      label: { show: true, position: 'top', color: theme.text, fontSize: entries.length > 1 ? 10 : 11, formatter: (p) => pct(Number(p.value)) },
    })),
  };
}

// ---- 2. six big losses ---------------------------------------------------------------------

/** Horizontal bars of the six big losses in hours, stacked by station (docs/kpi.md: time lost from PBT). */
export function lossesOption(stations: readonly StationSummary[], theme: ChartTheme): DashboardOption {
  const ax = axisStyle(theme);
  return {
    ...base(theme),
    color: theme.palette,
    grid: { left: 8, right: 16, top: 8, bottom: 56 },
    tooltip: tooltip(theme, { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${Number(v).toFixed(2)} h` }),
    legend: legend(theme, stations.length),
    xAxis: { type: 'value', name: 'h lost', nameLocation: 'end', ...ax },
    yAxis: { type: 'category', inverse: true, data: LOSS_KEYS.map((k) => LOSS_LABELS[k]), ...ax, splitLine: { show: false } },
    series: stations.map((s) => ({
      type: 'bar',
      name: s.id,
      stack: 'losses',
      barMaxWidth: 22,
      data: LOSS_KEYS.map((k) => round(hours(s.losses[k]), 4)),
    })),
  };
}

// ---- 3. per-station state bars -------------------------------------------------------------

/** Per station, the share of the measured window in each of the seven states (stacked to 100%). */
export function statesOption(stations: readonly StationSummary[], theme: ChartTheme): DashboardOption {
  const ax = axisStyle(theme);
  const shares = stations.map((s) => stateShares(s.stateSeconds));
  return {
    ...base(theme),
    grid: { left: 8, right: 16, top: 8, bottom: 56 },
    tooltip: tooltip(theme, { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => pct(Number(v)) }),
    legend: legend(theme, STATE_NAMES.length),
    xAxis: { type: 'value', min: 0, max: 1, ...ax, axisLabel: { color: theme.muted, formatter: (v: number) => pct(v, 0) } },
    yAxis: { type: 'category', inverse: true, data: stations.map((s) => s.id), ...ax, splitLine: { show: false } },
    series: STATE_NAMES.map((name) => ({
      type: 'bar',
      name: STATE_LABELS[name],
      stack: 'states',
      barMaxWidth: 22,
      itemStyle: { color: theme.states[name] },
      data: shares.map((sh) => round(sh[name], 6)),
    })),
  };
}

// ---- 4. throughput and WIP over time -------------------------------------------------------

export interface FlowSeries {
  /** [hours, parts per hour so far] after warm-up. */
  throughput: [number, number][];
  /** [hours, mean WIP over the interval since the previous sample]. */
  wip: [number, number][];
}

/** The two series of the flow chart, from the kept samples (warm-up samples have no value). */
export function flowSeries(h: LiveHistory): FlowSeries {
  const throughput: [number, number][] = [];
  const wip: [number, number][] = [];
  for (let row = 0; row < h.length; row++) {
    if (!(h.window[row] > 0)) continue;
    const t = round(hours(h.time[row]), 5);
    throughput.push([t, round(h.throughput[row], 4)]);
    const w = intervalWip(h, row);
    if (Number.isFinite(w)) wip.push([t, round(w, 4)]);
  }
  return { throughput, wip };
}

export const FLOW_NAMES = { throughput: 'Throughput so far, parts/h', wip: 'WIP (interval mean), parts' } as const;

export function flowOption(series: FlowSeries, lengthSeconds: number, warmupSeconds: number, theme: ChartTheme): DashboardOption {
  const ax = axisStyle(theme);
  return {
    ...base(theme),
    color: [theme.accent, theme.palette[1]],
    grid: { left: 8, right: 8, top: 28, bottom: 52 },
    tooltip: tooltip(theme, { trigger: 'axis', valueFormatter: (v) => Number(v).toFixed(1) }),
    legend: legend(theme, 2),
    xAxis: {
      type: 'value',
      name: 'h',
      min: round(hours(warmupSeconds), 5),
      max: round(hours(lengthSeconds), 5),
      ...ax,
      splitLine: { show: false },
    },
    yAxis: [
      { type: 'value', name: 'parts/h', min: 0, ...ax },
      { type: 'value', name: 'parts', min: 0, ...ax, splitLine: { show: false } },
    ],
    series: [
      { type: 'line', name: FLOW_NAMES.throughput, data: series.throughput, showSymbol: false, yAxisIndex: 0, lineStyle: { width: 2 } },
      { type: 'line', name: FLOW_NAMES.wip, data: series.wip, showSymbol: false, yAxisIndex: 1, step: 'end', lineStyle: { width: 1.5 } },
    ],
  };
}

// ---- 5. Gantt of station states ------------------------------------------------------------

/** Gantt items [station index, start h, end h, state code], oldest first per station. */
export function ganttData(h: LiveHistory): number[][] {
  const data: number[][] = [];
  for (let k = 0; k < h.stationCount; k++) {
    h.forEachInterval(k, (start, end, state) => data.push([k, round(hours(start), 6), round(hours(end), 6), state]));
  }
  return data;
}

interface CartesianRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Clips a rectangle to another; null when nothing is left. */
export function clipRect(r: CartesianRect, to: CartesianRect): CartesianRect | null {
  const x0 = Math.max(r.x, to.x);
  const y0 = Math.max(r.y, to.y);
  const x1 = Math.min(r.x + r.width, to.x + to.width);
  const y1 = Math.min(r.y + r.height, to.y + to.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** Tooltip of one Gantt bar: plain text (tooltips are canvas rich text, see `tooltip`). */
export function ganttTooltip(stationIds: readonly string[], value: readonly number[]): string {
  const [k, start, end, state] = value;
  const name = STATE_NAMES[state];
  const label = name ? STATE_LABELS[name] : `state ${state}`;
  return `${plainText(stationIds[k] ?? '')}\n${label}: ${start.toFixed(2)}–${end.toFixed(2)} h`;
}

export function ganttOption(h: LiveHistory, data: number[][], theme: ChartTheme): DashboardOption {
  const ax = axisStyle(theme);
  const ids = [...h.stationIds];
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of data) {
    lo = Math.min(lo, d[1]);
    hi = Math.max(hi, d[2]);
  }
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (hi <= lo) hi = lo + 1 / 60;
  const colours = STATE_NAMES.map((n) => theme.states[n]);
  const renderItem = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn => {
    const k = Number(api.value(0));
    const a = api.coord([api.value(1), k]);
    const b = api.coord([api.value(2), k]);
    const size = api.size?.([0, 1]);
    const band = Array.isArray(size) ? size[1] : 20;
    const height = Math.max(2, band * 0.7);
    const sys = params.coordSys as unknown as CartesianRect;
    // A state seen at only one frame still shows as a hairline.
    const rect = clipRect({ x: a[0], y: a[1] - height / 2, width: Math.max(1, b[0] - a[0]), height }, sys);
    if (!rect) return null;
    return { type: 'rect', shape: rect, style: { fill: colours[Number(api.value(3))] ?? theme.muted } };
  };
  return {
    ...base(theme),
    grid: { left: 8, right: 16, top: 8, bottom: 28 },
    tooltip: tooltip(theme, {
      trigger: 'item',
      formatter: (p) => ganttTooltip(ids, (Array.isArray(p) ? p[0] : p).value as number[]),
    }),
    xAxis: {
      type: 'value',
      name: 'h',
      min: round(lo, 6),
      max: round(hi, 6),
      ...ax,
      axisLabel: { color: theme.muted, formatter: (v: number) => String(round(v, 2)) },
      splitLine: { show: false },
    },
    yAxis: { type: 'category', inverse: true, data: ids, ...ax, splitLine: { show: false } },
    series: [
      {
        type: 'custom',
        name: 'Station states',
        renderItem,
        encode: { x: [1, 2], y: 0 },
        dimensions: ['station', 'start', 'end', 'state'],
        data,
      },
    ],
  };
}
