/**
 * What every editing recipe of document-ops.ts stands on: number cleaning and snapping, ids and
 * lookups in a scenario, and reading and writing by JSON path. Split from the recipes so that each
 * recipe module (placement, nodes, links, settings) imports one small base and none imports
 * another's internals; the helpers that are not part of document-ops.ts's surface (clampCoordinate,
 * nodeIds, ensureLayout, placementOf, renameKey) are exported here for those modules only.
 */
import type { NodePlacement, Route, Scenario, ScenarioLayout, ScenarioNode } from '../../engine/model/types';
import { LAYOUT_LIMITS } from '../../engine/model/layout-schema';
import { ID_PATTERN, LIMITS } from '../../engine/model/schema-parts';

export type AddableKind = 'station' | 'buffer' | 'source' | 'sink';
export type PathSegment = string | number;
export type RouteRule = Route['rule'];

/** Default floor grid, metres. */
export const DEFAULT_GRID_M = 0.25;
/** Heading step when rotation snapping is on, degrees. */
export const DEFAULT_ANGLE_SNAP_DEG = 15;

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

export function clampCoordinate(v: number): number {
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

export function nodeIds(doc: Scenario): Set<string> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const id of Object.keys(doc.layout?.nodes ?? {})) ids.add(id);
  return ids;
}

export function ensureLayout(doc: Scenario): ScenarioLayout {
  if (!doc.layout) doc.layout = { units: 'm' };
  return doc.layout;
}

export function placementOf(doc: Scenario, id: string): NodePlacement | undefined {
  const nodes = doc.layout?.nodes;
  return nodes && Object.hasOwn(nodes, id) ? nodes[id] : undefined;
}

/** A copy of `record` with `from` renamed to `to`, keeping the key order. */
export function renameKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
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
