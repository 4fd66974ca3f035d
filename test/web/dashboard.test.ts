/**
 * The dashboard's data and chart options (web/dashboard/data.ts, options.ts), without a browser,
 * and the bundle rule that ECharts is imported by charts.ts alone, loaded with a dynamic import.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioJson } from '../../engine/model/validate';
import { simulateScenario } from '../../engine/experiments/simulate';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { LiveHistory } from '../../web/state/history';
import { STATE_LABELS, STATE_NAMES } from '../../web/ui/states';
import {
  LOSS_KEYS,
  OEE_KEYS,
  liveSummary,
  lossTotals,
  plainText,
  plannedBusySeconds,
  ratioText,
  reportSummary,
  stateShares,
} from '../../web/dashboard/data';
import {
  LIGHT_THEME,
  clipRect,
  flowOption,
  flowSeries,
  ganttData,
  ganttOption,
  ganttTooltip,
  lossesOption,
  oeeOption,
  readTheme,
  statesOption,
  type DashboardOption,
} from '../../web/dashboard/options';
import { trackLiveHistory } from '../../web/dashboard/live';
import { signal } from '@preact/signals';
import type { Frame, SceneInfo } from '../../workers/simulation-api';

const parsed = parseScenarioJson(readFileSync('scenes/assembly-line/scenario.json', 'utf8'), 'assembly');
if (!parsed.ok) throw new Error('the assembly line does not parse');
const report = simulateScenario(parsed.value, { replications: 3 });

type AnySeries = { type: string; name: string; data: unknown[]; stack?: string; itemStyle?: { color?: string } };
const seriesOf = (o: DashboardOption) => o.series as AnySeries[];
const axis = (a: unknown) => a as { type: string; data?: string[]; min?: number; max?: unknown };

describe('dashboard data', () => {
  it('takes the line OEE of a report and of a live frame in one shape', () => {
    const r = reportSummary(report)!;
    expect(r.oee).toEqual({ oee: report.oee.mean, availability: report.oee.availability, performance: report.oee.performance, quality: report.oee.quality });
    expect(r.label).toBe('mean of 3 replications');
    expect(r.stations.map((s) => s.id)).toEqual(report.stations.map((s) => s.id));
    for (const k of OEE_KEYS) {
      expect(r.oee[k]).toBeGreaterThanOrEqual(0);
      expect(r.oee[k]).toBeLessThanOrEqual(1);
    }
    expect(reportSummary(null)).toBeNull();
    expect(liveSummary(null)).toBeNull();
    const warming = { kpis: { windowSeconds: 0 } } as unknown as Frame;
    expect(liveSummary(warming)).toBeNull();
  });

  it('adds up the six big losses over stations, as shares of their planned busy time', () => {
    const r = reportSummary(report)!;
    const totals = lossTotals(r.stations);
    expect(totals.map((t) => t.key)).toEqual([...LOSS_KEYS]);
    const planned = report.stations.reduce((a, s) => a + plannedBusySeconds(s.stateSeconds), 0);
    for (const t of totals) {
      const seconds = report.stations.reduce((a, s) => a + s.losses[t.key], 0);
      expect(t.seconds).toBeCloseTo(seconds, 6);
      expect(t.share).toBeCloseTo(seconds / planned, 12);
    }
    // docs/kpi.md: per station the six losses and the OEE add up to PBT, so over the line the
    // shares add up to 1 − the planned-time-weighted station OEE.
    const weightedOee = report.stations.reduce((a, s) => a + s.oee * plannedBusySeconds(s.stateSeconds), 0) / planned;
    expect(totals.reduce((a, t) => a + t.share, 0)).toBeCloseTo(1 - weightedOee, 2);
    const idling = totals.find((t) => t.key === 'idlingMinorStops')!;
    const worst = [...report.stations].sort((a, b) => b.losses.idlingMinorStops - a.losses.idlingMinorStops)[0];
    expect(idling.worstStation).toBe(worst.id);
  });

  it('gives state shares that add up to 1', () => {
    for (const s of report.stations) {
      const sh = stateShares(s.stateSeconds);
      expect(STATE_NAMES.reduce((a, n) => a + sh[n], 0)).toBeCloseTo(1, 12);
    }
    const zero = Object.fromEntries(STATE_NAMES.map((n) => [n, 0])) as Parameters<typeof stateShares>[0];
    expect(STATE_NAMES.map((n) => stateShares(zero)[n])).toEqual(STATE_NAMES.map(() => 0));
  });

  it('formats ratios for text and keeps names out of rich-text markup', () => {
    expect(ratioText(0.58205)).toBe('0.582');
    expect(ratioText(NaN)).toBe('—');
    expect(plainText('a{b|c}<img src=x>')).toBe('a(b¦c)<img src=x>');
  });
});

describe('dashboard chart options', () => {
  const theme = readTheme({ getPropertyValue: (name) => (name === '--state-failed' ? ' #ff0000 ' : name === '--text' ? '#010203' : '') }, false);

  it('reads the theme from CSS variables, falling back to the light page colours', () => {
    expect(theme.states.failed).toBe('#ff0000');
    expect(theme.text).toBe('#010203');
    expect(theme.states.working).toBe(LIGHT_THEME.states.working);
    expect(readTheme({ getPropertyValue: () => '' }, true).palette).not.toEqual(LIGHT_THEME.palette);
  });

  it('draws OEE, availability, performance and quality per source, with tooltips drawn on the canvas', () => {
    const r = reportSummary(report)!;
    const one = oeeOption([{ name: 'Replications', figures: r.oee }], theme);
    expect(axis(one.xAxis).data).toEqual(['OEE', 'Availability', 'Performance', 'Quality']);
    expect(seriesOf(one)).toHaveLength(1);
    expect(seriesOf(one)[0].data).toEqual(OEE_KEYS.map((k) => Math.round(r.oee[k] * 1e6) / 1e6));
    expect((one.legend as { show?: boolean }).show).toBe(false);
    expect((one.tooltip as { renderMode?: string }).renderMode).toBe('richText');
    const two = oeeOption(
      [
        { name: 'Replications', figures: r.oee },
        { name: 'Live', figures: { ...r.oee, performance: 1.04 } },
      ],
      theme,
    );
    expect(seriesOf(two).map((s) => s.name)).toEqual(['Replications', 'Live']);
    const max = axis(two.yAxis).max as (e: { max: number }) => number;
    expect(max({ max: 0.9 })).toBe(1);
    expect(max({ max: 1.04 })).toBeCloseTo(1.1, 12);
  });

  it('stacks the six losses by station and the seven states per station, in the page colours', () => {
    const r = reportSummary(report)!;
    const losses = lossesOption(r.stations, theme);
    expect(seriesOf(losses).map((s) => s.name)).toEqual(r.stations.map((s) => s.id));
    expect(seriesOf(losses).every((s) => s.stack === 'losses' && s.data.length === 6)).toBe(true);
    expect(seriesOf(losses)[0].data[0]).toBeCloseTo(r.stations[0].losses.breakdowns / 3600, 4);

    const states = statesOption(r.stations, theme);
    expect(axis(states.yAxis).data).toEqual(r.stations.map((s) => s.id));
    expect(seriesOf(states).map((s) => s.name)).toEqual(STATE_NAMES.map((n) => STATE_LABELS[n]));
    expect(seriesOf(states).map((s) => s.itemStyle?.color)).toEqual(STATE_NAMES.map((n) => theme.states[n]));
    r.stations.forEach((_, k) => {
      expect(seriesOf(states).reduce((a, s) => a + (s.data[k] as number), 0)).toBeCloseTo(1, 5);
    });
  });

  it('draws throughput and WIP after warm-up, and a Gantt of the intervals held', () => {
    const h = new LiveHistory(['press', '<b>x</b>'], undefined, { capacity: 32 });
    for (let i = 0; i <= 20; i++) {
      const t = i * 600;
      const window = Math.max(0, t - 3600);
      h.push({
        timeSeconds: t,
        windowSeconds: window,
        throughputPerHour: window > 0 ? 50 + i : NaN,
        wip: window > 0 ? 10 : NaN,
        goodOut: 0,
        states: [i % 3 === 0 ? 0 : 2, 1],
      });
    }
    const flow = flowSeries(h);
    expect(flow.throughput).toHaveLength(14);
    expect(flow.throughput[0]).toEqual([1.16667, 57]);
    expect(flow.wip.every(([, w]) => Math.abs(w - 10) < 1e-9)).toBe(true);
    const fo = flowOption(flow, 20 * 3600, 3600, theme);
    expect(axis(fo.xAxis)).toMatchObject({ min: 1, max: 20 });
    expect(seriesOf(fo).map((s) => s.data.length)).toEqual([14, 14]);

    const data = ganttData(h);
    expect(data.filter((d) => d[0] === 1)).toEqual([[1, 0, 12000 / 3600, 1].map((x) => Math.round(x * 1e6) / 1e6)]);
    expect(data.filter((d) => d[0] === 0)).toHaveLength(h.intervalCount(0));
    const go = ganttOption(h, data, theme);
    expect(axis(go.yAxis).data).toEqual(['press', '<b>x</b>']);
    const series = (go.series as { renderItem: (p: CustomSeriesRenderItemParams, a: CustomSeriesRenderItemAPI) => unknown }[])[0];
    // A stand-in coordinate system: 100 px per hour from x = 50, stations 40 px apart from y = 20.
    const item = data[1];
    const api = {
      value: (dim: number) => item[dim],
      coord: ([x, y]: number[]) => [50 + 100 * x, 20 + 40 * y],
      size: () => [0, 40],
    } as unknown as CustomSeriesRenderItemAPI;
    const params = { coordSys: { type: 'cartesian2d', x: 50, y: 0, width: 300, height: 100 } } as unknown as CustomSeriesRenderItemParams;
    const shape = series.renderItem(params, api) as { shape: { x: number; width: number; height: number }; style: { fill: string } };
    expect(shape.style.fill).toBe(theme.states[STATE_NAMES[item[3]]]);
    expect(shape.shape.x).toBeCloseTo(50 + 100 * item[1], 9);
    expect(shape.shape.height).toBeCloseTo(28, 9);
    expect(clipRect({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toEqual({ x: 5, y: 5, width: 5, height: 5 });
    expect(clipRect({ x: 0, y: 0, width: 1, height: 1 }, { x: 5, y: 5, width: 10, height: 10 })).toBeNull();
    expect(ganttTooltip(['{a|b}'], [0, 0.5, 1.25, 3])).toBe('(a¦b)\nFailed: 0.50–1.25 h');
  });
});

describe('trackLiveHistory', () => {
  const sceneInfo = (generation: number): SceneInfo => ({
    generation,
    name: 'two stations',
    fileName: 'x.json',
    nodes: [
      { id: 'in', type: 'source', capacity: null },
      { id: 's1', type: 'station', capacity: 1 },
      { id: 'b', type: 'buffer', capacity: 3 },
      { id: 's2', type: 'station', capacity: 1 },
    ],
    links: [],
    rework: [],
    run: { replications: 1, seed: 1, lengthSeconds: 100, warmupSeconds: 0 },
  });
  const frameAt = (generation: number, t: number, s1: number, s2: number) =>
    ({
      generation,
      timeSeconds: t,
      lengthSeconds: 100,
      warmupSeconds: 0,
      playing: true,
      finished: false,
      speed: 1,
      nodeStates: Int32Array.from([-1, s1, 2, s2]),
      kpis: { windowSeconds: t, throughputPerHour: 0, wip: 0 },
    }) as unknown as Frame;

  it('feeds every frame of the scene on display into one history, and starts a new one for a new scene', () => {
    const scene = signal<SceneInfo | null>(sceneInfo(1));
    const frame = signal<Frame | null>(null);
    const t = trackLiveHistory(scene, frame);
    expect(t.live.value).toBeNull();
    frame.value = frameAt(1, 0, 0, 1);
    frame.value = frameAt(1, 10, 2, 1);
    const first = t.live.value!;
    expect(first.frame.timeSeconds).toBe(10);
    expect(first.history.stationIds).toEqual(['s1', 's2']);
    expect(first.history.length).toBe(2);
    expect(first.history.intervals(0).map((i) => i.state)).toEqual([0, 2]);
    frame.value = frameAt(1, 20, 2, 1);
    expect(t.live.value!.history).toBe(first.history);
    expect(t.live.value).not.toBe(first);

    scene.value = sceneInfo(2);
    expect(t.live.value).toBeNull();
    frame.value = frameAt(2, 0, 3, 3);
    expect(t.live.value!.history).not.toBe(first.history);
    expect(t.live.value!.history.length).toBe(1);
    t.dispose();
    frame.value = frameAt(2, 5, 3, 3);
    expect(t.live.value!.history.length).toBe(1);
  });
});

describe('the ECharts bundle rule', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
    });

  it('imports echarts (other than types) only in web/dashboard/charts.ts, which is loaded with import()', () => {
    const importers = files('web').filter((f) => /^\s*import\s+(?!type\b)[^;]*from\s+['"]echarts(\/[^'"]*)?['"]/m.test(readFileSync(f, 'utf8')));
    expect(importers.map((f) => f.replace(/\\/g, '/'))).toEqual(['web/dashboard/charts.ts']);
    const staticCharts = files('web').filter((f) => /^\s*import\s+(?!type\b)[^;]*from\s+['"]\.\/charts(\.ts)?['"]/m.test(readFileSync(f, 'utf8')));
    expect(staticCharts).toEqual([]);
    expect(readFileSync('web/dashboard/Dashboard.tsx', 'utf8')).toMatch(/import\(['"]\.\/charts['"]\)/);
  });
});
