/**
 * The physics endpoint's contract (physics-api.ts has the frame protocol and the load semantics):
 * the PhysicsApi interface the page calls through comlink and every type that crosses it. Types
 * only, so the page and the worker entry points can name the contract without pulling in the
 * service, and the service (physics-service.ts) implements it from the other side.
 */
import type { Issue } from '../engine/model/types';
import type { PhysicalLayout } from '../engine/physics/layout';
import type { BeltMethod, PhysicsOptions } from '../engine/physics/world';
import type { TwinFrameLayout } from '../engine/twin/physics-twin';
import type { Frame as LineFrame, SceneInfo } from './line-frame';

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
