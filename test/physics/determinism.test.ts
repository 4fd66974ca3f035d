/**
 * Determinism and snapshots (issue 4, item 7): identical runs give identical frame hashes;
 * snapshot at step k, restore, run to m gives the hashes of an uninterrupted run, also with
 * section chains and held ends; a snapshot that does not fit, or damaged bytes, are refused and
 * leave the running world as it was.
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

/**
 * A bent, accumulating belt (three sections, two corners) whose held end is emptied now and then,
 * and a straight non-accumulating one stopped for a while: every chain code path.
 */
const CHAINED = layoutWith(
  conveyor('a1', { from: [0, 0, 0.8], to: [1.5, 0, 0.8], next: 'a2', spacingM: 0.3 }),
  conveyor('a2', { from: [1.5, 0, 0.8], to: [1.5, 1, 0.8], next: 'a3', spacingM: 0.3 }),
  conveyor('a3', { from: [1.5, 1, 0.8], to: [0.5, 1.5, 0.8], spacingM: 0.3 }),
  conveyor('b', { from: [0, 3, 0.8], to: [2, 3, 0.8], accumulating: false }),
);

function chainTick(world: PhysicsWorld): void {
  const k = world.stepCount;
  if (k % 15 === 0) { world.spawnPart('a1'); world.spawnPart('b'); }
  if (k % 70 === 69) world.removePart(world.headPart('a3'));
  if (k % 50 === 49) world.removePart(world.headPart('b'));
  if (k === 200) world.setConveyorBlocked('b', true);
  if (k === 350) world.setConveyorBlocked('b', false);
  world.step();
}

function runChained(world: PhysicsWorld, until: number): number[] {
  const hashes: number[] = [];
  while (world.stepCount < until) {
    chainTick(world);
    hashes.push(world.frameHash());
  }
  return hashes;
}

describe('chains and held ends (carriage method)', () => {
  const make = () => createPhysicsWorld(CHAINED, { maxParts: 64, holdAtEnds: true });

  it('snapshot at k, restore, run to m: the same hashes as an uninterrupted run', async () => {
    const [k, m] = [300, 600];
    const reference = await make();
    const expected = runChained(reference, m);
    expect(new Set(expected).size).toBeGreaterThan(500);
    const source = await make();
    runChained(source, k);
    const bytes = source.snapshot();
    const fresh = await make();
    fresh.restore(bytes);
    expect(runChained(fresh, m)).toEqual(expected.slice(k));
    source.restore(bytes);
    expect(runChained(source, m)).toEqual(expected.slice(k));
    for (const w of [reference, source, fresh]) w.free();
  });

  it('damaged bytes anywhere, another layout of the same size, or other options are refused; the world is unchanged', async () => {
    const world = await make(), twin = await make();
    runChained(world, 200); runChained(twin, 200);
    const before = world.frameHash();
    const good = world.snapshot();
    const damaged = (at: number) => {
      const bytes = good.slice();
      bytes[at] ^= 0x10;
      return bytes;
    };
    // The step count in the header, a state array, the middle and the end of Rapier's bytes.
    for (const at of [33, 100, good.length >> 1, good.length - 1]) {
      expect(() => world.restore(damaged(at))).toThrow(/^physics snapshot: damaged/);
    }
    const moved = { ...CHAINED, conveyors: CHAINED.conveyors.map((c) => (c.id === 'b' ? { ...c, speedMetersPerSecond: 0.6 } : c)) };
    for (const other of [await createPhysicsWorld(moved, { maxParts: 64, holdAtEnds: true }),
      await createPhysicsWorld(CHAINED, { maxParts: 64 })]) {
      expect(() => world.restore(other.snapshot())).toThrow(/another layout or options/);
      other.free();
    }
    expect(world.frameHash()).toBe(before);
    expect(runChained(world, 400)).toEqual(runChained(twin, 400));
    for (const w of [world, twin]) w.free();
  });
});
