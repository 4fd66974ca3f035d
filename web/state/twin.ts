/**
 * The page's state: signals fed by the simulation worker, and the actions the UI calls. The
 * engine runs only in the worker; this module holds handles (scene info, the latest frame, the
 * last report) and never simulates anything itself.
 */
import { computed, signal } from '@preact/signals';
import * as Comlink from 'comlink';
import type { Remote } from 'comlink';
import type { Frame, Issue, SceneInfo, SimulateReport, SimulationApi } from '../../workers/simulation-api';

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
  /** JSON.stringify(report): the exact text `twin simulate --json` prints. */
  json: string;
  error: string | null;
}

/** Largest file the page reads, bytes (the CLI's bound: MAX_SCENARIO_CHARS in engine/model/validate.ts). */
export const MAX_SCENARIO_BYTES = 20 * 1024 * 1024;

export const SPEEDS: { value: number; label: string }[] = [
  { value: 1, label: '1× (real time)' },
  { value: 10, label: '10×' },
  { value: 60, label: '1 min / s' },
  { value: 300, label: '5 min / s' },
  { value: 900, label: '15 min / s' },
  { value: 3600, label: '1 h / s' },
];
export const DEFAULT_SPEED = 60;

export const scene = signal<SceneInfo | null>(null);
const latestFrame = signal<Frame | null>(null);
/** The newest frame of the scene on display (frames of a replaced scene are ignored). */
export const frame = computed(() => {
  const f = latestFrame.value;
  return f && scene.value && f.generation === scene.value.generation ? f : null;
});
export const playing = computed(() => frame.value?.playing ?? false);
export const speed = signal(DEFAULT_SPEED);
export const loadError = signal<LoadError | null>(null);
export const loading = signal(false);
export const fatalError = signal<string | null>(null);
export const replications = signal(1);
export const seed = signal(1);
export const batch = signal<BatchState>({ running: false, done: 0, total: 0, report: null, json: '', error: null });

let api: Remote<SimulationApi> | null = null;

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
      latestFrame.value = f;
    }),
  );
  await remote.setSpeed(speed.value);
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
    scene.value = result.scene;
    replications.value = result.scene.run.replications;
    seed.value = result.scene.run.seed;
    batch.value = { running: false, done: 0, total: 0, report: null, json: '', error: null };
    return true;
  } catch (e) {
    loadError.value = { fileName, issues: [{ path: fileName, message: message(e) }] };
    return false;
  } finally {
    loading.value = false;
  }
}

/** Reads a file the user picked (as text only; its content is data, never markup or code). */
export async function loadScenarioFile(file: File): Promise<boolean> {
  if (file.size > MAX_SCENARIO_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    loadError.value = { fileName: file.name, issues: [{ path: file.name, message: `is too large (${mb} MB, the limit is 20 MB)` }] };
    return false;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    loadError.value = { fileName: file.name, issues: [{ path: file.name, message: `cannot be read (${message(e)})` }] };
    return false;
  }
  return loadScenarioText(text, file.name);
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

export const togglePlay = () => guarded(() => (playing.value ? worker().pause() : worker().play()));
export const play = () => guarded(() => worker().play());
export const restart = () => guarded(() => worker().restart());

export function changeSpeed(value: number): Promise<void> {
  speed.value = value;
  return guarded(() => worker().setSpeed(value));
}

/** Runs the scene's replications in the worker: the same report as `twin simulate --json`. */
export async function runReplications(): Promise<void> {
  const n = replications.value;
  const s = seed.value;
  batch.value = { running: true, done: 0, total: n, report: batch.value.report, json: batch.value.json, error: null };
  const generation = scene.value?.generation;
  try {
    const report = await worker().runReplications(
      { replications: n, seed: s },
      Comlink.proxy((done: number, total: number) => {
        if (batch.value.running) batch.value = { ...batch.value, done, total };
      }),
    );
    if (scene.value?.generation !== generation) return;
    batch.value = { running: false, done: n, total: n, report, json: JSON.stringify(report), error: null };
  } catch (e) {
    batch.value = { ...batch.value, running: false, error: message(e) };
  }
}
