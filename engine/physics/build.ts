/**
 * Creates the Rapier bodies and colliders of a compiled layout. Shared by PhysicsWorld and by the
 * bare-Rapier benchmark baseline (bare.ts), so both step exactly the same bodies.
 *
 * Two ways to carry parts, because Rapier's JS API has no per-contact surface velocity (DESIGN §4):
 * - 'belt': the belt is a kinematic position-based body whose pose is reset to rest every step
 *   while its next pose is rest + v·dt, so it has velocity v and friction drags the parts, which
 *   are dynamic (rapier.rs JS guide, "Rigid-body type": position-based kinematic bodies get their
 *   velocity from the next kinematic position).
 * - 'carriage': parts on a belt are kinematic position-based bodies moved along the belt axis by
 *   the twin and switched to dynamic at the end; the belt is a fixed body that only supports
 *   parts after hand-over.
 */
import type { Collider, RigidBody, World } from '@dimforge/rapier3d-deterministic-compat';
import { BELT_FRICTION, BELT_THICKNESS_M, type PhysicsModel } from './model';
import type { Rapier } from './rapier';
import { STEP_SECONDS } from './time';

export type BeltMethod = 'belt' | 'carriage';

/** Thickness of the end sensor slab and of the stop (half values), metres. */
const SENSOR_HALF_M = 0.005;
const STOP_HALF_M = 0.01;
/** Gap between belt surface and sensor, so the sensor never overlaps a belt body. */
const SENSOR_LIFT_M = 0.002;
/**
 * Rapier's narrow phase runs at the start of step() on the poses the previous step produced, so
 * an intersection is reported one step after it begins (measured here: 1 step). The sensor's near
 * face therefore leads the arrival point by one step of belt travel plus 1 mm, which makes the
 * event come in the step whose end pose has the part's centre at `to` (within 1 mm).
 */
export function sensorLeadM(speedMps: number): number {
  return speedMps * STEP_SECONDS + 0.001;
}

export interface Scene {
  belts: RigidBody[];
  sensors: Collider[];
  stops: Collider[];
}

export function createScene(R: Rapier, world: World, m: PhysicsModel, method: BeltMethod): Scene {
  const [fx, fy] = m.floorSizeM;
  world.createCollider(R.ColliderDesc.cuboid(fx / 2, fy / 2, 0.05).setTranslation(0, 0, -0.05));
  const [hl, , hh] = m.partHalfM;
  const scene: Scene = { belts: [], sensors: [], stops: [] };
  for (let c = 0; c < m.conveyorCount; c++) {
    const q = { x: m.quat[4 * c], y: m.quat[4 * c + 1], z: m.quat[4 * c + 2], w: m.quat[4 * c + 3] };
    const bc = m.beltCentreM;
    const desc = method === 'belt' ? R.RigidBodyDesc.kinematicPositionBased() : R.RigidBodyDesc.fixed();
    const belt = world.createRigidBody(desc.setTranslation(bc[3 * c], bc[3 * c + 1], bc[3 * c + 2]).setRotation(q));
    const L = m.lengthM[c], hw = m.widthM[c] / 2;
    world.createCollider(R.ColliderDesc.cuboid(L / 2 + hl, hw, BELT_THICKNESS_M / 2).setFriction(BELT_FRICTION), belt);
    scene.belts.push(belt);
    const sensorHalfZ = hh - SENSOR_LIFT_M / 2;
    const sensorAt = alongBelt(m, c, L + hl - sensorLeadM(m.speedMps[c]) + SENSOR_HALF_M, SENSOR_LIFT_M + sensorHalfZ);
    scene.sensors.push(world.createCollider(R.ColliderDesc.cuboid(SENSOR_HALF_M, hw, sensorHalfZ)
      .setTranslation(sensorAt[0], sensorAt[1], sensorAt[2]).setRotation(q).setSensor(true)
      .setActiveEvents(R.ActiveEvents.COLLISION_EVENTS)
      .setActiveCollisionTypes(R.ActiveCollisionTypes.DYNAMIC_FIXED | R.ActiveCollisionTypes.KINEMATIC_FIXED)));
    const stopAt = alongBelt(m, c, L + hl + STOP_HALF_M, hh);
    scene.stops.push(world.createCollider(R.ColliderDesc.cuboid(STOP_HALF_M, hw, hh)
      .setTranslation(stopAt[0], stopAt[1], stopAt[2]).setRotation(q).setEnabled(false)));
  }
  return scene;
}

/** Creates a part's body and collider on conveyor `c` at carriage coordinate `sM`. */
export function createConveyorPart(R: Rapier, world: World, m: PhysicsModel, method: BeltMethod, c: number,
  sM: number, moving: boolean): [RigidBody, Collider] {
  const p = alongBelt(m, c, sM, m.partHalfM[2]);
  const q = { x: m.quat[4 * c], y: m.quat[4 * c + 1], z: m.quat[4 * c + 2], w: m.quat[4 * c + 3] };
  const desc = method === 'carriage' ? R.RigidBodyDesc.kinematicPositionBased() : R.RigidBodyDesc.dynamic();
  desc.setTranslation(p[0], p[1], p[2]).setRotation(q);
  if (method === 'belt' && moving) {
    // Enter at belt speed, as a part handed over from the previous node would, so the first
    // centimetres are not lost to slip (v²/2μg ≈ 16 mm at 0.5 m/s).
    const v = m.speedMps[c];
    desc.setLinvel(m.dir[3 * c] * v, m.dir[3 * c + 1] * v, m.dir[3 * c + 2] * v);
  }
  return attachPartCollider(R, world, m, world.createRigidBody(desc));
}

/** Creates a free dynamic part, axes aligned with the world, at `pos` with velocity `vel`. */
export function createFreePart(R: Rapier, world: World, m: PhysicsModel, pos: ArrayLike<number>,
  vel: ArrayLike<number>): [RigidBody, Collider] {
  const desc = R.RigidBodyDesc.dynamic().setTranslation(pos[0], pos[1], pos[2]).setLinvel(vel[0], vel[1], vel[2]);
  return attachPartCollider(R, world, m, world.createRigidBody(desc));
}

function attachPartCollider(R: Rapier, world: World, m: PhysicsModel, body: RigidBody): [RigidBody, Collider] {
  const [hl, hw, hh] = m.partHalfM;
  const desc = R.ColliderDesc.cuboid(hl, hw, hh).setMass(m.partMassKg).setFriction(m.partFriction);
  return [body, world.createCollider(desc, body)];
}

/** World point at distance `sM` along conveyor `c` and height `upM` above its surface. */
const point = new Float64Array(3);
export function alongBelt(m: PhysicsModel, c: number, sM: number, upM: number): Float64Array {
  for (let k = 0; k < 3; k++) point[k] = m.fromM[3 * c + k] + m.dir[3 * c + k] * sM + m.normal[3 * c + k] * upM;
  return point;
}
