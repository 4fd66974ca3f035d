import { readFileSync } from 'node:fs';
import { compileScenario } from '../engine/model/compile';
import { parseScenarioJson } from '../engine/model/validate';
import { LineSimulator } from '../engine/line/simulator';
import { heapAfterGc, median, timeRuns } from './measure';
import { SerialFloor } from './serial-floor';
import type { Benchmark } from './run';

/**
 * des.serial-10: 8-hour replications of scenes/benchmarks/serial-10.json on one simulator
 * (reset between replications, as the experiment runner does). Median of several timed runs
 * after a JIT warm-up; heap growth per replication after full collections; and the ratio to the
 * same line hand-written on the same kernel (serial-floor.ts), timed in the same run.
 */
export const desSerial10: Benchmark = {
  name: 'des.serial-10',
  run() {
    const file = 'scenes/benchmarks/serial-10.json';
    const parsed = parseScenarioJson(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error(`${file} is invalid`);
    const model = compileScenario(parsed.value);
    const sim = new LineSimulator(model);
    let replication = 0;
    let events = 0;
    const batch = (count: number) => () => {
      for (let k = 0; k < count; k++) {
        sim.run(replication++, model.seed);
        events += sim.kernel.events;
      }
    };
    batch(300)(); // warm-up: let the JIT settle
    const perBatch = 200;
    events = 0;
    const times = timeRuns(7, batch(perBatch));
    const secondsPerReplication = median(times) / perBatch;
    const eventsPerReplication = events / (times.length * perBatch);
    // Baseline in the same run: the same line hand-written on the same kernel (serial-floor.ts).
    const floor = new SerialFloor();
    let floorReplication = 0;
    const floorBatch = () => {
      for (let k = 0; k < perBatch; k++) floor.run(floorReplication++);
    };
    floorBatch();
    const floorSecondsPerReplication = median(timeRuns(7, floorBatch)) / perBatch;
    const heapReplications = 2000;
    const before = heapAfterGc();
    batch(heapReplications)();
    const after = heapAfterGc();
    return {
      secondsPerReplication,
      eventsPerSecond: eventsPerReplication / secondsPerReplication,
      heapGrowthBytesPerReplication: (after - before) / heapReplications,
      floorSecondsPerReplication,
      ratioToFloor: secondsPerReplication / floorSecondsPerReplication,
      eventsPerReplication,
      runs: times.length,
      replicationsPerRun: perBatch,
    };
  },
};
