/**
 * The page's state: signals fed by the workers, and the actions the UI calls. The engine runs only
 * in workers; this module holds handles (scene info, the latest frame, the last report) and never
 * simulates anything itself.
 *
 * Two workers, one live run. A scenario with a physical layout runs live as its physics twin in the
 * physics worker (3D frames, and line frames for the schematic and KPIs); one without a layout
 * runs live in the simulation worker (DES). Replications (the fast statistics mode) always run in
 * the simulation worker, modelling the layout as the twin does when asked (`modelLayout`).
 */
import { computed, signal } from '@preact/signals';
import * as Comlink from 'comlink';
import type { Remote } from 'comlink';
import type { Frame, Issue, SceneInfo, SimulateReport, SimulationApi } from '../../workers/simulation-api';
import type { PhysicsApi, PhysicsTwinSceneInfo } from '../../workers/physics-api';

export interface LoadError {
  fileName: string;
  /** One entry per located problem (JSON path or file:line:column). */
  issues: Issue[];
}

export interface BatchState {
  running: boolean;
  done: number;
  total: number;
  report: SimulateReport | null;
  /** The report modelled the layout (`simulate --layout`). */
  layout?: boolean;
  /** JSON.stringify(report): the exact text `twin simulate --json` prints. */
  json: string;
  error: string | null;
}

/** Largest file the page reads, bytes (the CLI's bound: MAX_SCENARIO_CHARS in engine/model/validate.ts). */
export const MAX_SCENARIO_BYTES = 20 * 1024 * 1024;

/** The "max" speed: as fast as the worker can (the physics worker's 'max'; the DES worker's cap). */
export const MAX_SPEED_VALUE = 1_000_000;

export const SPEEDS: { value: number; label: string }[] = [
  { value: 1, label: '1× (real time)' },
  { value: 10, label: '10×' },
  { value: 60, label: '1 min / s' },
  { value: 300, label: '5 min / s' },
  { value: 900, label: '15 min / s' },
  { value: 3600, label: '1 h / s' },
  { value: MAX_SPEED_VALUE, label: 'max' },
];
export const DEFAULT_SPEED = 60;

/** Which worker runs the live replication. */
export type LiveSource = 'des' | 'physics';

export const scene = signal<SceneInfo | null>(null);
export const liveSource = signal<LiveSource>('des');
/** The physics twin on display (its 3D frame layout), or null when the live run is the DES. */
export const physicsScene = signal<PhysicsTwinSceneInfo | null>(null);
/** Why a scenario runs without its physics twin (e.g. a robot file the page does not ship). */
export const physicsNotice = signal<string | null>(null);
const latestFrame = signal<{ source: LiveSource; frame: Frame } | null>(null);
/** The newest frame of the scene on display (frames of a replaced scene or the other worker are ignored). */
export const frame = computed(() => {
  const f = latestFrame.value;
  return f && scene.value && f.source === liveSource.value && f.frame.generation === scene.value.generation ? f.frame : null;
});
/** The scenario text on display (what the workers run). */
export const sceneText = signal<{ text: string; fileName: string } | null>(null);
/** Replications model the layout (belts, walking) as the physics twin does; on when there is one. */
export const modelLayout = signal(false);
/** The scene on display has a layout the line model can use. */
export const hasLayout = signal(false);
/** Whether the user wants the live run playing (survives a change of worker on load). */
const wantPlaying = signal(false);
/** Playing as the user asked, until the live run reaches its end. */
export const playing = computed(() => wantPlaying.value && !(frame.value?.finished ?? false));
export const speed = signal(DEFAULT_SPEED);
export const loadError = signal<LoadError | null>(null);
export const loading = signal(false);
export const fatalError = signal<string | null>(null);
export const replications = signal(1);
export const seed = signal(1);
export const batch = signal<BatchState>({ running: false, done: 0, total: 0, report: null, json: '', error: null });

let api: Remote<SimulationApi> | null = null;
let physicsApi: Remote<PhysicsApi> | null = null;
/**
 * The two workers number their scenes independently; the page shows one at a time, so the
 * physics worker's generations are moved out of the simulation worker's range (scene, frames and
 * the dashboards' history are keyed by generation).
 */
const PHYSICS_GENERATION_OFFSET = 1_000_000_000;
/** Receives each physics frame (the 3D view); the buffer is handed back right after. */
let physicsFrameHandler: ((frame: Float32Array, step: number, generation: number) => void) | null = null;

export function setPhysicsFrameHandler(handler: typeof physicsFrameHandler): void {
  physicsFrameHandler = handler;
}

function worker(): Remote<SimulationApi> {
  if (!api) throw new Error('the simulation worker is not connected');
  return api;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Connects the page to a simulation worker and starts listening for frames. */
export async function connect(remote: Remote<SimulationApi>): Promise<void> {
  api = remote;
  await remote.subscribe(
    Comlink.proxy((f: Frame) => {
      latestFrame.value = { source: 'des', frame: f };
    }),
  );
  await remote.setSpeed(speed.value);
}

/** Connects the physics worker: 3D frames to the handler, line frames to `frame`. */
export async function connectPhysics(remote: Remote<PhysicsApi>): Promise<void> {
  physicsApi = remote;
  await remote.subscribe(
    Comlink.proxy((f: Float32Array, step: number, generation: number) => {
      try {
        physicsFrameHandler?.(f, step, generation);
      } finally {
        void remote.releaseFrame(Comlink.transfer(f, [f.buffer]));
      }
    }),
  );
  await remote.subscribeLine(
    Comlink.proxy((f: Frame) => {
      latestFrame.value = { source: 'physics', frame: { ...f, generation: f.generation + PHYSICS_GENERATION_OFFSET } };
    }),
  );
  await remote.setSpeed(speed.value >= MAX_SPEED_VALUE ? 'max' : speed.value);
}

/**
 * Runs the scenario's physics twin live if it has a layout and the physics worker can build it;
 * returns whether it does. The DES worker's live run pauses meanwhile.
 */
async function startPhysics(text: string, fileName: string): Promise<boolean> {
  if (!physicsApi) return false;
  const result = await physicsApi.loadScenario(text, { fileName });
  if (!result.ok) {
    physicsNotice.value = `Shown without its physics twin: ${result.message}`;
    return false;
  }
  physicsNotice.value = null;
  physicsScene.value = result.scene;
  scene.value = { ...result.scene.line, generation: result.scene.line.generation + PHYSICS_GENERATION_OFFSET };
  liveSource.value = 'physics';
  await worker().pause();
  return true;
}

function live(): { play(): Promise<void>; pause(): Promise<void>; restart(): Promise<void>; setSpeed(v: number): Promise<void> } {
  if (liveSource.value === 'physics' && physicsApi) {
    const p = physicsApi;
    return {
      play: () => p.play(),
      pause: () => p.pause(),
      // The twin is built again from the scene's text: time 0 exactly, and it plays as asked.
      restart: async () => {
        const shown = sceneText.value;
        if (shown && (await startPhysics(shown.text, shown.fileName)) && wantPlaying.value) await p.play();
      },
      setSpeed: (v) => p.setSpeed(v >= MAX_SPEED_VALUE ? 'max' : v),
    };
  }
  const w = worker();
  return { play: () => w.play(), pause: () => w.pause(), restart: () => w.restart(), setSpeed: (v) => w.setSpeed(v) };
}

/** Loads scenario text; on success it replaces the scene, otherwise the scene on display stays. */
export async function loadScenarioText(text: string, fileName: string): Promise<boolean> {
  loading.value = true;
  try {
    const result = await worker().load(text, fileName);
    if (!result.ok) {
      loadError.value = { fileName: result.fileName, issues: result.issues };
      return false;
    }
    loadError.value = null;
    // Another file resets the experiment's settings to its defaults; an edit of this one keeps them.
    const sameFile = sceneText.value?.fileName === fileName;
    sceneText.value = { text, fileName };
    const layout = hasLayoutIn(text);
    hasLayout.value = layout;
    // The experiment models the layout by default; a choice made for this file survives its edits.
    if (!sameFile) modelLayout.value = layout;
    const physical = hasPhysicalLayout(text);
    if (!physical) physicsNotice.value = null;
    if (!(physical && (await startPhysics(text, fileName)))) {
      if (physicsApi && liveSource.value === 'physics') await physicsApi.pause();
      physicsScene.value = null;
      liveSource.value = 'des';
      scene.value = result.scene;
    }
    // The user's play/pause carries over to whichever worker runs the new scene.
    if (wantPlaying.value) await live().play();
    if (!sameFile) {
      replications.value = result.scene.run.replications;
      seed.value = result.scene.run.seed;
    }
    batch.value = { running: false, done: 0, total: 0, report: null, json: '', error: null };
    return true;
  } catch (e) {
    loadError.value = { fileName, issues: [{ path: fileName, message: message(e) }] };
    return false;
  } finally {
    loading.value = false;
  }
}

export function dismissLoadError(): void {
  loadError.value = null;
}

/** Runs a worker call from a UI event; a failure is shown, never left as an unhandled rejection. */
async function guarded(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (e) {
    fatalError.value = message(e);
  }
}

export const togglePlay = () => guarded(() => {
  wantPlaying.value = !playing.value;
  return wantPlaying.value ? live().play() : live().pause();
});
export const play = () => guarded(() => {
  wantPlaying.value = true;
  return live().play();
});
export const pause = () => guarded(() => {
  wantPlaying.value = false;
  return live().pause();
});
export const restart = () => guarded(() => live().restart());

/** One step of the live run: 1/60 s of the physics twin (the DES live run has no steps). */
export const stepOnce = () => guarded(async () => {
  if (liveSource.value === 'physics' && physicsApi) {
    wantPlaying.value = false;
    await physicsApi.pause();
    await physicsApi.step(1);
  }
});

export function changeSpeed(value: number): Promise<void> {
  speed.value = value;
  return guarded(() => live().setSpeed(value));
}

/** Whether scenario text has a layout at all: it then runs as its physics twin (3D). */
function hasPhysicalLayout(text: string): boolean {
  try {
    const layout = (JSON.parse(text) as { layout?: unknown }).layout;
    return typeof layout === 'object' && layout !== null;
  } catch {
    return false;
  }
}

/** Whether scenario text has a layout with conveyors or humanoids (the line model can use it). */
function hasLayoutIn(text: string): boolean {
  try {
    const layout = (JSON.parse(text) as { layout?: { conveyors?: unknown[]; humanoids?: unknown[] } }).layout;
    return Boolean(layout && ((layout.conveyors?.length ?? 0) > 0 || (layout.humanoids?.length ?? 0) > 0));
  } catch {
    return false;
  }
}

/** Runs the scene's replications in the worker: the same report as `twin simulate --json`. */
export async function runReplications(): Promise<void> {
  const n = replications.value;
  const s = seed.value;
  batch.value = { running: true, done: 0, total: n, report: batch.value.report, json: batch.value.json, error: null };
  const generation = scene.value?.generation;
  try {
    const layout = modelLayout.value && hasLayout.value;
    const report = await worker().runReplications(
      { replications: n, seed: s, ...(layout ? { conveyors: true, walking: true } : {}) },
      Comlink.proxy((done: number, total: number) => {
        if (batch.value.running) batch.value = { ...batch.value, done, total };
      }),
    );
    if (scene.value?.generation !== generation) return;
    batch.value = { running: false, done: n, total: n, report, json: JSON.stringify(report), error: null, layout };
  } catch (e) {
    batch.value = { ...batch.value, running: false, error: message(e) };
  }
}
