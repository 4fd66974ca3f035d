/**
 * Independent reference kinematics for the FK tests: Denavit–Hartenberg chains with plain
 * number[][] matrices. Shares no code with engine/kinematics (its own matrix product, its own
 * rotations), so an error in the URDF reader or FK cannot cancel out here.
 */

export type Mat4 = number[][];

export function multiply(a: Mat4, b: Mat4): Mat4 {
  return a.map((row) => [0, 1, 2, 3].map((c) => row.reduce((sum, v, k) => sum + v * b[k][c], 0)));
}

export const identity = (): Mat4 => [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];

export function rotZ(t: number): Mat4 {
  return [[Math.cos(t), -Math.sin(t), 0, 0], [Math.sin(t), Math.cos(t), 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
}

/**
 * Standard (distal) DH link transform, Denavit & Hartenberg (1955) as written in Spong, Hutchinson
 * & Vidyasagar, "Robot Modeling and Control" (2006), ch. 3: A = Rz(θ) · Tz(d) · Tx(a) · Rx(α).
 */
export function standardDh(theta: number, d: number, a: number, alpha: number): Mat4 {
  const ct = Math.cos(theta), st = Math.sin(theta), ca = Math.cos(alpha), sa = Math.sin(alpha);
  return [
    [ct, -st * ca, st * sa, a * ct],
    [st, ct * ca, -ct * sa, a * st],
    [0, sa, ca, d],
    [0, 0, 0, 1],
  ];
}

/**
 * Modified (proximal) DH link transform, Craig, "Introduction to Robotics: Mechanics and Control"
 * (2nd ed., 1989), ch. 3, link transformations: T = Rx(α_{i−1}) · Tx(a_{i−1}) · Rz(θ_i) · Tz(d_i).
 */
export function modifiedDh(a: number, d: number, alpha: number, theta: number): Mat4 {
  const ct = Math.cos(theta), st = Math.sin(theta), ca = Math.cos(alpha), sa = Math.sin(alpha);
  return [
    [ct, -st, 0, a],
    [st * ca, ct * ca, -sa, -sa * d],
    [st * sa, ct * sa, ca, ca * d],
    [0, 0, 0, 1],
  ];
}

/**
 * UR5 standard DH parameters, Universal Robots' published table ("DH parameters for calculations
 * of kinematics and dynamics", universal-robots.com support article): d, a, α per joint.
 */
const UR5_D = [0.089159, 0, 0, 0.10915, 0.09465, 0.0823];
const UR5_A = [0, -0.425, -0.39225, 0, 0, 0];
const UR5_ALPHA = [Math.PI / 2, 0, 0, Math.PI / 2, -Math.PI / 2, 0];

/** Pose of the UR5 tool flange (DH frame 6) in the UR base frame (DH frame 0). */
export function ur5Dh(q: ArrayLike<number>): Mat4 {
  let t = identity();
  for (let i = 0; i < 6; i++) t = multiply(t, standardDh(q[i], UR5_D[i], UR5_A[i], UR5_ALPHA[i]));
  return t;
}

/**
 * Franka Emika Panda modified DH parameters (Craig convention), as published in Franka's
 * documentation ("Robot and interface specifications", frankaemika.github.io/docs/
 * control_parameters.html): a (m), d (m), α (rad) per joint 1..7, then the flange (θ = 0).
 */
const PANDA_MDH: [number, number, number][] = [
  [0, 0.333, 0],
  [0, 0, -Math.PI / 2],
  [0, 0.316, Math.PI / 2],
  [0.0825, 0, Math.PI / 2],
  [-0.0825, 0.384, -Math.PI / 2],
  [0, 0, Math.PI / 2],
  [0.088, 0, Math.PI / 2],
];
const PANDA_FLANGE: [number, number, number] = [0, 0.107, 0];

/** Pose of the Panda flange in the base frame (Franka's O frame = panda_link0). */
export function pandaMdh(q: ArrayLike<number>): Mat4 {
  let t = identity();
  for (let i = 0; i < 7; i++) {
    const [a, d, alpha] = PANDA_MDH[i];
    t = multiply(t, modifiedDh(a, d, alpha, q[i]));
  }
  return multiply(t, modifiedDh(PANDA_FLANGE[0], PANDA_FLANGE[1], PANDA_FLANGE[2], 0));
}

/** The pose of link `link` in an FK buffer (row-major 4×4, 16 per link), as a Mat4. */
export function poseAt(buffer: Float64Array, link: number): Mat4 {
  const o = link * 16;
  return [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => buffer[o + 4 * r + c]));
}

/** Inverse of a rigid transform: [Rᵀ, −Rᵀ t]. */
export function invertRigid(m: Mat4): Mat4 {
  const r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => m[j][i]));
  const t = r.map((row) => -(row[0] * m[0][3] + row[1] * m[1][3] + row[2] * m[2][3]));
  return [[...r[0], t[0]], [...r[1], t[1]], [...r[2], t[2]], [0, 0, 0, 1]];
}

/** Largest distance between the positions of two poses (m). */
export function positionError(a: Mat4, b: Mat4): number {
  return Math.hypot(a[0][3] - b[0][3], a[1][3] - b[1][3], a[2][3] - b[2][3]);
}

/** Largest absolute difference between two rotations' entries. */
export function rotationError(a: Mat4, b: Mat4): number {
  let e = 0;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) e = Math.max(e, Math.abs(a[r][c] - b[r][c]));
  return e;
}
