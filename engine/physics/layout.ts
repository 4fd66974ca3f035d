/**
 * The physical layout the physics twin is built from: a floor, straight belt conveyors, and the
 * size and mass of the parts they carry. Plain JSON-compatible data, independent of the scenario
 * format for now; the scenario's `layout` field will carry it later (issue 4, item 1), and its
 * validator will check it there (DESIGN §8): the physics code assumes a valid layout (STYLE habit
 * 10).
 *
 * Units and frames: SI (metres, kilograms, seconds). World frame right-handed with z up and gravity
 * −9.81 m/s² along z, as in ROS REP 103 and URDF, so robot poses from engine/kinematics enter the
 * physics world without a change of axes (the renderer converts once to Babylon's y-up frame).
 */

/** A point or vector in the world frame, metres. */
export type Vec3 = [number, number, number];

export interface PhysicalLayout {
  floor: FloorLayout;
  conveyors: ConveyorLayout[];
  part: PartSpec;
}

/** A fixed slab whose top face is the plane z = 0. */
export interface FloorLayout {
  /** Extent along x and y, metres, centred on the origin. */
  sizeM: [number, number];
}

/**
 * A straight belt conveyor. `from` and `to` are on the belt's top surface, on its centre line, and
 * are the path of a carried part's centre projected onto the surface: a part is put on the belt
 * centred over `from` and arrives when its centre reaches `to`, so the transport time is
 * |to − from| / speed, the same as a DES conveyor of that length (DESIGN §3). The belt body extends
 * half a part length beyond both points so a part at either end is fully supported. The belt may
 * slope but not be vertical.
 */
export interface ConveyorLayout {
  /** Unique among the layout's conveyors. */
  id: string;
  from: Vec3;
  to: Vec3;
  /** Belt width, metres. */
  width: number;
  speedMetersPerSecond: number;
  /**
   * Accumulating: when the end is blocked a stop holds the first part and the belt keeps running,
   * so parts queue nose to tail (zero-pressure accumulation). Non-accumulating: when the end is
   * blocked the whole belt stops.
   */
  accumulating: boolean;
  /**
   * The section a part moves onto when its centre reaches this section's end. A scenario conveyor
   * with a bent path is compiled into straight sections chained this way, so the DES's one FIFO
   * of length L is one queue here too: a part keeps its arc length across a joint, and queued
   * parts keep their spacing around a corner. This section's `to` must equal the next one's
   * `from` (within 1 mm), and both must have the same speed and `accumulating` flag. Carriage
   * method only.
   */
  next?: string;
  /**
   * Minimum centre-to-centre distance of queued parts along the path, metres; at least the part
   * length, which is the default. The DES queue's spacing, so physics queues the same number of
   * parts on a belt.
   */
  spacingM?: number;
}

/** Every part is the same cuboid in this slice (product mix comes with the scenario layout). */
export interface PartSpec {
  /** Along the conveyor (part-local x), metres. */
  lengthM: number;
  /** Across the conveyor (part-local y), metres. */
  widthM: number;
  /** Vertical (part-local z), metres. */
  heightM: number;
  massKg: number;
  /** Coulomb friction coefficient of the part's surface; default 0.6 (cardboard on rubber ≈ 0.5–0.7). */
  friction?: number;
}
