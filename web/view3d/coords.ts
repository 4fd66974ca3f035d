/**
 * From the twin's world to Babylon's, written once (docs/physics.md "Layout, units, frames").
 *
 * The twin is right-handed with **z up** (ROS REP 103); Babylon is left-handed with **y up**. Swapping
 * y and z, P = P⁻¹ = [[1,0,0],[0,0,1],[0,1,0]], maps one onto the other: a twin point (x, y, z) is
 * the Babylon point (x, z, y). P is a reflection (det −1), which is exactly the change of handedness,
 * so a twin rotation R becomes P·R·P in Babylon (det +1 again: a proper rotation, face winding kept),
 * and the twin's floor plane x–y is Babylon's ground plane x–z. Seen from above (Babylon +y looking
 * down, +z ahead), twin +x is to the right and twin +y ahead: a plan view, not a mirror image.
 *
 * As a quaternion: a rotation by θ about axis a becomes a rotation by θ about det(P)·P·a = −P·a
 * (an improper map reverses the sense of rotation), so (qx, qy, qz, qw) → (−qx, −qz, −qy, qw).
 *
 * Template meshes are built in Babylon local coordinates with the same swap: Babylon local X, Y, Z
 * are the twin body's local x, z, y. So a unit box scaled by a twin size (sx, sy, sz) is scaled by
 * (sx, sz, sy) in Babylon.
 *
 * Matrices are Babylon's (Matrix.m, thin-instance buffers): 16 floats, row-vector convention
 * (v' = v·M), rows 0–2 the images of the local X, Y, Z axes, row 3 the translation. No function here
 * allocates: they write into caller-owned Float32Arrays, so the per-frame path stays allocation free.
 */

export const MATRIX_FLOATS = 16;

/** A twin point (x, y, z) as a Babylon point, into out[o..o+2]. */
export function twinToBabylonPoint(x: number, y: number, z: number, out: Float32Array | number[], o = 0): void {
  out[o] = x;
  out[o + 1] = z;
  out[o + 2] = y;
}

/** A twin quaternion (x, y, z, w) as the Babylon quaternion of the same rotation, into out[o..o+3]. */
export function twinToBabylonQuat(qx: number, qy: number, qz: number, qw: number, out: Float32Array | number[], o = 0): void {
  out[o] = -qx;
  out[o + 1] = -qz;
  out[o + 2] = -qy;
  out[o + 3] = qw;
}

/**
 * The Babylon matrix of a twin pose [x, y, z, qx, qy, qz, qw] (at pose[p]) with a scale (sx, sy, sz)
 * along the body's local twin axes, into out[o..o+15].
 *
 * With R the twin rotation (column convention) of the quaternion: row 0 = sx·P·R·ex, row 1 =
 * sz·P·R·ez, row 2 = sy·P·R·ey, row 3 = P·t. (Equal to Babylon's Matrix.Compose with the scale
 * (sx, sz, sy), the quaternion of twinToBabylonQuat and the translation of twinToBabylonPoint.)
 */
export function writePoseMatrix(pose: ArrayLike<number>, p: number, sx: number, sy: number, sz: number, out: Float32Array, o: number): void {
  const qx = pose[p + 3], qy = pose[p + 4], qz = pose[p + 5], qw = pose[p + 6];
  const xx = qx * qx, yy = qy * qy, zz = qz * qz;
  const xy = qx * qy, xz = qx * qz, yz = qy * qz, wx = qw * qx, wy = qw * qy, wz = qw * qz;
  const r00 = 1 - 2 * (yy + zz), r01 = 2 * (xy - wz), r02 = 2 * (xz + wy);
  const r10 = 2 * (xy + wz), r11 = 1 - 2 * (xx + zz), r12 = 2 * (yz - wx);
  const r20 = 2 * (xz - wy), r21 = 2 * (yz + wx), r22 = 1 - 2 * (xx + yy);
  // Babylon local X = twin local x: the twin column R·ex, with y and z swapped.
  out[o] = r00 * sx; out[o + 1] = r20 * sx; out[o + 2] = r10 * sx; out[o + 3] = 0;
  // Babylon local Y = twin local z.
  out[o + 4] = r02 * sz; out[o + 5] = r22 * sz; out[o + 6] = r12 * sz; out[o + 7] = 0;
  // Babylon local Z = twin local y.
  out[o + 8] = r01 * sy; out[o + 9] = r21 * sy; out[o + 10] = r11 * sy; out[o + 11] = 0;
  out[o + 12] = pose[p]; out[o + 13] = pose[p + 2]; out[o + 14] = pose[p + 1]; out[o + 15] = 1;
}

/** A pose that is only a floor position and a heading (rad about z, from +x toward +y). */
export function writeFloorMatrix(x: number, y: number, headingRad: number, sx: number, sy: number, sz: number, out: Float32Array, o: number): void {
  const c = Math.cos(headingRad), s = Math.sin(headingRad);
  // R = rotation about z: R·ex = (c, s, 0), R·ey = (−s, c, 0), R·ez = (0, 0, 1).
  out[o] = c * sx; out[o + 1] = 0; out[o + 2] = s * sx; out[o + 3] = 0;
  out[o + 4] = 0; out[o + 5] = sz; out[o + 6] = 0; out[o + 7] = 0;
  out[o + 8] = -s * sy; out[o + 9] = 0; out[o + 10] = c * sy; out[o + 11] = 0;
  out[o + 12] = x; out[o + 13] = 0; out[o + 14] = y; out[o + 15] = 1;
}

/** Heading about z (rad, from +x toward +y) of the twin quaternion at pose[p]. */
export function yawOf(pose: ArrayLike<number>, p: number): number {
  const qx = pose[p + 3], qy = pose[p + 4], qz = pose[p + 5], qw = pose[p + 6];
  return Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
}

/**
 * A segment from twin point a to twin point b, drawn with a template whose axis is Babylon local Y
 * from −½ to +½ (a unit-height cylinder) and whose cross-section is `diameter` wide. Any basis
 * across the axis will do for a round template; it is chosen right-handed so the determinant is
 * positive. A segment shorter than 1 µm is hidden (zero matrix).
 */
export function writeSegmentMatrix(ax: number, ay: number, az: number, bx: number, by: number, bz: number,
  diameter: number, out: Float32Array, o: number): void {
  // Work in Babylon coordinates: (x, z, y).
  const dx = bx - ax, dy = bz - az, dz = by - ay;
  const len = Math.hypot(dx, dy, dz);
  if (len < 1e-6) {
    hideMatrix(out, o);
    return;
  }
  const ux = dx / len, uy = dy / len, uz = dz / len;
  // X = normalise(h × u) with a helper h not parallel to u; Z = X × U.
  let hx = 0, hy = 1, hz = 0;
  if (Math.abs(uy) > 0.9) { hx = 1; hy = 0; }
  let xx = hy * uz - hz * uy, xy = hz * ux - hx * uz, xz = hx * uy - hy * ux;
  const xl = Math.hypot(xx, xy, xz);
  xx /= xl; xy /= xl; xz /= xl;
  const zx = xy * uz - xz * uy, zy = xz * ux - xx * uz, zz = xx * uy - xy * ux;
  out[o] = xx * diameter; out[o + 1] = xy * diameter; out[o + 2] = xz * diameter; out[o + 3] = 0;
  out[o + 4] = dx; out[o + 5] = dy; out[o + 6] = dz; out[o + 7] = 0;
  out[o + 8] = zx * diameter; out[o + 9] = zy * diameter; out[o + 10] = zz * diameter; out[o + 11] = 0;
  out[o + 12] = (ax + bx) / 2; out[o + 13] = (az + bz) / 2; out[o + 14] = (ay + by) / 2; out[o + 15] = 1;
}

/** A translation and uniform scale (a ball at twin point (x, y, z)). */
export function writeBallMatrix(x: number, y: number, z: number, diameter: number, out: Float32Array, o: number): void {
  out.fill(0, o, o + 15);
  out[o] = diameter; out[o + 5] = diameter; out[o + 10] = diameter;
  out[o + 12] = x; out[o + 13] = z; out[o + 14] = y; out[o + 15] = 1;
}

/** A hidden instance: every vertex collapses onto one point, so no triangle is drawn. */
export function hideMatrix(out: Float32Array, o: number): void {
  out.fill(0, o, o + 16);
  out[o + 15] = 1;
}
