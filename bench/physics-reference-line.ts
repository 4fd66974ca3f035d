/**
 * physics.reference-line: the physics twin of scenes/benchmarks/physics-line (four serpentine
 * belts near 300 parts in flight, a UR5 and a Panda, two humanoids) against bare Rapier moving the
 * same bodies the same way (engine/physics/replay.ts), in the same run. The twin first runs
 * WARMUP_SECONDS of simulated time so the belts upstream of the bottleneck are full; then one
 * window of WINDOW_STEPS steps is recorded and both replay it ROUNDS times from the same start
 * (the twin restored from its snapshot, bare Rapier from the Rapier snapshot), alternating which
 * goes first. Figures are medians over rounds. twinMsPerStep is a whole tick of the twin (line
 * simulator, agents, physics step, sensors); realtimeFactor = (1/60 s) / twin step time.
 * Targets (issue 4): ≥ 20× real time at 60 Hz; overhead ≤ 15% over bare Rapier.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioJson } from '../engine/model/validate';
import { STEP_SECONDS, stepAtOrAfterUs } from '../engine/physics/time';
import { createReplayWorld, KinematicRecording } from '../engine/physics/replay';
import { createPhysicsTwin } from '../engine/twin/physics-twin';
import { median, timeRuns } from './measure';
import type { Benchmark } from './run';

const WARMUP_SECONDS = 1500;
const WINDOW_STEPS = 600;
const ROUNDS = 7;
const scenes = join(import.meta.dirname, '../scenes');

export const physicsReferenceLine: Benchmark = {
  name: 'physics.reference-line',
  async run() {
    const file = join(scenes, 'benchmarks/physics-line/scenario.json');
    const parsed = parseScenarioJson(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error(`${file} does not validate`);
    const made = await createPhysicsTwin(parsed.value, { readUrdf: (p) => readFileSync(join(scenes, p), 'utf8') });
    if (!made.ok) throw new Error(made.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    const twin = made.value;
    const warmStarted = performance.now();
    twin.run(stepAtOrAfterUs(WARMUP_SECONDS * 1e6));
    const warmupWallSeconds = (performance.now() - warmStarted) / 1000;
    const partsInFlight = twin.world.partCount;
    const start = twin.snapshot();
    const recording = new KinematicRecording(twin.world.rapierWorld, WINDOW_STEPS);
    for (let k = 0; k < WINDOW_STEPS; k++) {
      twin.step();
      recording.record(twin.world.rapierWorld);
    }
    const bare = createReplayWorld(twin.world.rapier, recording);
    const twinTimes: number[] = [], bareTimes: number[] = [];
    const roundTwin = () => {
      twin.restore(start);
      twinTimes.push(...timeRuns(1, () => twin.run(WINDOW_STEPS)));
    };
    const roundBare = () => {
      bare.prepare();
      bareTimes.push(...timeRuns(1, () => bare.run()));
    };
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) roundTwin();
      roundBare();
      if (r % 2 === 1) roundTwin();
    }
    bare.free();
    const frame = new Float32Array(twin.frameLength);
    const frameMs = (median(timeRuns(ROUNDS, () => { for (let k = 0; k < 20; k++) twin.writeFrame(frame); })) * 1000) / 20;
    twin.free();
    const twinMsPerStep = (median(twinTimes) * 1000) / WINDOW_STEPS;
    const bareRapierMsPerStep = (median(bareTimes) * 1000) / WINDOW_STEPS;
    return {
      twinMsPerStep,
      bareRapierMsPerStep,
      overheadRatio: twinMsPerStep / bareRapierMsPerStep,
      realtimeFactor: (STEP_SECONDS * 1000) / twinMsPerStep,
      partsInFlight,
      kinematicBodies: recording.handles.length,
      robots: twin.agents.arms.length,
      humanoids: twin.agents.humanoids.length,
      writeFrameMs: frameMs,
      warmupRealtimeFactor: WARMUP_SECONDS / warmupWallSeconds,
      windowSteps: WINDOW_STEPS,
      rounds: ROUNDS,
    };
  },
};
