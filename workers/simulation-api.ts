/**
 * The simulation endpoint behind the page (DESIGN §2: the engine never runs on the main thread).
 * Plain TypeScript over the engine: no DOM, no comlink, no `self`, only `setTimeout` and
 * `performance.now()`, so the same service runs in a browser worker (simulation.worker.ts) or in
 * Node `worker_threads`. The comlink adapter lives in the worker file.
 *
 * Two jobs:
 * - a live run: replication 0 of the loaded scenario advanced in slices of simulated time
 *   (speed × wall time since the last slice, every TICK_MS), yielding to the event loop between
 *   slices so `pause`, `load` and `setSpeed` are served promptly; after each slice one Frame is
 *   built from the state's typed arrays (no per-event work) and handed to the listener;
 * - a batch run: `runReplications` computes the same SimulateReport as
 *   `npm run -s twin -- simulate FILE --json` (engine/experiments/simulate.ts).
 */
import { parseScenarioJson, formatIssues } from '../engine/model/validate';
import { compileScenario, type RunOverrides } from '../engine/model/compile';
import { NodeCode, STATE_COUNT, US_PER_SECOND, type LineModel } from '../engine/model/compiled';
import type { Issue, Scenario } from '../engine/model/types';
import { LineSimulator } from '../engine/line/simulator';
import { recordLayout, writeRecord, type RecordLayout } from '../engine/line/record';
import { replicationKpis, type ReplicationKpis, type SimulateReport } from '../engine/experiments/report';
import { simulateScenario } from '../engine/experiments/simulate';

export type { ReplicationKpis, SimulateReport, RunOverrides, Issue };

export type SceneNodeType = 'source' | 'buffer' | 'station' | 'sink';

export interface SceneNode {
  id: string;
  type: SceneNodeType;
  /** Display name from the scenario, when it has one. */
  name?: string;
  /** Station kind (machine, manual, robot). */
  kind?: string;
  /** Buffer: capacity in parts, null when unbounded. Station: parallel servers. Else null. */
  capacity: number | null;
}

/** What the page needs to draw a loaded scenario. Node order is the index order of Frame.nodeStates. */
export interface SceneInfo {
  /** Increases with every successful load; frames carry it so stale frames can be dropped. */
  generation: number;
  name: string;
  fileName: string;
  description?: string;
  nodes: SceneNode[];
  /** Directed links as [from id, to id], after compilation (capacity-0 buffers spliced out). */
  links: [string, string][];
  /** Where a station sends parts for rework (not a link of the flow), with the probability. */
  rework: { from: string; to: string; probability: number }[];
  run: { replications: number; seed: number; lengthSeconds: number; warmupSeconds: number };
}

export type LoadResult =
  | { ok: true; scene: SceneInfo }
  /** `message` is formatIssues(...): one `file: path: message` line per problem. */
  | { ok: false; message: string; fileName: string; issues: Issue[] };

/** Value of Frame.nodeStates for nodes that have no state of their own (sources, sinks). */
export const NO_STATE = -1;

/** One snapshot of the live replication. */
export interface Frame {
  generation: number;
  timeSeconds: number;
  lengthSeconds: number;
  warmupSeconds: number;
  playing: boolean;
  /** The live replication reached its run length. */
  finished: boolean;
  /** Speed the frame was produced at, simulated seconds per wall second. */
  speed: number;
  /**
   * Per node (scene order): a station's state code (StationState, 0..6: the most common state
   * among its servers, ties to the lower code), a buffer's content in parts, NO_STATE otherwise.
   */
  nodeStates: Int32Array;
  /** KPIs of the live replication so far (after warm-up). */
  kpis: ReplicationKpis;
}

export type FrameListener = (frame: Frame) => void;
export type ProgressListener = (done: number, total: number) => void;

/** The contract between the page and the worker (comlink wraps it as async on the page side). */
export interface SimulationApi {
  load(text: string, fileName: string): LoadResult;
  subscribe(listener: FrameListener): void;
  play(): void;
  pause(): void;
  /** Back to time 0 of replication 0, keeping play/pause. */
  restart(): void;
  setSpeed(simSecondsPerWallSecond: number): void;
  runReplications(overrides?: RunOverrides, onProgress?: ProgressListener): SimulateReport;
}

/** Wall time between live slices, ms. */
export const TICK_MS = 100;
/** Longest wall gap one slice catches up on (after a batch run blocked the worker), s. */
const MAX_CATCH_UP_SECONDS = 0.5;
export const MAX_SPEED = 1_000_000;
const MAX_REPLICATIONS = 100_000;
/** Least wall time between two progress reports of a batch run, ms. */
const PROGRESS_MS = 100;

interface Loaded {
  scene: SceneInfo;
  scenario: Scenario;
  model: LineModel;
  sim: LineSimulator;
  layout: RecordLayout;
  /** One replication row (engine/line/record.ts), rewritten for every frame. */
  row: Float64Array;
  /** Scratch counts per state for a station's servers. */
  stateVotes: Int32Array;
}

function describeScene(scenario: Scenario, model: LineModel, fileName: string, generation: number): SceneInfo {
  const typeNames: SceneNodeType[] = ['source', 'buffer', 'station', 'sink'];
  const byId = new Map(scenario.nodes.map((n) => [n.id, n]));
  const nodes: SceneNode[] = model.nodeIds.map((id, n) => {
    const type = typeNames[model.nodeType[n]];
    const spec = byId.get(id);
    const node: SceneNode = { id, type, capacity: null };
    if (spec?.name) node.name = spec.name;
    if (spec?.type === 'station' && spec.kind) node.kind = spec.kind;
    if (type === 'station') node.capacity = model.stationCapacity[n];
    if (type === 'buffer') node.capacity = Number.isFinite(model.bufferCapacity[n]) ? model.bufferCapacity[n] : null;
    return node;
  });
  const links: [string, string][] = [];
  for (let n = 0; n < model.nodeCount; n++) {
    for (let k = model.outStart[n]; k < model.outStart[n + 1]; k++) links.push([model.nodeIds[n], model.nodeIds[model.outNode[k]]]);
  }
  const rework: SceneInfo['rework'] = [];
  for (let n = 0; n < model.nodeCount; n++) {
    const to = model.reworkTarget[n];
    if (to >= 0) rework.push({ from: model.nodeIds[n], to: model.nodeIds[to], probability: model.reworkProbability[n] });
  }
  const scene: SceneInfo = {
    generation,
    name: scenario.name,
    fileName,
    nodes,
    links,
    rework,
    run: {
      replications: model.replications,
      seed: model.seed,
      lengthSeconds: model.lengthUs / US_PER_SECOND,
      warmupSeconds: model.warmupUs / US_PER_SECOND,
    },
  };
  if (scenario.description) scene.description = scenario.description;
  return scene;
}

function checkOverrides(o: RunOverrides, scenario: Scenario): void {
  const bad = (what: string) => {
    throw new RangeError(what);
  };
  if (o.replications !== undefined && !(Number.isInteger(o.replications) && o.replications >= 1 && o.replications <= MAX_REPLICATIONS)) {
    bad(`Replications must be a whole number from 1 to ${MAX_REPLICATIONS}`);
  }
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= 0 && o.seed <= 4_294_967_295)) {
    bad('Seed must be a whole number from 0 to 4294967295');
  }
  if (o.lengthSeconds !== undefined && !(o.lengthSeconds > 0 && o.lengthSeconds <= 1e9)) bad('Length must be above 0 s');
  if (o.warmupSeconds !== undefined && !(o.warmupSeconds >= 0 && o.warmupSeconds <= 1e9)) bad('Warm-up must be 0 s or more');
  const length = o.lengthSeconds ?? scenario.run.lengthSeconds;
  const warmup = o.warmupSeconds ?? scenario.run.warmupSeconds;
  if (warmup >= length) bad(`Warm-up ${warmup} s must be below the run length ${length} s`);
}

/** Passes on the first and last progress report and at most one per PROGRESS_MS in between. */
function throttle(onProgress: ProgressListener): ProgressListener {
  let lastMs = -Infinity;
  return (done, total) => {
    const now = performance.now();
    if (done !== total && done !== 1 && now - lastMs < PROGRESS_MS) return;
    lastMs = now;
    onProgress(done, total);
  };
}

export class SimulationService implements SimulationApi {
  private loaded: Loaded | null = null;
  private generation = 0;
  private listener: FrameListener | null = null;
  private playing = false;
  private speed = 60;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastTickMs = 0;

  load(text: string, fileName: string): LoadResult {
    const parsed = parseScenarioJson(text, fileName);
    if (!parsed.ok) return { ok: false, fileName, message: formatIssues(parsed.errors, fileName), issues: parsed.errors };
    let next: Loaded;
    try {
      const model = compileScenario(parsed.value);
      const layout = recordLayout(model);
      const sim = new LineSimulator(model);
      sim.reset(0, model.seed);
      next = {
        scene: describeScene(parsed.value, model, fileName, this.generation + 1),
        scenario: parsed.value,
        model,
        sim,
        layout,
        row: new Float64Array(layout.size),
        stateVotes: new Int32Array(STATE_COUNT),
      };
    } catch (e) {
      // The validator should have caught it; keep the running scene either way.
      const message = `${fileName}: cannot be simulated (${e instanceof Error ? e.message : String(e)})`;
      return { ok: false, fileName, message, issues: [{ path: '(root)', message }] };
    }
    this.generation++;
    this.loaded = next;
    this.lastTickMs = performance.now();
    this.emitFrame();
    this.schedule();
    return { ok: true, scene: next.scene };
  }

  subscribe(listener: FrameListener): void {
    this.listener = listener;
    if (this.loaded) this.emitFrame();
  }

  play(): void {
    const l = this.loaded;
    if (l && l.sim.nowUs >= l.model.lengthUs) l.sim.reset(0, l.model.seed);
    this.playing = true;
    this.lastTickMs = performance.now();
    this.schedule();
    this.emitFrame();
  }

  pause(): void {
    this.playing = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.emitFrame();
  }

  restart(): void {
    const l = this.loaded;
    if (!l) return;
    l.sim.reset(0, l.model.seed);
    this.lastTickMs = performance.now();
    this.emitFrame();
  }

  setSpeed(simSecondsPerWallSecond: number): void {
    const s = Number(simSecondsPerWallSecond);
    if (!(s > 0)) throw new RangeError('speed must be above 0');
    this.speed = Math.min(s, MAX_SPEED);
  }

  runReplications(overrides: RunOverrides = {}, onProgress?: ProgressListener): SimulateReport {
    const l = this.loaded;
    if (!l) throw new Error('no scenario is loaded');
    checkOverrides(overrides, l.scenario);
    const report = simulateScenario(l.scenario, {
      ...overrides,
      clock: () => performance.now(),
      onProgress: onProgress && throttle(onProgress),
    });
    // The batch blocked the event loop; the live run resumes without jumping ahead.
    this.lastTickMs = performance.now();
    return report;
  }

  private schedule(): void {
    if (this.timer !== null || !this.playing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick();
    }, TICK_MS);
  }

  /** One slice of the live run: advance by speed × elapsed wall time, then publish a frame. */
  private tick(): void {
    const l = this.loaded;
    if (!this.playing || !l) return;
    const now = performance.now();
    const wallSeconds = Math.min(MAX_CATCH_UP_SECONDS, Math.max(0, (now - this.lastTickMs) / 1000));
    this.lastTickMs = now;
    const targetUs = Math.min(l.model.lengthUs, l.sim.nowUs + Math.round(wallSeconds * this.speed * US_PER_SECOND));
    l.sim.advanceTo(targetUs);
    if (l.sim.nowUs >= l.model.lengthUs) this.playing = false;
    this.emitFrame();
    this.schedule();
  }

  private emitFrame(): void {
    const l = this.loaded;
    if (!l || !this.listener) return;
    this.listener(this.buildFrame(l));
  }

  private buildFrame(l: Loaded): Frame {
    const { model: m, sim, layout, row, stateVotes } = l;
    const st = sim.st;
    sim.closeAccounts();
    writeRecord(m, st, layout, sim.nowUs, sim.kernel.events, row, 0);
    const nodeStates = new Int32Array(m.nodeCount);
    for (let n = 0; n < m.nodeCount; n++) {
      const type = m.nodeType[n];
      if (type === NodeCode.buffer) nodeStates[n] = st.bufferCount[n];
      else if (type !== NodeCode.station) nodeStates[n] = NO_STATE;
      else if (m.stationCapacity[n] === 1) nodeStates[n] = st.stateCode[m.firstServer[n]];
      else {
        stateVotes.fill(0);
        const first = m.firstServer[n];
        for (let s = first; s < first + m.stationCapacity[n]; s++) stateVotes[st.stateCode[s]]++;
        let best = 0;
        for (let j = 1; j < STATE_COUNT; j++) if (stateVotes[j] > stateVotes[best]) best = j;
        nodeStates[n] = best;
      }
    }
    const finished = sim.nowUs >= m.lengthUs;
    return {
      generation: l.scene.generation,
      timeSeconds: sim.nowUs / US_PER_SECOND,
      lengthSeconds: m.lengthUs / US_PER_SECOND,
      warmupSeconds: m.warmupUs / US_PER_SECOND,
      playing: this.playing,
      finished,
      speed: this.speed,
      nodeStates,
      kpis: replicationKpis(m, layout, row, 0),
    };
  }
}
