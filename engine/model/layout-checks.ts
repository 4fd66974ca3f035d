/**
 * The layout rules that need the whole document (docs/scenario-format.md "Layout"): ids and the
 * references to nodes, links and worker pools, and the geometry — footprints that overlap,
 * conveyors that do not connect, have zero length or cut through another node. Runs on a document
 * whose shape is valid (schema.ts), so types and ranges are trusted. The analysis it builds (placed
 * nodes, conveyor centre lines) is what compileLayout turns into the physics layout.
 */
import type { Issue, NodePlacement, Point2, Scenario, ScenarioNode } from './types';
import { formatPath } from './paths';
import { CONNECT_TOLERANCE_M, DEFAULT_FOOTPRINTS, MIN_LENGTH_M, OVERLAP_TOLERANCE_M } from './layout-schema';
import {
  distanceToRect, exitDistance, footprintRect, polylineLength, RectIndex, rectsOverlap, sectionRect, type Rect,
} from './layout-geometry';

/** A node the layout places. */
export interface PlacedNode {
  id: string;
  /** Index in the scenario's `nodes`. */
  index: number;
  placement: NodePlacement;
  /** The footprint with defaults applied; null for a point (a source, buffer or sink without one). */
  footprint: readonly [number, number] | null;
  rect: Rect | null;
}

/** A conveyor's centre line on the floor, start to end, and the link it realises. */
export interface ResolvedConveyor {
  /** Index in `layout.conveyors`. */
  index: number;
  /** Index in the scenario's `links`. */
  linkIndex: number;
  points: Point2[];
  lengthM: number;
}

export interface LayoutAnalysis {
  issues: Issue[];
  /** Placed nodes, in the order of the scenario's `nodes`. */
  nodes: PlacedNode[];
  /** The conveyors whose geometry could be resolved, in layout order. */
  conveyors: ResolvedConveyor[];
}

type Path = PropertyKey[];
type Add = (path: Path, message: string) => void;
const q = JSON.stringify;

/** The footprint of a placed node: its own, else its station kind's default, else none. */
export function footprintOf(node: ScenarioNode, placement: NodePlacement): readonly [number, number] | null {
  if (placement.footprint) return placement.footprint;
  return node.type === 'station' ? DEFAULT_FOOTPRINTS[node.kind ?? 'machine'] : null;
}

export function checkLayout(s: Scenario): Issue[] {
  return analyseLayout(s).issues;
}

export function analyseLayout(s: Scenario): LayoutAnalysis {
  const issues: Issue[] = [];
  const add: Add = (path, message) => issues.push({ path: formatPath(path), message });
  const result: LayoutAnalysis = { issues, nodes: [], conveyors: [] };
  const layout = s.layout;
  if (!layout) return result;

  const nodeIndex = firstIndex(s.nodes);
  const placements = layout.nodes ?? {};
  for (const id of Object.keys(placements)) {
    if (!nodeIndex.has(id)) add(['layout', 'nodes', id], `unknown node ${q(id)}`);
  }
  const placedById = new Map<string, PlacedNode>();
  s.nodes.forEach((node, index) => {
    if (nodeIndex.get(node.id) !== index || !Object.hasOwn(placements, node.id)) return;
    const placement = placements[node.id];
    const footprint = footprintOf(node, placement);
    const rect = footprint ? footprintRect(placement.position, placement.heading, footprint) : null;
    const placed: PlacedNode = { id: node.id, index, placement, footprint, rect };
    result.nodes.push(placed);
    placedById.set(node.id, placed);
  });

  // Footprints that overlap: reported on the later node (in `nodes` order), naming the earlier.
  const solid = result.nodes.filter((n) => n.rect !== null);
  const index = new RectIndex(solid.map((n) => n.rect!));
  const overlapped = solid.map(() => [] as number[]);
  for (const [i, j] of index.overlappingPairs(OVERLAP_TOLERANCE_M)) overlapped[j].push(i);
  overlapped.forEach((others, j) => {
    if (others.length) add(['layout', 'nodes', solid[j].id], `footprint overlaps ${names(others.sort((a, b) => a - b).map((i) => solid[i].id))}`);
  });

  const context: ConveyorContext = { s, nodeIndex, placedById, solid, index, add };
  checkConveyors(context, result.conveyors);

  (layout.aisles ?? []).forEach((aisle, i) => checkSections(aisle.path, ['layout', 'aisles', i, 'path'], add));
  uniqueIds(layout.aisles ?? [], ['layout', 'aisles'], add);

  uniqueIds(layout.robots ?? [], ['layout', 'robots'], add);
  (layout.robots ?? []).forEach((robot, i) => {
    const at = ['layout', 'robots', i, 'station'];
    const n = nodeIndex.get(robot.station);
    if (n === undefined) add(at, `unknown node ${q(robot.station)}`);
    else if (s.nodes[n].type !== 'station') add(at, `${q(robot.station)} is a ${s.nodes[n].type}, not a station`);
    else if (!placedById.has(robot.station)) add(at, notPlaced('station', robot.station));
  });

  uniqueIds(layout.humanoids ?? [], ['layout', 'humanoids'], add);
  const pools = s.workers ?? [];
  const poolIndex = firstIndex(pools);
  const agents = new Map<string, number>();
  (layout.humanoids ?? []).forEach((h, i) => {
    const at = ['layout', 'humanoids', i, 'pool'];
    const p = poolIndex.get(h.pool);
    if (p === undefined) return add(at, `unknown worker pool ${q(h.pool)}`);
    if (pools[p].kind !== 'humanoid') return add(at, `pool ${q(h.pool)} is ${pools[p].kind}: a humanoid agent needs a humanoid pool`);
    const count = (agents.get(h.pool) ?? 0) + 1;
    agents.set(h.pool, count);
    if (count > pools[p].count) add(at, `pool ${q(h.pool)} has ${pools[p].count} operators: this is agent ${count}`);
  });
  return result;
}

interface ConveyorContext {
  s: Scenario;
  nodeIndex: Map<string, number>;
  placedById: Map<string, PlacedNode>;
  /** Placed nodes with a footprint, and their index. */
  solid: PlacedNode[];
  index: RectIndex;
  add: Add;
}

function checkConveyors(c: ConveyorContext, out: ResolvedConveyor[]): void {
  const conveyors = c.s.layout?.conveyors ?? [];
  uniqueIds(conveyors, ['layout', 'conveyors'], c.add);
  const links = new Map<string, number>();
  c.s.links.forEach(([a, b], i) => {
    const key = q([a, b]);
    if (!links.has(key)) links.set(key, i);
  });
  const realised = new Map<number, number>();

  conveyors.forEach((conv, i) => {
    const at = (...rest: Path): Path => ['layout', 'conveyors', i, ...rest];
    const end = (id: string, key: 'from' | 'to'): PlacedNode | undefined => {
      if (!c.nodeIndex.has(id)) return void c.add(at(key), `unknown node ${q(id)}`);
      const placed = c.placedById.get(id);
      if (!placed) c.add(at(key), notPlaced('node', id));
      return placed;
    };
    const from = end(conv.from, 'from');
    const to = end(conv.to, 'to');
    let linkIndex: number | undefined;
    if (c.nodeIndex.has(conv.from) && c.nodeIndex.has(conv.to)) {
      linkIndex = links.get(q([conv.from, conv.to]));
      const first = linkIndex === undefined ? undefined : realised.get(linkIndex);
      if (linkIndex === undefined) c.add(at(), `realises no link: links has no [${q(conv.from)}, ${q(conv.to)}]`);
      else if (first !== undefined) {
        c.add(at(), `link [${q(conv.from)}, ${q(conv.to)}] already has conveyor ${q(conveyors[first].id)} (layout.conveyors[${first}])`);
        linkIndex = undefined;
      } else realised.set(linkIndex, i);
    }
    // Geometry only for a conveyor on a link of its own: at most one per link keeps the work bounded.
    if (!from || !to || linkIndex === undefined) return;

    let points: Point2[] | undefined;
    if (conv.path) {
      const ok = checkSections(conv.path, at('path'), c.add);
      connects(conv.path[0], from, at('path', 0), c.add);
      connects(conv.path[conv.path.length - 1], to, at('path', conv.path.length - 1), c.add);
      if (ok) points = conv.path;
    } else points = straightBetween(from, to, at(), c.add);
    if (!points) return;

    // Footprints the belt cuts through, other than its own ends; a few are enough to name.
    const crossed = new Set<number>();
    for (let k = 1; k < points.length && crossed.size <= MAX_NAMED; k++) {
      const section = sectionRect(points[k - 1], points[k], conv.width);
      c.index.near(section, (j) => {
        const other = c.solid[j];
        if (other !== from && other !== to && rectsOverlap(section, other.rect!, OVERLAP_TOLERANCE_M)) crossed.add(j);
        return crossed.size > MAX_NAMED;
      });
    }
    const ids = [...crossed].sort((a, b) => a - b).map((j) => c.solid[j].id);
    if (ids.length === 1) c.add(at(), `crosses the footprint of ${q(ids[0])}`);
    else if (ids.length) c.add(at(), `crosses the footprints of ${ids.length > MAX_NAMED ? `${names(ids.slice(0, MAX_NAMED))} and more` : names(ids)}`);
    out.push({ index: i, linkIndex, points, lengthM: polylineLength(points) });
  });
}

/** Whether an end of a conveyor's path lies within the tolerance of its node. */
function connects(point: Point2, node: PlacedNode, at: Path, add: Add): void {
  const [x, y] = node.placement.position;
  const distance = node.rect ? distanceToRect(point, node.rect) : Math.hypot(point[0] - x, point[1] - y);
  if (distance > CONNECT_TOLERANCE_M) {
    add(at, `does not connect to ${q(node.id)}: ${distance.toFixed(2)} m from its ${node.rect ? 'footprint' : 'position'} (at most ${CONNECT_TOLERANCE_M} m)`);
  }
}

/**
 * A conveyor without a path runs straight along the line between the two nodes' positions, from
 * where it leaves `from`'s footprint to where it enters `to`'s (a point node: its position).
 */
function straightBetween(from: PlacedNode, to: PlacedNode, at: Path, add: Add): Point2[] | undefined {
  const [ax, ay] = from.placement.position;
  const [bx, by] = to.placement.position;
  const distance = Math.hypot(bx - ax, by - ay);
  if (distance < MIN_LENGTH_M) {
    add(at, `has zero length: ${q(from.id)} and ${q(to.id)} are at the same position`);
    return undefined;
  }
  const wx = (bx - ax) / distance, wy = (by - ay) / distance;
  const startAt = from.rect ? exitDistance(from.rect, wx, wy) : 0;
  const endAt = distance - (to.rect ? exitDistance(to.rect, -wx, -wy) : 0);
  if (endAt - startAt < MIN_LENGTH_M) {
    add(at, `has zero length: no room between the footprints of ${q(from.id)} and ${q(to.id)} (move them apart or give a path)`);
    return undefined;
  }
  return [[ax + wx * startAt, ay + wy * startAt], [ax + wx * endAt, ay + wy * endAt]];
}

/** Reports sections of a polyline shorter than MIN_LENGTH_M; true when there are none. */
function checkSections(points: readonly Point2[], at: Path, add: Add): boolean {
  let ok = true;
  for (let k = 1; k < points.length; k++) {
    if (Math.hypot(points[k][0] - points[k - 1][0], points[k][1] - points[k - 1][1]) < MIN_LENGTH_M) {
      add([...at, k], `zero length: the same point as path[${k - 1}]`);
      ok = false;
    }
  }
  return ok;
}

/** How many other nodes one issue names. */
const MAX_NAMED = 3;

/** "a", "b", "c" and 4 more: one issue names a few, however many there are. */
function names(ids: string[]): string {
  const shown = ids.slice(0, MAX_NAMED).map((id) => q(id)).join(', ');
  return ids.length > MAX_NAMED ? `${shown} and ${ids.length - MAX_NAMED} more` : shown;
}

function notPlaced(what: string, id: string): string {
  return `${what} ${q(id)} is not placed (layout.nodes has no entry for it)`;
}

function firstIndex(items: readonly { id: string }[]): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (!index.has(item.id)) index.set(item.id, i);
  });
  return index;
}

function uniqueIds(items: readonly { id: string }[], list: Path, add: Add): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else add([...list, i, 'id'], `duplicate id ${q(item.id)} (also ${formatPath([...list, first])})`);
  });
}
