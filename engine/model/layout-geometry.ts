/**
 * Plane geometry of the layout checks: oriented rectangles (footprints, conveyor sections), their
 * overlap by the separating axis test, distances and where a ray leaves a rectangle. Pure, no
 * allocation beyond the results; every input is finite (the schema guarantees it).
 */
import type { Point2 } from './types';

/** An oriented rectangle: centre, unit length axis u, half length and half width (across, v = u⊥). */
export interface Rect {
  cx: number;
  cy: number;
  ux: number;
  uy: number;
  halfLength: number;
  halfWidth: number;
}

const DEG = Math.PI / 180;

/** The footprint [length, width] centred at `position`, its length along `headingDeg`. */
export function footprintRect(position: Point2, headingDeg: number, size: readonly [number, number]): Rect {
  const a = headingDeg * DEG;
  return { cx: position[0], cy: position[1], ux: Math.cos(a), uy: Math.sin(a), halfLength: size[0] / 2, halfWidth: size[1] / 2 };
}

/** The rectangle a straight belt section of `width` covers from p to q (p ≠ q). */
export function sectionRect(p: Point2, q: Point2, width: number): Rect {
  const dx = q[0] - p[0], dy = q[1] - p[1];
  const length = Math.hypot(dx, dy);
  return {
    cx: (p[0] + q[0]) / 2, cy: (p[1] + q[1]) / 2, ux: dx / length, uy: dy / length,
    halfLength: length / 2, halfWidth: width / 2,
  };
}

/** Half the extent of `r` projected on the unit axis (ax, ay). */
function radiusOn(r: Rect, ax: number, ay: number): number {
  // u = (ux, uy), v = (−uy, ux)
  return r.halfLength * Math.abs(r.ux * ax + r.uy * ay) + r.halfWidth * Math.abs(-r.uy * ax + r.ux * ay);
}

/**
 * Whether two oriented rectangles overlap by more than `tolerance`, by the separating axis test:
 * two convex polygons are disjoint exactly when their projections onto some axis are disjoint,
 * and for polygons it suffices to try the normals of their edges (Gottschalk, Lin & Manocha,
 * "OBBTree", SIGGRAPH 1996; Ericson, Real-Time Collision Detection, 2005, §4.4.1). A rectangle
 * has two edge directions, so four axes: u and v of each. Rectangles that touch, or overlap by at
 * most `tolerance` on some axis, do not count.
 */
export function rectsOverlap(a: Rect, b: Rect, tolerance = 0): boolean {
  const dx = b.cx - a.cx, dy = b.cy - a.cy;
  const axes = [a.ux, a.uy, -a.uy, a.ux, b.ux, b.uy, -b.uy, b.ux];
  for (let k = 0; k < 8; k += 2) {
    const ax = axes[k], ay = axes[k + 1];
    const distance = Math.abs(dx * ax + dy * ay);
    if (distance >= radiusOn(a, ax, ay) + radiusOn(b, ax, ay) - tolerance) return false;
  }
  return true;
}

/** Distance from a point to a rectangle (0 inside or on its edge). */
export function distanceToRect(p: Point2, r: Rect): number {
  const dx = p[0] - r.cx, dy = p[1] - r.cy;
  const along = Math.abs(dx * r.ux + dy * r.uy) - r.halfLength;
  const across = Math.abs(-dx * r.uy + dy * r.ux) - r.halfWidth;
  return Math.hypot(Math.max(along, 0), Math.max(across, 0));
}

/** Distance from the centre of `r` along the unit direction (wx, wy) to its edge. */
export function exitDistance(r: Rect, wx: number, wy: number): number {
  const along = Math.abs(wx * r.ux + wy * r.uy);
  const across = Math.abs(-wx * r.uy + wy * r.ux);
  return Math.min(along > 0 ? r.halfLength / along : Infinity, across > 0 ? r.halfWidth / across : Infinity);
}

/** Axis-aligned bounds [minX, minY, maxX, maxY] of a rectangle. */
export function bounds(r: Rect): [number, number, number, number] {
  const ex = r.halfLength * Math.abs(r.ux) + r.halfWidth * Math.abs(r.uy);
  const ey = r.halfLength * Math.abs(r.uy) + r.halfWidth * Math.abs(r.ux);
  return [r.cx - ex, r.cy - ey, r.cx + ex, r.cy + ey];
}

/**
 * Rectangles sorted by their left edge, for finding the ones whose bounds meet a query's (sweep
 * and prune along x: Baraff 1992; Ericson §7.5). Each query scans only rectangles whose left edge
 * lies within the widest rectangle's width of the query's bounds.
 */
export class RectIndex {
  private readonly order: number[];
  private readonly box: [number, number, number, number][];
  private readonly widest: number;

  constructor(readonly rects: readonly Rect[]) {
    this.box = rects.map(bounds);
    this.order = rects.map((_, i) => i).sort((i, j) => this.box[i][0] - this.box[j][0] || i - j);
    this.widest = this.box.reduce((w, b) => Math.max(w, b[2] - b[0]), 0);
  }

  /**
   * Calls `visit` with the index of every rectangle whose bounds meet `query`'s bounds, until it
   * returns true.
   */
  near(query: Rect, visit: (i: number) => boolean | void): void {
    const [minX, minY, maxX, maxY] = bounds(query);
    const order = this.order;
    // First rectangle whose left edge is ≥ minX − widest: nothing before it can reach minX.
    let lo = 0, hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.box[order[mid]][0] < minX - this.widest) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < order.length; k++) {
      const b = this.box[order[k]];
      if (b[0] > maxX) break;
      if (b[2] >= minX && b[1] <= maxY && b[3] >= minY && visit(order[k])) return;
    }
  }

  /** Every pair i < j of overlapping rectangles, by `rectsOverlap` with `tolerance`. */
  overlappingPairs(tolerance: number): [number, number][] {
    const pairs: [number, number][] = [];
    this.rects.forEach((r, i) => this.near(r, (j) => {
      if (j > i && rectsOverlap(r, this.rects[j], tolerance)) pairs.push([i, j]);
    }));
    return pairs;
  }
}

/** Total length of a polyline. */
export function polylineLength(points: readonly Point2[]): number {
  let sum = 0;
  for (let k = 1; k < points.length; k++) sum += Math.hypot(points[k][0] - points[k - 1][0], points[k][1] - points[k - 1][1]);
  return sum;
}
