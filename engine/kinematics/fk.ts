/**
 * Forward kinematics: joint vector in, the world pose of every link out, written into the
 * caller's buffer (STYLE habit 8) with no allocation per call.
 *
 * Pose buffer layout: POSE_STRIDE (16) numbers per link, indexed by link (model.linkNames), each a
 * row-major 4×4 homogeneous transform from the link frame to the world frame: element (r, c) of
 * link l is `out[16 * l + 4 * r + c]`, rotation upper-left 3×3, position (metres) in the last
 * column. URDF semantics (wiki.ros.org/urdf/XML/joint): the child link frame is the joint frame,
 * placed by `<origin>` in the parent link frame, then moved by the joint:
 *   T_child = T_parent · T_origin · M(q),
 * with M(q) a rotation by q (rad) about the unit axis for revolute and continuous joints, a
 * translation by q (m) along it for prismatic joints, and the identity for fixed joints.
 */
import { JointType, POSE_STRIDE, type RobotModel } from './model';
import { writeIdentity } from './transform';

/** A pose buffer for every link of `model` (allocate once, reuse for every call). */
export function createPoseBuffer(model: RobotModel): Float64Array {
  return new Float64Array(model.linkCount * POSE_STRIDE);
}

/** Origin · motion of the joint being processed, rows 0..2 of a 4×4 (module scratch, not state). */
const local = new Float64Array(12);

/**
 * Writes every link's world pose into `out` (createPoseBuffer). `q` holds one value per degree of
 * freedom (model.dofJoint order). `base`, if given, is the root link's pose in the world (a
 * row-major 4×4 at offset 0); otherwise the root is at the world origin.
 */
export function forwardKinematics(model: RobotModel, q: Float64Array, out: Float64Array, base?: Float64Array): void {
  if (q.length < model.dofCount) throw new RangeError(`q has ${q.length} entries, the robot has ${model.dofCount} degrees of freedom`);
  if (out.length < model.linkCount * POSE_STRIDE) throw new RangeError('pose buffer too small (use createPoseBuffer)');
  if (base) for (let k = 0; k < 16; k++) out[k] = base[k];
  else writeIdentity(out, 0);
  const origin = model.jointOrigin;
  const axes = model.jointAxis;
  for (let j = 0; j < model.jointCount; j++) {
    const o = j * POSE_STRIDE;
    const type = model.jointType[j];
    const value = type === JointType.fixed ? 0 : q[model.jointDof[j]];
    if (type === JointType.revolute || type === JointType.continuous) {
      // Rodrigues' rotation formula, R = I + sin θ K + (1 − cos θ) K², K the cross-product matrix
      // of the unit axis (x, y, z); e.g. Murray, Li & Sastry (1994), eq. 2.14.
      const x = axes[j * 3], y = axes[j * 3 + 1], z = axes[j * 3 + 2];
      const c = Math.cos(value), s = Math.sin(value), v = 1 - c;
      const m00 = c + x * x * v, m01 = x * y * v - z * s, m02 = x * z * v + y * s;
      const m10 = y * x * v + z * s, m11 = c + y * y * v, m12 = y * z * v - x * s;
      const m20 = z * x * v - y * s, m21 = z * y * v + x * s, m22 = c + z * z * v;
      for (let r = 0; r < 3; r++) {
        const a = origin[o + 4 * r], b = origin[o + 4 * r + 1], d = origin[o + 4 * r + 2];
        local[4 * r] = a * m00 + b * m10 + d * m20;
        local[4 * r + 1] = a * m01 + b * m11 + d * m21;
        local[4 * r + 2] = a * m02 + b * m12 + d * m22;
        local[4 * r + 3] = origin[o + 4 * r + 3];
      }
    } else {
      // Fixed (value 0) or prismatic: translation by value · axis in the joint frame.
      const x = axes[j * 3] * value, y = axes[j * 3 + 1] * value, z = axes[j * 3 + 2] * value;
      for (let r = 0; r < 3; r++) {
        const a = origin[o + 4 * r], b = origin[o + 4 * r + 1], d = origin[o + 4 * r + 2];
        local[4 * r] = a;
        local[4 * r + 1] = b;
        local[4 * r + 2] = d;
        local[4 * r + 3] = origin[o + 4 * r + 3] + a * x + b * y + d * z;
      }
    }
    const p = model.jointParentLink[j] * POSE_STRIDE;
    const w = model.jointChildLink[j] * POSE_STRIDE;
    for (let r = 0; r < 3; r++) {
      const a = out[p + 4 * r], b = out[p + 4 * r + 1], d = out[p + 4 * r + 2];
      out[w + 4 * r] = a * local[0] + b * local[4] + d * local[8];
      out[w + 4 * r + 1] = a * local[1] + b * local[5] + d * local[9];
      out[w + 4 * r + 2] = a * local[2] + b * local[6] + d * local[10];
      out[w + 4 * r + 3] = a * local[3] + b * local[7] + d * local[11] + out[p + 4 * r + 3];
    }
    out[w + 12] = 0;
    out[w + 13] = 0;
    out[w + 14] = 0;
    out[w + 15] = 1;
  }
}

/**
 * The degrees of freedom (indices into q) whose value lies outside [lower − tolerance,
 * upper + tolerance], in q order; NaN counts as outside. Continuous joints have no position limits.
 * Map through model.dofJoint and model.jointNames to name them.
 */
export function jointLimitsViolated(model: RobotModel, q: Float64Array, tolerance = 0): number[] {
  const violated: number[] = [];
  for (let d = 0; d < model.dofCount; d++) {
    const j = model.dofJoint[d];
    const v = q[d];
    if (!(v >= model.jointLower[j] - tolerance && v <= model.jointUpper[j] + tolerance)) violated.push(d);
  }
  return violated;
}
