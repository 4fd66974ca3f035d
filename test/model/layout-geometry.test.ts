/**
 * The plane geometry of the layout checks against hand-computed cases: the separating axis test
 * for oriented rectangles (touching, separated, rotated 45° overlapping, bounds that meet while the
 * rectangles do not), distances to a rectangle, where a ray leaves it, and the sweep index against
 * brute force.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bounds, distanceToRect, exitDistance, footprintRect, RectIndex, rectsOverlap, sectionRect, type Rect,
} from '../../engine/model/layout-geometry';
import { OVERLAP_TOLERANCE_M } from '../../engine/model/layout-schema';

const square = (x: number, y: number, side = 1, heading = 0): Rect => footprintRect([x, y], heading, [side, side]);
const H = Math.SQRT1_2; // half the diagonal of a unit square, √2/2 ≈ 0.7071

describe('separating axis test', () => {
  it.each([
    // Unit squares side by side: centres 1 apart touch edge to edge; 1.5 apart are separated.
    ['touching edge to edge', square(0, 0), square(1, 0), 0, false],
    ['touching corner to corner', square(0, 0), square(1, 1), 0, false],
    ['separated', square(0, 0), square(1.5, 0), 0, false],
    ['separated along y only', square(0, 0), square(0.2, 1.01), 0, false],
    ['overlapping by 0.01', square(0, 0), square(0.99, 0), 0, true],
    ['overlapping by 0.01 > tolerance 0.001', square(0, 0), square(0.99, 0), OVERLAP_TOLERANCE_M, true],
    ['overlapping by 0.0005 ≤ tolerance 0.001 counts as touching', square(0, 0), square(0.9995, 0), OVERLAP_TOLERANCE_M, false],
    ['one inside the other', square(0, 0, 4), square(0.5, 0.5, 1, 30), 0, true],
    // A square turned 45° reaches H ≈ 0.7071 from its centre along x: at x = 1.2 its left corner
    // is at 0.4929, inside the other square (right edge 0.5); at x = 1.3 it is at 0.5929, outside.
    ['rotated 45°, corner poking in', square(0, 0), square(1.2, 0, 1, 45), 0, true],
    ['rotated 45°, corner just outside', square(0, 0), square(1.3, 0, 1, 45), 0, false],
    // Two squares turned 45° whose corners meet at (H, 0): touching.
    ['both rotated 45°, corners touching', square(0, 0, 1, 45), square(2 * H, 0, 1, 45), OVERLAP_TOLERANCE_M, false],
    // Offset (H, H) is one side along their own axis: edge on edge. Half of it: overlapping by 0.5.
    ['both rotated 45°, edge on edge', square(0, 0, 1, 45), square(H, H, 1, 45), OVERLAP_TOLERANCE_M, false],
    ['both rotated 45°, overlapping by half a side', square(0, 0, 1, 45), square(H / 2, H / 2, 1, 45), 0, true],
  ])('%s', (_, a, b, tolerance, expected) => {
    expect(rectsOverlap(a, b, tolerance)).toBe(expected);
    expect(rectsOverlap(b, a, tolerance)).toBe(expected); // symmetric
  });

  it('finds the separating axis that only the rotated rectangle has (its bounds meet the square\'s)', () => {
    // A 4 × 0.2 bar along the diagonal y = x; a unit square at (1, −1), 2/√2 ≈ 1.414 from that line.
    // Bounds: bar ±1.48, square x 0.5…1.5, y −1.5…−0.5, so the boxes meet. On the bar's normal
    // (−H, H) the square projects to 1.414 ± 0.707 and the bar to 0 ± 0.1: separated.
    const bar = footprintRect([0, 0], 45, [4, 0.2]);
    const sq = square(1, -1);
    const [minX, minY, maxX, maxY] = bounds(bar);
    expect(minX).toBeLessThan(1.5);
    expect(maxX).toBeGreaterThan(0.5);
    expect(minY).toBeLessThan(-0.5);
    expect(maxY).toBeGreaterThan(-1.5);
    expect(rectsOverlap(bar, sq)).toBe(false);
    expect(rectsOverlap(bar, square(0.5, 0.5))).toBe(true);
  });

  it('a belt section is the rectangle between its points', () => {
    const belt = sectionRect([0, 0], [3, 4], 0.5);
    expect(belt).toMatchObject({ cx: 1.5, cy: 2, ux: 0.6, uy: 0.8, halfLength: 2.5, halfWidth: 0.25 });
    expect(rectsOverlap(belt, square(1.5, 2, 0.2))).toBe(true);
    expect(rectsOverlap(belt, square(3, 0, 1))).toBe(false);
  });
});

describe('distances', () => {
  const r = footprintRect([2, 0], 0, [2, 1.5]); // x 1…3, y −0.75…0.75
  it.each([
    [[2, 0], 0], // inside
    [[3, 0.2], 0], // on the edge
    [[3.7, 0], 0.7], // beyond the right edge
    [[2, -1.25], 0.5], // below
    [[3.3, 1.15], 0.5], // off the corner (3, 0.75): hypot(0.3, 0.4)
  ])('from %j to a 2 × 1.5 footprint at (2, 0) is %d', (p, d) => {
    expect(distanceToRect(p as [number, number], r)).toBeCloseTo(d, 12);
  });
  it('in a turned footprint', () => {
    const turned = footprintRect([0, 0], 90, [2, 1]); // long in y: x ±0.5, y ±1
    expect(distanceToRect([0, 1.5], turned)).toBeCloseTo(0.5, 12);
    expect(distanceToRect([1.5, 0], turned)).toBeCloseTo(1, 12);
  });
  it('where a ray from the centre leaves the footprint', () => {
    expect(exitDistance(r, 1, 0)).toBe(1);
    expect(exitDistance(r, 0, -1)).toBe(0.75);
    // Along (0.6, 0.8): the x edge at 1/0.6 = 1.67, the y edge at 0.75/0.8 = 0.9375 first.
    expect(exitDistance(r, 0.6, 0.8)).toBeCloseTo(0.9375, 12);
    expect(exitDistance(footprintRect([0, 0], 45, [2, 2]), 1, 0)).toBeCloseTo(Math.SQRT2, 12); // to the corner
  });
});

describe('RectIndex', () => {
  const rect = fc.record({
    x: fc.double({ min: -20, max: 20, noNaN: true }),
    y: fc.double({ min: -20, max: 20, noNaN: true }),
    heading: fc.double({ min: -360, max: 360, noNaN: true }),
    length: fc.double({ min: 0.01, max: 10, noNaN: true }),
    width: fc.double({ min: 0.01, max: 10, noNaN: true }),
  }).map((g) => footprintRect([g.x, g.y], g.heading, [g.length, g.width]));

  it('finds exactly the overlapping pairs brute force finds', () => {
    fc.assert(fc.property(fc.array(rect, { maxLength: 30 }), (rects) => {
      const brute: [number, number][] = [];
      for (let i = 0; i < rects.length; i++) {
        for (let j = i + 1; j < rects.length; j++) if (rectsOverlap(rects[i], rects[j], OVERLAP_TOLERANCE_M)) brute.push([i, j]);
      }
      const found = new RectIndex(rects).overlappingPairs(OVERLAP_TOLERANCE_M).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(found).toEqual(brute);
    }), { numRuns: 300 });
  });

  it('agrees with polygon clipping: overlapping exactly when the intersection has an area', () => {
    // Independent of the SAT: clip one rectangle by the other's four edges (Sutherland–Hodgman).
    fc.assert(fc.property(rect, rect, (a, b) => {
      const area = intersectionArea(a, b);
      if (rectsOverlap(a, b, 1e-6)) expect(area).toBeGreaterThan(0);
      if (!rectsOverlap(a, b, 0)) expect(area).toBeLessThan(1e-9);
    }), { numRuns: 1000 });
  });
});

function corners(r: Rect): [number, number][] {
  const vx = -r.uy, vy = r.ux;
  return [[1, 1], [-1, 1], [-1, -1], [1, -1]].map(([s, t]) => [
    r.cx + s * r.halfLength * r.ux + t * r.halfWidth * vx,
    r.cy + s * r.halfLength * r.uy + t * r.halfWidth * vy,
  ]);
}

/** Area of a ∩ b: a's polygon clipped by each edge of b (counter-clockwise corners). */
function intersectionArea(a: Rect, b: Rect): number {
  let poly = corners(a);
  const edges = corners(b);
  for (let e = 0; e < 4 && poly.length; e++) {
    const [px, py] = edges[e], [qx, qy] = edges[(e + 1) % 4];
    const side = ([x, y]: [number, number]) => (qx - px) * (y - py) - (qy - py) * (x - px); // ≥ 0: inside
    const out: [number, number][] = [];
    poly.forEach((cur, k) => {
      const prev = poly[(k + poly.length - 1) % poly.length];
      const sc = side(cur), sp = side(prev);
      if ((sc >= 0) !== (sp >= 0)) {
        const t = sp / (sp - sc);
        out.push([prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])]);
      }
      if (sc >= 0) out.push(cur);
    });
    poly = out;
  }
  let twice = 0;
  poly.forEach(([x, y], k) => {
    const [x2, y2] = poly[(k + 1) % poly.length];
    twice += x * y2 - x2 * y;
  });
  return Math.abs(twice) / 2;
}
