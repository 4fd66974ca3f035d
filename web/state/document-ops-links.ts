/**
 * Editing recipes (document-ops.ts) for the flow between nodes: links, the conveyors that carry
 * them, and a node's route rule over its outgoing links. Together because each keeps the others
 * consistent (a link's conveyor goes with it; a probability route weighs exactly its targets).
 */
import type { ConveyorPlacement, Scenario } from '../../engine/model/types';
import { LIMITS } from '../../engine/model/schema-parts';
import { ensureLayout, findNode, isValidId, placementOf, setIn, uniqueId, type PathSegment, type RouteRule } from './document-ops-base';

/** A new conveyor (docs: Layout → Conveyors). */
export const DEFAULT_CONVEYOR = { width: 0.5, speedMetersPerSecond: 0.3, accumulating: true } as const;

// ---- links and conveyors ---------------------------------------------------------------------

export function hasLink(doc: Scenario, from: string, to: string): boolean {
  return doc.links.some(([a, b]) => a === from && b === to);
}

/**
 * Adds the link ["from", "to"]. Refused (false) for an unknown node, a loop onto itself or a link
 * that exists. A `from` with a probability route gets weight 1 for the new target, so the route
 * still weighs exactly its targets.
 */
export function connect(doc: Scenario, from: string, to: string): boolean {
  const source = findNode(doc, from);
  if (!source || !findNode(doc, to) || from === to || hasLink(doc, from, to)) return false;
  doc.links.push([from, to]);
  if (source.route?.rule === 'probability' && !Object.hasOwn(source.route.weights, to)) source.route.weights[to] = 1;
  return true;
}

/** Removes the link ["from", "to"], its conveyor, and `to`'s weight in `from`'s probability route. */
export function disconnect(doc: Scenario, from: string, to: string): boolean {
  if (!hasLink(doc, from, to)) return false;
  doc.links = doc.links.filter(([a, b]) => !(a === from && b === to));
  const layout = doc.layout;
  if (layout?.conveyors?.some((c) => c.from === from && c.to === to)) {
    layout.conveyors = layout.conveyors.filter((c) => !(c.from === from && c.to === to));
  }
  const source = findNode(doc, from);
  if (source?.route?.rule === 'probability' && Object.hasOwn(source.route.weights, to)) delete source.route.weights[to];
  return true;
}

function conveyorId(doc: Scenario, from: string, to: string): string {
  const taken = new Set((doc.layout?.conveyors ?? []).map((c) => c.id));
  const base = `c-${from}-${to}`;
  if (isValidId(base) && !taken.has(base)) return base;
  if (isValidId(base) && base.length <= LIMITS.idLength - 4) return uniqueId(base, taken);
  return uniqueId('conveyor', taken);
}

/**
 * Connects `from` to `to` (if they are not linked yet) and, when both nodes are placed and the link
 * has no conveyor, adds a straight belt for it (width 0.5 m, 0.3 m/s, accumulating). False when
 * nothing changed.
 */
export function addConveyor(doc: Scenario, from: string, to: string): boolean {
  let changed = false;
  if (!hasLink(doc, from, to)) {
    if (!connect(doc, from, to)) return false;
    changed = true;
  }
  if (!placementOf(doc, from) || !placementOf(doc, to)) return changed;
  const layout = ensureLayout(doc);
  if (layout.conveyors?.some((c) => c.from === from && c.to === to)) return changed;
  const conveyor: ConveyorPlacement = { id: conveyorId(doc, from, to), from, to, ...DEFAULT_CONVEYOR };
  if (!layout.conveyors) layout.conveyors = [];
  layout.conveyors.push(conveyor);
  return true;
}

/** Removes a conveyor; its link stays. */
export function removeConveyor(doc: Scenario, id: string): boolean {
  const list = doc.layout?.conveyors;
  const index = list ? list.findIndex((c) => c.id === id) : -1;
  if (!list || index < 0) return false;
  list.splice(index, 1);
  return true;
}

/** Sets a field of a conveyor (`width`, `speedMetersPerSecond`, `accumulating`, `partSpacing`, `path`…). */
export function setConveyorField(doc: Scenario, id: string, path: readonly PathSegment[], value: unknown): boolean {
  const index = (doc.layout?.conveyors ?? []).findIndex((c) => c.id === id);
  if (index < 0 || path.length === 0 || path[0] === 'id' || path[0] === 'from' || path[0] === 'to') return false;
  return setIn(doc, ['layout', 'conveyors', index, ...path], value);
}

/** Sets a node's route rule; a probability route weighs each current target 1. firstAvailable (the default) removes `route`. */
export function setRoute(doc: Scenario, id: string, rule: RouteRule): boolean {
  const node = findNode(doc, id);
  if (!node) return false;
  if (rule === 'firstAvailable') {
    if (!node.route) return false;
    delete node.route;
    return true;
  }
  if (node.route?.rule === rule) return false;
  if (rule === 'roundRobin') node.route = { rule };
  else {
    const weights: Record<string, number> = {};
    for (const [a, b] of doc.links) if (a === id) weights[b] = 1;
    node.route = { rule, weights };
  }
  return true;
}
