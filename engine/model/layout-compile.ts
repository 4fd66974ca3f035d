/**
 * Turns a validated scenario's layout into what the physics twin builds its world from: the
 * engine/physics PhysicalLayout (floor, straight belt sections, part) plus the placements the
 * physics world needs next to it (nodes, the link each conveyor realises, aisles, robots,
 * humanoids), in world coordinates with z up, metres and radians. Pure: no I/O, no Rapier; URDF
 * files are named, not read. See docs/scenario-format.md "Layout".
 */
import type { ConveyorLayout, PartSpec, PhysicalLayout, Vec3 } from '../physics/layout';
import type { Issue, Point2, Result, Scenario } from './types';
import { formatPath } from './paths';
import { analyseLayout } from './layout-checks';
import { BELT_HEIGHT_M, DEFAULT_HUMANOID_HEIGHT_M } from './layout-schema';
import { bounds, polylineLength } from './layout-geometry';

/** The part every conveyor carries unless the caller gives another (a boxed gear motor). */
export const DEFAULT_PART: Readonly<PartSpec> = { lengthM: 0.3, widthM: 0.2, heightM: 0.15, massKg: 2 };
/** Free floor around everything the layout places, metres. */
export const FLOOR_MARGIN_M = 2;

export interface CompileLayoutOptions {
  /** The part on the belts (trusted: code, not a user document); default DEFAULT_PART. */
  part?: PartSpec;
}

export interface CompiledNode {
  id: string;
  /** Index in the scenario's `nodes`. */
  nodeIndex: number;
  /** Centre of the footprint on the floor (z = 0). */
  position: Vec3;
  headingRad: number;
  /** [length, width] with the kind's default applied; null for a point node. */
  footprint: [number, number] | null;
}

export interface CompiledConveyor {
  id: string;
  link: [string, string];
  /** Index in the scenario's `links`. */
  linkIndex: number;
  /** Indices in `physics.conveyors` of its straight sections, in the direction of travel. */
  sections: number[];
  /** Along the whole centre line, metres. */
  lengthM: number;
  speedMetersPerSecond: number;
  accumulating: boolean;
  /** lengthM / speed: the DES transport time of this link. */
  transportSeconds: number;
  /** Centre-to-centre distance of queued parts (default: the part length). */
  partSpacingM: number;
}

export interface CompiledAisle {
  id: string;
  path: Vec3[];
  widthM: number;
  lengthM: number;
  /** The last point equals the first: a loop. */
  closed: boolean;
}

export interface CompiledRobot {
  id: string;
  station: string;
  nodeIndex: number;
  /** Relative to scenes/. */
  urdf: string;
  basePosition: Vec3;
  yawRad: number;
}

export interface CompiledHumanoid {
  id: string;
  pool: string;
  /** Index in the scenario's `workers`. */
  poolIndex: number;
  heightM: number;
  walkSpeedMetersPerSecond: number;
}

export interface CompiledLayout {
  /** Input for engine/physics createPhysicsWorld. */
  physics: PhysicalLayout;
  nodes: CompiledNode[];
  conveyors: CompiledConveyor[];
  aisles: CompiledAisle[];
  robots: CompiledRobot[];
  humanoids: CompiledHumanoid[];
}

const RAD = Math.PI / 180;

/**
 * The physical layout of a validated scenario (validateScenario). The layout rules run again (they
 * are cheap), so a scenario that skipped validation still gets located errors, never a broken
 * world. Errors also when the scenario has no layout, or the part does not fit a conveyor.
 */
export function compileLayout(s: Scenario, options: CompileLayoutOptions = {}): Result<CompiledLayout> {
  const layout = s.layout;
  if (!layout) return { ok: false, errors: [{ path: 'layout', message: 'required: the scenario has no physical layout' }] };
  const analysis = analyseLayout(s);
  if (analysis.issues.length) return { ok: false, errors: analysis.issues };
  const part: PartSpec = { ...(options.part ?? DEFAULT_PART) };
  const errors: Issue[] = [];
  const extent = new Extent();

  const nodes = analysis.nodes.map((n): CompiledNode => {
    const [x, y] = n.placement.position;
    if (n.rect) extent.addBounds(bounds(n.rect));
    else extent.add(x, y, 0);
    return {
      id: n.id, nodeIndex: n.index, position: [x, y, 0], headingRad: n.placement.heading * RAD,
      footprint: n.footprint ? [n.footprint[0], n.footprint[1]] : null,
    };
  });

  const belts: ConveyorLayout[] = [];
  const conveyors = analysis.conveyors.map((r): CompiledConveyor => {
    const c = layout.conveyors![r.index];
    const at = (key: string) => formatPath(['layout', 'conveyors', r.index, key]);
    if (c.width < part.widthM) errors.push({ path: at('width'), message: `is narrower than the part (${part.widthM} m wide)` });
    const spacing = c.partSpacing ?? part.lengthM;
    if (spacing < part.lengthM) {
      errors.push({ path: at('partSpacing'), message: `is less than the part length (${part.lengthM} m): queued parts would overlap` });
    }
    const sections: number[] = [];
    const many = r.points.length > 2;
    // "#" cannot occur in an id, so a section id never collides with a conveyor's.
    const sectionId = (k: number) => (many ? `${c.id}#${k}` : c.id);
    for (let k = 1; k < r.points.length; k++) {
      sections.push(belts.length);
      belts.push({
        id: sectionId(k),
        from: atBeltHeight(r.points[k - 1]),
        to: atBeltHeight(r.points[k]),
        width: c.width,
        speedMetersPerSecond: c.speedMetersPerSecond,
        accumulating: c.accumulating,
        // A bent belt is one conveyor: parts go on round the corner and queue by arc length.
        ...(k + 1 < r.points.length ? { next: sectionId(k + 1) } : {}),
        spacingM: spacing,
      });
    }
    for (const p of r.points) extent.add(p[0], p[1], c.width / 2);
    return {
      id: c.id, link: [c.from, c.to], linkIndex: r.linkIndex, sections, lengthM: r.lengthM,
      speedMetersPerSecond: c.speedMetersPerSecond, accumulating: c.accumulating,
      transportSeconds: r.lengthM / c.speedMetersPerSecond, partSpacingM: spacing,
    };
  });
  if (errors.length) return { ok: false, errors };

  const aisles = (layout.aisles ?? []).map((a): CompiledAisle => {
    for (const p of a.path) extent.add(p[0], p[1], a.width / 2);
    const first = a.path[0], last = a.path[a.path.length - 1];
    return {
      id: a.id, path: a.path.map(([x, y]): Vec3 => [x, y, 0]), widthM: a.width, lengthM: polylineLength(a.path),
      closed: first[0] === last[0] && first[1] === last[1],
    };
  });

  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const robots = (layout.robots ?? []).map((r): CompiledRobot => {
    const [x, y, z] = r.basePose.position;
    extent.add(x, y, 0);
    return {
      id: r.id, station: r.station, nodeIndex: nodeById.get(r.station)!.nodeIndex, urdf: r.urdf,
      basePosition: [x, y, z], yawRad: r.basePose.yaw * RAD,
    };
  });

  const workers = s.workers ?? [];
  const humanoids = (layout.humanoids ?? []).map((h): CompiledHumanoid => ({
    id: h.id, pool: h.pool, poolIndex: workers.findIndex((w) => w.id === h.pool),
    heightM: h.height ?? DEFAULT_HUMANOID_HEIGHT_M, walkSpeedMetersPerSecond: h.walkSpeed,
  }));

  const physics: PhysicalLayout = { floor: { sizeM: extent.floorSize(FLOOR_MARGIN_M) }, conveyors: belts, part };
  return { ok: true, value: { physics, nodes, conveyors, aisles, robots, humanoids } };
}

/** A point of a conveyor's centre line on the belt's top surface. */
function atBeltHeight(p: Point2): Vec3 {
  return [p[0], p[1], BELT_HEIGHT_M];
}

/** The largest |x| and |y| of everything placed; the physics floor is centred on the origin. */
class Extent {
  private x = 0;
  private y = 0;

  add(x: number, y: number, radius: number): void {
    this.x = Math.max(this.x, Math.abs(x) + radius);
    this.y = Math.max(this.y, Math.abs(y) + radius);
  }

  addBounds([minX, minY, maxX, maxY]: [number, number, number, number]): void {
    this.x = Math.max(this.x, Math.abs(minX), Math.abs(maxX));
    this.y = Math.max(this.y, Math.abs(minY), Math.abs(maxY));
  }

  floorSize(margin: number): [number, number] {
    return [2 * (this.x + margin), 2 * (this.y + margin)];
  }
}
