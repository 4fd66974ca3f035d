/**
 * Rigid transforms as row-major 4×4 matrices in Float64Arrays: element (r, c) of the pose at
 * `offset` is `m[offset + 4 * r + c]`; the rotation is the upper-left 3×3, the translation the
 * last column, the bottom row 0 0 0 1.
 */

/**
 * Writes the URDF `<origin xyz rpy>` transform. The URDF XML spec (wiki.ros.org/urdf/XML/joint,
 * "origin ... rpy: fixed axis roll, pitch and yaw angles in radians") and REP 103 define rpy as
 * rotations about the FIXED axes X, then Y, then Z, which is R = Rz(yaw) · Ry(pitch) · Rx(roll)
 * (equivalently intrinsic Z-Y'-X'' with the angles in the reverse order), as urdfdom's
 * Rotation::setFromRPY and KDL's Rotation::RPY compute it.
 */
export function writeOriginTransform(
  out: Float64Array, offset: number,
  x: number, y: number, z: number, roll: number, pitch: number, yaw: number,
): void {
  const cr = Math.cos(roll), sr = Math.sin(roll);
  const cp = Math.cos(pitch), sp = Math.sin(pitch);
  const cy = Math.cos(yaw), sy = Math.sin(yaw);
  const o = offset;
  out[o] = cy * cp;      out[o + 1] = cy * sp * sr - sy * cr; out[o + 2] = cy * sp * cr + sy * sr; out[o + 3] = x;
  out[o + 4] = sy * cp;  out[o + 5] = sy * sp * sr + cy * cr; out[o + 6] = sy * sp * cr - cy * sr; out[o + 7] = y;
  out[o + 8] = 0 - sp;   out[o + 9] = cp * sr;                out[o + 10] = cp * cr;               out[o + 11] = z;
  out[o + 12] = 0;       out[o + 13] = 0;                     out[o + 14] = 0;                     out[o + 15] = 1;
}

/** Writes the identity transform at `offset`. */
export function writeIdentity(out: Float64Array, offset: number): void {
  for (let k = 0; k < 16; k++) out[offset + k] = k % 5 === 0 ? 1 : 0;
}
