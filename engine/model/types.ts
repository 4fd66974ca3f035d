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
  /** The physical layout (floor plan in metres) the physics twin is built from; optional. */
  layout?: ScenarioLayout;
}

/*
 * The physical layout (issue 4 item 1; docs/scenario-format.md "Layout"). Additive to format v1.
 * Metres and degrees; the floor is the plane z = 0 of a right-handed world frame with z up
 * (engine/physics/layout.ts), angles turn counter-clockwise seen from above, 0° is +x.
 */

/** A point on the floor [x, y], metres. */
export type Point2 = [number, number];
/** A point in space [x, y, z], metres, z up. */
export type Point3 = [number, number, number];

/** Where a node stands. A node the layout does not place is simply not physical. */
export interface NodePlacement {
  /** Centre of the footprint on the floor. */
  position: Point2;
  /** Direction of the footprint's length (and of the flow through the node), degrees. */
  heading: number;
  /**
   * [length, width] of the footprint, metres, length along `heading`. Default for a station by
   * kind (layout-schema.ts DEFAULT_FOOTPRINTS); a source, buffer or sink without one is a point.
   */
  footprint?: [number, number];
}

/** A belt conveyor that realises one link of `links`. */
export interface ConveyorPlacement {
  id: string;
  /** The link's `from` and `to` node ids; both nodes must be placed. */
  from: string;
  to: string;
  /**
   * The belt's centre line on the floor plan, start to end (≥ 2 points). Without it the conveyor
   * runs straight from the edge of `from`'s footprint to the edge of `to`'s.
   */
  path?: Point2[];
  /** Belt width, metres. */
  width: number;
  speedMetersPerSecond: number;
  /** Parts queue when the end is blocked (true) or the whole belt stops (false). */
  accumulating: boolean;
  /** Centre-to-centre distance of queued parts, metres; default the part length (nose to tail). */
  partSpacing?: number;
}

/** A walkway for humans and humanoids: a polyline of ≥ 2 points (closed when last = first). */
export interface AislePlacement {
  id: string;
  path: Point2[];
  width: number;
}

/** A robot arm that works at a station. */
export interface RobotPlacement {
  id: string;
  /** The station it works at (a placed station). */
  station: string;
  /** URDF file, relative to scenes/, e.g. "robots/ur5.urdf". */
  urdf: string;
  /** Pose of the URDF root link in the world: position (z up, ≥ 0) and yaw about z, degrees. */
  basePose: { position: Point3; yaw: number };
}

/** A humanoid agent: one operator of a humanoid worker pool, walking the aisles. */
export interface HumanoidAgent {
  id: string;
  /** A worker pool of kind "humanoid". */
  pool: string;
  /** Standing height, metres; default 1.75. */
  height?: number;
  /** Walking speed along aisles, m/s. */
  walkSpeed: number;
}

export interface ScenarioLayout {
  /** Length unit: metres only (SI). */
  units: 'm';
  /** Placement by node id. */
  nodes?: Record<string, NodePlacement>;
  conveyors?: ConveyorPlacement[];
  aisles?: AislePlacement[];
  robots?: RobotPlacement[];
  humanoids?: HumanoidAgent[];
}

/** A located problem in a user document. `path` is a JSON path such as `nodes[3].cycle.mean`. */
export interface Issue {
  path: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: Issue[] };
