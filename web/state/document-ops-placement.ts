/**
 * Editing recipes (document-ops.ts) for where nodes stand on the floor: move, turn, resize, take
 * off the floor, and find a free spot for a new node. Its own module because placement carries
 * what is attached to a node (conveyor path ends, robot bases) along with it, geometry the other
 * recipes never need.
 */
import type { NodePlacement, Point2, Scenario, ScenarioNode } from '../../engine/model/types';
import { DEFAULT_FOOTPRINTS } from '../../engine/model/layout-schema';
import {
  clampCoordinate, clean, DEFAULT_GRID_M, ensureLayout, findNode, normaliseAngle, placementOf, snap, snapAngle, type AddableKind,
} from './document-ops-base';

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
