/**
 * Where each humanoid agent walks (docs/scenario-format.md "Humanoids"): from its dock, the first
 * point of the aisle that passes nearest to its station, along that aisle to the point nearest the
 * station, then straight to its work spot beside the station's footprint. The physics twin walks
 * this path (engine/twin/agents.ts) and the line model charges its walking time against the
 * pool's shifts (compile.ts): a humanoid is at work `walk` seconds after its shift (or charging)
 * ends and leaves `walk` seconds before the next break or charge. Pure geometry, no Rapier.
 *
 * Station of humanoid k of pool p: the stations whose `operators.pools` name p, in node order,
 * taken in turn (the k-th humanoid of the pool goes to station k mod count). Humanoids sharing a
 * station stand side by side, WORK_SPOT_SPACING_M apart along its edge.
 */
import type { CompiledLayout } from './layout-compile';
import type { Scenario } from './types';

/** Clear floor between a footprint's edge and where a humanoid stands to work, metres. */
export const WORK_SPOT_CLEARANCE_M = 0.4;
/** Side by side: humanoids sharing a station stand this far apart along its edge, metres. */
export const WORK_SPOT_SPACING_M = 0.8;

export interface HumanoidWalk {
  /** Index in layout.humanoids. */
  humanoid: number;
  pool: string;
  /** The station it works at (node id), or null when its pool serves no placed station. */
  station: string | null;
  /** Floor points from the dock to the work spot (≥ 2), metres. */
  path: [number, number][];
  lengthM: number;
  /** lengthM / walkSpeed. */
  seconds: number;
}

type P2 = [number, number];

/** The closest point to `p` on segment a–b and its squared distance. */
function closestOnSegment(p: P2, a: P2, b: P2): { point: P2; d2: number; t: number } {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  const point: P2 = [a[0] + t * dx, a[1] + t * dy];
  return { point, d2: (point[0] - p[0]) ** 2 + (point[1] - p[1]) ** 2, t };
}

const length = (path: readonly P2[]) => path.reduce((s, p, i) => (i === 0 ? 0 : s + Math.hypot(p[0] - path[i - 1][0], p[1] - path[i - 1][1])), 0);

export function humanoidWalks(scenario: Scenario, layout: CompiledLayout): HumanoidWalk[] {
  const placed = new Map(layout.nodes.map((n) => [n.id, n]));
  return layout.humanoids.map((h, k): HumanoidWalk => {
    const stations = scenario.nodes.filter((n) => n.type === 'station' && n.operators?.pools.includes(h.pool) && placed.has(n.id));
    const ofPool = layout.humanoids.slice(0, k).filter((o) => o.pool === h.pool).length;
    const station = stations.length ? placed.get(stations[ofPool % stations.length].id)! : null;
    // Side-by-side slot among the pool's humanoids at the same station.
    const sharing = stations.length ? Math.ceil((layout.humanoids.filter((o) => o.pool === h.pool).length - (ofPool % stations.length)) / stations.length) : 1;
    const slot = stations.length ? Math.floor(ofPool / stations.length) : 0;
    const aisles = layout.aisles;
    if (!station || aisles.length === 0) {
      // Nowhere to walk: it stays where it is (no walking time).
      const at: P2 = station ? [station.position[0], station.position[1]] : aisles.length ? [aisles[0].path[0][0], aisles[0].path[0][1]] : [0, 0];
      return { humanoid: k, pool: h.pool, station: station?.id ?? null, path: [at, at], lengthM: 0, seconds: 0 };
    }
    const centre: P2 = [station.position[0], station.position[1]];
    let best = { aisle: 0, segment: 0, point: centre, d2: Infinity };
    aisles.forEach((a, i) => {
      for (let s = 1; s < a.path.length; s++) {
        const c = closestOnSegment(centre, [a.path[s - 1][0], a.path[s - 1][1]], [a.path[s][0], a.path[s][1]]);
        if (c.d2 < best.d2) best = { aisle: i, segment: s, point: c.point, d2: c.d2 };
      }
    });
    const aisle = aisles[best.aisle].path;
    const path: P2[] = [];
    for (let s = 0; s < best.segment; s++) path.push([aisle[s][0], aisle[s][1]]);
    path.push(best.point);
    const spot = workSpot(centre, station.headingRad, station.footprint, best.point);
    const side = (slot - (sharing - 1) / 2) * WORK_SPOT_SPACING_M;
    const along = [spot[0] - centre[0], spot[1] - centre[1]], r = Math.hypot(along[0], along[1]) || 1;
    path.push([spot[0] - (along[1] / r) * side, spot[1] + (along[0] / r) * side]);
    // Drop zero-length legs (the nearest point can be an aisle vertex; the spot can be on the aisle).
    const clean = path.filter((p, i) => i === 0 || Math.hypot(p[0] - path[i - 1][0], p[1] - path[i - 1][1]) > 1e-6);
    if (clean.length === 1) clean.push([clean[0][0], clean[0][1]]);
    const lengthM = length(clean);
    return { humanoid: k, pool: h.pool, station: station.id, path: clean, lengthM, seconds: lengthM / h.walkSpeedMetersPerSecond };
  });
}

/**
 * Where a humanoid stands to work: on the line from the footprint's centre toward `toward` (the
 * aisle), WORK_SPOT_CLEARANCE_M outside the footprint's edge in that direction.
 */
function workSpot(centre: P2, heading: number, footprint: [number, number] | null, toward: P2): P2 {
  let dx = toward[0] - centre[0], dy = toward[1] - centre[1];
  const d = Math.hypot(dx, dy);
  if (d < 1e-9) [dx, dy] = [-Math.sin(heading), Math.cos(heading)];
  else [dx, dy] = [dx / d, dy / d];
  // Half extent of the rectangle along (dx, dy): |d·u|·l/2 + |d·v|·w/2 with u along the heading.
  const u: P2 = [Math.cos(heading), Math.sin(heading)], v: P2 = [-u[1], u[0]];
  const half = footprint ? (Math.abs(dx * u[0] + dy * u[1]) * footprint[0]) / 2 + (Math.abs(dx * v[0] + dy * v[1]) * footprint[1]) / 2 : 0;
  const r = half + WORK_SPOT_CLEARANCE_M;
  return [centre[0] + dx * r, centre[1] + dy * r];
}
