/**
 * The shape of the scenario's physical layout (types.ts ScenarioLayout; docs/scenario-format.md
 * "Layout"): types, ranges, required keys, unknown keys. The rules that need the whole document
 * (ids, links, pools, geometry) are in layout-checks.ts. Also the layout's documented constants.
 */
import { z } from 'zod';
import type { StationKind } from './types';
import { idSchema, LIMITS, ref, strictObject } from './schema-parts';

export const LAYOUT_LIMITS = {
  /**
   * |x|, |y|, |z| in metres. Rapier computes in 32-bit floats: at 1000 m their resolution is
   * 0.06 mm, at 10 km it would be 1 mm, too coarse for parts touching nose to tail.
   */
  coordinate: 1000,
  /** Footprint sides and part spacing, metres. */
  size: 100,
  conveyorWidth: 5,
  aisleWidth: 20,
  /** Belt speed, m/s (fast sortation belts run at 2–3 m/s). */
  speed: 10,
  /**
   * Slowest belt, m/s: keeps every transport time finite and far inside the engine's clock
   * (a denormal speed such as 5e-324 would make it infinite).
   */
  minSpeed: 0.001,
  /** Walking speed, m/s (people walk at about 1.4 m/s). */
  walkSpeed: 5,
  minWalkSpeed: 0.01,
  /** Humanoid standing height range, metres. */
  minHeight: 0.5,
  maxHeight: 3,
  /** Headings and yaws, degrees either way. */
  angle: 360,
  conveyorPoints: 100,
  /**
   * Path points of all conveyors together: the geometry checks test every belt section against
   * the footprints near it, so sections × nodes stays below ~10^8 cheap box tests (~0.1 s).
   */
  pathPoints: 20000,
  aislePoints: 1000,
  aisles: 1000,
  robots: 1000,
  humanoids: 1000,
  urdfPathLength: 500,
} as const;

/** Footprint [length, width] in metres of a station without one, by kind (docs: "Layout"). */
export const DEFAULT_FOOTPRINTS: Readonly<Record<StationKind, readonly [number, number]>> = {
  /** A machine: press, tester, machining centre with its guarding. */
  machine: [2.0, 1.5],
  /** A workbench with its fixture. */
  manual: [1.6, 0.8],
  /** A robot cell: the arm on its pedestal, the fixture, the fence. */
  robot: [2.5, 2.0],
};

/** Height of a belt's top surface above the floor, metres: where parts ride (compileLayout). */
export const BELT_HEIGHT_M = 0.9;
/** How far a conveyor's end may lie outside its node's footprint (or from a point node), metres. */
export const CONNECT_TOLERANCE_M = 0.5;
/** Two footprints overlap when they share more than this, metres: touching is fine. */
export const OVERLAP_TOLERANCE_M = 0.001;
/** A conveyor or a section of a path shorter than this has zero length, metres. */
export const MIN_LENGTH_M = 0.001;
/** Standing height of a humanoid without one, metres. */
export const DEFAULT_HUMANOID_HEIGHT_M = 1.75;

const coordinate = z.number().min(-LAYOUT_LIMITS.coordinate).max(LAYOUT_LIMITS.coordinate);
const angle = z.number().min(-LAYOUT_LIMITS.angle).max(LAYOUT_LIMITS.angle);
const positive = (max: number) => z.number().gt(0).max(max);
const speed = (min: number, max: number) => z.number().gt(0).min(min).max(max);

/** A tuple's own problems (not an array, wrong length) get one message; its items keep theirs. */
const tupleError = (message: string) => (issue: { code: string }) =>
  issue.code === 'invalid_type' || issue.code === 'too_big' || issue.code === 'too_small' ? message : undefined;

export const point2Schema = z.tuple([coordinate, coordinate], { error: tupleError('must be a point [x, y]') });
const point3 = z.tuple([coordinate, coordinate, coordinate.min(0)], { error: tupleError('must be a point [x, y, z]') });
const footprint = z.tuple([positive(LAYOUT_LIMITS.size), positive(LAYOUT_LIMITS.size)], {
  error: tupleError('must be [length, width]'),
});

export const nodePlacementSchema = strictObject({
  position: point2Schema,
  heading: angle,
  footprint: footprint.optional(),
});

export const conveyorSchema = strictObject({
  id: idSchema,
  from: ref,
  to: ref,
  path: z.array(point2Schema).min(2).max(LAYOUT_LIMITS.conveyorPoints).optional(),
  width: positive(LAYOUT_LIMITS.conveyorWidth),
  speedMetersPerSecond: speed(LAYOUT_LIMITS.minSpeed, LAYOUT_LIMITS.speed),
  accumulating: z.boolean(),
  partSpacing: positive(LAYOUT_LIMITS.size).optional(),
});

export const aisleSchema = strictObject({
  id: idSchema,
  path: z.array(point2Schema).min(2).max(LAYOUT_LIMITS.aislePoints),
  width: positive(LAYOUT_LIMITS.aisleWidth),
});

/**
 * A URDF file relative to scenes/. Regular expressions (not a refinement) so the JSON Schema
 * carries the same rules; each aborts, so a path gets the first problem only.
 */
export const urdfPathSchema = z
  .string()
  .min(1, { abort: true })
  .max(LAYOUT_LIMITS.urdfPathLength, { abort: true })
  .regex(/^(?![/\\])(?![A-Za-z]:)/, { error: 'must be relative to scenes/, not absolute', abort: true })
  .regex(/^(?!(?:.*[/\\])?\.\.(?:[/\\]|$))/, { error: 'must not contain ".." (it must stay inside scenes/)', abort: true })
  .regex(/^[A-Za-z0-9_.-]+(?:[/][A-Za-z0-9_.-]+)*$/, {
    error: 'may only contain letters, digits and _ . - separated by single "/"',
    abort: true,
  })
  .regex(/\.urdf$/, { error: 'must end with ".urdf"' });

export const robotSchema = strictObject({
  id: idSchema,
  station: ref,
  urdf: urdfPathSchema,
  basePose: strictObject({ position: point3, yaw: angle }),
});

export const humanoidSchema = strictObject({
  id: idSchema,
  pool: ref,
  height: z.number().min(LAYOUT_LIMITS.minHeight).max(LAYOUT_LIMITS.maxHeight).optional(),
  walkSpeed: speed(LAYOUT_LIMITS.minWalkSpeed, LAYOUT_LIMITS.walkSpeed),
});

export const layoutSchema = strictObject({
  units: z.literal('m'),
  nodes: z.record(idSchema, nodePlacementSchema).superRefine((nodes, ctx) => {
    if (Object.keys(nodes).length > LIMITS.nodes) {
      ctx.addIssue({ code: 'custom', path: [], message: `must place at most ${LIMITS.nodes} nodes` });
    }
  }).optional(),
  conveyors: z.array(conveyorSchema).max(LIMITS.links).superRefine((conveyors, ctx) => {
    const points = conveyors.reduce((n, c) => n + (c.path?.length ?? 0), 0);
    if (points > LAYOUT_LIMITS.pathPoints) {
      ctx.addIssue({ code: 'custom', path: [], message: `must have at most ${LAYOUT_LIMITS.pathPoints} path points in all (has ${points})` });
    }
  }).optional(),
  aisles: z.array(aisleSchema).max(LAYOUT_LIMITS.aisles).optional(),
  robots: z.array(robotSchema).max(LAYOUT_LIMITS.robots).optional(),
  humanoids: z.array(humanoidSchema).max(LAYOUT_LIMITS.humanoids).optional(),
});
