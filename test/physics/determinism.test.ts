/**
 * Determinism and snapshots (issue 4, item 7): identical runs give identical frame hashes;
 * snapshot at step k, restore, run to m gives the hashes of an uninterrupted run; a snapshot that
 * does not fit is refused and leaves the running world as it was.
 */
import { describe, expect, it } from 'vitest';
import { createPhysicsWorld, type BeltMethod, type PhysicsWorld } from '../../engine/physics/world';
import { conveyor, layoutWith } from './fixtures';

const LAYOUT = layoutWith(
  conveyor('a', { from: [0, 0, 0.8], to: [2, 0, 0.8], accumulating: true }),
  conveyor('b', { from: [0, 1, 0.9], to: [2.5, 1.6, 0.7], speedMetersPerSecond: 0.8, accumulating: false }),
);

/**
 * One tick of a fixed, stateless driver: new parts on both conveyors every 20 steps, conveyor a
 * blocked during steps [100, 400) and b during [250, 300); arrivals on b are removed (a sink),
 * arrivals on a are left to pile up at its end and tumble off, for some real contact dynamics.
 */
let arrivalsSeen = 0;

function tick(world: PhysicsWorld, arrivals: Int32Array): void {
  const k = world.stepCount;
  if (k % 20 === 0) { world.spawnPart('a'); world.spawnPart('b'); }
  if (k === 100) world.setConveyorBlocked('a', true);
  if (k === 400) world.setConveyorBlocked('a', false);
  if (k === 250) world.setConveyorBlocked('b', true);
  if (k === 300) world.setConveyorBlocked('b', false);
  const n = world.step(arrivals);
  arrivalsSeen += n;
  for (let i = 0; i < n; i++) if (arrivals[2 * i + 1] === 1) world.removePart(arrivals[2 * i]);
}

/** Runs `world` from its current step to `until`, returning the frame hash after every step. */
function run(world: PhysicsWorld, until: number): number[] {
  const arrivals = new Int32Array(2 * world.maxParts);
  const hashes: number[] = [];
  while (world.stepCount < until) {
    tick(world, arrivals);
    hashes.push(world.frameHash());
  }
  return hashes;
}

describe.each<BeltMethod>(['carriage', 'belt'])('%s method', (beltMethod) => {
  const make = () => createPhysicsWorld(LAYOUT, { beltMethod, maxParts: 64 });

  it('two identical runs give identical frame hashes at every step', async () => {
    const [w1, w2] = [await make(), await make()];
    arrivalsSeen = 0;
    const h1 = run(w1, 600), h2 = run(w2, 600);
    expect(h2).toEqual(h1);
    expect(arrivalsSeen).toBeGreaterThan(2 * 20); // both conveyors delivered, b's parts were removed
    expect(new Set(h1).size).toBeGreaterThan(500); // the frames do change
    expect(w1.partCount).toBeGreaterThan(10);
    w1.free(); w2.free();
  });

  it('snapshot at k, restore, run to m: the same hashes as an uninterrupted run', async () => {
    const [k, m] = [300, 600];
    const reference = await make();
    const expected = run(reference, m);
    const source = await make();
    run(source, k);
    const bytes = source.snapshot();
    // Taking a snapshot does not disturb the world that took it …
    expect(run(source, m)).toEqual(expected.slice(k));
    // … a fresh world restored from it continues exactly …
    const fresh = await make();
    fresh.restore(bytes);
    expect(fresh.stepCount).toBe(k);
    expect(fresh.timeUs).toBe(5_000_000);
    expect(run(fresh, m)).toEqual(expected.slice(k));
    // … and so does a world rewound to it (handle maps rebuilt from the snapshot, not kept).
    source.restore(bytes);
    expect(run(source, m)).toEqual(expected.slice(k));
    for (const w of [reference, source, fresh]) w.free();
  });

  it('a snapshot from another layout or options, or garbage, is refused; the world runs on unchanged', async () => {
    const other = await createPhysicsWorld(LAYOUT, { beltMethod, maxParts: 32 });
    const world = await make(), twin = await make();
    run(world, 150); run(twin, 150);
    const before = world.frameHash();
    expect(() => world.restore(other.snapshot())).toThrow(RangeError);
    expect(() => world.restore(new Uint8Array(100))).toThrow(RangeError);
    const truncated = world.snapshot().subarray(0, 500);
    expect(() => world.restore(truncated)).toThrow(RangeError);
    expect(world.frameHash()).toBe(before);
    expect(run(world, 300)).toEqual(run(twin, 300));
    for (const w of [other, world, twin]) w.free();
  });
});
