/** Scenarios with a physical layout, shared by the layout tests. Fresh copies: tests may mutate. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { designExample, type Doc } from './fixtures';

export const SCENES_DIR = fileURLToPath(new URL('../../scenes/', import.meta.url));

/** The default scene, scenes/assembly-line/scenario.json, with its layout. */
export function assemblyLine(): Doc {
  return JSON.parse(readFileSync(`${SCENES_DIR}assembly-line/scenario.json`, 'utf8'));
}

/**
 * The DESIGN §9 serial line on a straight floor plan along +x, easy to compute by hand:
 *
 *   in (point, 0,0) —c1→ s1 (machine 2 × 1.5 at 2,0: x 1…3) —c2→ b1 (point, 4,0)
 *   —c3→ s2 (machine 2 × 1.5 at 6,0: x 5…7) —c4→ out (point, 8.5,0)
 *
 * Straight conveyors, so c1 runs x 0→1 (1 m), c2 3→4, c3 4→5, c4 7→8.5. Two worker pools (one
 * human, one humanoid of 1), a UR5 at s1, one humanoid agent, one aisle along y = −2.
 */
export function serialLine(): Doc {
  const doc: Doc = designExample();
  doc.workers = [
    { id: 'people', kind: 'human', count: 2 },
    { id: 'robo', kind: 'humanoid', count: 1 },
  ];
  doc.layout = {
    units: 'm',
    nodes: {
      in: { position: [0, 0], heading: 0 },
      s1: { position: [2, 0], heading: 0 },
      b1: { position: [4, 0], heading: 0 },
      s2: { position: [6, 0], heading: 0 },
      out: { position: [8.5, 0], heading: 0 },
    },
    conveyors: [
      { id: 'c1', from: 'in', to: 's1', width: 0.5, speedMetersPerSecond: 0.5, accumulating: true },
      { id: 'c2', from: 's1', to: 'b1', width: 0.5, speedMetersPerSecond: 0.5, accumulating: true },
      { id: 'c3', from: 'b1', to: 's2', width: 0.5, speedMetersPerSecond: 0.25, accumulating: true, partSpacing: 0.4 },
      { id: 'c4', from: 's2', to: 'out', width: 0.5, speedMetersPerSecond: 0.5, accumulating: false },
    ],
    aisles: [{ id: 'walk', path: [[-1, -2], [9, -2]], width: 1.2 }],
    robots: [{ id: 'arm', station: 's1', urdf: 'robots/ur5.urdf', basePose: { position: [2, 0.6, 0.8], yaw: -90 } }],
    humanoids: [{ id: 'h1', pool: 'robo', walkSpeed: 1.2 }],
  };
  return doc;
}

