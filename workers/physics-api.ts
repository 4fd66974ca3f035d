/**
 * The physics endpoint behind the page (DESIGN §2, §4; issue 4 item 6). Plain TypeScript over
 * engine/physics: no DOM, no comlink, no `self`, only `setTimeout` and `performance.now()`, so one
 * PhysicsService runs in a browser worker (physics.worker.ts), in Node worker_threads
 * (physics.node-worker.ts) and in-process (tests, CLI). physics-endpoint.ts adds the comlink
 * transfers; the worker files only expose it.
 *
 * Frame protocol (zero copy, no allocation per frame in steady state):
 *   - a frame is one Float32Array of `scene.frameLength` = FRAME_STRIDE · (conveyors + maxParts)
 *     floats, exactly PhysicsWorld.writeFrame's layout (docs/physics.md "Frame layout");
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
 * on step multiples), so play/pause, speed and frame skipping change how fast steps happen, never
 * what they compute, and a snapshot carries the whole state (PhysicsWorld.snapshot).
 */
import type { Issue } from '../engine/model/types';
import { FRAME_STRIDE } from '../engine/physics/frame';
import type { PhysicalLayout } from '../engine/physics/layout';
import { STEP_HZ, stepTimeUs } from '../engine/physics/time';
import { ARRIVAL_STRIDE, createPhysicsWorld, type BeltMethod, type PhysicsOptions, type PhysicsWorld } from '../engine/physics/world';
import { FRAME_POOL_SIZE, FramePool } from './physics-frame-pool';
import { checkLoadOptions, checkPhysicalLayout } from './physics-layout-check';
import { layoutFingerprint, sealSnapshot, unsealSnapshot } from './physics-snapshot-seal';

export type { BeltMethod, Issue, PhysicalLayout };
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

export type PhysicsRestoreResult = { ok: true; stepCount: number } | { ok: false; message: string };

/** Simulated seconds per wall second while playing, or 'max': as fast as the worker can step. */
export type PhysicsSpeed = number | 'max';

export type FrameListener = (frame: Float32Array, stepCount: number, generation: number) => void;

export interface PhysicsStats {
  generation: number;
  stepCount: number;
  timeUs: number;
  partCount: number;
  playing: boolean;
  speed: PhysicsSpeed;
  framesPublished: number;
  framesSkipped: number;
  framesAllocated: number;
}

/** The contract between the page and the worker (comlink wraps it as async on the page side). */
export interface PhysicsApi {
  load(layout: PhysicalLayout, options?: PhysicsLoadOptions): Promise<PhysicsLoadResult>;
  subscribe(listener: FrameListener): void;
  unsubscribe(): void;
  releaseFrame(frame: Float32Array): void;
  play(): void;
  pause(): void;
  /** Advances n fixed steps now (playing or not) and returns the step count. */
  step(n: number): number;
  setSpeed(speed: PhysicsSpeed): void;
  /** The whole state, sealed (physics-snapshot-seal.ts); restores into a world of the same layout. */
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

interface Loaded {
  world: PhysicsWorld;
  scene: PhysicsSceneInfo;
  sinkAtEnds: boolean;
  arrivals: Int32Array;
  /** Names the layout in snapshots (physics-snapshot-seal.ts). */
  fingerprint: number;
}

function formatLayoutIssues(issues: Issue[]): string {
  return issues.map((i) => `layout: ${i.path}: ${i.message}`).join('\n');
}

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
  private skipped = 0;

  async load(layout: PhysicalLayout, options: PhysicsLoadOptions = {}): Promise<PhysicsLoadResult> {
    const issues = [...checkPhysicalLayout(layout), ...checkLoadOptions(options)];
    if (issues.length > 0) return { ok: false, message: formatLayoutIssues(issues), issues };
    const token = ++this.loadToken;
    let world: PhysicsWorld;
    try {
      world = await createPhysicsWorld(layout, { beltMethod: options.beltMethod, maxParts: options.maxParts });
    } catch (e) {
      // The checks should have caught it; the running world stays either way.
      const issue = { path: '(root)', message: `cannot be built (${e instanceof Error ? e.message : String(e)})` };
      return { ok: false, message: formatLayoutIssues([issue]), issues: [issue] };
    }
    if (token !== this.loadToken) {
      world.free();
      const issue = { path: '(root)', message: 'superseded by a later load' };
      return { ok: false, message: formatLayoutIssues([issue]), issues: [issue] };
    }
    const spawnEverySteps = options.spawnEverySeconds ? Math.max(1, Math.round(options.spawnEverySeconds * STEP_HZ)) : 0;
    const scene: PhysicsSceneInfo = {
      generation: ++this.generation,
      conveyorIds: [...world.model.conveyorIds],
      maxParts: world.maxParts,
      beltMethod: world.method,
      frameLength: world.frameLength,
      frameStride: FRAME_STRIDE,
      stepHz: STEP_HZ,
      spawnEverySteps,
    };
    this.loaded?.world.free();
    const arrivals = new Int32Array(ARRIVAL_STRIDE * world.maxParts);
    this.loaded = { world, scene, sinkAtEnds: options.sinkAtEnds ?? true, arrivals, fingerprint: layoutFingerprint(world) };
    this.pool.resize(world.frameLength);
    this.stepDebt = 0;
    this.lastTickMs = performance.now();
    this.publish();
    this.schedule();
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

  releaseFrame(frame: Float32Array): void {
    this.pool.release(frame);
  }

  play(): void {
    this.playing = true;
    this.lastTickMs = performance.now();
    this.stepDebt = 0;
    this.schedule();
  }

  pause(): void {
    this.playing = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  step(n: number): number {
    const l = this.need();
    if (!(Number.isInteger(n) && n >= 0 && n <= MAX_STEPS_PER_CALL)) {
      throw new RangeError(`steps must be a whole number from 0 to ${MAX_STEPS_PER_CALL}`);
    }
    for (let i = 0; i < n; i++) this.advance(l);
    this.publish();
    return l.world.stepCount;
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
    const l = this.need();
    return sealSnapshot(l.world.snapshot(), l.fingerprint);
  }

  restore(bytes: Uint8Array): PhysicsRestoreResult {
    const l = this.loaded;
    if (!l) return { ok: false, message: 'no layout is loaded' };
    // The seal catches damage Rapier would accept; PhysicsWorld.restore then checks the shape
    // before it changes anything (snapshot.ts).
    const unsealed = unsealSnapshot(bytes, l.fingerprint);
    if (!unsealed.ok) return unsealed;
    try {
      l.world.restore(unsealed.payload);
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    this.publish();
    return { ok: true, stepCount: l.world.stepCount };
  }

  frameHash(): number {
    return this.need().world.frameHash();
  }

  stats(): PhysicsStats {
    const w = this.loaded?.world;
    return {
      generation: this.loaded?.scene.generation ?? 0,
      stepCount: w?.stepCount ?? 0,
      timeUs: stepTimeUs(w?.stepCount ?? 0),
      partCount: w?.partCount ?? 0,
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

  /** One step with the feeder around it (rule in PhysicsLoadOptions). */
  private advance(l: Loaded): void {
    const { world, arrivals } = l;
    const every = l.scene.spawnEverySteps;
    if (every > 0 && world.stepCount % every === 0) {
      for (let c = 0; c < world.model.conveyorCount; c++) world.spawnPart(c);
    }
    const n = world.step(arrivals);
    if (every > 0 && l.sinkAtEnds) for (let i = 0; i < n; i++) world.removePart(arrivals[ARRIVAL_STRIDE * i]);
  }

  private publish(): void {
    const l = this.loaded;
    if (!l || !this.listener) return;
    const frame = this.pool.acquire();
    if (!frame) {
      this.skipped++;
      return;
    }
    l.world.writeFrame(frame);
    this.published++;
    this.listener(frame, l.world.stepCount, l.scene.generation);
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
    const start = performance.now();
    const deadline = start + SLICE_BUDGET_MS;
    if (this.speed === 'max') {
      do this.advance(l);
      while (performance.now() < deadline);
    } else {
      const wallSeconds = Math.min(MAX_CATCH_UP_SECONDS, Math.max(0, (start - this.lastTickMs) / 1000));
      this.stepDebt += wallSeconds * this.speed * STEP_HZ;
      while (this.stepDebt >= 1 && performance.now() < deadline) {
        this.advance(l);
        this.stepDebt -= 1;
      }
      // Could not keep up within the budget: fall behind instead of owing ever more steps.
      if (this.stepDebt >= 1) this.stepDebt = 0;
    }
    this.lastTickMs = start;
    this.publish();
    this.schedule();
  }
}
