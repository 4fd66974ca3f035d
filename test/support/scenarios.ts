import { compileScenario, type RunOverrides } from '../../engine/model/compile';
import { validateScenario } from '../../engine/model/validate';
import type { Distribution, Scenario, ScenarioNode } from '../../engine/model/types';
import { recordLayout, writeRecord, LineField } from '../../engine/line/record';
import { LineSimulator } from '../../engine/line/simulator';
import { replicationKpis, type ReplicationKpis } from '../../engine/experiments/report';
import { US_PER_SECOND } from '../../engine/model/compiled';

export const exp = (mean: number): Distribution => ({ dist: 'exponential', mean });
export const constant = (value: number): Distribution => ({ dist: 'constant', value });

/** A scenario from nodes and links, with run settings; validated so tests use only valid input. */
export function scenario(
  nodes: ScenarioNode[],
  links: [string, string][],
  run: Partial<Scenario['run']> = {},
  extra: Partial<Scenario> = {},
): Scenario {
  const doc: Scenario = {
    format: 'line-twin/scenario',
    version: 1,
    name: 'test',
    run: { warmupSeconds: 0, lengthSeconds: 3600, replications: 1, seed: 7, ...run },
    nodes,
    links,
    ...extra,
  };
  const checked = validateScenario(doc);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.value;
}

/** source → s1 → (buffer) → s2 … → sink with the given cycles; buffer capacity per gap or none. */
export function serialLine(cycles: Distribution[], bufferCapacity: number | null, run: Partial<Scenario['run']> = {}): Scenario {
  const nodes: ScenarioNode[] = [{ id: 'in', type: 'source' }];
  const links: [string, string][] = [];
  let previous = 'in';
  cycles.forEach((cycle, i) => {
    if (i > 0 && bufferCapacity !== null) {
      nodes.push({ id: `b${i}`, type: 'buffer', capacity: bufferCapacity });
      links.push([previous, `b${i}`]);
      previous = `b${i}`;
    }
    nodes.push({ id: `s${i + 1}`, type: 'station', cycle });
    links.push([previous, `s${i + 1}`]);
    previous = `s${i + 1}`;
  });
  nodes.push({ id: 'out', type: 'sink' });
  links.push([previous, 'out']);
  return scenario(nodes, links, run);
}

export interface RunRow extends ReplicationKpis {
  exits: number;
  sojournSeconds: number;
}

/** Runs every replication and returns per-replication KPIs (for confidence intervals). */
export function runRows(s: Scenario, overrides: RunOverrides = {}): RunRow[] {
  const model = compileScenario(s, overrides);
  const sim = new LineSimulator(model);
  const layout = recordLayout(model);
  const table = new Float64Array(model.replications * layout.size);
  const rows: RunRow[] = [];
  for (let r = 0; r < model.replications; r++) {
    sim.run(r, model.seed);
    writeRecord(model, sim.st, layout, sim.nowUs, sim.kernel.events, table, r);
    const base = r * layout.size;
    rows.push({
      ...replicationKpis(model, layout, table, r),
      exits: table[base + LineField.exits],
      sojournSeconds: table[base + LineField.sojournSumUs] / US_PER_SECOND,
    });
  }
  return rows;
}
