/**
 * Scenario format v1 (DESIGN §9): the JSON document a user, another tool or a test writes.
 * SI units throughout: seconds and metres. This file is the public contract; the validator
 * (schema.ts) checks a document against it and compile.ts turns it into the engine's model.
 */

export type Distribution =
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'triangular'; min: number; mode: number; max: number }
  /** Normal truncated at 0 (draws below 0 are redrawn). */
  | { dist: 'normal'; mean: number; sd: number }
  /** Mean and standard deviation of the variable itself, not of its logarithm. */
  | { dist: 'lognormal'; mean: number; sd: number }
  | { dist: 'gamma'; mean: number; sd: number }
  | { dist: 'weibull'; shape: number; scale: number }
  /** Each observed value is drawn with equal probability (bootstrap from floor data). */
  | { dist: 'empirical'; values: number[] };

export type DistributionKind = Distribution['dist'];

export interface RunSettings {
  warmupSeconds: number;
  lengthSeconds: number;
  replications: number;
  seed: number;
  /** Clock time at simulation time 0, "HH:MM"; calendars are read against it. Default "00:00". */
  startTime?: string;
}

/** A period of a day, "HH:MM" to "HH:MM"; an end before the start wraps past midnight. */
export interface DayPeriod {
  start: string;
  end: string;
  name?: string;
}

export interface Shift extends DayPeriod {
  /** Breaks inside the shift: the resource is off-shift during them. */
  breaks?: DayPeriod[];
}

/**
 * A daily calendar. A resource following it is on shift during shifts, minus breaks and
 * planned downtime (charging, maintenance). Everything else is off-shift (planned time).
 */
export interface Calendar {
  shifts: Shift[];
  plannedDowntime?: DayPeriod[];
}

export type WorkerKind = 'human' | 'humanoid';

/** A pool of interchangeable operators that share one calendar. */
export interface WorkerPool {
  id: string;
  kind: WorkerKind;
  count: number;
  calendar?: string;
}

export interface Product {
  id: string;
  name?: string;
}

/** How a node with several outgoing links chooses where a part goes. */
export type Route =
  | { rule: 'firstAvailable' }
  | { rule: 'roundRobin' }
  | { rule: 'probability'; weights: Record<string, number> };

export interface Failure {
  name?: string;
  /** "operating": ages only while working; "calendar": ages always. */
  basis: 'operating' | 'calendar';
  ttf: Distribution;
  ttr: Distribution;
}

interface NodeBase {
  id: string;
  name?: string;
  route?: Route;
}

export interface SourceNode extends NodeBase {
  type: 'source';
  /** Without it the source is saturated: a part is always ready. */
  interarrival?: Distribution;
  /** Product mix: product id → relative weight. Default: the first product only. */
  productMix?: Record<string, number>;
}

export interface BufferNode extends NodeBase {
  type: 'buffer';
  /** Without it the buffer is unbounded. 0 is a direct link (only with one way in and out). */
  capacity?: number;
}

export type StationKind = 'machine' | 'manual' | 'robot';

export interface OperatorNeed {
  /** Pools to draw an operator from, tried in order. */
  pools: string[];
  /** Operators held for the whole job (setup and processing). Default 1. */
  count?: number;
}

export interface StationNode extends NodeBase {
  type: 'station';
  kind?: StationKind;
  /** Parallel identical servers, each with its own failures. Default 1. */
  capacity?: number;
  cycle: Distribution;
  /** Cycle time per product id, overriding `cycle`. */
  cycleByProduct?: Record<string, Distribution>;
  /** Ideal (planned) cycle time per part for OEE performance; default the cycle mean. */
  idealCycleSeconds?: number;
  failures?: Failure[];
  /** Probability that a finished part is scrapped here. */
  scrap?: number;
  /** Probability that a finished part is sent back to `to` for rework. */
  rework?: { probability: number; to: string };
  /** Changeover time when the product differs from the previous one processed here. */
  setup?: Distribution;
  operators?: OperatorNeed;
  /** Calendar id; without it the station is always on shift. */
  calendar?: string;
}

export interface SinkNode extends NodeBase {
  type: 'sink';
}

export type ScenarioNode = SourceNode | BufferNode | StationNode | SinkNode;
export type NodeType = ScenarioNode['type'];

export interface Scenario {
  format: 'line-twin/scenario';
  version: 1;
  name: string;
  description?: string;
  run: RunSettings;
  products?: Product[];
  calendars?: Record<string, Calendar>;
  workers?: WorkerPool[];
  nodes: ScenarioNode[];
  links: [string, string][];
}

/** A located problem in a user document. `path` is a JSON path such as `nodes[3].cycle.mean`. */
export interface Issue {
  path: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: Issue[] };
