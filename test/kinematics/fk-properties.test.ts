/** Property tests of forward kinematics: rigid rotations, prismatic travel, continuous periodicity. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPoseBuffer, forwardKinematics, jointLimitsViolated } from '../../engine/kinematics/fk';
import { findLink, type RobotModel } from '../../engine/kinematics/model';
import { multiply, pandaMdh, poseAt, positionError, rotationError, rotZ, ur5Dh, type Mat4 } from './dh';
import { loadRobot, parsed, robotXml } from './robots';

const RUNS = { numRuns: 300 };
const ur5 = loadRobot('ur5.urdf');
const panda = loadRobot('panda_arm.urdf');

const angle = (limit = 2 * Math.PI) => fc.double({ min: -limit, max: limit, noNaN: true });
const jointVector = (n: number, limit?: number) => fc.array(angle(limit), { minLength: n, maxLength: n });
/** A number written as the URDF would hold it; String() round-trips a double exactly. */
const num = (limit: number) => fc.double({ min: -limit, max: limit, noNaN: true }).map(String);
const triple = (limit: number) => fc.tuple(num(limit), num(limit), num(limit)).map((t) => t.join(' '));
const direction = fc.tuple(num(1), num(1), num(1))
  .filter((t) => Math.hypot(...t.map(Number)) > 1e-3)
  .map((t) => t.join(' '));

function poses(model: RobotModel, q: number[]): Float64Array {
  const out = createPoseBuffer(model);
  forwardKinematics(model, Float64Array.from(q), out);
  return out;
}

function expectRotation(m: Mat4): void {
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const dot = m[0][a] * m[0][b] + m[1][a] * m[1][b] + m[2][a] * m[2][b];
      expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-12);
    }
  }
  const det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
    - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
    + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  expect(Math.abs(det - 1)).toBeLessThan(1e-12);
  expect(m[3]).toEqual([0, 0, 0, 1]);
}

describe('forwardKinematics properties', () => {
  it('every link rotation of UR5 and Panda is orthonormal with det +1', () => {
    fc.assert(fc.property(jointVector(6), jointVector(7), (qu, qp) => {
      const a = poses(ur5, qu);
      for (let l = 0; l < ur5.linkCount; l++) expectRotation(poseAt(a, l));
      const b = poses(panda, qp);
      for (let l = 0; l < panda.linkCount; l++) expectRotation(poseAt(b, l));
    }), RUNS);
  });

  it('UR5 tool0 matches the DH reference for random joint vectors (≤ 1e-6 m)', () => {
    const tool = findLink(ur5, 'tool0');
    fc.assert(fc.property(jointVector(6), (q) => {
      const urdf = poseAt(poses(ur5, q), tool);
      const dh = multiply(rotZ(Math.PI), ur5Dh(q));
      expect(positionError(urdf, dh)).toBeLessThan(1e-6);
      expect(rotationError(urdf, dh)).toBeLessThan(1e-6);
    }), RUNS);
  });

  it('Panda flange matches the modified-DH reference for random joint vectors', () => {
    const flange = findLink(panda, 'panda_link8');
    fc.assert(fc.property(jointVector(7, 3), (q) => {
      const urdf = poseAt(poses(panda, q), flange);
      expect(positionError(urdf, pandaMdh(q))).toBeLessThan(1e-9);
      expect(rotationError(urdf, pandaMdh(q))).toBeLessThan(1e-9);
    }), RUNS);
  });

  it('a prismatic joint moves its child by exactly q along its axis, without turning it', () => {
    fc.assert(fc.property(
      triple(1), triple(Math.PI), triple(1), triple(Math.PI), direction, angle(), fc.double({ min: -2, max: 2, noNaN: true }),
      (xyz1, rpy1, xyz2, rpy2, axis, turn, travel) => {
        const model = parsed(robotXml(['a', 'b', 'c'], [
          { name: 'turn', type: 'revolute', parent: 'a', child: 'b', xyz: xyz1, rpy: rpy1, axis: '0 1 0',
            limit: 'lower="-7" upper="7" effort="1" velocity="1"' },
          { name: 'slide', type: 'prismatic', parent: 'b', child: 'c', xyz: xyz2, rpy: rpy2, axis,
            limit: 'lower="-2" upper="2" effort="1" velocity="1"' },
        ]));
        const c = findLink(model, 'c');
        const home = poseAt(poses(model, [turn, 0]), c);
        const moved = poseAt(poses(model, [turn, travel]), c);
        const u = axis.split(' ').map(Number);
        const norm = Math.hypot(...u);
        // World direction of the axis: the child's rotation applied to the unit axis.
        const dir = [0, 1, 2].map((r) => (home[r][0] * u[0] + home[r][1] * u[1] + home[r][2] * u[2]) / norm);
        for (let r = 0; r < 3; r++) expect(Math.abs(moved[r][3] - home[r][3] - travel * dir[r])).toBeLessThan(1e-12);
        expect(Math.abs(positionError(moved, home) - Math.abs(travel))).toBeLessThan(1e-12);
        expect(rotationError(moved, home)).toBe(0);
      },
    ), RUNS);
  });

  it('a continuous joint at q and at q + 2π gives the same pose', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(triple(1), triple(Math.PI), direction), { minLength: 1, maxLength: 4 }), fc.array(angle(20), { minLength: 4, maxLength: 4 }), fc.nat(3),
      (specs, q, shifted) => {
        const links = specs.map((_, i) => `l${i + 1}`);
        const model = parsed(robotXml(['l0', ...links], specs.map(([xyz, rpy, axis], i) => (
          { name: `j${i}`, type: 'continuous', parent: `l${i}`, child: `l${i + 1}`, xyz, rpy, axis }))));
        const values = q.slice(0, specs.length);
        const wrapped = values.map((v, i) => (i === shifted % specs.length ? v + 2 * Math.PI : v));
        const a = poses(model, values);
        const b = poses(model, wrapped);
        for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-9);
        expect(jointLimitsViolated(model, Float64Array.from(wrapped))).toEqual([]);
      },
    ), RUNS);
  });

  it('does not allocate a new buffer: it writes into the one it is given, and a base pose moves the root', () => {
    const out = createPoseBuffer(ur5);
    const base = new Float64Array([0, -1, 0, 2, 1, 0, 0, 3, 0, 0, 1, 0.5, 0, 0, 0, 1]);
    forwardKinematics(ur5, new Float64Array(6), out, base);
    expect(Array.from(out.subarray(0, 16))).toEqual(Array.from(base));
    const tool = poseAt(out, findLink(ur5, 'tool0'));
    // base · (0.81725, 0.19145, −0.005491): x' = −y + 2, y' = x + 3, z' = z + 0.5.
    expect(tool[0][3]).toBeCloseTo(-0.19145 + 2, 9);
    expect(tool[1][3]).toBeCloseTo(0.81725 + 3, 9);
    expect(tool[2][3]).toBeCloseTo(-0.005491 + 0.5, 9);
    expect(() => forwardKinematics(ur5, new Float64Array(5), out)).toThrow(RangeError);
  });
});

describe('jointLimitsViolated', () => {
  it('names the degrees of freedom outside their limits', () => {
    // Panda joint4 must lie in [−3.0718, −0.0698]: the all-zero vector violates it (index 3).
    expect(jointLimitsViolated(panda, new Float64Array(7))).toEqual([3]);
    const ready = [0, -Math.PI / 4, 0, -3 * Math.PI / 4, 0, Math.PI / 2, Math.PI / 4];
    expect(jointLimitsViolated(panda, Float64Array.from(ready))).toEqual([]);
    expect(jointLimitsViolated(panda, Float64Array.from([3, -1.8, 0, -0.05, 0, -0.02, Number.NaN]))).toEqual([0, 1, 3, 5, 6]);
    expect(jointLimitsViolated(panda, Float64Array.from([2.9, 0, 0, -1, 0, 1, 0]), 0.01)).toEqual([]);
    // UR5 elbow is ±π, the other joints ±2π.
    expect(jointLimitsViolated(ur5, Float64Array.from([6.2, 0, 3.2, 0, 0, -6.3]))).toEqual([2, 5]);
  });
});
