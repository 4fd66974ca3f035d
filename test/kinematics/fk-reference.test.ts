/**
 * Known answers: FK of the shipped UR5 and Panda URDFs against the manufacturers' published
 * Denavit–Hartenberg parameters, evaluated by an independent implementation (dh.ts).
 */
import { describe, expect, it } from 'vitest';
import { createPoseBuffer, forwardKinematics } from '../../engine/kinematics/fk';
import { findLink, type RobotModel } from '../../engine/kinematics/model';
import {
  invertRigid, multiply, pandaMdh, poseAt, positionError, rotationError, rotZ, ur5Dh, type Mat4,
} from './dh';
import { loadRobot } from './robots';

function fkPose(model: RobotModel, q: number[], link: string): Mat4 {
  const out = createPoseBuffer(model);
  forwardKinematics(model, Float64Array.from(q), out);
  const index = findLink(model, link);
  expect(index).toBeGreaterThanOrEqual(0);
  return poseAt(out, index);
}

const PI = Math.PI;
const TOL_M = 1e-6;
const TOL_ROT = 1e-6;

/**
 * Frames. UR's DH base frame 0 is the controller's "Base" frame. In ur_description it is the
 * link `base` (and equally `base_link_inertia`): both hang off `base_link` by a fixed rotation
 * Rz(π) (rpy 0 0 π), so p_base_link = Rz(π) · p_DH, i.e. (x, y, z) → (−x, −y, z). DH frame 6 is
 * UR's tool flange frame, which ur_description calls `tool0` (the `flange` link is the same point
 * with ROS axes: x out of the flange). The URDF's joint origins are the calibrated ones from
 * default_kinematics.yaml (e.g. 1.570796327 for π/2), so agreement is to ~1e-9, not 1e-15.
 */
const UR5_CASES: [string, number[]][] = [
  ['zero', [0, 0, 0, 0, 0, 0]],
  ['upright', [0, -PI / 2, 0, -PI / 2, 0, 0]],
  ['pick pose', [0.3, -1.2, 1.5, -0.7, 1.1, 2.0]],
  ['far joints', [-2.5, -0.4, -2.8, 3.0, -1.7, 0.9]],
  ['beyond ±π', [5.1, -4.0, 2.2, -5.9, 4.4, -6.1]],
];

describe('UR5 forward kinematics vs the UR standard DH table', () => {
  const ur5 = loadRobot('ur5.urdf');

  it('tool0 at zero joints is at the closed-form point (a2 + a3, d4 + d6, d1 − d5) turned by Rz(π)', () => {
    // DH at q = 0: x = a2 + a3 = −0.81725, y = −(d4 + d6) = −0.19145, z = d1 − d5 = −0.005491.
    const p = fkPose(ur5, [0, 0, 0, 0, 0, 0], 'tool0');
    expect(p[0][3]).toBeCloseTo(0.81725, 9);
    expect(p[1][3]).toBeCloseTo(0.19145, 9);
    expect(p[2][3]).toBeCloseTo(-0.005491, 9);
  });

  for (const [name, q] of UR5_CASES) {
    it(`tool0 in base_link = Rz(π) · DH at ${name} (${q.join(', ')})`, () => {
      const urdf = fkPose(ur5, q, 'tool0');
      const expected = multiply(rotZ(PI), ur5Dh(q));
      expect(positionError(urdf, expected)).toBeLessThan(TOL_M);
      expect(rotationError(urdf, expected)).toBeLessThan(TOL_ROT);
    });
    it(`tool0 relative to the link "base" equals DH frame 6 in frame 0 at ${name}`, () => {
      const relative = multiply(invertRigid(fkPose(ur5, q, 'base')), fkPose(ur5, q, 'tool0'));
      const expected = ur5Dh(q);
      expect(positionError(relative, expected)).toBeLessThan(TOL_M);
      expect(rotationError(relative, expected)).toBeLessThan(TOL_ROT);
    });
  }
});

/** Franka's O frame (DH base) is panda_link0; the flange frame F is panda_link8. */
const PANDA_CASES: [string, number[]][] = [
  ['ready', [0, -PI / 4, 0, -3 * PI / 4, 0, PI / 2, PI / 4]],
  ['reach left', [1.2, 0.5, -0.8, -1.9, 0.7, 2.4, -1.1]],
  ['near limits', [-2.8, -1.7, 2.8, -3.0, -2.8, 3.7, 2.8]],
  ['folded', [0.1, 1.3, 0.2, -0.1, -0.3, 0.0, 0.5]],
];

describe('Panda forward kinematics vs Franka\'s modified DH table (Craig convention)', () => {
  const panda = loadRobot('panda_arm.urdf');

  it('the ready pose puts the flange at the known point (0.3069, 0, 0.5903)', () => {
    const p = fkPose(panda, PANDA_CASES[0][1], 'panda_link8');
    expect(p[0][3]).toBeCloseTo(0.306891, 6);
    expect(p[1][3]).toBeCloseTo(0, 9);
    expect(p[2][3]).toBeCloseTo(0.590282, 6);
    // Flange pointing straight down: z axis of the flange = −z of the base.
    expect(p[2][2]).toBeCloseTo(-1, 9);
  });

  for (const [name, q] of PANDA_CASES) {
    it(`panda_link8 = MDH flange at ${name} (${q.map((v) => v.toFixed(3)).join(', ')})`, () => {
      const urdf = fkPose(panda, q, 'panda_link8');
      const expected = pandaMdh(q);
      expect(positionError(urdf, expected)).toBeLessThan(1e-9);
      expect(rotationError(urdf, expected)).toBeLessThan(1e-9);
    });
  }
});
