/**
 * `npm run -s twin -- physics FILE [--seconds S] [--seed N] [--json]`: runs a scenario's physics
 * twin (engine/twin/physics-twin.ts: the line simulator driving the Rapier world) for S simulated
 * seconds through the Node physics worker, the same API the page's worker serves
 * (workers/physics-api.ts), and reports steps, wall time, real-time factor, parts completed and
 * the final frame hash (docs/commands.md).
 */
import { MAX_SCENARIO_CHARS } from '../engine/model/validate';
import { LIMITS } from '../engine/model/schema';
import { startPhysicsWorkerInNode } from '../workers/physics-node';
import { numberFlag, progressBar, terminalSafe, UsageError, type CommandIo } from './io';
import { readUserFile } from './simulate-command';

/** Simulated seconds when --seconds is not given. */
export const DEFAULT_PHYSICS_SECONDS = 60;
/** Longest run: one simulated day, 5 184 000 steps. */
export const MAX_PHYSICS_SECONDS = 86_400;
/** Steps per call to the worker: a minute of simulated time, one progress update each. */
const CHUNK_STEPS = 3600;

export interface PhysicsArgs {
  values: { seconds?: string; seed?: string; json?: boolean };
  positionals: string[];
}

export interface PhysicsReport {
  steps: number;
  simulatedSeconds: number;
  /** Wall time of the stepping only (not the worker's start or the twin's build). */
  wallSeconds: number;
  /** simulatedSeconds / wallSeconds. */
  realtimeFactor: number;
  partsCompleted: number;
  /** FNV-1a of the last frame (PhysicsApi.frameHash): equal for equal file, seconds and seed. */
  frameHash: number;
}

export async function runPhysics({ values, positionals }: PhysicsArgs, io: CommandIo): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('physics takes exactly one scenario FILE');
  const file = positionals[0];
  const seconds = numberFlag('seconds', values.seconds, { min: LIMITS.tick, max: MAX_PHYSICS_SECONDS }) ?? DEFAULT_PHYSICS_SECONDS;
  const seed = numberFlag('seed', values.seed, { integer: true, min: 0, max: LIMITS.seed });
  const text = readUserFile(file, MAX_SCENARIO_CHARS);
  const node = await startPhysicsWorkerInNode();
  try {
    const { api } = node;
    // Parsing, validation and the layout's compilation happen in the worker, as for the page.
    const loaded = await api.loadScenario(text, { seconds, seed, fileName: file });
    if (!loaded.ok) throw new UsageError(`invalid scenario\n${loaded.message}`);
    const { lastStep, name } = loaded.scene;
    const clock = () => performance.now();
    const progress = progressBar(io, 'physics', clock);
    const started = clock();
    let steps = 0;
    while (steps < lastStep) {
      const next = await api.step(Math.min(CHUNK_STEPS, lastStep - steps));
      if (next === steps) break; // the twin finished early (cannot happen before lastStep)
      steps = next;
      progress(steps, lastStep);
    }
    const wallSeconds = (clock() - started) / 1000;
    const stats = await api.stats();
    const report: PhysicsReport = {
      steps: stats.stepCount,
      simulatedSeconds: stats.simulatedSeconds,
      wallSeconds,
      realtimeFactor: stats.simulatedSeconds / Math.max(wallSeconds, 1e-9),
      partsCompleted: stats.partsCompleted,
      frameHash: await api.frameHash(),
    };
    io.stdout(values.json ? JSON.stringify(report) + '\n' : formatPhysicsText(report, name, file));
    return 0;
  } finally {
    await node.terminate();
  }
}

function formatPhysicsText(r: PhysicsReport, name: string, file: string): string {
  const rows: [string, string][] = [
    ['steps', `${r.steps} (${r.simulatedSeconds} s simulated at 60 Hz)`],
    ['wall time', `${r.wallSeconds.toFixed(2)} s (${r.realtimeFactor.toFixed(1)}× real time)`],
    ['parts completed', String(r.partsCompleted)],
    ['frame hash', String(r.frameHash)],
  ];
  return `physics twin: ${terminalSafe(name)} (${terminalSafe(file)})\n${rows.map(([k, v]) => `  ${k.padEnd(17)}${v}`).join('\n')}\n`;
}
