/**
 * physics.scale: milliseconds per physics step with 100, 1000 and 5000 parts moving on belts, for
 * the twin (PhysicsWorld.step) and for bare Rapier stepping the same bodies (engine/physics/bare.ts)
 * in the same run, for both belt methods. Parts sit 0.4 m apart (0.2 m gaps) on parallel 40 m
 * conveyors at 0.5 m/s, 50 per conveyor, and never reach an end during the measurement, so every
 * part is awake and moving the whole time. Rounds alternate twin and bare (and which goes first);
 * the figure is the median over rounds, after WARMUP_STEPS unmeasured steps of both. writeFrameMs
 * is one PhysicsWorld.writeFrame of all parts (once per rendered frame).
 */
import { createBareWorld } from '../engine/physics/bare';
import type { BeltMethod } from '../engine/physics/build';
import type { PhysicalLayout } from '../engine/physics/layout';
import { compileLayout } from '../engine/physics/model';
import { initPhysics } from '../engine/physics/rapier';
import { NO_PART, PhysicsWorld } from '../engine/physics/world';
import { median, timeRuns } from './measure';
import type { Benchmark } from './run';

const PARTS_PER_CONVEYOR = 50;
const PITCH_M = 0.4;
const ROUNDS = 9;
const WARMUP_STEPS = 150;

function scaleLayout(parts: number): PhysicalLayout {
  const count = Math.ceil(parts / PARTS_PER_CONVEYOR);
  const conveyors = Array.from({ length: count }, (_, i) => {
    const y = (i - count / 2) * 1.0;
    return { id: `c${i}`, from: [-20, y, 0.8], to: [20, y, 0.8], width: 0.5, speedMetersPerSecond: 0.5, accumulating: true };
  }) as PhysicalLayout['conveyors'];
  return { floor: { sizeM: [60, count + 10] }, conveyors, part: { lengthM: 0.2, widthM: 0.2, heightM: 0.1, massKg: 1 } };
}

async function measureCase(parts: number, method: BeltMethod, stepsPerRound: number) {
  const R = await initPhysics();
  const model = compileLayout(scaleLayout(parts));
  const conveyor = new Int32Array(parts), sM = new Float64Array(parts);
  for (let i = 0; i < parts; i++) {
    conveyor[i] = Math.floor(i / PARTS_PER_CONVEYOR);
    sM[i] = PITCH_M * (PARTS_PER_CONVEYOR - 1 - (i % PARTS_PER_CONVEYOR)); // far end first: queue order
  }
  const twin = new PhysicsWorld(R, model, { beltMethod: method, maxParts: parts });
  for (let i = 0; i < parts; i++) if (twin.spawnPart(conveyor[i], sM[i]) === NO_PART) throw new Error('spawn refused');
  const bare = createBareWorld(R, model, method, conveyor, sM);
  const arrivals = new Int32Array(2 * parts);
  const frame = new Float32Array(twin.frameLength);
  const stepTwin = () => { for (let k = 0; k < stepsPerRound; k++) twin.step(arrivals); };
  const stepBare = () => { for (let k = 0; k < stepsPerRound; k++) bare.step(); };
  // Warm-up: JIT, contact manifolds, and Rapier's broad-phase tree, which takes ~100 steps to settle
  // after thousands of insertions (measured: 5000 parts run 2× slower for the first 100 steps).
  for (let k = 0; k < WARMUP_STEPS; k++) { twin.step(arrivals); bare.step(); }
  const twinTimes: number[] = [], bareTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    if (r % 2 === 0) twinTimes.push(...timeRuns(1, stepTwin));
    bareTimes.push(...timeRuns(1, stepBare));
    if (r % 2 === 1) twinTimes.push(...timeRuns(1, stepTwin));
  }
  const frameTimes = timeRuns(ROUNDS, () => { for (let k = 0; k < 20; k++) twin.writeFrame(frame); });
  const twinMs = (median(twinTimes) * 1000) / stepsPerRound;
  const bareMs = (median(bareTimes) * 1000) / stepsPerRound;
  twin.free();
  bare.free();
  return {
    parts, twinMsPerStep: round(twinMs), bareRapierMsPerStep: round(bareMs), overheadRatio: round(twinMs / bareMs),
    writeFrameMs: round((median(frameTimes) * 1000) / 20), usPerPartStep: round((twinMs * 1000) / parts),
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

const CASES: [number, number][] = [[100, 200], [1000, 60], [5000, 12]];

async function measureMethod(method: BeltMethod) {
  const cases = [];
  for (const [parts, steps] of CASES) cases.push(await measureCase(parts, method, steps));
  return cases;
}

export const physicsScale: Benchmark = {
  name: 'physics.scale',
  async run() {
    await measureCase(200, 'carriage', 50); // JIT warm-up, discarded
    const carriage = await measureMethod('carriage');
    const belt = await measureMethod('belt');
    return { beltMethod: 'carriage', cases: carriage, kinematicBeltCases: belt, rounds: ROUNDS };
  },
};
