import { compileScenario, type RunOverrides } from '../model/compile';
import type { LineModel } from '../model/compiled';
import type { Scenario } from '../model/types';
import { recordLayout, writeRecord, type RecordLayout } from '../line/record';
import { LineSimulator } from '../line/simulator';
import { buildReport, type SimulateReport } from './report';

/** Runs replications [from, to) of a model, writing one row each into `table`. */
export function runReplications(
  sim: LineSimulator,
  layout: RecordLayout,
  table: Float64Array,
  from: number,
  to: number,
  onReplication?: (done: number) => void,
): void {
  const m = sim.m;
  for (let r = from; r < to; r++) {
    sim.run(r, m.seed);
    writeRecord(m, sim.st, layout, sim.nowUs, sim.kernel.events, table, r);
    onReplication?.(r + 1);
  }
}

export interface SimulateOptions extends RunOverrides {
  onProgress?: (done: number, total: number) => void;
  /** Wall clock for `wallSeconds`; injected so the engine reads no clock of its own. */
  clock?: () => number;
}

/** Compiles a validated scenario and runs all its replications: the `simulate` command. */
export function simulateScenario(scenario: Scenario, options: SimulateOptions = {}): SimulateReport {
  const model = compileScenario(scenario, options);
  return simulateModel(model, options);
}

export function simulateModel(model: LineModel, options: SimulateOptions = {}): SimulateReport {
  const clock = options.clock ?? (() => 0);
  const started = clock();
  const sim = new LineSimulator(model);
  const layout = recordLayout(model);
  const table = new Float64Array(model.replications * layout.size);
  runReplications(sim, layout, table, 0, model.replications, (done) =>
    options.onProgress?.(done, model.replications),
  );
  return buildReport(model, layout, table, model.replications, (clock() - started) / 1000);
}
