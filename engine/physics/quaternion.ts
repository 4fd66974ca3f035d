/** Rotation matrix → unit quaternion, shared by the conveyor model and the robot arm. */

/**
 * Unit quaternion of the rotation block of the 4×4 at `m[o…]`, written to `out[oo…]`. Shepperd's
 * method (J. Guidance and Control 1(3), 1978), reading the matrix in place: branch on the largest of trace and diagonal so the square root is
 * of a number ≥ 1.
 */
export function quatFromPose(m: ArrayLike<number>, o: number, out: Float64Array, oo: number): void {
  const m00 = m[o], m01 = m[o + 1], m02 = m[o + 2];
  const m10 = m[o + 4], m11 = m[o + 5], m12 = m[o + 6];
  const m20 = m[o + 8], m21 = m[o + 9], m22 = m[o + 10];
  const trace = m00 + m11 + m22;
  let x: number, y: number, z: number, w: number;
  if (trace > 0) {
    const t = 2 * Math.sqrt(1 + trace);
    w = t / 4; x = (m21 - m12) / t; y = (m02 - m20) / t; z = (m10 - m01) / t;
  } else if (m00 > m11 && m00 > m22) {
    const t = 2 * Math.sqrt(1 + m00 - m11 - m22);
    w = (m21 - m12) / t; x = t / 4; y = (m01 + m10) / t; z = (m02 + m20) / t;
  } else if (m11 > m22) {
    const t = 2 * Math.sqrt(1 + m11 - m00 - m22);
    w = (m02 - m20) / t; x = (m01 + m10) / t; y = t / 4; z = (m12 + m21) / t;
  } else {
    const t = 2 * Math.sqrt(1 + m22 - m00 - m11);
    w = (m10 - m01) / t; x = (m02 + m20) / t; y = (m12 + m21) / t; z = t / 4;
  }
  out[oo] = x; out[oo + 1] = y; out[oo + 2] = z; out[oo + 3] = w;
}
