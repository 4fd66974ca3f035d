/**
 * Editing recipes (document-ops.ts) for the nodes themselves: add, remove, rename, edit a field, and
 * a station's failures. Removing and renaming reach every reference to the node (links, route
 * weights, rework targets, placement, conveyors, robots), which is why they live together.
 */
import type { Failure, Point2, Scenario, ScenarioNode, StationNode } from '../../engine/model/types';
import {
  clampCoordinate, DEFAULT_GRID_M, ensureLayout, findNode, isValidId, nodeIds, nodeIndex, renameKey, setIn, snap, uniqueId,
  type AddableKind, type PathSegment,
} from './document-ops-base';
import { freeSpot } from './document-ops-placement';

// ---- nodes -----------------------------------------------------------------------------------

/** A new node with sensible defaults (docs: Nodes). */
export function defaultNode(kind: AddableKind, id: string): ScenarioNode {
  switch (kind) {
    case 'station':
      return { id, type: 'station', kind: 'machine', cycle: { dist: 'normal', mean: 30, sd: 3 } };
    case 'buffer':
      return { id, type: 'buffer', capacity: 10 };
    case 'source':
      return { id, type: 'source' };
    case 'sink':
      return { id, type: 'sink' };
  }
}

/**
 * Adds a node of `kind` with a unique id (`station-3`) and places it at `at` (snapped), or at a
 * free spot. Returns the new id.
 */
export function addNode(doc: Scenario, kind: AddableKind, at?: Point2, gridM = DEFAULT_GRID_M): string {
  const id = uniqueId(kind, nodeIds(doc));
  doc.nodes.push(defaultNode(kind, id));
  const spot = at && Number.isFinite(at[0]) && Number.isFinite(at[1]) ? at : freeSpot(doc, kind, gridM);
  const layout = ensureLayout(doc);
  if (!layout.nodes) layout.nodes = {};
  layout.nodes[id] = {
    position: [clampCoordinate(snap(spot[0], gridM)), clampCoordinate(snap(spot[1], gridM))],
    heading: 0,
  };
  return id;
}

/**
 * Removes a node and everything that names it: its links (and their conveyors), its placement,
 * the route weights and rework targets of other nodes that name it, and the robots working at it.
 */
export function removeNode(doc: Scenario, id: string): boolean {
  const index = nodeIndex(doc, id);
  if (index < 0) return false;
  doc.nodes.splice(index, 1);
  if (doc.links.some(([a, b]) => a === id || b === id)) doc.links = doc.links.filter(([a, b]) => a !== id && b !== id);
  for (const node of doc.nodes) {
    if (node.route?.rule === 'probability' && Object.hasOwn(node.route.weights, id)) delete node.route.weights[id];
    if (node.type === 'station' && node.rework?.to === id) delete node.rework;
  }
  const layout = doc.layout;
  if (layout) {
    if (layout.nodes && Object.hasOwn(layout.nodes, id)) delete layout.nodes[id];
    if (layout.conveyors?.some((c) => c.from === id || c.to === id)) {
      layout.conveyors = layout.conveyors.filter((c) => c.from !== id && c.to !== id);
    }
    if (layout.robots?.some((r) => r.station === id)) layout.robots = layout.robots.filter((r) => r.station !== id);
  }
  return true;
}

/** Renames a node and every reference to it. False when `to` is not a valid, unused id. */
export function renameNode(doc: Scenario, from: string, to: string): boolean {
  const node = findNode(doc, from);
  if (!node || from === to || !isValidId(to) || nodeIds(doc).has(to)) return false;
  node.id = to;
  doc.links.forEach((link, i) => {
    if (link[0] === from || link[1] === from) doc.links[i] = [link[0] === from ? to : link[0], link[1] === from ? to : link[1]];
  });
  for (const n of doc.nodes) {
    if (n.route?.rule === 'probability' && Object.hasOwn(n.route.weights, from)) n.route.weights = renameKey(n.route.weights, from, to);
    if (n.type === 'station' && n.rework?.to === from) n.rework.to = to;
  }
  const layout = doc.layout;
  if (layout) {
    if (layout.nodes && Object.hasOwn(layout.nodes, from)) layout.nodes = renameKey(layout.nodes, from, to);
    for (const c of layout.conveyors ?? []) {
      if (c.from === from) c.from = to;
      if (c.to === from) c.to = to;
    }
    for (const r of layout.robots ?? []) if (r.station === from) r.station = to;
  }
  return true;
}

/**
 * Sets a field of a node by a path relative to it (`['cycle', 'mean']`, `['failures', 0, 'ttr']`);
 * undefined removes it. The id is changed with renameNode and the type not at all.
 */
export function setNodeField(doc: Scenario, id: string, path: readonly PathSegment[], value: unknown): boolean {
  const index = nodeIndex(doc, id);
  if (index < 0 || path.length === 0 || path[0] === 'id' || path[0] === 'type') return false;
  return setIn(doc, ['nodes', index, ...path], value);
}

// ---- failures --------------------------------------------------------------------------------

export function defaultFailure(): Failure {
  return { basis: 'operating', ttf: { dist: 'exponential', mean: 3600 }, ttr: { dist: 'exponential', mean: 300 } };
}

function station(doc: Scenario, id: string): StationNode | undefined {
  const node = findNode(doc, id);
  return node?.type === 'station' ? node : undefined;
}

export function addFailure(doc: Scenario, id: string, failure: Failure = defaultFailure()): boolean {
  const s = station(doc, id);
  if (!s) return false;
  if (!s.failures) s.failures = [];
  s.failures.push(failure);
  return true;
}

/** Removes failure `index` of a station; an emptied list is removed. */
export function removeFailure(doc: Scenario, id: string, index: number): boolean {
  const s = station(doc, id);
  if (!s?.failures || index < 0 || index >= s.failures.length) return false;
  s.failures.splice(index, 1);
  if (s.failures.length === 0) delete s.failures;
  return true;
}
