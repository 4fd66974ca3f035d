/**
 * Walking paths and the gait cycle of the kinematic humanoid: arc-length parameterisation of a
 * floor polyline, a heading that turns smoothly at vertices, step length and cadence for a speed,
 * and where each foot is in the cycle. Pure numbers; humanoid.ts poses the links from them.
 */

/** A floor polyline, [x, y] in metres (world frame). */
export type FloorPath = ReadonlyArray<readonly [number, number]>;

/**
 * A compiled walking path in one Float64Array of fixed capacity (vertices), so a humanoid's walk
 * is a plain state array (snapshots, agent-state.ts):
 *   data = [segments, lengthM, endX, endY | xy (2·capacity) | cumM | headingRad | turnHalfM (capacity each)].
 */
export class PathBuffer {
  readonly data: Float64Array;
  /** Vertices without zero-length segments: x0, y0, x1, y1, … */
  readonly xy: Float64Array;
  /** Arc length at each vertex (cum[0] = 0), metres. */
  readonly cumM: Float64Array;
  /** Heading of each segment, rad (atan2 of its direction; 0 = +x). */
  readonly headingRad: Float64Array;
  /** Half-width of the turn blend at each vertex (0 at the ends), metres. */
  readonly turnHalfM: Float64Array;

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 2)) throw new RangeError('a path buffer holds at least 2 points');
    this.data = new Float64Array(4 + 5 * capacity);
    let o = 4;
    const take = (n: number) => this.data.subarray(o, (o += n));
    this.xy = take(2 * capacity); this.cumM = take(capacity); this.headingRad = take(capacity); this.turnHalfM = take(capacity);
  }

  get segments(): number { return this.data[0]; }
  /** Sum of the input's segment lengths (pathLengthM): the walk's length for its duration. */
  get lengthM(): number { return this.data[1]; }
  /** The input's last point exactly, where a finished walk stands. */
  get endX(): number { return this.data[2]; }
  get endY(): number { return this.data[3]; }

  /** Compiles `points` (checked with checkWalk) into this buffer; RangeError if there are more than `capacity`. */
  set(points: FloorPath): void {
    const n = points.length;
    if (n > this.capacity) throw new RangeError(`a walking path of ${n} points, this humanoid holds at most ${this.capacity} (HumanoidOptions.maxPathPoints)`);
    const xy = this.xy, cum = this.cumM, heading = this.headingRad, turn = this.turnHalfM;
    xy[0] = points[0][0]; xy[1] = points[0][1]; cum[0] = 0;
    let v = 1; // vertices so far
    for (let i = 1; i < n; i++) {
      const dx = points[i][0] - xy[2 * v - 2], dy = points[i][1] - xy[2 * v - 1];
      const len = Math.hypot(dx, dy), prev = cum[v - 1];
      if (prev + len === prev) continue; // repeated point (or one lost to rounding): no segment, no heading
      xy[2 * v] = points[i][0]; xy[2 * v + 1] = points[i][1];
      cum[v] = prev + len;
      heading[v - 1] = Math.atan2(dy, dx);
      v++;
    }
    const segments = v - 1;
    turn.fill(0);
    for (let j = 1; j < segments; j++) turn[j] = Math.min(TURN_HALF_M, (cum[j] - cum[j - 1]) / 2, (cum[j + 1] - cum[j]) / 2);
    this.data[0] = segments; this.data[1] = pathLengthM(points);
    this.data[2] = points[n - 1][0]; this.data[3] = points[n - 1][1];
  }
}

/**
 * Half-width of the arc over which the heading turns at a vertex, metres (capped at half of each
 * adjacent segment). A modelling choice, not a measurement: the body turns over about one step
 * centred on the vertex instead of snapping; away from vertices the heading is the segment's.
 */
export const TURN_HALF_M = 0.3;

/** Checks a path and a speed; throws a RangeError naming the problem (errors at the edge). */
export function checkWalk(points: FloorPath, speedMps: number): void {
  if (!(Number.isFinite(speedMps) && speedMps > 0)) throw new RangeError(`walk speed must be a positive number of m/s, got ${speedMps}`);
  if (!Array.isArray(points) || points.length < 2) throw new RangeError('a walking path needs at least 2 points');
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new RangeError(`path point ${i} is not a finite [x, y]`);
  }
}

/** Length of a polyline, metres: the sum of its segments' lengths. */
export function pathLengthM(points: FloorPath): number {
  let L = 0;
  for (let i = 1; i < points.length; i++) L += Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
  return L;
}

/** Walking time along a path at constant speed: length / speed, seconds (what the line model uses). */
export function walkDurationSeconds(points: FloorPath, speedMps: number): number {
  checkWalk(points, speedMps);
  return pathLengthM(points) / speedMps;
}

/** Smoothstep 3x² − 2x³ on [0, 1] (zero slope at both ends). */
export function smoothstep(x: number): number {
  const c = x < 0 ? 0 : x > 1 ? 1 : x;
  return c * c * (3 - 2 * c);
}

/** Signed shortest angle from a to b, in (−π, π]. */
function angleDelta(a: number, b: number): number {
  let d = (b - a) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI; else if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/**
 * The point at arc length s (clamped to the path) and the heading there, written to out[o..o+2] as
 * x, y, heading (rad). Position is exact arc-length interpolation; the heading equals the segment's
 * except within turnHalfM of a vertex, where it blends to the next one with a smoothstep.
 * A path of length 0 writes its point and leaves out[o+2] untouched.
 */
export function samplePath(p: PathBuffer, s: number, out: Float64Array, o: number): void {
  const n = p.segments;
  if (n === 0) { out[o] = p.xy[0]; out[o + 1] = p.xy[1]; return; }
  const cum = p.cumM;
  const sc = s < 0 ? 0 : s > cum[n] ? cum[n] : s;
  let lo = 0, hi = n - 1; // find segment i with cum[i] ≤ sc ≤ cum[i+1] (binary search)
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid] <= sc) lo = mid; else hi = mid - 1;
  }
  const i = lo, len = cum[i + 1] - cum[i];
  const t = len > 0 ? Math.min(1, (sc - cum[i]) / len) : 1;
  const x0 = p.xy[2 * i], y0 = p.xy[2 * i + 1];
  out[o] = t === 1 ? p.xy[2 * i + 2] : x0 + t * (p.xy[2 * i + 2] - x0);
  out[o + 1] = t === 1 ? p.xy[2 * i + 3] : y0 + t * (p.xy[2 * i + 3] - y0);
  const h = p.headingRad, w0 = p.turnHalfM[i], w1 = p.turnHalfM[i + 1];
  let heading = h[i];
  if (w0 > 0 && sc - cum[i] < w0) heading = h[i - 1] + angleDelta(h[i - 1], h[i]) * smoothstep((sc - cum[i] + w0) / (2 * w0));
  else if (w1 > 0 && cum[i + 1] - sc < w1) heading = h[i] + angleDelta(h[i], h[i + 1]) * smoothstep((sc - cum[i + 1] + w1) / (2 * w1));
  out[o + 2] = heading;
}

/**
 * Step length for a speed from the walk ratio (step length / cadence), which healthy adults keep
 * nearly constant across walking speeds: ≈ 0.0065 m/(steps/min) for young adults (Sekiya &
 * Nagasaki, Gait & Posture 7(3), 1998), scaled here with height from 1.75 m. With v = step ·
 * cadence/60: cadence = √(60 v / WR) steps/min and step = WR · cadence. At 1.2 m/s and H = 1.75 m:
 * 105 steps/min, 0.68 m, the usual values at that speed.
 */
export function stepLengthM(speedMps: number, heightM: number): number {
  const walkRatio = 0.0065 * (heightM / 1.75);
  return walkRatio * Math.sqrt((60 * speedMps) / walkRatio);
}

/**
 * Fraction of the gait cycle in swing: stance ≈ 60 %, swing ≈ 40 % at free speed (Perry &
 * Burnfield, Gait Analysis: Normal and Pathological Function, 2nd ed. 2010).
 */
export const SWING_FRACTION = 0.4;
/** Where the heel lands ahead of the pelvis, as a fraction of the stride. */
export const HEEL_STRIKE_AHEAD = 0.2;

/**
 * Foot `side` (0 left, 1 right, half a cycle apart) when the pelvis has walked d metres along the
 * path with stride S (two steps). The cycle is tied to distance, not time, so a stance foot stays
 * put in the world. Writes out[o] = foot arc position minus pelvis arc position (m),
 * out[o+1] = swing lift in [0, 1] and out[o+2] = the cycle phase p ∈ [0, 1) (0 at toe-off).
 *   swing, p ∈ [0, 0.4): the foot moves one stride on a cycloid x − sin(2πx)/2π, x = p / 0.4
 *     (zero velocity at lift-off and touch-down), lifted by (1 − cos 2πx)/2;
 *   stance, p ∈ [0.4, 1): flat on its footprint, which lies F = 0.2 S ahead of the pelvis at
 *     heel strike and F − 0.6 S behind at toe-off.
 */
export function footPhase(dM: number, strideM: number, side: number, out: Float64Array, o: number): void {
  const q = dM / strideM + (side === 0 ? 0 : 0.5);
  const p = q - Math.floor(q);
  const F = HEEL_STRIKE_AHEAD * strideM;
  out[o + 2] = p;
  if (p < SWING_FRACTION) {
    const x = p / SWING_FRACTION;
    const cyc = x - Math.sin(2 * Math.PI * x) / (2 * Math.PI);
    out[o] = F - (1 - SWING_FRACTION) * strideM + strideM * cyc - p * strideM;
    out[o + 1] = (1 - Math.cos(2 * Math.PI * x)) / 2;
  } else {
    out[o] = F + (SWING_FRACTION - p) * strideM;
    out[o + 1] = 0;
  }
}

/**
 * Heel raise about the toe (the forefoot rocker of terminal stance, Perry & Burnfield 2010):
 * the smallest pitch α ≥ α0 of the ankle around the toe-sphere centre that brings the ankle within
 * `reach` of the hip. Hip relative to the toe centre: hx along the foot, hy across it, hz up; the
 * ankle is at ρ(−cos α, 0, sin α) in those axes, so |hip − ankle|² = |h|² + ρ² + 2ρ(hx cos α −
 * hz sin α) = reach² gives R cos(α + β) = K with R = √(hx² + hz²), β = atan2(hz, hx),
 * K = (reach² − |h|² − ρ²)/(2ρ). Returns α, clamped to [α0, α0 + maxPitch].
 */
export function heelRaiseRad(hx: number, hy: number, hz: number, rho: number, alpha0: number,
  reach: number, maxPitchRad: number): number {
  const h2 = hx * hx + hy * hy + hz * hz;
  const atFlat = h2 + rho * rho + 2 * rho * (hx * Math.cos(alpha0) - hz * Math.sin(alpha0));
  if (atFlat <= reach * reach) return alpha0;
  const R = Math.hypot(hx, hz), beta = Math.atan2(hz, hx);
  const K = (reach * reach - h2 - rho * rho) / (2 * rho);
  // The distance falls as α grows toward π − β (ankle swung toward the hip); take the first α there.
  const alpha = K / R <= -1 ? Math.PI - beta : Math.acos(K / R) - beta;
  return Math.min(alpha0 + maxPitchRad, Math.max(alpha0, alpha));
}
