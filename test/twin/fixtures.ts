/**
 * Scenarios for the physics twin tests: a short line with one belt of each kind (straight
 * accumulating, bent non-accumulating over two corners, straight into the sink).
 */
import type { Distribution, Scenario, ScenarioNode } from '../../engine/model/types';
import { scenario } from '../support/scenarios';

/**
 * in → c1 → s1 → c2 (bent, non-accumulating) → s2 → b → s3 → c3 → out. The sources and the
 * buffer are points, the stations 2 × 1.5 m machines; lengths along the belts: c1 3 m, c2 6 m,
 * c3 3 m, all at 0.5 m/s (transport 6, 12, 6 s).
 */
export function beltLine(cycles: [Distribution, Distribution, Distribution], run: Partial<Scenario['run']> = {},
  source?: Distribution): Scenario {
  const nodes: ScenarioNode[] = [
    { id: 'in', type: 'source', ...(source ? { interarrival: source } : {}) },
    { id: 's1', type: 'station', kind: 'machine', cycle: cycles[0] },
    { id: 's2', type: 'station', kind: 'machine', cycle: cycles[1] },
    { id: 'b', type: 'buffer', capacity: 3 },
    { id: 's3', type: 'station', kind: 'machine', cycle: cycles[2] },
    { id: 'out', type: 'sink' },
  ];
  const links: [string, string][] = [['in', 's1'], ['s1', 's2'], ['s2', 'b'], ['b', 's3'], ['s3', 'out']];
  return scenario(nodes, links, { lengthSeconds: 600, ...run }, {
    layout: {
      units: 'm',
      nodes: {
        in: { position: [0, 0], heading: 0 },
        s1: { position: [4, 0], heading: 0 },
        s2: { position: [10, 2], heading: 0 },
        b: { position: [12.5, 2], heading: 0 },
        s3: { position: [15, 2], heading: 0 },
        out: { position: [19, 2], heading: 0 },
      },
      conveyors: [
        { id: 'c1', from: 'in', to: 's1', width: 0.5, speedMetersPerSecond: 0.5, accumulating: true },
        {
          id: 'c2', from: 's1', to: 's2', width: 0.5, speedMetersPerSecond: 0.5, accumulating: false,
          path: [[5, 0], [7, 0], [7, 2], [9, 2]], partSpacing: 0.4,
        },
        { id: 'c3', from: 's3', to: 'out', width: 0.5, speedMetersPerSecond: 0.5, accumulating: true },
      ],
    },
  });
}
