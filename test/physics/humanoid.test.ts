/**
 * Known answers for the kinematic humanoid (engine/physics/humanoid*.ts): walking time = length /
 * speed, the pelvis on the arc-length point of the path, heading along the segment, feet never in
 * the floor, joints that stay joined, hands that reach (or report that they cannot), determinism.
 * Reference values are computed here independently of the module (own arc-length walk, own
 * quaternion algebra).
 */
import type { World } from '@dimforge/rapier3d-deterministic-compat';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createHumanoid, LINK_COUNT, Link, POSE_STRIDE, walkDurationSeconds, type FloorPath, type Humanoid,
} from '../../engine/physics/humanoid';
import { ELBOW_MAX_FLEX_RAD } from '../../engine/physics/humanoid-body';
import { initPhysics, type Rapier } from '../../engine/physics/rapier';

const DT = 1 / 60;
const L_PATH: FloorPath = [[0, 0], [4.5, 0], [4.5, 3]]; // 7.5 m
let R: Rapier;
beforeAll(async () => { R = await initPhysics(); });

function newWorld(): World { return new R.World({ x: 0, y: 0, z: -9.81 }); }

type V3 = [number, number, number];
/** Rotates v by the unit quaternion at poses[o + 3 .. o + 6]: v + 2w(q×v) + 2q×(q×v). */
function rotate(p: ArrayLike<number>, o: number, v: readonly number[]): V3 {
  const x = p[o + 3], y = p[o + 4], z = p[o + 5], w = p[o + 6];
  const cx = y * v[2] - z * v[1], cy = z * v[0] - x * v[2], cz = x * v[1] - y * v[0];
  return [v[0] + 2 * (w * cx + y * cz - z * cy), v[1] + 2 * (w * cy + z * cx - x * cz), v[2] + 2 * (w * cz + x * cy - y * cx)];
}
function pointOf(p: ArrayLike<number>, link: number, local: readonly number[]): V3 {
  const o = POSE_STRIDE * link, r = rotate(p, o, local);
  return [p[o] + r[0], p[o + 1] + r[1], p[o + 2] + r[2]];
}
const dist = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
/** Yaw of a link's local axis (default x: the pelvis's forward; a foot's forward is its y). */
function yawOf(p: ArrayLike<number>, link: number, axis: readonly number[] = [1, 0, 0]): number {
  const a = rotate(p, POSE_STRIDE * link, axis);
  return Math.atan2(a[1], a[0]);
}

/** Arc-length point of a polyline, computed the plain way. */
function arcPoint(path: FloorPath, s: number): [number, number] {
  for (let i = 1; i < path.length; i++) {
    const [x0, y0] = path[i - 1], [x1, y1] = path[i], len = Math.hypot(x1 - x0, y1 - y0);
    if (s <= len && len > 0) return [x0 + ((x1 - x0) * s) / len, y0 + ((y1 - y0) * s) / len];
    s -= len;
  }
  return [path[path.length - 1][0], path[path.length - 1][1]];
}
function lengthOf(path: FloorPath): number {
  let L = 0;
  for (let i = 1; i < path.length; i++) L += Math.hypot(path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1]);
  return L;
}

function correlation(a: number[], b: number[]): number {
  const n = a.length, ma = a.reduce((x, y) => x + y, 0) / n, mb = b.reduce((x, y) => x + y, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

/** Lowest z of a link's capsule: centre − |axis_z|·halfHeight − radius. */
function lowestZ(h: Humanoid, p: ArrayLike<number>, link: number): number {
  const axis = rotate(p, POSE_STRIDE * link, [0, 1, 0]);
  return p[POSE_STRIDE * link + 2] - Math.abs(axis[2]) * h.dims.halfHeightM[link] - h.dims.radiusM[link];
}
function worstJointGap(h: Humanoid, p: ArrayLike<number>): number {
  let worst = 0;
  for (const j of h.joints) worst = Math.max(worst, dist(pointOf(p, j.parent, j.parentLocal), pointOf(p, j.child, j.childLocal)));
  return worst;
}
/** Poses as Rapier holds them (f32) after a step. */
function rapierPoses(world: World, h: Humanoid): Float64Array {
  const out = new Float64Array(LINK_COUNT * POSE_STRIDE);
  h.bodyHandles.forEach((handle, k) => {
    const b = world.getRigidBody(handle), t = b.translation(), q = b.rotation();
    out.set([t.x, t.y, t.z, q.x, q.y, q.z, q.w], POSE_STRIDE * k);
  });
  return out;
}

describe('humanoid walking', () => {
  it('walk time = length / speed: the pelvis reaches the end of a 7.5 m L at 1.2 m/s at 6.25 s (within a step)', () => {
    expect(walkDurationSeconds(L_PATH, 1.2)).toBeCloseTo(6.25, 12);
    const world = newWorld(), h = createHumanoid(R, world);
    expect(h.walkAlong(L_PATH, 1.2)).toBeCloseTo(6.25, 12);
    expect(h.state).toBe('walking');
    let arrivedAt = -1, worstRapier = 0;
    for (let k = 1; k <= 420; k++) {
      h.update(k * DT);
      world.step();
      const p = h.poses;
      if (arrivedAt < 0 && Math.hypot(p[0] - 4.5, p[1] - 3) < 1e-9) arrivedAt = k * DT;
      const rp = rapierPoses(world, h);
      for (let i = 0; i < rp.length; i++) worstRapier = Math.max(worstRapier, Math.abs(rp[i] - p[i]));
    }
    expect(Math.abs(arrivedAt - 6.25)).toBeLessThanOrEqual(DT);
    expect(h.state).toBe('idle');
    expect(worstRapier).toBeLessThan(1e-5); // bodies are where update() put them (f32 in Rapier)
    world.free();
  });

  it('pelvis on the arc-length point (≤ 1 mm) and heading along the segment', () => {
    const world = newWorld(), h = createHumanoid(R, world);
    h.walkAlong(L_PATH, 1.2, 0);
    let worst = 0, worstHeading = 0;
    for (let k = 0; k <= 375; k++) {
      const t = k * DT, s = Math.min(7.5, 1.2 * t);
      h.update(t);
      const [ex, ey] = arcPoint(L_PATH, s);
      worst = Math.max(worst, Math.hypot(h.poses[0] - ex, h.poses[1] - ey));
      if (Math.abs(s - 4.5) > 0.31) { // outside the turn blend at the corner
        const want = s < 4.5 ? 0 : Math.PI / 2;
        worstHeading = Math.max(worstHeading, Math.abs(yawOf(h.poses, Link.pelvis) - want));
      }
    }
    expect(worst).toBeLessThan(1e-3);
    expect(worstHeading).toBeLessThan(1e-9);
    h.walkAlong(L_PATH, 1.2, 0); // again: the first walk has ended
    h.update(2.25 / 1.2); // middle of the first segment
    expect(yawOf(h.poses, Link.pelvis)).toBeCloseTo(0, 12);
    expect(yawOf(h.poses, Link.footL, [0, 1, 0])).toBeCloseTo(0, 9); // planted feet face the segment too
    h.update(6 / 1.2); // middle of the second
    expect(yawOf(h.poses, Link.pelvis)).toBeCloseTo(Math.PI / 2, 12);
    world.free();
  });

  it('feet never penetrate the floor and joints stay joined over whole walks', () => {
    const paths: [FloorPath, number][] = [
      [L_PATH, 1.2], [[[0, 0], [3, 0], [3, 0.4], [0, 0.4]], 0.8], [[[1, 1], [6, 2], [2, 5]], 1.8], [[[0, 0], [0.3, 0]], 0.5],
    ];
    for (const [path, v] of paths) {
      const world = newWorld(), h = createHumanoid(R, world, { position: path[0] as [number, number] });
      const T = h.walkAlong(path, v, 0);
      let lowest = Infinity, gap = 0, lowestRapier = Infinity, lowestLink = Infinity;
      for (let k = 0; k * DT <= T + 0.5; k++) {
        h.update(k * DT);
        world.step();
        for (const foot of [Link.footL, Link.footR]) {
          lowest = Math.min(lowest, lowestZ(h, h.poses, foot));
          lowestRapier = Math.min(lowestRapier, lowestZ(h, rapierPoses(world, h), foot));
        }
        for (let link = 0; link < LINK_COUNT; link++) lowestLink = Math.min(lowestLink, lowestZ(h, h.poses, link));
        gap = Math.max(gap, worstJointGap(h, h.poses));
      }
      expect(lowest).toBeGreaterThanOrEqual(-1e-3);
      expect(lowest).toBeLessThan(1e-6); // and they do stand on it
      expect(lowestRapier).toBeGreaterThanOrEqual(-1e-3);
      expect(lowestLink).toBeGreaterThanOrEqual(-1e-3); // no link below the floor
      expect(gap).toBeLessThan(1e-3);
      world.free();
    }
  });

  it('stride and cadence follow the speed (walk ratio), legs alternate and arms counter-swing', () => {
    const world = newWorld(), h = createHumanoid(R, world);
    h.walkAlong([[0, 0], [20, 0]], 1.2, 0);
    // Left-foot touch-downs: the foot is back on the floor after being lifted.
    const touch: number[] = [], armL: number[] = [], armR: number[] = [], footL: number[] = [], footR: number[] = [];
    let lifted = false;
    for (let k = 0; k * DT < 16; k++) {
      h.update(k * DT);
      const z = lowestZ(h, h.poses, Link.footL);
      if (z > 0.01) lifted = true;
      if (lifted && z < 1e-9) { touch.push(h.poses[POSE_STRIDE * Link.footL]); lifted = false; }
      const x = h.poses[0];
      if (x > 3 && x < 17) { // steady walking
        armL.push(rotate(h.poses, POSE_STRIDE * Link.upperArmL, [0, 1, 0])[0]); // > 0: arm swung forward
        armR.push(rotate(h.poses, POSE_STRIDE * Link.upperArmR, [0, 1, 0])[0]);
        footL.push(h.poses[POSE_STRIDE * Link.footL] - x);
        footR.push(h.poses[POSE_STRIDE * Link.footR] - x);
      }
    }
    const strides = touch.slice(2, -2).map((x, i, a) => (i ? x - a[i - 1] : NaN)).slice(1);
    const stride = strides.reduce((a, b) => a + b, 0) / strides.length;
    // Sekiya & Nagasaki walk ratio 0.0065 m/(steps/min): 105 steps/min and 0.684 m steps at 1.2 m/s.
    const cadence = Math.sqrt((60 * 1.2) / 0.0065);
    expect(stride).toBeCloseTo(2 * 0.0065 * cadence, 3);
    // Each arm swings against the leg on its own side, and the arms alternate.
    // (The foot's arc offset is a skewed cycle — 40 % swing forward, 60 % stance back — and the arm
    // a cosine of the phase, so the correlation is strong but not −1.)
    expect(correlation(armL, footL)).toBeLessThan(-0.85);
    expect(correlation(armR, footR)).toBeLessThan(-0.85);
    expect(correlation(armL, footR)).toBeGreaterThan(0.85);
    expect(correlation(armL, armR)).toBeLessThan(-0.999);
    world.free();
  });
});

describe('humanoid arms', () => {
  it('hands reach a reachable work point within 5 mm; an unreachable one is reported, arm extended toward it', () => {
    const world = newWorld(), h = createHumanoid(R, world);
    const target: V3 = [0.45, 0.05, 1.05];
    const report = h.poseArms(target);
    expect(report.reachable).toBe(true);
    h.update(0);
    expect(h.state).toBe('working');
    const handL = pointOf(h.poses, Link.handL, [0, 0, 0]), handR = pointOf(h.poses, Link.handR, [0, 0, 0]);
    expect(dist(handL, target)).toBeLessThan(5e-3);
    expect(dist(handR, target)).toBeLessThan(5e-3);
    expect(worstJointGap(h, h.poses)).toBeLessThan(1e-3);

    h.poseArms(target, 0.3); // hands 0.3 m apart across the body
    h.update(DT);
    expect(dist(pointOf(h.poses, Link.handL, [0, 0, 0]), [0.45, 0.2, 1.05])).toBeLessThan(5e-3);
    expect(dist(pointOf(h.poses, Link.handR, [0, 0, 0]), [0.45, -0.1, 1.05])).toBeLessThan(5e-3);

    const far: V3 = [1.6, 0.8, 1.3];
    const farReport = h.poseArms(far);
    expect(farReport.reachable).toBe(false);
    expect(farReport.leftMissM).toBeGreaterThan(0.5);
    h.update(2 * DT);
    for (const [upper, fore, hand] of [[Link.upperArmL, Link.forearmL, Link.handL], [Link.upperArmR, Link.forearmR, Link.handR]]) {
      const shoulder = pointOf(h.poses, upper, [0, -h.dims.halfHeightM[upper], 0]);
      const toward = [far[0] - shoulder[0], far[1] - shoulder[1], far[2] - shoulder[2]];
      const n = Math.hypot(...toward);
      for (const link of [upper, fore, hand]) {
        const axis = rotate(h.poses, POSE_STRIDE * link, [0, 1, 0]);
        expect((axis[0] * toward[0] + axis[1] * toward[1] + axis[2] * toward[2]) / n).toBeGreaterThan(1 - 1e-9);
      }
      const reachM = h.dims.upperArmM + h.dims.forearmM + h.dims.handSegM / 2;
      expect(dist(pointOf(h.poses, hand, [0, 0, 0]), shoulder)).toBeCloseTo(reachM, 9);
    }
    h.releaseArms();
    h.update(3 * DT);
    expect(h.state).toBe('idle');
    world.free();
  });

  it('elbows stay within 0–145° for targets all around, too close ones included', () => {
    const world = newWorld(), h = createHumanoid(R, world);
    let worstFlex = 0, minFlex = Infinity, tooClose = 0;
    for (let i = 0; i < 400; i++) {
      const a = (i * 2.399963) % (2 * Math.PI), r = 0.02 + (i % 20) * 0.06, z = 0.6 + ((i * 7) % 13) * 0.1;
      const report = h.poseArms([r * Math.cos(a), r * Math.sin(a), z]);
      h.update(i * DT);
      for (const [upper, fore] of [[Link.upperArmL, Link.forearmL], [Link.upperArmR, Link.forearmR]]) {
        const u = rotate(h.poses, POSE_STRIDE * upper, [0, 1, 0]), f = rotate(h.poses, POSE_STRIDE * fore, [0, 1, 0]);
        const flex = Math.acos(Math.min(1, u[0] * f[0] + u[1] * f[1] + u[2] * f[2]));
        worstFlex = Math.max(worstFlex, flex); minFlex = Math.min(minFlex, flex);
      }
      if (!report.reachable && report.leftMissM > 0 && r < 0.1) tooClose++;
      expect(worstJointGap(h, h.poses)).toBeLessThan(1e-3);
    }
    expect(worstFlex).toBeLessThanOrEqual(ELBOW_MAX_FLEX_RAD + 1e-9);
    expect(minFlex).toBeGreaterThanOrEqual(0);
    expect(tooClose).toBeGreaterThan(0);
    world.free();
  });

  it('poseArms while walking applies on arrival', () => {
    const world = newWorld(), h = createHumanoid(R, world);
    const T = h.walkAlong(L_PATH, 1.2, 0);
    expect(h.poseArms([4.5, 3.45, 1.0]).reachable).toBe(true);
    h.update(T / 2);
    expect(h.state).toBe('walking');
    h.update(T);
    expect(h.state).toBe('working');
    expect(dist(pointOf(h.poses, Link.handL, [0, 0, 0]), [4.5, 3.45, 1.0])).toBeLessThan(5e-3);
    world.free();
  });
});

describe('humanoid determinism and properties', () => {
  it('identical runs give identical poses bit for bit (ours and Rapier\'s)', () => {
    const run = (): [Float64Array[], Float64Array] => {
      const world = newWorld(), h = createHumanoid(R, world, { position: [1, 2], headingRad: 0.3 });
      h.walkAlong([[1, 2], [4, 3], [4.5, 6]], 1.35);
      h.poseArms([4.8, 6.4, 0.95], 0.25);
      const frames: Float64Array[] = [];
      for (let k = 1; k <= 400; k++) { h.update(k * DT); world.step(); frames.push(h.poses.slice()); }
      const out = rapierPoses(world, h);
      world.free();
      return [frames, out];
    };
    const [a, ra] = run(), [b, rb] = run();
    for (let k = 0; k < a.length; k++) expect(Buffer.from(a[k].buffer).equals(Buffer.from(b[k].buffer))).toBe(true);
    expect(Buffer.from(ra.buffer).equals(Buffer.from(rb.buffer))).toBe(true);
  });

  it('property: on random polylines duration = length / speed and the walk ends on the last point', () => {
    const world = newWorld(), h = createHumanoid(R, world);
    const coord = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(fc.property(fc.array(fc.tuple(coord, coord), { minLength: 2, maxLength: 6 }), fc.double({ min: 0.2, max: 2.5, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }), (pts, v, frac) => {
        const L = lengthOf(pts), T = walkDurationSeconds(pts, v);
        expect(Math.abs(T - L / v)).toBeLessThanOrEqual(1e-12 * Math.max(1, T));
        const t0 = h.timeSeconds;
        expect(h.walkAlong(pts, v, t0)).toBe(T);
        h.update(t0 + frac * T); // somewhere along the way
        if (frac < 1) {
          const [ex, ey] = arcPoint(pts, v * frac * T);
          expect(Math.hypot(h.poses[0] - ex, h.poses[1] - ey)).toBeLessThan(1e-3);
        }
        expect(Math.min(lowestZ(h, h.poses, Link.footL), lowestZ(h, h.poses, Link.footR))).toBeGreaterThanOrEqual(-1e-3);
        expect(worstJointGap(h, h.poses)).toBeLessThan(1e-3);
        h.update(t0 + T);
        const last = pts[pts.length - 1];
        expect(Math.hypot(h.poses[0] - last[0], h.poses[1] - last[1])).toBeLessThan(1e-9);
        expect(h.state).toBe('idle');
      }), { numRuns: 300, seed: 4 });
    world.free();
  });
});
