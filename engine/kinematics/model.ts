/**
 * The compiled robot (DESIGN §2 "model vs state", STYLE: MuJoCo's mjModel): read-only data with
 * names resolved to indices, per-field typed arrays. The state is a joint vector `q` (one entry per
 * degree of freedom) and the poses FK writes into a caller's buffer (fk.ts).
 *
 * Units: metres and radians (REP 103). Ordering: links and joints are in depth-first topological
 * order from the root, so a parent always comes before its children and every chain is walked
 * front to back. Link 0 is the root; joint j moves link `jointChildLink[j]`, which is always j + 1.
 */

/** Joint type codes in `RobotModel.jointType`. */
export const JointType = { fixed: 0, revolute: 1, continuous: 2, prismatic: 3 } as const;
export type JointTypeName = keyof typeof JointType;
export type JointTypeCode = (typeof JointType)[JointTypeName];
export const JOINT_TYPE_NAMES: readonly JointTypeName[] = ['fixed', 'revolute', 'continuous', 'prismatic'];

/** Numbers per pose in an FK buffer: a row-major 4×4 homogeneous transform. */
export const POSE_STRIDE = 16;

export interface RobotModel {
  /** `<robot name>`. */
  name: string;
  /** The file it was read from (as passed to parseUrdf), for messages. */
  file: string;

  linkCount: number;
  /** Link names by link index; index 0 is the root link. */
  linkNames: readonly string[];
  /** The joint whose child each link is; -1 for the root. */
  linkParentJoint: Int32Array;

  jointCount: number;
  jointNames: readonly string[];
  /** JointType code per joint. */
  jointType: Uint8Array;
  jointParentLink: Int32Array;
  jointChildLink: Int32Array;
  /** The joint that moves the parent link; -1 when the parent link is the root. */
  jointParentJoint: Int32Array;
  /**
   * Fixed transform from the parent link frame to the joint frame (URDF `<origin xyz rpy>`),
   * row-major 4×4, POSE_STRIDE numbers per joint. The child link frame equals the joint frame.
   */
  jointOrigin: Float64Array;
  /** Unit joint axis in the joint frame, 3 per joint ((1, 0, 0) for fixed joints). */
  jointAxis: Float64Array;
  /** Position limits, rad or m; -Infinity/+Infinity for continuous and fixed joints. */
  jointLower: Float64Array;
  jointUpper: Float64Array;
  /** Velocity (rad/s or m/s) and effort (N·m or N) limits; +Infinity when not given. */
  jointVelocity: Float64Array;
  jointEffort: Float64Array;

  /** Degrees of freedom: the movable (non-fixed) joints, in topological order. q has dofCount entries. */
  dofCount: number;
  /** Joint index of each degree of freedom. */
  dofJoint: Int32Array;
  /** Degree of freedom of each joint (its index in q); -1 for fixed joints. */
  jointDof: Int32Array;
}

/** Index of the link called `name`, or -1. */
export function findLink(model: RobotModel, name: string): number {
  return model.linkNames.indexOf(name);
}

/** Index of the joint called `name`, or -1. */
export function findJoint(model: RobotModel, name: string): number {
  return model.jointNames.indexOf(name);
}

/**
 * The joints from the root to the link called `name`, root first (empty for the root itself), or
 * undefined when there is no such link. Map through `jointDof` for the entries of q that move it.
 */
export function chainTo(model: RobotModel, name: string): Int32Array | undefined {
  const link = findLink(model, name);
  if (link < 0) return undefined;
  const joints: number[] = [];
  for (let j = model.linkParentJoint[link]; j >= 0; j = model.jointParentJoint[j]) joints.push(j);
  return Int32Array.from(joints.reverse());
}

/** The degrees of freedom (indices into q) that move the link called `name`, root first. */
export function chainDofs(model: RobotModel, name: string): Int32Array | undefined {
  const chain = chainTo(model, name);
  return chain && Int32Array.from([...chain].map((j) => model.jointDof[j]).filter((d) => d >= 0));
}
