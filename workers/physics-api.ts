/**
 * The physics endpoint behind the page (DESIGN §2, §4; issue 4 item 6). Plain TypeScript over
 * engine/physics and engine/twin: no DOM, no comlink, no `self`, only `setTimeout` and
 * `performance.now()`, so one PhysicsService runs in a browser worker (physics.worker.ts), in Node
 * worker_threads (physics.node-worker.ts) and in-process (tests, CLI). physics-endpoint.ts adds the
 * comlink transfers; the worker files only expose it.
 *
 * Two things can be loaded, and everything else (play, pause, step, speed, snapshots, frames,
 * stats) works the same for both (physics-runners.ts):
 *   - `load(layout, options)`: a bare physical layout with an optional demo feeder;
 *   - `loadScenario(json, options)`: a scenario's physics twin (engine/twin/physics-twin.ts), the
 *     line simulator driving the Rapier world. It stops at its last step (`finished`); a playing
 *     twin pauses itself there.
 * A load that fails (located errors as values) leaves the running world or twin untouched.
 *
 * Frame protocol (zero copy, no allocation per frame in steady state):
 *   - a frame is one Float32Array of `scene.frameLength` floats: for a bare layout exactly
 *     PhysicsWorld.writeFrame's layout (docs/physics.md "Frame layout"), for a twin
 *     PhysicsTwin.writeFrame's, whose entries `scene.frameLayout` (describeFrame()) names;
 *   - the listener is called as (frame, stepCount, generation) after load, restore, step(n) and
 *     every play slice; across a worker the frame's buffer is transferred, not copied;
 *   - frames come from a pool of FRAME_POOL_SIZE buffers. The page owns a frame until it hands the
 *     buffer back with `releaseFrame(frame)` (transferred back across a worker). It must release
 *     every frame it receives, stale generations included, once it has read it;
 *   - when no buffer is free the frame is not published (`stats().framesSkipped` counts them): a
 *     slow page sees fewer frames, never a backlog, and the worker never allocates to keep up;
 *   - buffers are allocated only while the pool has fewer than FRAME_POOL_SIZE of the current
 *     frame length (`stats().framesAllocated` counts every allocation). A new listener, or a load
 *     that changes the frame length, writes off the buffers still out; a released buffer of another
 *     length is dropped.
 *
 * Determinism: everything the state depends on is a function of the step count (the feeder spawns
 * on step multiples; the twin's line fires its events at step times), so play/pause, speed and
 * frame skipping change how fast steps happen, never what they compute, and a snapshot carries the
 * whole state (PhysicsWorld.snapshot, PhysicsTwin.snapshot).
 */
import { formatIssues, parseScenarioJson } from '../engine/model/validate';
import type { Issue } from '../engine/model/types';
import { FRAME_STRIDE } from '../engine/physics/frame';
import type { PhysicalLayout } from '../engine/physics/layout';
import { STEP_HZ, stepTimeUs } from '../engine/physics/time';
import { createPhysicsWorld, type BeltMethod, type PhysicsOptions, type PhysicsWorld } from '../engine/physics/world';
import { createPhysicsTwin, type PhysicsTwin, type TwinFrameLayout } from '../engine/twin/physics-twin';
import { FRAME_POOL_SIZE, FramePool } from './physics-frame-pool';
import { checkLoadOptions, checkPhysicalLayout, checkScenarioOptions } from './physics-layout-check';
import { BareRunner, TwinRunner, type Runner } from './physics-runners';
import type { UrdfSource } from './urdf-source';
import { describeScene, LineFrameBuilder, type Frame as LineFrame, type SceneInfo } from './line-frame';

export type { LineFrame, SceneInfo };

export type { BeltMethod, Issue, PhysicalLayout, TwinFrameLayout, UrdfSource };
export { FRAME_POOL_SIZE };

export interface PhysicsLoadOptions extends PhysicsOptions {
  /**
   * Demo feeder: before every step whose index is a multiple of round(spawnEverySeconds · 60),
   * step 0 included, spawn one part at the start of each conveyor in layout order (skipped where
   * the start is occupied or the slots are full). Off when absent.
   */
  spawnEverySeconds?: number;
  /** With the feeder: remove each part in the step it arrives at its conveyor's end. Default true. */
  sinkAtEnds?: boolean;
}

export interface PhysicsSceneInfo {
  /** Increases with every successful load; frames carry it so stale ones can be recognised. */
  generation: number;
  conveyorIds: string[];
  maxParts: number;
  beltMethod: BeltMethod;
  /** Floats per frame: frameStride · (conveyorIds.length + maxParts). */
  frameLength: number;
  frameStride: number;
  stepHz: number;
  /** Feeder period in steps, 0 when off. */
  spawnEverySteps: number;
}

export type PhysicsLoadResult =
  | { ok: true; scene: PhysicsSceneInfo }
  /** `message`: one `layout: path: message` line per issue. */
  | { ok: false; message: string; issues: Issue[] };

export interface ScenarioLoadOptions {
  /** Simulated seconds the twin runs (default: the scenario's run.lengthSeconds). */
  seconds?: number;
  /** Seed of the line's random streams (default: run.seed). */
  seed?: number;
  /** Names the text in located errors (`file: path: message`); default "scenario". */
  fileName?: string;
}

export interface PhysicsTwinSceneInfo {
  /** Shared with load(): increases with every successful load of either kind. */
  generation: number;
  /** The scenario's name and the file name the errors would name. */
  name: string;
  fileName: string;
  /** Floats per frame (frameLayout.frameLength). */
  frameLength: number;
  frameStride: number;
  stepHz: number;
  /** The step at which the line's run ends; stepping stops there. */
  lastStep: number;
  /** Simulated seconds and seed the twin runs with (options or the scenario's run). */
  seconds: number;
  seed: number;
  /** Which frame entries are belts, parts, nodes, robot and humanoid links (describeFrame()). */
  frameLayout: TwinFrameLayout;
  /** The line as the schematic draws it (belts not as nodes); LineFrame.nodeStates follow its order. */
  line: SceneInfo;
}

/** A live view of the twin's line (same shape as the simulation worker's frames). */
export type LineFrameListener = (frame: LineFrame) => void;

export type ScenarioLoadResult =
  | { ok: true; scene: PhysicsTwinSceneInfo }
  /** `message`: one `file: path: message` line per issue (`options.path: message` for options). */
  | { ok: false; message: string; issues: Issue[] };

export type PhysicsRestoreResult = { ok: true; stepCount: number } | { ok: false; message: string };

/** Simulated seconds per wall second while playing, or 'max': as fast as the worker can step. */
export type PhysicsSpeed = number | 'max';

export type FrameListener = (frame: Float32Array, stepCount: number, generation: number) => void;

export interface PhysicsStats {
  generation: number;
  stepCount: number;
  timeUs: number;
  /** timeUs / 10⁶. */
  simulatedSeconds: number;
  /** Parts in the world now. */
  partCount: number;
  /** Good parts that left the line (a twin's sinks); 0 for a bare layout. */
  partsCompleted: number;
  /** A twin at its last step (stepping stops); always false for a bare layout. */
  finished: boolean;
  playing: boolean;
  speed: PhysicsSpeed;
  framesPublished: number;
  framesSkipped: number;
  framesAllocated: number;
}

/** The contract between the page and the worker (comlink wraps it as async on the page side). */
export interface PhysicsApi {
  load(layout: PhysicalLayout, options?: PhysicsLoadOptions): Promise<PhysicsLoadResult>;
  /** Parses and validates scenario JSON text, then builds its physics twin in place of what runs. */
  loadScenario(json: string, options?: ScenarioLoadOptions): Promise<ScenarioLoadResult>;
  subscribe(listener: FrameListener): void;
  unsubscribe(): void;
  /**
   * Line frames of a loaded twin (KPIs, station states) after load, restore, step(n) and at most
   * every LINE_FRAME_MS while playing; none for a bare layout.
   */
  subscribeLine(listener: LineFrameListener | null): void;
  releaseFrame(frame: Float32Array): void;
  play(): void;
  pause(): void;
  /** Advances n fixed steps now (playing or not; fewer at a twin's end) and returns the step count. */
  step(n: number): number;
  setSpeed(speed: PhysicsSpeed): void;
  /**
   * The whole state: a bare world's sealed (physics-snapshot-seal.ts), a twin's own
   * (twin-snapshot.ts). Restores into a world of the same layout, a twin of the same scenario
   * and options; anything else is refused with the running state unchanged.
   */
  snapshot(): Uint8Array;
  restore(bytes: Uint8Array): PhysicsRestoreResult;
  frameHash(): number;
  stats(): PhysicsStats;
}

/** Wall time between play slices at a finite speed, ms (one frame per display refresh). */
export const TICK_MS = 16;
/** Longest wall time one play slice spends stepping, ms: keeps the worker responsive. */
const SLICE_BUDGET_MS = 25;
/** Longest wall gap a slice catches up on, s; beyond it the run falls behind rather than spiral. */
const MAX_CATCH_UP_SECONDS = 0.25;
export const MAX_SPEED = 10_000;
const MAX_STEPS_PER_CALL = 10_000_000;

export interface PhysicsServiceOptions {
  /**
   * Reads a URDF file named by a scenario's robot, relative to scenes/ (e.g. "robots/ur5.urdf").
   * The browser worker bundles the shipped files (urdf-source-bundled.ts), Node reads scenes/
   * from disk (urdf-source-node.ts).
   */
  readUrdf?: UrdfSource;
}

interface Loaded {
  runner: Runner;
  generation: number;
  /** A twin's line frames. */
  lineFrames?: LineFrameBuilder;
}

/** Least wall time between two line frames while playing, ms (KPIs need no more). */
export const LINE_FRAME_MS = 100;

function formatLayoutIssues(issues: Issue[]): string {
  return issues.map((i) => `layout: ${i.path}: ${i.message}`).join('\n');
}

function formatOptionIssues(issues: Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class PhysicsService implements PhysicsApi {
  private loaded: Loaded | null = null;
  private generation = 0;
  private loadToken = 0;
  private listener: FrameListener | null = null;
  private readonly pool = new FramePool();
  private playing = false;
  private speed: PhysicsSpeed = 1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastTickMs = 0;
  /** Fractional steps owed at a finite speed, carried between slices so no time is lost. */
  private stepDebt = 0;
  private published = 0;
  private lineListener: LineFrameListener | null = null;
  private lastLineMs = 0;
  private skipped = 0;
  private readonly readUrdf: UrdfSource | undefined;

  constructor(options: PhysicsServiceOptions = {}) {
    this.readUrdf = options.readUrdf;
  }

  async load(layout: PhysicalLayout, options: PhysicsLoadOptions = {}): Promise<PhysicsLoadResult> {
    const issues = [...checkPhysicalLayout(layout), ...checkLoadOptions(options)];
    if (issues.length > 0) return { ok: false, message: formatLayoutIssues(issues), issues };
    const token = ++this.loadToken;
    let world: PhysicsWorld;
    try {
      world = await createPhysicsWorld(layout, { beltMethod: options.beltMethod, maxParts: options.maxParts });
    } catch (e) {
      // The checks should have caught it; the running world stays either way.
      const issue = { path: '(root)', message: `cannot be built (${errorText(e)})` };
      return { ok: false, message: formatLayoutIssues([issue]), issues: [issue] };
    }
    if (token !== this.loadToken) {
      world.free();
      const issue = { path: '(root)', message: 'superseded by a later load' };
      return { ok: false, message: formatLayoutIssues([issue]), issues: [issue] };
    }
    const spawnEverySteps = options.spawnEverySeconds ? Math.max(1, Math.round(options.spawnEverySeconds * STEP_HZ)) : 0;
    const scene: PhysicsSceneInfo = {
      generation: this.generation + 1,
      conveyorIds: [...world.model.conveyorIds],
      maxParts: world.maxParts,
      beltMethod: world.method,
      frameLength: world.frameLength,
      frameStride: FRAME_STRIDE,
      stepHz: STEP_HZ,
      spawnEverySteps,
    };
    this.install(new BareRunner(world, spawnEverySteps, options.sinkAtEnds ?? true));
    return { ok: true, scene };
  }

  async loadScenario(json: string, options: ScenarioLoadOptions = {}): Promise<ScenarioLoadResult> {
    const optionIssues = checkScenarioOptions(options);
    if (optionIssues.length > 0) return { ok: false, message: formatOptionIssues(optionIssues), issues: optionIssues };
    const fileName = options.fileName ?? 'scenario';
    const fail = (issues: Issue[]): ScenarioLoadResult => ({ ok: false, message: formatIssues(issues, fileName), issues });
    const parsed = parseScenarioJson(json, fileName);
    if (!parsed.ok) return fail(parsed.errors);
    const scenario = parsed.value;
    const token = ++this.loadToken;
    let twin: PhysicsTwin;
    try {
      const made = await createPhysicsTwin(scenario, { seconds: options.seconds, seed: options.seed, readUrdf: this.readUrdf });
      if (!made.ok) return fail(made.errors);
      twin = made.value;
    } catch (e) {
      // The validator and compileLayout should have caught it; the running state stays either way.
      return fail([{ path: '(root)', message: `cannot be built (${errorText(e)})` }]);
    }
    if (token !== this.loadToken) {
      twin.free();
      return fail([{ path: '(root)', message: 'superseded by a later load' }]);
    }
    const frameLayout = twin.describeFrame();
    const scene: PhysicsTwinSceneInfo = {
      generation: this.generation + 1,
      name: scenario.name,
      fileName,
      frameLength: twin.frameLength,
      frameStride: frameLayout.frameStride,
      stepHz: STEP_HZ,
      lastStep: twin.lastStep,
      seconds: options.seconds ?? scenario.run.lengthSeconds,
      seed: options.seed ?? scenario.run.seed,
      frameLayout,
      line: describeScene(scenario, twin.model, fileName, this.generation + 1),
    };
    this.install(new TwinRunner(twin), new LineFrameBuilder(twin.model));
    return { ok: true, scene };
  }

  subscribe(listener: FrameListener): void {
    this.listener = listener;
    this.pool.writeOffOutstanding();
    this.publish();
  }

  unsubscribe(): void {
    this.listener = null;
  }

  subscribeLine(listener: LineFrameListener | null): void {
    this.lineListener = listener;
    this.publishLine(true);
  }

  releaseFrame(frame: Float32Array): void {
    this.pool.release(frame);
  }

  play(): void {
    // A twin at its end has nothing left to play.
    if (this.loaded?.runner.finished) return;
    this.playing = true;
    this.lastTickMs = performance.now();
    this.stepDebt = 0;
    this.schedule();
  }

  pause(): void {
    const was = this.playing;
    this.playing = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (was) this.publishLine(true);
  }

  step(n: number): number {
    const { runner } = this.need();
    if (!(Number.isInteger(n) && n >= 0 && n <= MAX_STEPS_PER_CALL)) {
      throw new RangeError(`steps must be a whole number from 0 to ${MAX_STEPS_PER_CALL}`);
    }
    for (let i = 0; i < n && !runner.finished; i++) runner.advance();
    if (runner.finished) this.pause();
    this.publish();
    return runner.stepCount;
  }

  setSpeed(speed: PhysicsSpeed): void {
    if (speed === 'max') this.speed = 'max';
    else if (typeof speed === 'number' && speed > 0 && Number.isFinite(speed)) this.speed = Math.min(speed, MAX_SPEED);
    else throw new RangeError("speed must be a number above 0 or 'max'");
    this.stepDebt = 0;
    this.lastTickMs = performance.now();
    // A max-speed run wakes immediately instead of after the pending TICK_MS timer.
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.schedule();
  }

  snapshot(): Uint8Array {
    return this.need().runner.snapshot();
  }

  restore(bytes: Uint8Array): PhysicsRestoreResult {
    const l = this.loaded;
    if (!l) return { ok: false, message: 'no layout is loaded' };
    if (!(bytes instanceof Uint8Array)) return { ok: false, message: 'physics snapshot: expected a Uint8Array' };
    try {
      // Each runner refuses bytes it cannot take before anything changes (physics-runners.ts).
      l.runner.restore(bytes);
    } catch (e) {
      return { ok: false, message: errorText(e) };
    }
    this.publish();
    return { ok: true, stepCount: l.runner.stepCount };
  }

  frameHash(): number {
    return this.need().runner.frameHash();
  }

  stats(): PhysicsStats {
    const r = this.loaded?.runner;
    const timeUs = stepTimeUs(r?.stepCount ?? 0);
    return {
      generation: this.loaded?.generation ?? 0,
      stepCount: r?.stepCount ?? 0,
      timeUs,
      simulatedSeconds: timeUs / 1e6,
      partCount: r?.partCount ?? 0,
      partsCompleted: r?.partsCompleted ?? 0,
      finished: r?.finished ?? false,
      playing: this.playing,
      speed: this.speed,
      framesPublished: this.published,
      framesSkipped: this.skipped,
      framesAllocated: this.pool.allocated,
    };
  }

  private need(): Loaded {
    if (!this.loaded) throw new Error('no layout is loaded');
    return this.loaded;
  }

  /** Makes `runner` the one that runs (after a successful load of either kind). */
  private install(runner: Runner, lineFrames?: LineFrameBuilder): void {
    this.loaded?.runner.free();
    this.loaded = { runner, generation: ++this.generation, lineFrames };
    this.pool.resize(runner.frameLength);
    this.stepDebt = 0;
    this.lastTickMs = performance.now();
    this.publish();
    this.schedule();
  }

  /** A line frame of a twin, unless one went out less than LINE_FRAME_MS ago (and not `now`). */
  private publishLine(now: boolean): void {
    const l = this.loaded;
    if (!l?.lineFrames || !this.lineListener || !(l.runner instanceof TwinRunner)) return;
    const t = performance.now();
    if (!now && t - this.lastLineMs < LINE_FRAME_MS) return;
    this.lastLineMs = t;
    const speed = this.speed === 'max' ? MAX_SPEED : this.speed;
    this.lineListener(l.lineFrames.build(l.runner.twin.sim, l.generation, this.playing, speed));
  }

  private publish(): void {
    const l = this.loaded;
    // Line frames at their own pace; every explicit change (load, step, restore, pause) sends one.
    this.publishLine(!this.playing);
    if (!l || !this.listener) return;
    const frame = this.pool.acquire();
    if (!frame) {
      this.skipped++;
      return;
    }
    l.runner.writeFrame(frame);
    this.published++;
    this.listener(frame, l.runner.stepCount, l.generation);
  }

  private schedule(): void {
    if (this.timer !== null || !this.playing || !this.loaded) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick();
    }, this.speed === 'max' ? 0 : TICK_MS);
  }

  /** One play slice: the steps owed (or as many as fit the budget at 'max'), then one frame. */
  private tick(): void {
    const l = this.loaded;
    if (!this.playing || !l) return;
    const { runner } = l;
    const start = performance.now();
    const deadline = start + SLICE_BUDGET_MS;
    if (this.speed === 'max') {
      while (!runner.finished) {
        runner.advance();
        if (performance.now() >= deadline) break;
      }
    } else {
      const wallSeconds = Math.min(MAX_CATCH_UP_SECONDS, Math.max(0, (start - this.lastTickMs) / 1000));
      this.stepDebt += wallSeconds * this.speed * STEP_HZ;
      while (this.stepDebt >= 1 && !runner.finished && performance.now() < deadline) {
        runner.advance();
        this.stepDebt -= 1;
      }
      // Could not keep up within the budget: fall behind instead of owing ever more steps.
      if (this.stepDebt >= 1) this.stepDebt = 0;
    }
    this.lastTickMs = start;
    // The twin reached its last step: playing pauses itself.
    if (runner.finished) this.pause();
    this.publish();
    this.schedule();
  }
}
