/**
 * The dashboard (issue 5, item 4): five ECharts charts, each with an accessible title, a one-line
 * text summary for screen readers and a small data table.
 *
 * | chart                          | drawn from                                                     |
 * |--------------------------------|----------------------------------------------------------------|
 * | Line OEE (A, P, Q)             | both: `report` (mean over replications) and `live` (so far)    |
 * | Six big losses                 | the summary source: `report`, else `live` (toggle when both)   |
 * | Station states                 | the summary source                                             |
 * | Throughput and WIP over time   | `live.history` only                                            |
 * | Station state timeline (Gantt) | `live.history` only (states as sampled at frame times)         |
 *
 * ECharts is loaded lazily: this module never imports it; `./charts` is fetched with a dynamic
 * import() after the first render. Charts are created once, updated with setOption (notMerge
 * only when their structure or the theme changes), resized with their container, and disposed
 * on unmount. Colours follow the page's CSS variables (light/dark). Station ids are rendered as
 * text only (JSX text, canvas text, escaped tooltips).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SimulateReport } from '../../workers/simulation-api';
import { intervalWip } from '../state/history';
import { STATE_LABELS, STATE_NAMES, STATE_SHORT, stateFill, stateName } from '../ui/states';
import {
  OEE_KEYS,
  OEE_LABELS,
  dominantState,
  hoursText,
  liveSummary,
  lossTotals,
  ratioText,
  reportSummary,
  stateShares,
  type SummaryData,
  type SummarySource,
} from './data';
import type { DashboardLive } from './live';
import {
  FLOW_NAMES,
  LIGHT_THEME,
  flowOption,
  flowSeries,
  ganttData,
  ganttOption,
  lossesOption,
  oeeOption,
  readTheme,
  statesOption,
  themeKey,
  type ChartTheme,
  type DashboardOption,
  type OeeEntry,
} from './options';
import './dashboard.css';

export type { DashboardLive } from './live';

export interface DashboardStatus {
  /** The ECharts chunk: being fetched, loaded, or failed to load. */
  charts: 'loading' | 'ready' | 'error';
  /** Charts drawn with data, out of `total`. */
  rendered: number;
  total: number;
  /** What the charts were drawn from: a report, live data (reported after they were drawn). */
  report: boolean;
  live: boolean;
}

export interface DashboardProps {
  /** A finished replications report (what `twin simulate --json` prints). */
  report?: SimulateReport | null;
  /** The live replication: its newest frame and the history of its frames. */
  live?: DashboardLive | null;
  /** Initial source of the losses and state charts when both are given (default: the report); the user can switch. */
  summarySource?: SummarySource;
  /** Heading of the dashboard section. */
  title?: string;
  /** Called when the chart module loads and whenever the number of charts drawn changes. */
  onStatus?: (status: DashboardStatus) => void;
}

type ChartsModule = typeof import('./charts');
type ChartHandle = ReturnType<ChartsModule['createChart']>;

const CHART_IDS = ['dash-oee', 'dash-losses', 'dash-states', 'dash-flow', 'dash-gantt'] as const;
type ChartId = (typeof CHART_IDS)[number];

let chartsModule: Promise<ChartsModule> | null = null;

/** Fetches the ECharts chunk once (again after a failure). */
export function loadCharts(): Promise<ChartsModule> {
  if (!chartsModule) {
    chartsModule = import('./charts');
    chartsModule.catch(() => (chartsModule = null));
  }
  return chartsModule;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

function currentTheme(): ChartTheme {
  if (typeof document === 'undefined') return LIGHT_THEME;
  const dark = typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
  return readTheme(getComputedStyle(document.documentElement), dark);
}

/** The chart colours, re-read when the colour scheme or the root element's theme attributes change. */
function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(currentTheme);
  useEffect(() => {
    const update = () =>
      setTheme((prev) => {
        const next = currentTheme();
        return themeKey(next) === themeKey(prev) ? prev : next;
      });
    const query = matchMedia(DARK_QUERY);
    query.addEventListener('change', update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
    update();
    return () => {
      query.removeEventListener('change', update);
      observer.disconnect();
    };
  }, []);
  return theme;
}

interface ChartFigureProps {
  id: ChartId;
  title: string;
  note?: ComponentChildren;
  mod: ChartsModule | null;
  /** null: nothing to draw yet (the placeholder `empty` is shown). */
  option: DashboardOption | null;
  /** When this changes the next option replaces the previous one instead of merging into it. */
  structure: string;
  summary: string;
  empty: string;
  height: number;
  wide?: boolean;
  legend?: ComponentChildren;
  onRendered(id: ChartId, rendered: boolean): void;
  children: ComponentChildren;
}

function ChartFigure(p: ChartFigureProps) {
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<ChartHandle | null>(null);
  const drawnStructure = useRef<string | null>(null);
  const [rendered, setRendered] = useState(false);

  useEffect(() => {
    if (!p.mod || !host.current) return;
    handle.current = p.mod.createChart(host.current);
    drawnStructure.current = null;
    return () => {
      handle.current?.dispose();
      handle.current = null;
    };
  }, [p.mod]);

  useEffect(() => {
    const h = handle.current;
    if (!h) return;
    if (!p.option) {
      if (drawnStructure.current !== null) h.clear();
      drawnStructure.current = null;
      setRendered(false);
      p.onRendered(p.id, false);
      return;
    }
    h.set(p.option, drawnStructure.current !== p.structure);
    drawnStructure.current = p.structure;
    setRendered(true);
    p.onRendered(p.id, true);
  }, [p.mod, p.option, p.structure]);

  const titleId = `${p.id}-title`;
  return (
    <figure
      class={`dash-chart${p.wide ? ' dash-wide' : ''}`}
      data-chart={p.id}
      data-testid={p.id}
      data-rendered={rendered ? 'true' : 'false'}
      aria-labelledby={titleId}
    >
      <figcaption class="dash-caption">
        <h3 id={titleId}>{p.title}</h3>
        {p.note && <p class="dash-note">{p.note}</p>}
      </figcaption>
      {p.legend}
      <div class="dash-plot" style={{ height: `${p.height}px` }}>
        <div class="dash-canvas" ref={host} role="img" aria-labelledby={titleId} aria-describedby={`${p.id}-summary`} />
        {!p.option && <p class="dash-empty">{p.empty}</p>}
      </div>
      <p id={`${p.id}-summary`} class="visually-hidden" data-testid={`${p.id}-summary`}>
        {p.summary}
      </p>
      <details class="dash-data">
        <summary>Data</summary>
        <div class="dash-table-scroll">{p.children}</div>
      </details>
    </figure>
  );
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');
const num = (x: number, digits = 1) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');

function StateLegend({ theme }: { theme: ChartTheme }) {
  return (
    <ul class="dash-legend" aria-label="Station states">
      {STATE_NAMES.map((n) => (
        <li key={n}>
          <span class="dash-swatch" style={{ background: theme.states[n] }} aria-hidden="true" />
          {STATE_LABELS[n]}
        </li>
      ))}
    </ul>
  );
}

function oeeSentence(s: SummaryData): string {
  const o = s.oee;
  return `${s.label}: OEE ${ratioText(o.oee)}, availability ${ratioText(o.availability)}, performance ${ratioText(o.performance)}, quality ${ratioText(o.quality)}`;
}

export function Dashboard(props: DashboardProps) {
  const { report, live, onStatus } = props;
  const theme = useChartTheme();
  const [mod, setMod] = useState<ChartsModule | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<SummarySource>(props.summarySource ?? 'report');
  const rendered = useRef(new Set<ChartId>());
  const [renderedCount, setRenderedCount] = useState(0);

  useEffect(() => {
    let alive = true;
    performance.mark('dashboard:mounted');
    loadCharts().then(
      (m) => alive && setMod(() => m),
      (e: unknown) => alive && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      alive = false;
    };
  }, []);


  const onRendered = useMemo(
    () => (id: ChartId, yes: boolean) => {
      const set = rendered.current;
      if (yes === set.has(id)) return;
      if (yes) set.add(id);
      else set.delete(id);
      setRenderedCount(set.size);
    },
    [],
  );

  const frame = live?.frame ?? null;
  const history = live?.history ?? null;
  const historyVersion = history?.version ?? -1;
  const liveData = useMemo(() => liveSummary(frame), [frame]);
  const reportData = useMemo(() => reportSummary(report), [report]);
  const source: SummarySource = reportData && liveData ? chosen : reportData ? 'report' : 'live';
  const summary = source === 'report' ? reportData : liveData;
  const tk = useMemo(() => themeKey(theme), [theme]);

  // ---- 1. OEE
  const oeeEntries = useMemo(() => {
    const out: { source: SummarySource; entry: OeeEntry; data: SummaryData }[] = [];
    if (reportData) out.push({ source: 'report', entry: { name: `Replications (${reportData.label})`, figures: reportData.oee }, data: reportData });
    if (liveData) out.push({ source: 'live', entry: { name: 'Live (so far)', figures: liveData.oee }, data: liveData });
    return out;
  }, [reportData, liveData]);
  const oee = useMemo(() => (oeeEntries.length ? oeeOption(oeeEntries.map((e) => e.entry), theme) : null), [oeeEntries, theme]);
  const primary = oeeEntries.find((e) => e.source === source) ?? oeeEntries[0];

  // ---- 2, 3. losses and states of the summary source
  const stationKey = summary?.stations.map((s) => s.id).join('\n') ?? '';
  const losses = useMemo(() => (summary ? lossesOption(summary.stations, theme) : null), [summary, theme]);
  const lossRows = useMemo(() => (summary ? lossTotals(summary.stations) : []), [summary]);
  const states = useMemo(() => (summary ? statesOption(summary.stations, theme) : null), [summary, theme]);

  // ---- 4, 5. over time, from the live history
  const flow = useMemo(() => (history ? flowSeries(history) : null), [history, historyVersion]);
  const flowOpt = useMemo(
    () => (flow && frame && flow.throughput.length > 0 ? flowOption(flow, frame.lengthSeconds, frame.warmupSeconds, theme) : null),
    [flow, frame?.lengthSeconds, frame?.warmupSeconds, theme],
  );
  const gantt = useMemo(() => (history ? ganttData(history) : []), [history, historyVersion]);
  const ganttOpt = useMemo(() => (history && gantt.length > 0 ? ganttOption(history, gantt, theme) : null), [history, gantt, theme]);

  const chartsState: DashboardStatus['charts'] = loadError ? 'error' : mod ? 'ready' : 'loading';
  const hasReport = mod !== null && reportData !== null;
  const hasLive = mod !== null && liveData !== null;
  useEffect(() => {
    onStatus?.({ charts: chartsState, rendered: renderedCount, total: CHART_IDS.length, report: hasReport, live: hasLive });
  }, [chartsState, renderedCount, hasReport, hasLive]);

  const sourceNote = summary ? `From the ${summary.label}.` : undefined;
  const lossLeader = [...lossRows].sort((a, b) => b.seconds - a.seconds)[0];
  const lastRow = history ? history.length - 1 : -1;
  const flowTail: { t: number; q: number; w: number }[] = [];
  for (let row = lastRow; history && row >= 0 && flowTail.length < 12; row--) {
    if (history.window[row] > 0) flowTail.unshift({ t: history.time[row] / 3600, q: history.throughput[row], w: intervalWip(history, row) });
  }
  const ganttStations = history
    ? history.stationIds.map((id, k) => {
        const n = history.intervalCount(k);
        let since = NaN;
        let state = -1;
        history.forEachInterval(k, (start, _end, s) => ([since, state] = [start, s]));
        return { id, intervals: n, since, state: n > 0 ? stateName(state) : null };
      })
    : [];

  return (
    <section class="dash" aria-labelledby="dash-heading" data-testid="dashboard" data-charts={chartsState} data-rendered-count={renderedCount}>
      <div class="dash-head">
        <h2 id="dash-heading">{props.title ?? 'Dashboard'}</h2>
        {reportData && liveData && (
          <fieldset class="dash-source">
            <legend class="visually-hidden">Source of the losses and state charts</legend>
            {(['report', 'live'] as const).map((s) => (
              <label key={s}>
                <input type="radio" name="dash-source" value={s} checked={source === s} onChange={() => setChosen(s)} data-testid={`dash-source-${s}`} />
                {s === 'report' ? 'Replications' : 'Live'}
              </label>
            ))}
          </fieldset>
        )}
      </div>
      {loadError && (
        <p class="dash-error" role="alert" data-testid="dash-error">
          The charts could not be loaded: {loadError}
        </p>
      )}
      <div class="dash-grid">
        <ChartFigure
          id="dash-oee"
          title="Line OEE"
          note={
            primary && (
              <>
                OEE {pct(primary.entry.figures.oee)} = A {pct(primary.entry.figures.availability)} × P {pct(primary.entry.figures.performance)} × Q{' '}
                {pct(primary.entry.figures.quality)} <span class="dash-muted">({primary.data.label})</span>
              </>
            )
          }
          mod={mod}
          option={oee}
          structure={`${tk}|${oeeEntries.map((e) => e.entry.name).join('|')}`}
          summary={oeeEntries.length ? `Line OEE per ISO 22400 at the constraint station. ${oeeEntries.map((e) => oeeSentence(e.data)).join('. ')}.` : 'Line OEE: no data yet.'}
          empty="No OEE yet: the live run is warming up and no replications report is loaded."
          height={230}
          onRendered={onRendered}
        >
          <table class="dash-table" data-testid="dash-oee-table">
            <caption class="visually-hidden">Line OEE and its factors, as ratios from 0 to 1</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                {oeeEntries.map((e) => (
                  <th scope="col" class="num" key={e.source}>
                    {e.source === 'report' ? 'Replications' : 'Live'}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {OEE_KEYS.map((k) => (
                <tr key={k}>
                  <th scope="row">{OEE_LABELS[k]}</th>
                  {oeeEntries.map((e) => (
                    <td class="num" key={e.source} data-testid={`oee-${e.source}-${k}`} data-value={String(e.entry.figures[k])}>
                      {ratioText(e.entry.figures[k])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFigure>

        <ChartFigure
          id="dash-losses"
          title="Six big losses"
          note={sourceNote && `${sourceNote} Hours lost from planned busy time, stacked by station.`}
          mod={mod}
          option={losses}
          structure={`${tk}|${source}|${stationKey}`}
          summary={
            summary && lossLeader
              ? `Six big losses, ${summary.label}: ${lossRows.map((r) => `${r.label} ${num(r.seconds / 3600, 2)} h (${pct(r.share)} of planned busy time)`).join('; ')}. Largest: ${lossLeader.label}.`
              : 'Six big losses: no data yet.'
          }
          empty="No losses yet."
          height={260}
          onRendered={onRendered}
        >
          <table class="dash-table" data-testid="dash-losses-table">
            <caption class="visually-hidden">The six big losses summed over the stations</caption>
            <thead>
              <tr>
                <th scope="col">Loss</th>
                <th scope="col" class="num">Seconds</th>
                <th scope="col" class="num">Share of planned time</th>
                <th scope="col">Largest at</th>
              </tr>
            </thead>
            <tbody>
              {lossRows.map((r) => (
                <tr key={r.key} data-testid={`loss-${r.key}`}>
                  <th scope="row">{r.label}</th>
                  <td class="num" data-value={String(r.seconds)}>
                    {num(r.seconds, 0)}
                  </td>
                  <td class="num" data-value={String(r.share)}>
                    {pct(r.share)}
                  </td>
                  <td>{r.worstStation ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFigure>

        <ChartFigure
          id="dash-states"
          title="Station states"
          note={sourceNote && `${sourceNote} Share of the measured window in each state.`}
          mod={mod}
          option={states}
          structure={`${tk}|${source}|${stationKey}`}
          summary={
            summary
              ? `Station states, ${summary.label}: ${summary.stations
                  .map((s) => {
                    const d = dominantState(s.stateSeconds);
                    return `${s.id} mostly ${STATE_LABELS[d].toLowerCase()} (${pct(stateShares(s.stateSeconds)[d])})`;
                  })
                  .join('; ')}.`
              : 'Station states: no data yet.'
          }
          empty="No station states yet."
          height={Math.max(200, 70 + 26 * (summary?.stations.length ?? 4))}
          onRendered={onRendered}
        >
          <table class="dash-table" data-testid="dash-states-table">
            <caption class="visually-hidden">Share of time per state and station</caption>
            <thead>
              <tr>
                <th scope="col">Station</th>
                {STATE_NAMES.map((n) => (
                  <th scope="col" class="num" key={n} title={STATE_LABELS[n]}>
                    <span class="dash-swatch" style={{ background: stateFill(n) }} aria-hidden="true" />
                    {STATE_SHORT[n]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary?.stations.map((s) => {
                const sh = stateShares(s.stateSeconds);
                return (
                  <tr key={s.id}>
                    <th scope="row">{s.id}</th>
                    {STATE_NAMES.map((n) => (
                      <td class="num" key={n} title={`${num(s.stateSeconds[n], 0)} s`} data-value={String(sh[n])}>
                        {pct(sh[n])}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ChartFigure>

        <ChartFigure
          id="dash-flow"
          title="Throughput and WIP over time"
          note="Live replication after warm-up: throughput so far, and the mean WIP between samples."
          mod={mod}
          option={flowOpt}
          structure={`${tk}|${history?.generation ?? ''}`}
          summary={
            flow && flow.throughput.length > 0 && history
              ? `At ${hoursText(history.time[lastRow])} of simulated time: throughput so far ${num(flow.throughput[flow.throughput.length - 1][1])} parts per hour, WIP ${num(flow.wip[flow.wip.length - 1]?.[1] ?? NaN)} parts; ${history.length} samples kept.`
              : 'Throughput and WIP over time: no live data after warm-up yet.'
          }
          empty="Waiting for the live run to pass its warm-up."
          height={240}
          wide
          onRendered={onRendered}
        >
          <table class="dash-table" data-testid="dash-flow-table">
            <caption class="visually-hidden">The most recent samples</caption>
            <thead>
              <tr>
                <th scope="col" class="num">Time, h</th>
                <th scope="col" class="num">{FLOW_NAMES.throughput}</th>
                <th scope="col" class="num">{FLOW_NAMES.wip}</th>
              </tr>
            </thead>
            <tbody>
              {flowTail.map((r) => (
                <tr key={r.t}>
                  <td class="num">{num(r.t, 2)}</td>
                  <td class="num">{num(r.q)}</td>
                  <td class="num">{num(r.w)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFigure>

        <ChartFigure
          id="dash-gantt"
          title="Station state timeline"
          note="Live replication: each station's state as seen at every frame (states shorter than a frame can be missed)."
          mod={mod}
          option={ganttOpt}
          structure={`${tk}|${history?.generation ?? ''}|${history?.stationIds.join('\n') ?? ''}`}
          summary={
            history && gantt.length > 0
              ? `Station states from ${hoursText(history.intervalsStart())} to ${hoursText(history.time[lastRow])}: ${ganttStations
                  .map((s) => `${s.id} ${s.state ? STATE_LABELS[s.state].toLowerCase() : 'unknown'} since ${hoursText(s.since)}`)
                  .join('; ')}.`
              : 'Station state timeline: no live data yet.'
          }
          empty="Waiting for live frames."
          height={Math.max(160, 50 + 30 * (history?.stationCount ?? 4))}
          wide
          legend={<StateLegend theme={theme} />}
          onRendered={onRendered}
        >
          <table class="dash-table" data-testid="dash-gantt-table">
            <caption class="visually-hidden">Current state of each station</caption>
            <thead>
              <tr>
                <th scope="col">Station</th>
                <th scope="col">State now</th>
                <th scope="col" class="num">Since, h</th>
                <th scope="col" class="num">Intervals kept</th>
              </tr>
            </thead>
            <tbody>
              {ganttStations.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.id}</th>
                  <td>{s.state ? STATE_LABELS[s.state] : '—'}</td>
                  <td class="num">{num(s.since / 3600, 2)}</td>
                  <td class="num">{s.intervals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFigure>
      </div>
    </section>
  );
}
