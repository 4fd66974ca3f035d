import { computeOee, computeSixBigLosses, type Oee, type SixBigLosses } from '../kpi/oee';
import { STATE_NAMES, US_PER_SECOND, type LineModel, type StateName } from '../model/compiled';
import { LineField, StationField, stationBase, type RecordLayout } from '../line/record';
import { summarize } from './stats';

/**
 * KPIs from replication rows (engine/line/record.ts): pure functions, used for the CLI report,
 * the page's live KPI table, and tests. Definitions and sources are in docs/kpi.md.
 */

export interface Estimate {
  mean: number;
  /** Half-width of the 95% confidence interval over replications (Student t); null for one. */
  ci95: number | null;
}

export interface StationKpis extends Oee {
  id: string;
  stateSeconds: Record<StateName, number>;
  produced: number;
  good: number;
  scrapped: number;
  reworked: number;
  losses: SixBigLosses;
}

export interface ReplicationKpis {
  windowSeconds: number;
  throughputPerHour: number;
  wip: number;
  leadTimeSeconds: number;
  line: Oee;
  stations: StationKpis[];
  bufferMeanContent: number[];
  /** Index into `stations` of the reference (constraint) station of the line OEE. */
  constraint: number;
  events: number;
}

const SECONDS_PER_HOUR = 3600;

function stationKpis(m: LineModel, layout: RecordLayout, row: Float64Array, base: number, k: number): StationKpis {
  const at = base + stationBase(layout, k);
  const seconds = (j: number) => row[at + j] / US_PER_SECOND;
  const stateSeconds = {} as Record<StateName, number>;
  STATE_NAMES.forEach((name, j) => (stateSeconds[name] = seconds(j)));
  let window = 0;
  for (let j = 0; j < STATE_NAMES.length; j++) window += seconds(j);
  const inputs = {
    plannedBusySeconds: window - stateSeconds.offShift,
    actualProductionSeconds: stateSeconds.working,
    producedQuantity: row[at + StationField.produced],
    goodQuantity: row[at + StationField.good],
    idealSeconds: row[at + StationField.idealUs] / US_PER_SECOND,
  };
  return {
    id: m.nodeIds[layout.stations[k]],
    ...computeOee(inputs),
    stateSeconds,
    produced: inputs.producedQuantity,
    good: inputs.goodQuantity,
    scrapped: row[at + StationField.scrapped],
    reworked: row[at + StationField.reworked],
    losses: computeSixBigLosses({
      ...inputs,
      failedSeconds: stateSeconds.failed,
      setupSeconds: stateSeconds.setup,
      idleSeconds: stateSeconds.starved + stateSeconds.blocked + stateSeconds.waitingOperator,
      startupRejects: row[at + StationField.startupRejects],
    }),
  };
}

/**
 * The line's constraint for OEE: the station with the largest ideal load, i.e. ideal time of the
 * parts it made (per server) over its planned busy time. Measured rather than declared, so visit
 * ratios from rework loops, splits and scrap are accounted for. Ties go to the first station.
 */
export function constraintStation(stations: StationKpis[]): number {
  let best = -1;
  let bestLoad = -1;
  stations.forEach((s, k) => {
    const load = s.availability * s.performance;
    if (load > bestLoad) [best, bestLoad] = [k, load];
  });
  return best;
}

/** KPIs of one replication row (finished or live). */
export function replicationKpis(m: LineModel, layout: RecordLayout, table: Float64Array, row: number): ReplicationKpis {
  const base = row * layout.size;
  const windowSeconds = table[base + LineField.windowUs] / US_PER_SECOND;
  const hours = windowSeconds / SECONDS_PER_HOUR;
  const goodOut = table[base + LineField.goodOut];
  const scrapOut = table[base + LineField.scrapOut];
  const stations = layout.stations.map((_, k) => stationKpis(m, layout, table, base, k));
  const constraint = constraintStation(stations);
  // Line OEE (docs/kpi.md): availability and performance of the constraint, quality as the
  // line's first-pass yield (ISO 22400 GQ excludes rework): parts out right first time / all
  // parts out (good or scrapped).
  const firstPass = table[base + LineField.goodFirstPassOut];
  const quality = goodOut + scrapOut > 0 ? firstPass / (goodOut + scrapOut) : 0;
  const c = stations[constraint];
  const line: Oee = c
    ? { availability: c.availability, performance: c.performance, quality, oee: c.availability * c.performance * quality }
    : { availability: 0, performance: 0, quality, oee: 0 };
  return {
    windowSeconds,
    throughputPerHour: hours > 0 ? goodOut / hours : 0,
    wip: windowSeconds > 0 ? table[base + LineField.wipIntegralUs] / US_PER_SECOND / windowSeconds : 0,
    leadTimeSeconds: goodOut > 0 ? table[base + LineField.leadTimeSumUs] / US_PER_SECOND / goodOut : 0,
    line,
    stations,
    bufferMeanContent: layout.buffers.map((_, k) =>
      windowSeconds > 0 ? table[base + layout.bufferOffset + k] / US_PER_SECOND / windowSeconds : 0,
    ),
    constraint,
    events: table[base + LineField.events],
  };
}

export interface SimulateReport {
  name: string;
  replications: number;
  seed: number;
  lengthSeconds: number;
  warmupSeconds: number;
  throughputPerHour: Estimate;
  oee: Estimate & { availability: number; performance: number; quality: number };
  wip: Estimate;
  leadTimeSeconds: Estimate;
  /** Station with the largest share of active time (not starved, not blocked, not off shift). */
  bottleneck: string | null;
  stations: {
    id: string;
    oee: number;
    availability: number;
    performance: number;
    quality: number;
    produced: number;
    good: number;
    scrapped: number;
    reworked: number;
    stateSeconds: Record<StateName, number>;
    losses: SixBigLosses;
  }[];
  buffers: { id: string; meanContent: number }[];
  events: number;
  wallSeconds: number;
}

function estimate(values: number[]): Estimate {
  const s = summarize(values);
  return { mean: s.mean, ci95: s.ci95 };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** The report over all replications: means, and 95% CIs for the line KPIs (DESIGN §10). */
export function buildReport(
  m: LineModel,
  layout: RecordLayout,
  table: Float64Array,
  replications: number,
  wallSeconds: number,
): SimulateReport {
  const reps: ReplicationKpis[] = [];
  for (let r = 0; r < replications; r++) reps.push(replicationKpis(m, layout, table, r));
  const over = (f: (r: ReplicationKpis) => number) => reps.map(f);
  const stations = layout.stations.map((n, k) => {
    const stateSeconds = {} as Record<StateName, number>;
    for (const name of STATE_NAMES) stateSeconds[name] = mean(over((r) => r.stations[k].stateSeconds[name]));
    const losses = {} as SixBigLosses;
    for (const key of Object.keys(reps[0].stations[k].losses) as (keyof SixBigLosses)[]) {
      losses[key] = mean(over((r) => r.stations[k].losses[key]));
    }
    return {
      id: m.nodeIds[n],
      oee: mean(over((r) => r.stations[k].oee)),
      availability: mean(over((r) => r.stations[k].availability)),
      performance: mean(over((r) => r.stations[k].performance)),
      quality: mean(over((r) => r.stations[k].quality)),
      produced: mean(over((r) => r.stations[k].produced)),
      good: mean(over((r) => r.stations[k].good)),
      scrapped: mean(over((r) => r.stations[k].scrapped)),
      reworked: mean(over((r) => r.stations[k].reworked)),
      stateSeconds,
      losses,
    };
  });
  let bottleneck: string | null = null;
  let bestActive = -1;
  for (const s of stations) {
    const t = s.stateSeconds;
    const planned = t.working + t.starved + t.blocked + t.failed + t.setup + t.waitingOperator;
    const active = planned > 0 ? (t.working + t.failed + t.setup + t.waitingOperator) / planned : 0;
    if (active > bestActive + 1e-12) [bottleneck, bestActive] = [s.id, active];
  }
  return {
    name: m.name,
    replications,
    seed: m.seed,
    lengthSeconds: m.lengthUs / US_PER_SECOND,
    warmupSeconds: m.warmupUs / US_PER_SECOND,
    throughputPerHour: estimate(over((r) => r.throughputPerHour)),
    oee: {
      ...estimate(over((r) => r.line.oee)),
      availability: mean(over((r) => r.line.availability)),
      performance: mean(over((r) => r.line.performance)),
      quality: mean(over((r) => r.line.quality)),
    },
    wip: estimate(over((r) => r.wip)),
    leadTimeSeconds: estimate(over((r) => r.leadTimeSeconds)),
    bottleneck,
    stations,
    buffers: layout.buffers.map((n, k) => ({ id: m.nodeIds[n], meanContent: mean(over((r) => r.bufferMeanContent[k])) })),
    events: reps.reduce((a, r) => a + r.events, 0),
    wallSeconds,
  };
}
