/** UR5 helpers shared by the arm tests: a tool-down joint vector and the tool0 position. */
import { createPoseBuffer, forwardKinematics } from '../../engine/kinematics/fk';
import { findLink, type RobotModel } from '../../engine/kinematics/model';

const HALF_PI = Math.PI / 2;

/** UR5 joint vector with the tool pointing straight down, tool0 at radius ρ (pan 0 frame) and height z. */
export function toolDown(ur5: RobotModel, pan: number, rho: number, z: number): number[] {
  const fk = createPoseBuffer(ur5), tool = findLink(ur5, 'tool0') * 16;
  const at = (a: number, b: number) => {
    forwardKinematics(ur5, Float64Array.from([0, a, b, -HALF_PI - a - b, -HALF_PI, 0]), fk);
    return [fk[tool + 3] - rho, fk[tool + 11] - z];
  };
  let a = -1.2, b = 1.6; // Newton on (shoulder_lift, elbow), numerical Jacobian
  for (let it = 0; it < 30; it++) {
    const f = at(a, b), h = 1e-7;
    const fa = at(a + h, b), fb = at(a, b + h);
    const j00 = (fa[0] - f[0]) / h, j01 = (fb[0] - f[0]) / h, j10 = (fa[1] - f[1]) / h, j11 = (fb[1] - f[1]) / h;
    const det = j00 * j11 - j01 * j10;
    a -= (j11 * f[0] - j01 * f[1]) / det;
    b -= (j00 * f[1] - j10 * f[0]) / det;
  }
  return [pan, a, b, -HALF_PI - a - b, -HALF_PI, 0];
}

/** tool0's position for joint vector q. */
export function toolPosition(ur5: RobotModel, q: number[]): number[] {
  const fk = createPoseBuffer(ur5), o = findLink(ur5, 'tool0') * 16;
  forwardKinematics(ur5, Float64Array.from(q), fk);
  return [fk[o + 3], fk[o + 7], fk[o + 11]];
}
