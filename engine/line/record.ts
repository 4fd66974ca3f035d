import { NodeCode, STATE_COUNT, type LineModel } from '../model/compiled';
import type { LineState } from './state';

/**
 * One replication's raw totals, flattened into a row of a Float64Array table (preallocated for
 * all replications, so running them allocates nothing). Everything the report needs is derived
 * from these rows by pure functions (engine/experiments/report.ts), for a finished replication
 * or a live one alike.
 */

export const LineField = {
  windowUs: 0,
  goodOut: 1,
  scrapOut: 2,
  wipIntegralUs: 3,
  leadTimeSumUs: 4,
  sojournSumUs: 5,
  exits: 6,
  events: 7,
  goodFirstPassOut: 8,
} as const;
const LINE_FIELDS = 9;

/** Per station: STATE_COUNT state times (µs, mean per server) then these counters. */
export const StationField = {
  produced: STATE_COUNT,
  good: STATE_COUNT + 1,
  scrapped: STATE_COUNT + 2,
  reworked: STATE_COUNT + 3,
  startupRejects: STATE_COUNT + 4,
  idealUs: STATE_COUNT + 5,
} as const;
const STATION_FIELDS = STATE_COUNT + 6;

export interface RecordLayout {
  stations: number[];
  buffers: number[];
  size: number;
  stationOffset: number;
  bufferOffset: number;
}

export function recordLayout(m: LineModel): RecordLayout {
  const stations: number[] = [];
  const buffers: number[] = [];
  for (let n = 0; n < m.nodeCount; n++) {
    if (m.nodeType[n] === NodeCode.station) stations.push(n);
    // Conveyors (modelled transport) report their mean contents like buffers.
    else if (m.nodeType[n] === NodeCode.buffer || m.nodeType[n] === NodeCode.conveyor) buffers.push(n);
  }
  const stationOffset = LINE_FIELDS;
  const bufferOffset = stationOffset + stations.length * STATION_FIELDS;
  return { stations, buffers, stationOffset, bufferOffset, size: bufferOffset + buffers.length };
}

export function stationBase(layout: RecordLayout, k: number): number {
  return layout.stationOffset + k * STATION_FIELDS;
}

/**
 * Writes the state's totals since warm-up into row `row` of `table`. The caller has brought the
 * integrals up to `nowUs` (LineSimulator.closeAccounts).
 */
export function writeRecord(
  m: LineModel,
  st: LineState,
  layout: RecordLayout,
  nowUs: number,
  events: number,
  table: Float64Array,
  row: number,
): void {
  const base = row * layout.size;
  table[base + LineField.windowUs] = Math.max(0, nowUs - Math.min(m.warmupUs, nowUs));
  table[base + LineField.goodOut] = st.goodOut;
  table[base + LineField.scrapOut] = st.scrapOut;
  table[base + LineField.wipIntegralUs] = st.wipIntegralUs;
  table[base + LineField.leadTimeSumUs] = st.leadTimeSumUs;
  table[base + LineField.sojournSumUs] = st.sojournSumUs;
  table[base + LineField.exits] = st.exits;
  table[base + LineField.events] = events;
  table[base + LineField.goodFirstPassOut] = st.goodFirstPassOut;
  for (let k = 0; k < layout.stations.length; k++) {
    const n = layout.stations[k];
    const at = base + stationBase(layout, k);
    const first = m.firstServer[n];
    const servers = m.stationCapacity[n];
    for (let j = 0; j < STATE_COUNT; j++) {
      let sum = 0;
      for (let s = first; s < first + servers; s++) sum += st.stateUs[s * STATE_COUNT + j];
      table[at + j] = sum / servers;
    }
    table[at + StationField.produced] = st.produced[n];
    table[at + StationField.good] = st.good[n];
    table[at + StationField.scrapped] = st.scrapped[n];
    table[at + StationField.reworked] = st.reworked[n];
    table[at + StationField.startupRejects] = st.startupRejects[n];
    table[at + StationField.idealUs] = st.idealUs[n] / servers;
  }
  for (let k = 0; k < layout.buffers.length; k++) {
    table[base + layout.bufferOffset + k] = st.bufferContentUs[layout.buffers[k]];
  }
}
