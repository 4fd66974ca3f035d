/**
 * The editing operations of the scenario editor (issue 5) as pure recipes: each takes a mutable
 * scenario (an immer draft inside the store, web/state/document.ts) and changes it in place, or
 * leaves it alone and returns false when the edit does not apply (an unknown id, a duplicate link).
 * No signals, no DOM: the store wraps each one in an undoable step, and tests can call them on
 * plain objects too.
 *
 * Rules shared by all recipes:
 * - A key is removed with `delete`, never set to undefined (JSON would drop it; the store's patches
 *   would not).
 * - Recipes keep the document's references consistent where the edit implies it (removing a node
 *   removes its links, conveyors, placement, route weights, rework targets and robots; renaming an
 *   id renames every reference), and leave everything else to validation: the store keeps invalid
 *   documents, the user may be mid-edit.
 */
import type {
  Calendar, ConveyorPlacement, DayPeriod, Failure, NodePlacement, Point2, Route, Scenario, ScenarioLayout,
  ScenarioNode, StationNode, WorkerKind, WorkerPool,
} from '../../engine/model/types';
import { DEFAULT_FOOTPRINTS, LAYOUT_LIMITS } from '../../engine/model/layout-schema';
import { ID_PATTERN, LIMITS } from '../../engine/model/schema-parts';

export type AddableKind = 'station' | 'buffer' | 'source' | 'sink';
export type PathSegment = string | number;
export type RouteRule = Route['rule'];

/** Default floor grid, metres. */
export const DEFAULT_GRID_M = 0.25;
/** Heading step when rotation snapping is on, degrees. */
export const DEFAULT_ANGLE_SNAP_DEG = 15;
/** A new conveyor (docs: Layout → Conveyors). */
export const DEFAULT_CONVEYOR = { width: 0.5, speedMetersPerSecond: 0.3, accumulating: true } as const;

// ---- numbers ---------------------------------------------------------------------------------

/** Rounds to a micrometre and turns −0 into 0, so snapped values print as typed (0.75, not 0.7500000000000001). */
export function clean(value: number): number {
  const r = Math.round(value * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

/** `value` rounded to the nearest multiple of `gridM`; unchanged (but cleaned) when the grid is off (≤ 0). */
export function snap(value: number, gridM: number): number {
  if (!Number.isFinite(value)) return value;
  if (!(gridM > 0)) return clean(value);
  return clean(Math.round(value / gridM) * gridM);
}

/** An angle in degrees normalised to (−180, 180]. */
export function normaliseAngle(degrees: number): number {
  if (!Number.isFinite(degrees)) return degrees;
  let a = clean(((degrees % 360) + 360) % 360);
  if (a > 180) a = clean(a - 360);
  return a === -180 ? 180 : a;
}

/** Rounds an angle to the nearest multiple of `stepDeg` (off when ≤ 0), normalised to (−180, 180]. */
export function snapAngle(degrees: number, stepDeg: number): number {
  return normaliseAngle(stepDeg > 0 ? Math.round(degrees / stepDeg) * stepDeg : degrees);
}

function clampCoordinate(v: number): number {
  const c = LAYOUT_LIMITS.coordinate;
  return Math.min(c, Math.max(-c, v));
}

// ---- ids and lookups -------------------------------------------------------------------------

export function isValidId(id: string): boolean {
  return typeof id === 'string' && id.length >= 1 && id.length <= LIMITS.idLength && ID_PATTERN.test(id) && id !== '__proto__';
}

/** `prefix-N` with the smallest N ≥ 1 that `taken` does not hold. */
export function uniqueId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}-${n}`;
    if (!taken.has(id)) return id;
  }
}

export function nodeIndex(doc: Scenario, id: string): number {
  return doc.nodes.findIndex((n) => n.id === id);
}

export function findNode(doc: Scenario, id: string): ScenarioNode | undefined {
  return doc.nodes.find((n) => n.id === id);
}

function nodeIds(doc: Scenario): Set<string> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const id of Object.keys(doc.layout?.nodes ?? {})) ids.add(id);
  return ids;
}

function ensureLayout(doc: Scenario): ScenarioLayout {
  if (!doc.layout) doc.layout = { units: 'm' };
  return doc.layout;
}

function placementOf(doc: Scenario, id: string): NodePlacement | undefined {
  const nodes = doc.layout?.nodes;
  return nodes && Object.hasOwn(nodes, id) ? nodes[id] : undefined;
}

/** A copy of `record` with `from` renamed to `to`, keeping the key order. */
function renameKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(record)) out[k === from ? to : k] = v;
  return out;
}

// ---- generic paths ---------------------------------------------------------------------------

/** The value at `path` in `root`, or undefined. Only own keys are followed. */
export function getIn(root: unknown, path: readonly PathSegment[]): unknown {
  let at: unknown = root;
  for (const seg of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, seg)) return undefined;
    at = (at as Record<PathSegment, unknown>)[seg];
  }
  return at;
}

/**
 * Sets the value at `path` (undefined removes the key, or the array item), creating missing objects
 * and arrays on the way (an array where the next segment is a number). Returns false when the path
 * cannot be followed (a primitive on the way) or names "__proto__", and when nothing changes.
 */
export function setIn(root: object, path: readonly PathSegment[], value: unknown): boolean {
  if (path.length === 0 || path.some((s) => s === '__proto__' || s === 'constructor' || s === 'prototype')) return false;
  let at = root as Record<PathSegment, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    let next = Object.hasOwn(at, seg) ? at[seg] : undefined;
    if (next === undefined) {
      if (value === undefined) return false; // removing under a missing key: nothing to do
      next = typeof path[i + 1] === 'number' ? [] : {};
      at[seg] = next;
    }
    if (typeof next !== 'object' || next === null) return false;
    at = next as Record<PathSegment, unknown>;
  }
  const key = path[path.length - 1];
  if (value === undefined) {
    if (!Object.hasOwn(at, key)) return false;
    if (Array.isArray(at) && typeof key === 'number') at.splice(key, 1);
    else delete at[key];
    return true;
  }
  if (Object.hasOwn(at, key) && Object.is(at[key], value)) return false;
  at[key] = value;
  return true;
}

// ---- placement -------------------------------------------------------------------------------

type Transform = (p: Point2) => Point2;

/**
 * Moves what is attached to a node with it: the end of a conveyor path at the node and the base of
 * a robot working at it. (A straight conveyor follows by itself: it runs between the positions.)
 */
function moveAttachments(doc: Scenario, id: string, transform: Transform, yawDelta: number): void {
  const layout = doc.layout;
  if (!layout) return;
  for (const c of layout.conveyors ?? []) {
    if (!c.path || c.path.length < 2) continue;
    if (c.from === id) c.path[0] = transform(c.path[0]);
    if (c.to === id) c.path[c.path.length - 1] = transform(c.path[c.path.length - 1]);
  }
  for (const r of layout.robots ?? []) {
    if (r.station !== id) continue;
    const [x, y] = transform([r.basePose.position[0], r.basePose.position[1]]);
    r.basePose.position = [x, y, r.basePose.position[2]];
    if (yawDelta !== 0) r.basePose.yaw = normaliseAngle(r.basePose.yaw + yawDelta);
  }
}

/**
 * Places node `id` at `at` snapped to the grid (and within the ±1000 m floor). An unplaced node gets
 * a placement with heading 0. Conveyor path ends and robots attached to the node move with it.
 */
export function moveNode(doc: Scenario, id: string, at: Point2, gridM = DEFAULT_GRID_M): boolean {
  if (!findNode(doc, id) || !Number.isFinite(at[0]) || !Number.isFinite(at[1])) return false;
  const x = clampCoordinate(snap(at[0], gridM));
  const y = clampCoordinate(snap(at[1], gridM));
  const layout = ensureLayout(doc);
  if (!layout.nodes) layout.nodes = {};
  const p = placementOf(doc, id);
  if (!p) {
    layout.nodes[id] = { position: [x, y], heading: 0 };
    return true;
  }
  const [ox, oy] = p.position;
  if (ox === x && oy === y) return false;
  p.position = [x, y];
  const dx = x - ox;
  const dy = y - oy;
  moveAttachments(doc, id, ([px, py]) => [clean(px + dx), clean(py + dy)], 0);
  return true;
}

/**
 * Sets the heading of a placed node (degrees, normalised to (−180, 180], rounded to `snapDeg` when
 * that is > 0). Conveyor path ends and robots at the node turn with it about its position.
 */
export function rotateNode(doc: Scenario, id: string, degrees: number, snapDeg = 0): boolean {
  const p = placementOf(doc, id);
  if (!p || !findNode(doc, id) || !Number.isFinite(degrees)) return false;
  const heading = snapAngle(degrees, snapDeg);
  if (heading === p.heading) return false;
  const delta = heading - p.heading;
  p.heading = heading;
  const [cx, cy] = p.position;
  const rad = (delta * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  moveAttachments(
    doc, id,
    ([px, py]) => [clean(cx + (px - cx) * cos - (py - cy) * sin), clean(cy + (px - cx) * sin + (py - cy) * cos)],
    delta,
  );
  return true;
}

/** Turns a placed node by `deltaDeg` (see rotateNode). */
export function turnNode(doc: Scenario, id: string, deltaDeg: number, snapDeg = 0): boolean {
  const p = placementOf(doc, id);
  return p ? rotateNode(doc, id, p.heading + deltaDeg, snapDeg) : false;
}

/** Sets (or with undefined removes) a node's footprint [length, width]. */
export function setFootprint(doc: Scenario, id: string, footprint: [number, number] | undefined): boolean {
  const p = placementOf(doc, id);
  if (!p) return false;
  if (footprint === undefined) {
    if (!p.footprint) return false;
    delete p.footprint;
    return true;
  }
  if (p.footprint && p.footprint[0] === footprint[0] && p.footprint[1] === footprint[1]) return false;
  p.footprint = [footprint[0], footprint[1]];
  return true;
}

/** Takes a node off the floor: its placement, the conveyors at it and the robots working at it. */
export function unplaceNode(doc: Scenario, id: string): boolean {
  const layout = doc.layout;
  if (!layout?.nodes || !Object.hasOwn(layout.nodes, id)) return false;
  delete layout.nodes[id];
  if (layout.conveyors?.some((c) => c.from === id || c.to === id)) {
    layout.conveyors = layout.conveyors.filter((c) => c.from !== id && c.to !== id);
  }
  if (layout.robots?.some((r) => r.station === id)) layout.robots = layout.robots.filter((r) => r.station !== id);
  return true;
}

/** Axis-aligned box of a placed node (its footprint turned by its heading; a point gets 1 m). */
function boxOf(node: ScenarioNode, p: NodePlacement): [number, number, number, number] {
  const fp = p.footprint ?? (node.type === 'station' ? DEFAULT_FOOTPRINTS[node.kind ?? 'machine'] : [1, 1]);
  const rad = (p.heading * Math.PI) / 180;
  const hx = (Math.abs(Math.cos(rad)) * fp[0] + Math.abs(Math.sin(rad)) * fp[1]) / 2;
  const hy = (Math.abs(Math.sin(rad)) * fp[0] + Math.abs(Math.cos(rad)) * fp[1]) / 2;
  const [x, y] = p.position;
  return [x - hx, y - hy, x + hx, y + hy];
}

/**
 * A free spot on the floor for a new node of `kind`: the first place on a 3 m raster, row by row
 * beyond the placed nodes (+y side), whose box keeps 0.5 m from every placed node's box. [0, 0]
 * on an empty floor.
 */
export function freeSpot(doc: Scenario, kind: AddableKind, gridM = DEFAULT_GRID_M): Point2 {
  const boxes: [number, number, number, number][] = [];
  for (const node of doc.nodes) {
    const p = placementOf(doc, node.id);
    if (p && Number.isFinite(p.position[0]) && Number.isFinite(p.position[1])) boxes.push(boxOf(node, p));
  }
  if (boxes.length === 0) return [0, 0];
  const minX = Math.min(...boxes.map((b) => b[0]));
  const maxX = Math.max(...boxes.map((b) => b[2]));
  const maxY = Math.max(...boxes.map((b) => b[3]));
  const [l, w] = kind === 'station' ? DEFAULT_FOOTPRINTS.machine : [1, 1];
  const margin = 0.5;
  const free = (x: number, y: number) =>
    boxes.every((b) => x + l / 2 + margin <= b[0] || x - l / 2 - margin >= b[2] || y + w / 2 + margin <= b[1] || y - w / 2 - margin >= b[3]);
  const step = 3;
  const startX = minX + l / 2;
  const cols = Math.max(1, Math.min(40, Math.floor((maxX - minX) / step) + 1));
  for (let row = 0; row < 20; row++) {
    const y = maxY + w / 2 + margin + row * step;
    for (let col = 0; col < cols; col++) {
      const x = startX + col * step;
      // Rounded up, so snapping never eats into the margin towards the nodes below.
      const sx = snap(x, gridM);
      const sy = gridM > 0 ? clean(Math.ceil(y / gridM - 1e-9) * gridM) : clean(y);
      if (free(sx, sy)) return [clampCoordinate(sx), clampCoordinate(sy)];
    }
  }
  return [clampCoordinate(snap(startX, gridM)), clampCoordinate(snap(maxY + step, gridM))];
}

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

// ---- run and scenario ------------------------------------------------------------------------

export type RunField = 'warmupSeconds' | 'lengthSeconds' | 'replications' | 'seed' | 'startTime';

/** Sets a run setting; undefined removes an optional one (startTime). */
export function setRun(doc: Scenario, field: RunField, value: number | string | undefined): boolean {
  return setIn(doc, ['run', field], value);
}

/** Sets the scenario's name or description (an empty description is removed). */
export function setScenarioField(doc: Scenario, field: 'name' | 'description', value: string | undefined): boolean {
  if (field === 'description' && value === '') value = undefined;
  if (field === 'name' && value === undefined) return false;
  return setIn(doc, [field], value);
}

// ---- calendars -------------------------------------------------------------------------------

function calendar(doc: Scenario, id: string): Calendar | undefined {
  return doc.calendars && Object.hasOwn(doc.calendars, id) ? doc.calendars[id] : undefined;
}

function addMinutes(time: string, minutes: number): string {
  const m = /^(\d\d):(\d\d)$/.exec(time);
  if (!m) return time;
  const total = (((Number(m[1]) * 60 + Number(m[2]) + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Adds a calendar (one shift 06:00–14:00) under `id` or a new `calendar-N`. Returns its id, or null when `id` is taken or invalid. */
export function addCalendar(doc: Scenario, id?: string): string | null {
  const taken = new Set(Object.keys(doc.calendars ?? {}));
  const key = id ?? uniqueId('calendar', taken);
  if (!isValidId(key) || taken.has(key)) return null;
  if (!doc.calendars) doc.calendars = {};
  doc.calendars[key] = { shifts: [{ start: '06:00', end: '14:00' }] };
  return key;
}

/** Removes a calendar and the references to it (stations and worker pools are then always on shift). */
export function removeCalendar(doc: Scenario, id: string): boolean {
  if (!calendar(doc, id)) return false;
  delete doc.calendars![id];
  if (Object.keys(doc.calendars!).length === 0) delete doc.calendars;
  for (const n of doc.nodes) if (n.type === 'station' && n.calendar === id) delete n.calendar;
  for (const w of doc.workers ?? []) if (w.calendar === id) delete w.calendar;
  return true;
}

export function renameCalendar(doc: Scenario, from: string, to: string): boolean {
  if (!calendar(doc, from) || from === to || !isValidId(to) || calendar(doc, to)) return false;
  doc.calendars = renameKey(doc.calendars!, from, to);
  for (const n of doc.nodes) if (n.type === 'station' && n.calendar === from) n.calendar = to;
  for (const w of doc.workers ?? []) if (w.calendar === from) w.calendar = to;
  return true;
}

/** Sets a field of a calendar by a path relative to it (`['shifts', 0, 'end']`); undefined removes it. */
export function setCalendarField(doc: Scenario, id: string, path: readonly PathSegment[], value: unknown): boolean {
  if (!calendar(doc, id) || path.length === 0) return false;
  return setIn(doc, ['calendars', id, ...path], value);
}

/** Adds a shift: 8 h from the end of the last one (or 06:00–14:00). */
export function addShift(doc: Scenario, calendarId: string): boolean {
  const c = calendar(doc, calendarId);
  if (!c) return false;
  const last = c.shifts[c.shifts.length - 1];
  const start = last ? (last.end === '24:00' ? '00:00' : last.end) : '06:00';
  c.shifts.push({ start, end: addMinutes(start, 8 * 60) });
  return true;
}

/** Removes shift `index` (a calendar keeps at least one: the format requires it). */
export function removeShift(doc: Scenario, calendarId: string, index: number): boolean {
  const c = calendar(doc, calendarId);
  if (!c || c.shifts.length <= 1 || index < 0 || index >= c.shifts.length) return false;
  c.shifts.splice(index, 1);
  return true;
}

/** Edits a field of shift `index`: start, end, name (undefined or '' removes the name). */
export function setShiftField(doc: Scenario, calendarId: string, index: number, field: 'start' | 'end' | 'name', value: string | undefined): boolean {
  const c = calendar(doc, calendarId);
  if (!c || index < 0 || index >= c.shifts.length) return false;
  if (field === 'name' && value === '') value = undefined;
  if (field !== 'name' && value === undefined) return false;
  return setIn(doc, ['calendars', calendarId, 'shifts', index, field], value);
}

/** Adds a 30-minute break in the middle of shift `shiftIndex`. */
export function addBreak(doc: Scenario, calendarId: string, shiftIndex: number): boolean {
  const shift = calendar(doc, calendarId)?.shifts[shiftIndex];
  if (!shift) return false;
  const start = addMinutes(shift.start, 4 * 60);
  if (!shift.breaks) shift.breaks = [];
  shift.breaks.push({ start, end: addMinutes(start, 30) });
  return true;
}

export function removeBreak(doc: Scenario, calendarId: string, shiftIndex: number, index: number): boolean {
  const shift = calendar(doc, calendarId)?.shifts[shiftIndex];
  if (!shift?.breaks || index < 0 || index >= shift.breaks.length) return false;
  shift.breaks.splice(index, 1);
  if (shift.breaks.length === 0) delete shift.breaks;
  return true;
}

export function addDowntime(doc: Scenario, calendarId: string, period: DayPeriod = { start: '12:00', end: '12:30' }): boolean {
  const c = calendar(doc, calendarId);
  if (!c) return false;
  if (!c.plannedDowntime) c.plannedDowntime = [];
  c.plannedDowntime.push({ ...period });
  return true;
}

export function removeDowntime(doc: Scenario, calendarId: string, index: number): boolean {
  const c = calendar(doc, calendarId);
  if (!c?.plannedDowntime || index < 0 || index >= c.plannedDowntime.length) return false;
  c.plannedDowntime.splice(index, 1);
  if (c.plannedDowntime.length === 0) delete c.plannedDowntime;
  return true;
}

// ---- worker pools ----------------------------------------------------------------------------

function pool(doc: Scenario, id: string): WorkerPool | undefined {
  return doc.workers?.find((w) => w.id === id);
}

/** Adds a worker pool (`pool-N`, one operator, always on shift). Returns its id. */
export function addWorkerPool(doc: Scenario, kind: WorkerKind = 'human'): string {
  const id = uniqueId('pool', new Set((doc.workers ?? []).map((w) => w.id)));
  if (!doc.workers) doc.workers = [];
  doc.workers.push({ id, kind, count: 1 });
  return id;
}

/**
 * Removes a worker pool, its name from stations' operator pools (an emptied `operators` is removed)
 * and the humanoid agents of it.
 */
export function removeWorkerPool(doc: Scenario, id: string): boolean {
  const workers = doc.workers;
  const index = workers ? workers.findIndex((w) => w.id === id) : -1;
  if (!workers || index < 0) return false;
  workers.splice(index, 1);
  if (workers.length === 0) delete doc.workers;
  for (const n of doc.nodes) {
    if (n.type !== 'station' || !n.operators?.pools.includes(id)) continue;
    n.operators.pools = n.operators.pools.filter((p) => p !== id);
    if (n.operators.pools.length === 0) delete n.operators;
  }
  const layout = doc.layout;
  if (layout?.humanoids?.some((h) => h.pool === id)) layout.humanoids = layout.humanoids.filter((h) => h.pool !== id);
  return true;
}

export function renameWorkerPool(doc: Scenario, from: string, to: string): boolean {
  const w = pool(doc, from);
  if (!w || from === to || !isValidId(to) || pool(doc, to)) return false;
  w.id = to;
  for (const n of doc.nodes) {
    if (n.type === 'station' && n.operators?.pools.includes(from)) n.operators.pools = n.operators.pools.map((p) => (p === from ? to : p));
  }
  for (const h of doc.layout?.humanoids ?? []) if (h.pool === from) h.pool = to;
  return true;
}

/** Sets `kind`, `count` or `calendar` of a pool (undefined removes the calendar). */
export function setWorkerField(doc: Scenario, id: string, field: 'kind' | 'count' | 'calendar', value: unknown): boolean {
  const index = (doc.workers ?? []).findIndex((w) => w.id === id);
  if (index < 0) return false;
  if (field !== 'calendar' && value === undefined) return false;
  return setIn(doc, ['workers', index, field], value);
}
