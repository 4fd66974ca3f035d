import type { DistributionTable } from '../random/distributions';

/**
 * The compiled line model (the MuJoCo mjModel of the line): read-only, ids resolved to indices,
 * every per-entity field one typed array. Built once from a validated Scenario by compile.ts;
 * simulation state lives separately (engine/line/state.ts).
 */

/**
 * Node kinds of the compiled line. `conveyor` is not a scenario node type: compileScenario inserts
 * one into a link realised by a layout conveyor when asked to model transport (CompileOptions).
 */
export const NodeCode = { source: 0, buffer: 1, station: 2, sink: 3, conveyor: 4 } as const;
export const RouteCode = { firstAvailable: 0, roundRobin: 1, probability: 2 } as const;
export const FailureBasisCode = { operating: 0, calendar: 1 } as const;

/** Station states, in the order of the `stateSeconds` report (DESIGN §3, §10). */
export const StationState = {
  working: 0,
  starved: 1,
  blocked: 2,
  failed: 3,
  setup: 4,
  waitingOperator: 5,
  offShift: 6,
} as const;
export const STATE_COUNT = 7;
export const STATE_NAMES = [
  'working',
  'starved',
  'blocked',
  'failed',
  'setup',
  'waitingOperator',
  'offShift',
] as const;
export type StateName = (typeof STATE_NAMES)[number];

export const US_PER_SECOND = 1_000_000;
export const DAY_US = 86_400 * US_PER_SECOND;

export interface LineModel {
  name: string;
  warmupUs: number;
  lengthUs: number;
  replications: number;
  seed: number;
  /** Clock time of day at simulation time 0, µs after midnight. */
  startOffsetUs: number;

  productCount: number;
  productIds: string[];

  nodeCount: number;
  nodeIds: string[];
  nodeType: Uint8Array;
  /** hashString(id): keys the node's random streams, so streams survive edits elsewhere. */
  nodeHash: Uint32Array;
  /** hashString2(id): a second, independent hash, so two ids share streams only if both collide. */
  nodeHash2: Uint32Array;
  /** Outgoing links in CSR form: node n's targets are outNode[outStart[n] .. outStart[n+1]). */
  outStart: Int32Array;
  outNode: Int32Array;
  /** Cumulative routing probability of each outgoing link (probability routes only). */
  outCumulative: Float64Array;
  /** Incoming links and rework moves in CSR form (a node with room pulls from these). */
  inStart: Int32Array;
  inNode: Int32Array;
  routeRule: Uint8Array;

  /** Source: interarrival distribution index, -1 when saturated. */
  interarrivalDist: Int32Array;
  /** Source: cumulative product mix, nodeCount × productCount. */
  productMixCumulative: Float64Array;

  /** Buffer: capacity in parts (Infinity when unbounded). Conveyor: most parts it can hold. */
  bufferCapacity: Float64Array;

  /** Conveyor: length / speed, µs (0 for other nodes). */
  conveyorTransportUs: Float64Array;
  /** Conveyor: part spacing / speed, µs: the least time between two parts passing one point. */
  conveyorSpacingUs: Float64Array;
  /** Conveyor: 1 if parts queue on a running belt when the end is blocked, 0 if the belt stops. */
  conveyorAccumulating: Uint8Array;
  /** Conveyor: index in the compiled layout's conveyors (engine/model/layout-compile.ts), else -1. */
  conveyorLayoutIndex: Int32Array;

  /** Station: number of parallel servers. */
  stationCapacity: Int32Array;
  /** Station: first server index; servers of node n are firstServer[n] .. +stationCapacity[n]. */
  firstServer: Int32Array;
  /** Station × product: cycle distribution index. */
  cycleDist: Int32Array;
  /** Station × product: ideal cycle time, µs (ISO 22400 planned run time per item). */
  idealCycleUs: Float64Array;
  setupDist: Int32Array;
  scrapProbability: Float64Array;
  reworkProbability: Float64Array;
  reworkTarget: Int32Array;
  /** Station failure modes in CSR form. */
  failureStart: Int32Array;
  failureBasis: Uint8Array;
  failureTtfDist: Int32Array;
  failureTtrDist: Int32Array;
  /** Operators needed per job (0 for machines). */
  operatorCount: Int32Array;
  operatorPoolStart: Int32Array;
  operatorPool: Int32Array;
  /** Calendar index per node, -1 when always on shift. */
  nodeCalendar: Int32Array;

  serverCount: number;
  serverNode: Int32Array;

  calendarCount: number;
  calendarIds: string[];
  /** Calendar transitions within a day in CSR form: time of day (µs) and the state after it. */
  transitionStart: Int32Array;
  transitionTimeUs: Float64Array;
  transitionOn: Uint8Array;
  /** State of the calendar when it has no transitions (always on or always off). */
  calendarConstantOn: Uint8Array;

  poolCount: number;
  poolIds: string[];
  poolKind: string[];
  poolSize: Int32Array;
  poolCalendar: Int32Array;

  distributions: DistributionTable;
}
