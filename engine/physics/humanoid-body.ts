/**
 * The humanoid's body: anthropometry, the 15 capsule links and their 14 joints, and the two small
 * solvers a pose needs (two-link IK by the law of cosines; a link pose from two joint points).
 * Pure numbers, no Rapier: humanoid.ts turns the link table into bodies and colliders.
 *
 * Lengths are fractions of body height H from D. A. Winter, Biomechanics and Motor Control of
 * Human Movement, 4th ed. (Wiley 2009), Fig. 4.1 "Body segment lengths expressed as a fraction of
 * body height H" (after Drillis & Contini 1966). Capsule radii are not in Winter: they are rounded
 * from mean adult circumferences (ANSUR, Gordon et al. 1989, circumference / 2π) and only shape
 * contacts, never the kinematics. Frames: world z up (docs/physics.md); a link's capsule axis is
 * its local y (Rapier: "the capsule principal axis is the y coordinate axis", rapier.rs JS guide,
 * Colliders), from its proximal joint at local (0, −ℓ/2, 0) to its distal one at (0, +ℓ/2, 0).
 */
import { writeQuatFromBasis } from './model';

export const Link = {
  pelvis: 0, torso: 1, head: 2,
  upperArmL: 3, forearmL: 4, handL: 5, upperArmR: 6, forearmR: 7, handR: 8,
  thighL: 9, shinL: 10, footL: 11, thighR: 12, shinR: 13, footR: 14,
} as const;
export const LINK_COUNT = 15;
export const LINK_NAMES: readonly string[] = Object.keys(Link);
/** First arm / leg link of a side (0 left, 1 right): upper arm, forearm, hand; thigh, shin, foot. */
export const armBase = (side: number): number => 3 + 3 * side;
export const legBase = (side: number): number => 9 + 3 * side;

/** Winter (2009) Fig. 4.1, fractions of H (heights above the floor, lengths, breadths). */
export const WINTER = {
  shoulderHeight: 0.818, hipHeight: 0.530, kneeHeight: 0.285, ankleHeight: 0.039,
  shoulderWidth: 0.259, hipWidth: 0.191, upperArm: 0.186, forearm: 0.146, hand: 0.108,
  footLength: 0.152, footWidth: 0.055,
} as const;

/**
 * Joint ranges (flexion from straight, rad): elbow 145° and knee 135°, rounded down from the
 * AAOS averages collected by Greene & Heckman, The Clinical Measurement of Joint Motion (1994):
 * elbow 0–146°, knee 0–134° (rounded here to 135°). Neither joint hyperextends in the IK.
 */
export const ELBOW_MAX_FLEX_RAD = (145 * Math.PI) / 180;
export const KNEE_MAX_FLEX_RAD = (135 * Math.PI) / 180;
/** Hip–ankle distance while standing, as a fraction of thigh + shank: knee flexed ≈ 7°. */
export const LEG_EXTENSION = 0.998;

/** Pose entry: [x, y, z, qx, qy, qz, qw], metres, world frame. */
export const POSE_STRIDE = 7;

export interface BodyDims {
  heightM: number;
  /** Hip joint centres and shoulder joints, half the distance between left and right. */
  hipHalfM: number; shoulderHalfM: number;
  /** Pelvis centre (between the hip joints) to the base of the neck (shoulder height). */
  torsoM: number;
  upperArmM: number; forearmM: number; handSegM: number;
  thighM: number; shinM: number; headSegM: number;
  /** Ankle above the sole; foot length; ankle behind the foot's centre; ankle above its axis. */
  ankleHeightM: number; footLengthM: number; ankleBackM: number; ankleUpM: number;
  /** Pelvis centre height while standing. */
  standPelvisM: number;
  /** Per link: joint-to-joint length ℓ (the foot: its capsule's axis), capsule half-height and radius. */
  segM: Float64Array; halfHeightM: Float64Array; radiusM: Float64Array;
}

export function computeDims(H: number): BodyDims {
  const W = WINTER;
  const r = new Float64Array(LINK_COUNT);
  // ANSUR-like radii as fractions of H (1.75 m: thigh 79 mm, shank 53, upper arm 46, forearm 39).
  r[Link.torso] = 0.08 * H; r[Link.head] = 0.05 * H;
  for (let s = 0; s < 2; s++) {
    r[armBase(s)] = 0.026 * H; r[armBase(s) + 1] = 0.022 * H; r[armBase(s) + 2] = 0.014 * H;
    r[legBase(s)] = 0.045 * H; r[legBase(s) + 1] = 0.03 * H; r[legBase(s) + 2] = 0.016 * H;
  }
  // Hip joint centres sit inside the trochanteric breadth: half of it apart (0.0955 H ≈ 0.17 m at
  // 1.75 m, cf. Bell, Pedersen & Brand 1990: 0.36 × inter-ASIS width either side of the midline).
  // The pelvis capsule's radius makes its overall width exactly Winter's hip width 0.191 H.
  const hipHalfM = (W.hipWidth / 4) * H;
  r[Link.pelvis] = (W.hipWidth / 2) * H - hipHalfM;
  const thighM = (W.hipHeight - W.kneeHeight) * H, shinM = (W.kneeHeight - W.ankleHeight) * H;
  const footLengthM = W.footLength * H, rFoot = r[Link.footL];
  const d: BodyDims = {
    heightM: H, hipHalfM, shoulderHalfM: (W.shoulderWidth / 2) * H,
    torsoM: (W.shoulderHeight - W.hipHeight) * H,
    upperArmM: W.upperArm * H, forearmM: W.forearm * H, handSegM: W.hand * H - r[Link.handL],
    thighM, shinM,
    // Neck base to the top of the head minus the cap, so the head's capsule ends at height H.
    headSegM: (1 - W.shoulderHeight) * H - r[Link.head],
    ankleHeightM: W.ankleHeight * H, footLengthM,
    // Assumption (not in Winter): the ankle lies over the rear quarter of the foot.
    ankleBackM: footLengthM / 4, ankleUpM: W.ankleHeight * H - rFoot,
    standPelvisM: W.ankleHeight * H + LEG_EXTENSION * (thighM + shinM),
    segM: new Float64Array(LINK_COUNT), halfHeightM: new Float64Array(LINK_COUNT), radiusM: r,
  };
  const seg = d.segM;
  seg[Link.pelvis] = 2 * hipHalfM; seg[Link.torso] = d.torsoM; seg[Link.head] = d.headSegM;
  for (let s = 0; s < 2; s++) {
    seg[armBase(s)] = d.upperArmM; seg[armBase(s) + 1] = d.forearmM; seg[armBase(s) + 2] = d.handSegM;
    seg[legBase(s)] = thighM; seg[legBase(s) + 1] = shinM; seg[legBase(s) + 2] = footLengthM - 2 * rFoot;
  }
  for (let k = 0; k < LINK_COUNT; k++) d.halfHeightM[k] = seg[k] / 2;
  // The torso capsule spans exactly pelvis centre → neck base (its caps stay inside the segment).
  d.halfHeightM[Link.torso] = d.torsoM / 2 - r[Link.torso];
  return d;
}

export interface JointSpec {
  name: string;
  parent: number; child: number;
  /** The joint point in the parent's and in the child's local frame (metres). */
  parentLocal: readonly [number, number, number];
  childLocal: readonly [number, number, number];
}

/**
 * The 14 joints. Local frames: pelvis (x forward, y left, z up); torso and head (x forward, y up,
 * z right); limbs (y along the segment); foot (x right, y toward the toes, z up when flat).
 */
export function jointTable(d: BodyDims): JointSpec[] {
  const h = (k: number): number => d.segM[k] / 2;
  const joints: JointSpec[] = [
    { name: 'lumbar', parent: Link.pelvis, child: Link.torso, parentLocal: [0, 0, 0], childLocal: [0, -h(Link.torso), 0] },
    { name: 'neck', parent: Link.torso, child: Link.head, parentLocal: [0, h(Link.torso), 0], childLocal: [0, -h(Link.head), 0] },
  ];
  for (let s = 0; s < 2; s++) {
    const side = s === 0 ? 'L' : 'R', a = armBase(s), g = legBase(s);
    const lateral = s === 0 ? -d.shoulderHalfM : d.shoulderHalfM; // torso z points right
    joints.push(
      { name: `shoulder${side}`, parent: Link.torso, child: a, parentLocal: [0, h(Link.torso), lateral], childLocal: [0, -h(a), 0] },
      { name: `elbow${side}`, parent: a, child: a + 1, parentLocal: [0, h(a), 0], childLocal: [0, -h(a + 1), 0] },
      { name: `wrist${side}`, parent: a + 1, child: a + 2, parentLocal: [0, h(a + 1), 0], childLocal: [0, -h(a + 2), 0] },
      { name: `hip${side}`, parent: Link.pelvis, child: g, parentLocal: [0, s === 0 ? d.hipHalfM : -d.hipHalfM, 0], childLocal: [0, -h(g), 0] },
      { name: `knee${side}`, parent: g, child: g + 1, parentLocal: [0, h(g), 0], childLocal: [0, -h(g + 1), 0] },
      { name: `ankle${side}`, parent: g + 1, child: g + 2, parentLocal: [0, h(g + 1), 0], childLocal: [0, -d.ankleBackM, d.ankleUpM] },
    );
  }
  return joints;
}

/** IK outcome per limb. */
export const Reach = { ok: 0, tooFar: 1, tooClose: 2 } as const;

/**
 * Two-link analytic IK (law of cosines). Root P, target T, link lengths a (root → middle) and
 * b (middle → end), maximum flexion of the middle joint, and a pole direction toward which the
 * middle joint bends. With d = |T − P| clamped to [d_min, a + b], where the interior angle at the
 * middle joint is π − flexion, so d_min² = a² + b² + 2ab·cos(maxFlex):
 *   cos α = (a² + d² − b²) / (2ad)   (angle at the root between P→T and P→middle),
 *   middle = P + a(cos α·u + sin α·w),  end = P + d·u,
 * u = (T − P)/|T − P|, w = the pole made perpendicular to u. An unreachable target leaves the limb
 * pointing at it, fully extended (too far) or at the flexion limit (too close).
 * Writes out[0..2] middle joint, out[3..5] end, out[6..8] bend-plane normal u × w, out[9] the
 * distance by which the end misses T (0 when reachable). Returns a Reach code.
 */
export function solveTwoLink(out: Float64Array, px: number, py: number, pz: number, tx: number, ty: number,
  tz: number, a: number, b: number, maxFlexRad: number, qx: number, qy: number, qz: number): number {
  let ux = tx - px, uy = ty - py, uz = tz - pz;
  const d = Math.hypot(ux, uy, uz);
  if (d > 1e-12) { ux /= d; uy /= d; uz /= d; } else { ux = 0; uy = 0; uz = -1; }
  const dMax = a + b, dMin = Math.sqrt(Math.max(0, a * a + b * b + 2 * a * b * Math.cos(maxFlexRad)));
  const dc = d > dMax ? dMax : d < dMin ? dMin : d;
  let wx = qx, wy = qy, wz = qz;
  let dot = wx * ux + wy * uy + wz * uz;
  wx -= dot * ux; wy -= dot * uy; wz -= dot * uz;
  let wn = Math.hypot(wx, wy, wz);
  if (wn < 1e-9) { // pole parallel to u: any perpendicular, taken from the world axis least aligned
    const useX = Math.abs(ux) < 0.9;
    wx = useX ? 1 : 0; wy = useX ? 0 : 1; wz = 0;
    dot = wx * ux + wy * uy; wx -= dot * ux; wy -= dot * uy; wz -= dot * uz;
    wn = Math.hypot(wx, wy, wz);
  }
  wx /= wn; wy /= wn; wz /= wn;
  const cosA = Math.min(1, Math.max(-1, (a * a + dc * dc - b * b) / (2 * a * dc)));
  const sinA = Math.sqrt(1 - cosA * cosA);
  out[0] = px + a * (cosA * ux + sinA * wx); out[1] = py + a * (cosA * uy + sinA * wy); out[2] = pz + a * (cosA * uz + sinA * wz);
  out[3] = px + dc * ux; out[4] = py + dc * uy; out[5] = pz + dc * uz;
  out[6] = uy * wz - uz * wy; out[7] = uz * wx - ux * wz; out[8] = ux * wy - uy * wx;
  out[9] = Math.abs(d - dc);
  return d > dMax ? Reach.tooFar : d < dMin ? Reach.tooClose : Reach.ok;
}

// Scratch columns for writeQuatFromBasis (fully overwritten before every use; no state).
const EX = [0, 0, 0], EY = [0, 0, 0], EZ = [0, 0, 0];

/** Writes a pose: centre c and the orthonormal basis (ex, ey, ez) as a unit quaternion. */
export function writePoseBasis(out: Float64Array, o: number, cx: number, cy: number, cz: number,
  xx: number, xy: number, xz: number, yx: number, yy: number, yz: number): void {
  EX[0] = xx; EX[1] = xy; EX[2] = xz; EY[0] = yx; EY[1] = yy; EY[2] = yz;
  EZ[0] = xy * yz - xz * yy; EZ[1] = xz * yx - xx * yz; EZ[2] = xx * yy - xy * yx; // ez = ex × ey
  out[o] = cx; out[o + 1] = cy; out[o + 2] = cz;
  writeQuatFromBasis(EX, EY, EZ, out, o + 3);
}

/**
 * Writes the pose of a segment link from its proximal joint P and distal joint D: centre at the
 * midpoint, local y along P→D, local x the reference r made perpendicular to y (fallback world z,
 * then x, when r is parallel to the segment).
 */
export function writeLinkPose(out: Float64Array, link: number, px: number, py: number, pz: number,
  dx: number, dy: number, dz: number, rx: number, ry: number, rz: number): void {
  let yx = dx - px, yy = dy - py, yz = dz - pz;
  const n = Math.hypot(yx, yy, yz);
  yx /= n; yy /= n; yz /= n;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dot = rx * yx + ry * yy + rz * yz;
    const xx = rx - dot * yx, xy = ry - dot * yy, xz = rz - dot * yz;
    const m = Math.hypot(xx, xy, xz);
    if (m > 1e-6) {
      writePoseBasis(out, POSE_STRIDE * link, (px + dx) / 2, (py + dy) / 2, (pz + dz) / 2, xx / m, xy / m, xz / m, yx, yy, yz);
      return;
    }
    if (attempt === 0) { rx = 0; ry = 0; rz = 1; } else { rx = 1; ry = 0; rz = 0; }
  }
}
