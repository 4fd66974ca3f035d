/** Layouts and helpers shared by the physics tests. */
import type { ConveyorLayout, PhysicalLayout } from '../../engine/physics/layout';
import type { PhysicsWorld } from '../../engine/physics/world';

export const PART = { lengthM: 0.2, widthM: 0.2, heightM: 0.1, massKg: 1 };

export function conveyor(id: string, overrides: Partial<ConveyorLayout> = {}): ConveyorLayout {
  return { id, from: [0, 0, 0.8], to: [2, 0, 0.8], width: 0.5, speedMetersPerSecond: 0.5, accumulating: true, ...overrides };
}

export function layoutWith(...conveyors: ConveyorLayout[]): PhysicalLayout {
  return { floor: { sizeM: [40, 40] }, conveyors, part: PART };
}

/** Pose of a part as [x, y, z, qx, qy, qz, qw, code]. */
export function pose(world: PhysicsWorld, part: number): Float64Array {
  const out = new Float64Array(8);
  world.readPartPose(part, out);
  return out;
}
