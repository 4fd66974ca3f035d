/**
 * The 3D view's pure helpers (web/view3d): the twin (z up, right-handed) → Babylon (y up,
 * left-handed) matrices, colours, bounds and camera fits, the synthetic scene. Babylon's own maths
 * (Matrix.Compose, Quaternion, Vector3.TransformCoordinates) is the reference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { TwinFrameLayout } from '../../engine/twin/physics-twin';
import { STATE_NAMES } from '../../engine/model/compiled';
import { fitView, fitViewFrom, floorRect, gridLines, lineBounds } from '../../web/view3d/bounds';
import {
  hideMatrix, twinToBabylonPoint, twinToBabylonQuat, writeBallMatrix, writeFloorMatrix, writePoseMatrix, writeSegmentMatrix, yawOf,
} from '../../web/view3d/coords';
import { hexToRgb, MARK_HEX, STATE_HEX, statePalette, templateOf, writeNodeColour } from '../../web/view3d/palette';
import { syntheticScene } from '../../web/view3d/synthetic';

const repoRoot = join(import.meta.dirname, '../..');

/** A seeded generator (mulberry32), so failures repeat. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPose(r: () => number): number[] {
  let q = [r() - 0.5, r() - 0.5, r() - 0.5, r() - 0.5];
  const n = Math.hypot(...q);
  q = q.map((v) => v / n);
  return [10 * (r() - 0.5), 10 * (r() - 0.5), 3 * r(), q[0], q[1], q[2], q[3], 0];
}

function matrixOf(write: (out: Float32Array, o: number) => void): Matrix {
  const out = new Float32Array(16);
  write(out, 0);
  return Matrix.FromArray(Array.from(out));
}

/**
 * A body-local point given in twin axes (x, y, z; z up) through a Babylon matrix, back in twin
 * coordinates: template vertices are Babylon-local, where that point is (x, z, y).
 */
function apply(m: Matrix, x: number, y: number, z: number): [number, number, number] {
  const v = Vector3.TransformCoordinates(new Vector3(x, z, y), m);
  return [v.x, v.z, v.y];
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `index ${i}: ${a[i]} vs ${b[i]}`).toBeLessThan(tol);
};

describe('twin → Babylon frames (coords.ts)', () => {
  it('maps a point (x, y, z) to (x, z, y)', () => {
    const out = [0, 0, 0];
    twinToBabylonPoint(1, 2, 3, out);
    expect(out).toEqual([1, 3, 2]);
  });

  it('a known pose gives the expected Babylon matrix', () => {
    // Translation (1, 2, 3), no rotation, a 0.4 × 0.2 × 0.1 box (twin x, y, z).
    const m = new Float32Array(16);
    writePoseMatrix([1, 2, 3, 0, 0, 0, 1], 0, 0.4, 0.2, 0.1, m, 0);
    close(m, [0.4, 0, 0, 0, 0, 0.1, 0, 0, 0, 0, 0.2, 0, 1, 3, 2, 1], 1e-7);
  });

  it('a rotation of 90° about z turns +x into +y in the twin frame (and the matrix agrees)', () => {
    const s = Math.SQRT1_2;
    const pose = [0, 0, 0, 0, 0, s, s];
    const m = matrixOf((out, o) => writePoseMatrix(pose, 0, 1, 1, 1, out, o));
    // In Babylon, twin +y is +Z: the matrix takes Babylon +X to Babylon +Z.
    close(Vector3.TransformNormal(new Vector3(1, 0, 0), m).asArray(), [0, 0, 1]);
    close(apply(m, 1, 0, 0), [0, 1, 0]);
    close(apply(m, 0, 1, 0), [-1, 0, 0]);
    close(apply(m, 0, 0, 1), [0, 0, 1]);
    // The converted quaternion is the same rotation in Babylon's own terms.
    const q = [0, 0, 0, 0];
    twinToBabylonQuat(0, 0, s, s, q);
    const rot = new Matrix();
    new Quaternion(q[0], q[1], q[2], q[3]).toRotationMatrix(rot);
    close(Vector3.TransformNormal(new Vector3(1, 0, 0), rot).asArray(), [0, 0, 1]);
    // It is a turn about Babylon's −Y: left-handed positive turns about +Y take +X to −Z.
    close(q, [0, -s, 0, s]);
  });

  it('equals Babylon Matrix.Compose of the converted scale, quaternion and translation, for random poses', () => {
    const r = rng(7);
    for (let n = 0; n < 200; n++) {
      const p = randomPose(r);
      const sx = 0.1 + r(), sy = 0.1 + r(), sz = 0.1 + r();
      const mine = matrixOf((out, o) => writePoseMatrix(p, 0, sx, sy, sz, out, o));
      const q = [0, 0, 0, 0];
      twinToBabylonQuat(p[3], p[4], p[5], p[6], q);
      const ref = Matrix.Compose(new Vector3(sx, sz, sy), new Quaternion(q[0], q[1], q[2], q[3]), new Vector3(p[0], p[2], p[1]));
      close(mine.m, ref.m, 1e-5);
      // A proper rotation times positive scales: determinant > 0, so Babylon keeps the face winding.
      expect(mine.determinant()).toBeGreaterThan(0);
      // And it moves a body point where the twin's own rotation does: v' = u + w·t + q × t, t = 2 q × u.
      const x = r() - 0.5, y = r() - 0.5, z = r() - 0.5;
      const [qx, qy, qz, qw] = [p[3], p[4], p[5], p[6]];
      const ux = x * sx, uy = y * sy, uz = z * sz;
      const tx = 2 * (qy * uz - qz * uy), ty = 2 * (qz * ux - qx * uz), tz = 2 * (qx * uy - qy * ux);
      const expected = [
        ux + qw * tx + (qy * tz - qz * ty) + p[0],
        uy + qw * ty + (qz * tx - qx * tz) + p[1],
        uz + qw * tz + (qx * ty - qy * tx) + p[2],
      ];
      close(apply(mine, x, y, z), expected, 1e-5);
    }
  });

  it('a floor pose (position, heading) equals the pose of the heading quaternion', () => {
    const r = rng(11);
    for (let n = 0; n < 50; n++) {
      const x = 10 * r(), y = 10 * r(), heading = 2 * Math.PI * r();
      const a = matrixOf((out, o) => writeFloorMatrix(x, y, heading, 2, 1.5, 1.6, out, o));
      const b = matrixOf((out, o) => writePoseMatrix([x, y, 0, 0, 0, Math.sin(heading / 2), Math.cos(heading / 2)], 0, 2, 1.5, 1.6, out, o));
      close(a.m, b.m, 1e-5);
      expect(yawOf([0, 0, 0, 0, 0, Math.sin(heading / 2), Math.cos(heading / 2)], 0)).toBeCloseTo(Math.atan2(Math.sin(heading), Math.cos(heading)), 9);
    }
  });

  it('a segment matrix takes the unit cylinder (axis Y, ±½) onto the segment, with the given diameter', () => {
    const r = rng(3);
    for (let n = 0; n < 100; n++) {
      const a = [r() * 4, r() * 4, r() * 2], b = n === 0 ? [a[0], a[1], a[2] + 1] : [r() * 4, r() * 4, r() * 2];
      const m = matrixOf((out, o) => writeSegmentMatrix(a[0], a[1], a[2], b[0], b[1], b[2], 0.1, out, o));
      // Template points are Babylon-local: (0, ∓½, 0) is the axis's ends.
      const end0 = Vector3.TransformCoordinates(new Vector3(0, -0.5, 0), m), end1 = Vector3.TransformCoordinates(new Vector3(0, 0.5, 0), m);
      close([end0.x, end0.z, end0.y], a, 1e-5);
      close([end1.x, end1.z, end1.y], b, 1e-5);
      const rim = Vector3.TransformNormal(new Vector3(0.5, 0, 0), m), rim2 = Vector3.TransformNormal(new Vector3(0, 0, 0.5), m);
      expect(rim.length()).toBeCloseTo(0.05, 6);
      expect(rim2.length()).toBeCloseTo(0.05, 6);
      expect(Vector3.Dot(rim, rim2)).toBeCloseTo(0, 6);
      expect(m.determinant()).toBeGreaterThan(0);
    }
    // A point-like segment is hidden.
    const m = new Float32Array(16);
    writeSegmentMatrix(1, 1, 1, 1, 1, 1, 0.1, m, 0);
    expect(Array.from(m.subarray(0, 15)).every((v) => v === 0)).toBe(true);
  });

  it('a hidden instance collapses every vertex onto one point; a ball is a uniform scale at the point', () => {
    const m = matrixOf((out, o) => hideMatrix(out, o));
    expect(Vector3.TransformCoordinates(new Vector3(3, -2, 5), m).asArray()).toEqual([0, 0, 0]);
    const ball = matrixOf((out, o) => writeBallMatrix(1, 2, 3, 0.2, out, o));
    close(apply(ball, 0.5, 0, 0), [1.1, 2, 3]);
  });
});

describe('colours (palette.ts)', () => {
  it('STATE_HEX is the light theme of web/styles.css', () => {
    const css = readFileSync(join(repoRoot, 'web/styles.css'), 'utf8');
    const root = css.slice(css.indexOf(':root'), css.indexOf('@media (prefers-color-scheme: dark)'));
    for (const name of STATE_NAMES) {
      const match = new RegExp(`--state-${name}:\\s*(#[0-9a-fA-F]{3,6});`).exec(root);
      expect(match?.[1]?.toLowerCase(), name).toBe(STATE_HEX[name]);
    }
  });

  it('maps every station state code to its colour, and anything else to neutral', () => {
    const palette = statePalette();
    const out = new Float32Array(4);
    STATE_NAMES.forEach((name, code) => {
      writeNodeColour('station', code, palette, out, 0);
      close(out, [...hexToRgb(STATE_HEX[name]), 1], 1e-6);
    });
    for (const code of [-1, 7, 2.5, NaN]) {
      writeNodeColour('station', code, palette, out, 0);
      close(out, [...hexToRgb(MARK_HEX.station), 1], 1e-6);
    }
    // Buffers carry their count in the code; it never picks a state colour.
    writeNodeColour('buffer', 3, palette, out, 0);
    close(out, [...hexToRgb(MARK_HEX.buffer), 1], 1e-6);
    writeNodeColour('source', -1, palette, out, 0);
    close(out, [...hexToRgb(MARK_HEX.source), 1], 1e-6);
    writeNodeColour('sink', -1, palette, out, 0);
    close(out, [...hexToRgb(MARK_HEX.sink), 1], 1e-6);
  });

  it('reads the theme from CSS custom properties, falling back on bad or missing values', () => {
    const dark = statePalette((v) => (v === '--state-working' ? ' #37b24d ' : v === '--state-failed' ? 'red' : ''));
    close(dark.subarray(0, 3), hexToRgb('#37b24d'), 1e-6);
    close(dark.subarray(12, 15), hexToRgb(STATE_HEX.failed), 1e-6);
    expect(hexToRgb('#fff')).toEqual([1, 1, 1]);
    expect(() => hexToRgb('nope')).toThrow(RangeError);
  });

  it('picks a template per node kind', () => {
    expect(templateOf('station', 'machine')).toBe('machine');
    expect(templateOf('station', 'manual')).toBe('manual');
    expect(templateOf('station', 'robot')).toBe('robot');
    expect(templateOf('station')).toBe('machine');
    expect(templateOf('buffer')).toBe('buffer');
    expect(templateOf('source')).toBe('source');
    expect(templateOf('sink')).toBe('sink');
    expect(templateOf('unknown')).toBe('machine');
  });
});

/** A belt 4 m along x at (0, 0, 0.875) and a 2 × 1 node turned by 90° at (5, 1), in one frame. */
function smallLine(): { layout: TwinFrameLayout; frame: Float32Array } {
  const layout: TwinFrameLayout = {
    frameStride: 8, frameLength: 8 * 3,
    belts: { firstEntry: 0, ids: ['b'], lengthM: [4], widthM: [0.5] },
    parts: { firstEntry: 1, count: 1, sizeM: [0.4, 0.3, 0.2] },
    nodes: { firstEntry: 2, ids: ['n'], types: ['station'], footprints: [[2, 1]] },
    robots: [], humanoids: [],
  };
  const s = Math.SQRT1_2;
  const frame = new Float32Array([0, 0, 0.875, 0, 0, 0, 1, 1, /* part */ 0, 0, 0, 0, 0, 0, 0, 0, /* node */ 5, 1, 0, 0, 0, s, s, 0]);
  return { layout, frame };
}

describe('bounds and camera fit (bounds.ts)', () => {
  it('bounds belts (length + part length) and turned footprints', () => {
    const { layout, frame } = smallLine();
    const box = lineBounds(layout, frame, () => 1.6)!;
    // Belt: x ±2.2, y ±0.25; node turned 90°: x 5 ± 0.5, y 1 ± 1.
    expect(box.minX).toBeCloseTo(-2.2, 6);
    expect(box.maxX).toBeCloseTo(5.5, 6);
    expect(box.minY).toBeCloseTo(-0.25, 6);
    expect(box.maxY).toBeCloseTo(2, 6);
    expect(box.maxZ).toBeCloseTo(1.6, 6);
    expect(lineBounds({ ...layout, belts: { ...layout.belts, ids: [] }, nodes: { ...layout.nodes, ids: [] } }, frame, () => 1)).toBeNull();
  });

  it('fits the whole box in view from any direction (sphere) and from a given one (corners)', () => {
    const box = { minX: -2, minY: -1, maxX: 6, maxY: 3, maxZ: 1.6 };
    const fovY = 0.8, aspect = 16 / 9;
    const any = fitView(box, fovY, aspect, 1);
    const r = Math.hypot(8, 4, 1.6) / 2;
    expect(any.radius).toBeCloseTo(r / Math.sin(fovY / 2), 6);
    expect(any.target).toEqual([2, 1, 0.8]);
    for (const [alpha, beta] of [[-Math.PI / 2, 0.95], [0.3, 0.4], [2, 1.4]]) {
      const fit = fitViewFrom(box, alpha, beta, fovY, aspect, 1);
      expect(fit.radius).toBeLessThanOrEqual(any.radius + 1e-9);
      // Project every corner with a look-at camera there: all inside, at least one on an edge.
      const target = new Vector3(fit.target[0], fit.target[2], fit.target[1]);
      const eye = target.add(new Vector3(Math.cos(alpha) * Math.sin(beta), Math.cos(beta), Math.sin(alpha) * Math.sin(beta)).scale(fit.radius));
      const view = Matrix.LookAtLH(eye, target, Vector3.Up());
      const proj = Matrix.PerspectiveFovLH(fovY, aspect, 0.01, 1000);
      const vp = view.multiply(proj);
      let edge = 0;
      for (let i = 0; i < 8; i++) {
        const corner = new Vector3(i & 1 ? box.maxX : box.minX, i & 2 ? box.maxZ : 0, i & 4 ? box.maxY : box.minY);
        const ndc = Vector3.TransformCoordinates(corner, vp);
        expect(Math.abs(ndc.x)).toBeLessThanOrEqual(1 + 1e-6);
        expect(Math.abs(ndc.y)).toBeLessThanOrEqual(1 + 1e-6);
        edge = Math.max(edge, Math.abs(ndc.x), Math.abs(ndc.y));
      }
      expect(edge).toBeGreaterThan(1 - 1e-6);
    }
  });

  it('lays the floor out to whole metres and the grid every 0.25 m with major lines every metre', () => {
    expect(floorRect({ minX: -2.2, minY: -0.25, maxX: 5.5, maxY: 2, maxZ: 1 })).toEqual({ minX: -5, minY: -3, maxX: 8, maxY: 4 });
    const g = gridLines(-1, 1);
    expect(g.major).toEqual([-1, 0, 1]);
    expect(g.minor).toEqual([-0.75, -0.5, -0.25, 0.25, 0.5, 0.75]);
    expect(gridLines(0, 10).minor.length + gridLines(0, 10).major.length).toBe(41);
  });
});

describe('synthetic scene (synthetic.ts)', () => {
  it('writes frames of its layout: every part on a belt, unit quaternions, station states 0…6', () => {
    const synth = syntheticScene(1000);
    const L = synth.layout;
    expect(L.parts.count).toBe(1000);
    const frame = new Float32Array(L.frameLength);
    synth.write(12.3, frame);
    const S = L.frameStride;
    const entries = L.frameLength / S;
    for (let e = 0; e < entries; e++) {
      const q = frame.subarray(S * e + 3, S * e + 7);
      expect(Math.hypot(...q), `entry ${e}`).toBeCloseTo(1, 5);
    }
    for (let i = 0; i < L.parts.count; i++) {
      const o = S * (L.parts.firstEntry + i);
      expect(frame[o + 7]).toBe(1);
      expect(Math.abs(frame[o])).toBeLessThanOrEqual(10);
    }
    L.nodes.types.forEach((type, k) => {
      const code = frame[S * (L.nodes.firstEntry + k) + 7];
      if (type === 'station') expect(code >= 0 && code <= 6 && Number.isInteger(code)).toBe(true);
    });
    expect(L.robots[0].firstEntry + L.robots[0].links).toBe(L.humanoids[0].firstEntry);
    expect(L.humanoids[0].firstEntry + L.humanoids[0].links).toBe(entries);
    expect(synth.nodes.map((n) => n.id)).toEqual(L.nodes.ids);
  });
});
