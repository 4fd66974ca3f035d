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
import { US_PER_SECOND, type LineModel } from '../engine/model/compiled';
import type { Issue, Scenario } from '../engine/model/types';
import { LineSimulator } from '../engine/line/simulator';
import type { ReplicationKpis, SimulateReport } from '../engine/experiments/report';
import { describeScene, LineFrameBuilder, type Frame, type SceneInfo } from './line-frame';
import { simulateScenario } from '../engine/experiments/simulate';

export type { ReplicationKpis, SimulateReport, RunOverrides, Issue };

export { NO_STATE } from './line-frame';
export type { Frame, SceneInfo, SceneNode, SceneNodeType } from './line-frame';

export type LoadResult =
  | { ok: true; scene: SceneInfo }
  /** `message` is formatIssues(...): one `file: path: message` line per problem. */
  | { ok: false; message: string; fileName: string; issues: Issue[] };

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
  frames: LineFrameBuilder;
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
      const sim = new LineSimulator(model);
      sim.reset(0, model.seed);
      next = {
        scene: describeScene(parsed.value, model, fileName, this.generation + 1),
        scenario: parsed.value,
        model,
        sim,
        frames: new LineFrameBuilder(model),
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
    return l.frames.build(l.sim, l.scene.generation, this.playing, this.speed);
  }
}
