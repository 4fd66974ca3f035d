/**
 * A bounded history of the live replication, for the dashboard's charts over time (throughput and
 * WIP, a Gantt of station states). Pure TypeScript, no DOM and no signals: the page pushes every
 * live Frame into it and reads the columns back.
 *
 * Two stores, both preallocated typed arrays whose size never changes, so memory stays bounded
 * however long a run is:
 *
 * - samples, `capacity` rows (time, window, throughput so far, WIP so far, good parts out, and
 *   the state code of every station). Samples are kept on a grid of simulated time: a frame is
 *   kept when it is at least `step` seconds after the last kept one; the newest frame is always
 *   held in the last row (provisionally, until it reaches the grid, when the next frame replaces
 *   it). When the rows are full, every second row is dropped (the first and the last stay) and
 *   `step` doubles, so a long run ends with about capacity/2..capacity samples evenly spread over
 *   the whole run;
 * - station state intervals, `intervalsPerStation` per station in a ring: [start, end) with one
 *   state, as sampled at frame times (a state seen at a frame is taken to start at that frame and
 *   to last until the first frame showing another state). When a station's ring is full its
 *   oldest interval is dropped, so the Gantt shows the most recent stretch of the run.
 *
 * Simulated time going backwards (restart, reload) clears both stores.
 */
import type { Frame, SceneInfo } from '../../workers/simulation-api';

export interface HistoryOptions {
  /** Sample rows kept; an even number ≥ 4 (odd numbers are rounded up). Default 1024. */
  capacity?: number;
  /** State intervals kept per station, ≥ 2. Default 512. */
  intervalsPerStation?: number;
}

/** One observation of the live run (what `pushFrame` takes from a Frame). */
export interface HistorySample {
  timeSeconds: number;
  /** Measured window after warm-up, s (0 during warm-up: the KPIs are not measured yet). */
  windowSeconds: number;
  /** Good parts per hour of window so far (NaN when the window is 0). */
  throughputPerHour: number;
  /** Time-average WIP over the window so far (NaN when the window is 0). */
  wip: number;
  /** Good parts out during the window. */
  goodOut: number;
  /** State code (StationState, 0..6) per station, in the history's station order. */
  states: ArrayLike<number>;
}

export interface StateInterval {
  start: number;
  end: number;
  /** StationState code. */
  state: number;
}

export const DEFAULT_CAPACITY = 1024;
export const DEFAULT_INTERVALS_PER_STATION = 512;

export class LiveHistory {
  readonly stationIds: readonly string[];
  /** Index in Frame.nodeStates of each station (scene node order). */
  readonly stationNodes: Int32Array;
  readonly capacity: number;
  readonly intervalsPerStation: number;

  /** Sample columns; rows [0, length) are valid, oldest first. */
  readonly time: Float64Array;
  readonly window: Float64Array;
  readonly throughput: Float64Array;
  readonly wip: Float64Array;
  readonly goodOut: Float64Array;
  /** Row-major: states[row * stationCount + station]. */
  readonly states: Int8Array;
  length = 0;
  /** Least simulated time between two kept samples, s; doubles at every downsampling. */
  step = 0;
  /** How many times the samples were halved. */
  downsamplings = 0;
  /** Scene generation of the frames taken (-1 until the first frame). */
  generation = -1;
  /** Increases with every change: a cheap key for memoising what is drawn from the history. */
  version = 0;

  /** The last row holds the newest frame, which is not on the sampling grid yet. */
  private provisional = false;
  /** Time of the last sample kept on the grid. */
  private anchor = -Infinity;

  private readonly iStart: Float64Array;
  private readonly iEnd: Float64Array;
  private readonly iState: Int8Array;
  /** Per station: ring slot of the oldest interval, and how many are held. */
  private readonly iHead: Int32Array;
  private readonly iCount: Int32Array;
  /** Per station: intervals dropped from the ring so far. */
  readonly droppedIntervals: Float64Array;

  constructor(stationIds: readonly string[], stationNodes?: ArrayLike<number>, options: HistoryOptions = {}) {
    const capacity = Math.max(4, Math.ceil((options.capacity ?? DEFAULT_CAPACITY) / 2) * 2);
    const perStation = Math.max(2, Math.floor(options.intervalsPerStation ?? DEFAULT_INTERVALS_PER_STATION));
    if (!Number.isFinite(capacity) || !Number.isFinite(perStation)) throw new RangeError('history sizes must be finite');
    const n = stationIds.length;
    this.stationIds = [...stationIds];
    this.stationNodes = Int32Array.from(stationNodes ?? stationIds.map((_, k) => k));
    if (this.stationNodes.length !== n) throw new RangeError('one node index per station is needed');
    this.capacity = capacity;
    this.intervalsPerStation = perStation;
    this.time = new Float64Array(capacity);
    this.window = new Float64Array(capacity);
    this.throughput = new Float64Array(capacity);
    this.wip = new Float64Array(capacity);
    this.goodOut = new Float64Array(capacity);
    this.states = new Int8Array(capacity * n);
    this.iStart = new Float64Array(perStation * n);
    this.iEnd = new Float64Array(perStation * n);
    this.iState = new Int8Array(perStation * n);
    this.iHead = new Int32Array(n);
    this.iCount = new Int32Array(n);
    this.droppedIntervals = new Float64Array(n);
  }

  /** A history for the stations of a loaded scene (in scene order, as the KPI stations are). */
  static forScene(scene: SceneInfo, options?: HistoryOptions): LiveHistory {
    const ids: string[] = [];
    const nodes: number[] = [];
    scene.nodes.forEach((node, i) => {
      if (node.type === 'station') {
        ids.push(node.id);
        nodes.push(i);
      }
    });
    const h = new LiveHistory(ids, nodes, options);
    h.generation = scene.generation;
    return h;
  }

  get stationCount(): number {
    return this.stationIds.length;
  }

  /** Bytes held by the typed arrays (fixed at construction). */
  get byteLength(): number {
    return [this.time, this.window, this.throughput, this.wip, this.goodOut, this.states, this.iStart, this.iEnd, this.iState]
      .reduce((a, x) => a + x.byteLength, 0);
  }

  clear(): void {
    this.length = 0;
    this.step = 0;
    this.downsamplings = 0;
    this.provisional = false;
    this.anchor = -Infinity;
    this.iHead.fill(0);
    this.iCount.fill(0);
    this.droppedIntervals.fill(0);
    this.version++;
  }

  /**
   * Takes a live frame. Frames of another scene generation than the history's first one are
   * ignored (false): make a new history for a new scene.
   */
  pushFrame(frame: Frame): boolean {
    if (this.generation === -1) this.generation = frame.generation;
    else if (frame.generation !== this.generation) return false;
    const n = this.stationCount;
    const states = new Array<number>(n);
    for (let k = 0; k < n; k++) states[k] = frame.nodeStates[this.stationNodes[k]] ?? -1;
    const k = frame.kpis;
    const measured = k.windowSeconds > 0;
    this.push({
      timeSeconds: frame.timeSeconds,
      windowSeconds: k.windowSeconds,
      throughputPerHour: measured ? k.throughputPerHour : NaN,
      wip: measured ? k.wip : NaN,
      goodOut: Math.round((k.throughputPerHour * k.windowSeconds) / 3600),
      states,
    });
    return true;
  }

  push(sample: HistorySample): void {
    const t = sample.timeSeconds;
    if (!Number.isFinite(t)) return;
    const last = this.length - 1;
    if (last >= 0 && t < this.time[last]) this.clear();
    this.pushIntervals(t, sample.states);
    this.version++;
    if (this.length > 0 && t === this.time[this.length - 1]) {
      // The same moment again (a pause, a play): refresh the newest row in place.
      this.write(this.length - 1, sample);
      return;
    }
    let row: number;
    if (this.provisional) row = this.length - 1;
    else {
      if (this.length === this.capacity) this.downsample();
      row = this.length++;
    }
    this.write(row, sample);
    if (t - this.anchor >= this.step) {
      this.anchor = t;
      this.provisional = false;
    } else this.provisional = true;
  }

  /** State code of station `k` at sample row `row`. */
  stateAt(row: number, k: number): number {
    return this.states[row * this.stationCount + k];
  }

  /** Number of state intervals held for station `k`. */
  intervalCount(k: number): number {
    return this.iCount[k];
  }

  /** Calls `visit(start, end, state)` for station `k`'s intervals, oldest first. */
  forEachInterval(k: number, visit: (start: number, end: number, state: number) => void): void {
    const cap = this.intervalsPerStation;
    const base = k * cap;
    for (let j = 0; j < this.iCount[k]; j++) {
      const slot = base + ((this.iHead[k] + j) % cap);
      visit(this.iStart[slot], this.iEnd[slot], this.iState[slot]);
    }
  }

  /** Station `k`'s intervals, oldest first (a fresh array). */
  intervals(k: number): StateInterval[] {
    const out: StateInterval[] = [];
    this.forEachInterval(k, (start, end, state) => out.push({ start, end, state }));
    return out;
  }

  /** Earliest start over the intervals held (the left edge of the Gantt), NaN when empty. */
  intervalsStart(): number {
    let t = Infinity;
    for (let k = 0; k < this.stationCount; k++) {
      if (this.iCount[k] > 0) t = Math.min(t, this.iStart[k * this.intervalsPerStation + this.iHead[k]]);
    }
    return Number.isFinite(t) ? t : NaN;
  }

  private write(row: number, s: HistorySample): void {
    this.time[row] = s.timeSeconds;
    this.window[row] = s.windowSeconds;
    this.throughput[row] = s.throughputPerHour;
    this.wip[row] = s.wip;
    this.goodOut[row] = s.goodOut;
    const n = this.stationCount;
    for (let k = 0; k < n; k++) this.states[row * n + k] = s.states[k] ?? -1;
  }

  private copyRow(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.window[to] = this.window[from];
    this.throughput[to] = this.throughput[from];
    this.wip[to] = this.wip[from];
    this.goodOut[to] = this.goodOut[from];
    const n = this.stationCount;
    this.states.copyWithin(to * n, from * n, from * n + n);
  }

  /** Keeps rows 0, 2, 4, … and the last row; doubles the sampling step. */
  private downsample(): void {
    const last = this.length - 1;
    const span = this.time[last] - this.time[0];
    let out = 0;
    for (let row = 0; row < this.length; row += 2) this.copyRow(row, out++);
    if (last % 2 === 1) this.copyRow(last, out++);
    this.length = out;
    this.step = this.step > 0 ? 2 * this.step : (2 * span) / Math.max(1, last);
    this.anchor = this.time[out - 1];
    this.provisional = false;
    this.downsamplings++;
  }

  private pushIntervals(t: number, states: ArrayLike<number>): void {
    const cap = this.intervalsPerStation;
    for (let k = 0; k < this.stationCount; k++) {
      const state = states[k] ?? -1;
      if (state < 0) continue;
      const base = k * cap;
      const count = this.iCount[k];
      if (count > 0) {
        const newest = base + ((this.iHead[k] + count - 1) % cap);
        if (this.iState[newest] === state) {
          this.iEnd[newest] = Math.max(this.iEnd[newest], t);
          continue;
        }
        if (this.iStart[newest] === t) {
          // A zero-length interval (two frames at the same moment): the later state wins, merged
          // into the interval before it when that one has the same state.
          if (count > 1) {
            const before = base + ((this.iHead[k] + count - 2) % cap);
            if (this.iState[before] === state) {
              this.iEnd[before] = t;
              this.iCount[k]--;
              continue;
            }
          }
          this.iState[newest] = state;
          continue;
        }
        this.iEnd[newest] = t;
      }
      let slot: number;
      if (count === cap) {
        slot = base + this.iHead[k];
        this.iHead[k] = (this.iHead[k] + 1) % cap;
        this.droppedIntervals[k]++;
      } else {
        slot = base + ((this.iHead[k] + count) % cap);
        this.iCount[k]++;
      }
      this.iStart[slot] = t;
      this.iEnd[slot] = t;
      this.iState[slot] = state;
    }
  }
}

/**
 * Mean WIP between sample rows `row - 1` and `row`, from the difference of the time integrals
 * (WIP so far × window): exact whatever the sampling, NaN before the warm-up ends.
 */
export function intervalWip(h: LiveHistory, row: number): number {
  const w = h.window[row];
  if (!(w > 0)) return NaN;
  if (row === 0) return h.wip[row];
  const w0 = h.window[row - 1];
  const i0 = w0 > 0 ? h.wip[row - 1] * w0 : 0;
  const dw = w - (w0 > 0 ? w0 : 0);
  return dw > 0 ? (h.wip[row] * w - i0) / dw : h.wip[row];
}
