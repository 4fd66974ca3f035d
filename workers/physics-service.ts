/**
 * PhysicsService: the one implementation of PhysicsApi (physics-contract.ts), with the behaviour
 * physics-api.ts describes: loads that leave the running state untouched when they fail, play
 * slices paced by wall time, and frames from a fixed pool. Split from the contract so the contract
 * reads as types only and this module holds the pacing and publishing logic behind it.
 */
import { formatIssues, parseScenarioJson } from '../engine/model/validate';
import type { Issue } from '../engine/model/types';
import { FRAME_STRIDE } from '../engine/physics/frame';
import type { PhysicalLayout } from '../engine/physics/layout';
import { STEP_HZ, stepTimeUs } from '../engine/physics/time';
import { createPhysicsWorld, type PhysicsWorld } from '../engine/physics/world';
import { createPhysicsTwin, type PhysicsTwin } from '../engine/twin/physics-twin';
import { FramePool } from './physics-frame-pool';
import { checkLoadOptions, checkPhysicalLayout, checkScenarioOptions } from './physics-layout-check';
import { BareRunner, TwinRunner, type Runner } from './physics-runners';
import type { UrdfSource } from './urdf-source';
import { describeScene, LineFrameBuilder } from './line-frame';
import type {
  FrameListener, LineFrameListener, PhysicsApi, PhysicsLoadOptions, PhysicsLoadResult, PhysicsRestoreResult, PhysicsSceneInfo,
  PhysicsSpeed, PhysicsStats, PhysicsTwinSceneInfo, ScenarioLoadOptions, ScenarioLoadResult,
} from './physics-contract';

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
