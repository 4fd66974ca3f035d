/** A layout, load options and an independent reference run shared by the physics worker tests. */
import type { PhysicalLayout } from '../../engine/physics/layout';
import { createPhysicsWorld, type PhysicsWorld } from '../../engine/physics/world';
import type { PhysicsLoadOptions } from '../../workers/physics-api';

export const LAYOUT: PhysicalLayout = {
  floor: { sizeM: [40, 40] },
  conveyors: [
    { id: 'a', from: [0, 0, 0.8], to: [2, 0, 0.8], width: 0.5, speedMetersPerSecond: 0.5, accumulating: true },
    { id: 'b', from: [0, 1, 0.9], to: [2.5, 1.6, 0.7], width: 0.5, speedMetersPerSecond: 0.8, accumulating: false },
  ],
  part: { lengthM: 0.2, widthM: 0.2, heightM: 0.1, massKg: 1 },
};

/** 64 slots; a part on each conveyor every 0.5 s (30 steps), removed at the end. */
export const OPTIONS: PhysicsLoadOptions = { maxParts: 64, spawnEverySeconds: 0.5 };
export const SPAWN_EVERY_STEPS = 30;
export const FRAME_LENGTH = 8 * (LAYOUT.conveyors.length + 64);

/**
 * The feeder rule as documented in PhysicsLoadOptions, written out against PhysicsWorld directly:
 * spawn on every conveyor before steps that are multiples of the period, remove arrivals after.
 * Returns the frame hash after each step, from the world's current step to `until`.
 */
export function referenceRun(world: PhysicsWorld, until: number): number[] {
  const arrivals = new Int32Array(2 * world.maxParts);
  const hashes: number[] = [];
  while (world.stepCount < until) {
    if (world.stepCount % SPAWN_EVERY_STEPS === 0) {
      world.spawnPart('a');
      world.spawnPart('b');
    }
    const n = world.step(arrivals);
    for (let i = 0; i < n; i++) world.removePart(arrivals[2 * i]);
    hashes.push(world.frameHash());
  }
  return hashes;
}

export function referenceWorld(): Promise<PhysicsWorld> {
  return createPhysicsWorld(LAYOUT, { maxParts: 64 });
}

/** A deep copy of the layout to break. */
export function layoutCopy(): PhysicalLayout {
  return structuredClone(LAYOUT);
}

/** Polls `done` every 5 ms until it holds or `ms` pass; returns whether it held. */
export async function waitFor(done: () => boolean, ms = 5000): Promise<boolean> {
  const end = performance.now() + ms;
  while (!done()) {
    if (performance.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}
