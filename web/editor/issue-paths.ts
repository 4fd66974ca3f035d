/**
 * Which node an issue is about, from its JSON path, so the issue list can select it:
 * `nodes[3].cycle.mean` → node 3, `links[2][1]` → the link's end, `layout.nodes.b1` → b1,
 * `layout.conveyors[4]` → the conveyor's `from`, `layout.robots[0]` → its station.
 */
import type { Scenario } from '../../engine/model/types';
import { parsePath } from '../../engine/model/paths';

export function nodeIdForPath(doc: Scenario, path: string): string | null {
  const segs = parsePath(path);
  if (!segs || segs.length < 2) return null;
  const exists = (id: unknown): string | null => (typeof id === 'string' && doc.nodes.some((n) => n.id === id) ? id : null);
  const [a, b, c] = segs;
  if (a === 'nodes' && typeof b === 'number') return exists(doc.nodes[b]?.id);
  if (a === 'links' && typeof b === 'number') return exists(doc.links[b]?.[c === 1 ? 1 : 0]);
  if (a !== 'layout') return null;
  if (b === 'nodes' && typeof c === 'string') return exists(c);
  const index = segs[2];
  if (typeof index !== 'number') return null;
  if (b === 'conveyors') {
    const conveyor = doc.layout?.conveyors?.[index];
    return exists(segs[3] === 'to' ? conveyor?.to : conveyor?.from);
  }
  if (b === 'robots') return exists(doc.layout?.robots?.[index]?.station);
  return null;
}
