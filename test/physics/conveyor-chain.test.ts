/**
 * Section chains, spacing and held ends (carriage method): the semantics of a DES conveyor at step
 * resolution. A bent conveyor is three straight sections chained with two 90° corners; transport
 * time is the total length / speed, parts queue by arc length around corners at their spacing, a
 * held end keeps its head until it is removed, and only the chain's last section reports arrivals.
 */
import { describe, expect, it } from 'vitest';
import type { ConveyorLayout, PhysicalLayout } from '../../engine/physics/layout';
import { compileLayout } from '../../engine/physics/model';
import { createPhysicsWorld, NO_PART, type PhysicsOptions, type PhysicsWorld } from '../../engine/physics/world';
import { conveyor, layoutWith, PART, pose } from './fixtures';

const DT = 1 / 60;
const V = 0.5;
const Z = 0.8;
/** +x 2 m, +y 1.5 m, −x 1.5 m: 5 m, two 90° corners. */
const CORNERS: [number, number][] = [[0, 0], [2, 0], [2, 1.5], [0.5, 1.5]];
const TOTAL_M = 5;
/** Arc length at the start of each section. */
const OFFSETS = [0, 2, 3.5];
const SPACED_PART = { lengthM: 0.3, widthM: 0.2, heightM: 0.1, massKg: 1 };

function chain(overrides: Partial<ConveyorLayout> = {}, ids = ['s1', 's2', 's3']): ConveyorLayout[] {
  return ids.map((id, k) => conveyor(id, {
    from: [CORNERS[k][0], CORNERS[k][1], Z], to: [CORNERS[k + 1][0], CORNERS[k + 1][1], Z],
    speedMetersPerSecond: V, ...(k + 1 < ids.length ? { next: ids[k + 1] } : {}), ...overrides,
  }));
}

/** The chain with 0.3 m parts queued 0.4 m apart. */
const spacedLayout = (overrides: Partial<ConveyorLayout> = {}, part = SPACED_PART): PhysicalLayout =>
  ({ ...layoutWith(...chain({ spacingM: 0.4, ...overrides })), part });

/** The point at arc length `a` along CORNERS, at the height of a carried part's centre. */
function pathPoint(a: number, partHeightM: number): number[] {
  for (let k = 0; k < 3; k++) {
    const L = (k === 0 ? 2 : 1.5);
    if (a <= OFFSETS[k] + L || k === 2) {
      const [x0, y0] = CORNERS[k], [x1, y1] = CORNERS[k + 1], t = (a - OFFSETS[k]) / L;
      return [x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, Z + partHeightM / 2];
    }
  }
  throw new Error('unreachable');
}

/** Arc length of a carried part's centre along the whole chain. */
const arc = (w: PhysicsWorld, p: number) => OFFSETS[w.partConveyor(p)] + w.partCoordinate(p);

/** Steps `n` times, returning every arrival as [step, part, conveyor]. */
function stepN(w: PhysicsWorld, n: number, each?: () => void): number[][] {
  const out: number[][] = [], arrivals = new Int32Array(2 * w.maxParts);
  for (let k = 0; k < n; k++) {
    each?.();
    const count = w.step(arrivals);
    for (let i = 0; i < count; i++) out.push([w.stepCount, arrivals[2 * i], arrivals[2 * i + 1]]);
  }
  return out;
}

/** A held, accumulating chain fed at its start until `n` parts are on it; returns them head first. */
async function heldQueue(n: number, options: PhysicsOptions = {}, overrides: Partial<ConveyorLayout> = {}) {
  const world = await createPhysicsWorld(spacedLayout(overrides), { holdAtEnds: true, maxParts: 32, ...options });
  const parts: number[] = [];
  const arrivals = stepN(world, 1500, () => {
    if (parts.length < n && world.canSpawn('s1')) parts.push(world.spawnPart('s1'));
  });
  return { world, parts, arrivals };
}

describe('a chain of three sections with two 90° corners', () => {
  it('carries a part along the path by arc length; arrives after total length / speed, from the last section only', async () => {
    const world = await createPhysicsWorld(layoutWith(...chain()));
    const part = world.spawnPart('s1');
    const m = world.model;
    const arrivals = stepN(world, 700, () => {
      if (world.partConveyor(part) < 0) return; // handed over at the end
      // Before each step: the pose of the last one is the arc-length point, turned along its section.
      const p = pose(world, part), c = world.partConveyor(part);
      const want = pathPoint(V * DT * world.stepCount, PART.heightM);
      expect(Math.hypot(p[0] - want[0], p[1] - want[1], p[2] - want[2])).toBeLessThan(2e-5);
      for (let k = 0; k < 4; k++) expect(p[3 + k]).toBeCloseTo(m.quat[4 * c + k], 6);
    });
    expect(arrivals).toHaveLength(1);
    const [step, arrived, at] = arrivals[0];
    expect([arrived, at]).toEqual([part, 2]);
    expect(Math.abs(step * DT - TOTAL_M / V)).toBeLessThanOrEqual(DT);
    world.free();
  });

  it('queues across both corners by arc length: gaps ≥ spacing, queue length (N − 1)·spacing, the head held at the end', async () => {
    const N = 10; // from 5 m back to 1.4 m: over both corners
    const { world, parts, arrivals } = await heldQueue(N);
    expect(parts).toHaveLength(N);
    expect(parts).not.toContain(NO_PART);
    expect(arrivals.map((a) => a.slice(1))).toEqual([[parts[0], 2]]);
    const s = parts.map((p) => arc(world, p));
    expect(s[0]).toBe(TOTAL_M);
    for (let i = 1; i < N; i++) expect(s[i - 1] - s[i]).toBeGreaterThanOrEqual(0.4 - 1e-9);
    expect(s[0] - s[N - 1]).toBeCloseTo((N - 1) * 0.4, 9);
    expect(new Set(parts.map((p) => world.partConveyor(p)))).toEqual(new Set([0, 1, 2]));
    expect(world.headPart('s3')).toBe(parts[0]);
    world.free();
  });

  it('holdAtEnds: the head stays at the end, carried, with one arrival; the next arrives spacing / speed after its removal', async () => {
    const { world, parts } = await heldQueue(4);
    const head = parts[0];
    const more = stepN(world, 120, () => {
      expect(world.partConveyor(head)).toBe(2);
      expect(world.partCoordinate(head)).toBe(1.5);
      const p = pose(world, head);
      expect(Math.hypot(p[0] - 0.5, p[1] - 1.5)).toBeLessThan(1e-6);
    });
    expect(more).toEqual([]);
    expect(world.removePart(head)).toBe(true);
    expect(world.headPart('s3')).toBe(parts[1]);
    const removedAt = world.stepCount;
    const next = stepN(world, 120);
    expect(next.map((a) => a.slice(1))).toEqual([[parts[1], 2]]);
    expect(Math.abs(next[0][0] - removedAt - 0.4 / V / DT)).toBeLessThanOrEqual(1);
    // The queue closed up by one spacing.
    parts.slice(1).forEach((p, i) => expect(arc(world, p)).toBeCloseTo(TOTAL_M - 0.4 * i, 9));
    world.free();
  });

  it('non-accumulating, held: the parts behind the held head keep the spacing (no overlap)', async () => {
    const { world, parts } = await heldQueue(6, {}, { accumulating: false });
    const s = parts.map((p) => arc(world, p));
    expect(s[0]).toBe(TOTAL_M);
    for (let i = 1; i < parts.length; i++) expect(s[i - 1] - s[i]).toBeGreaterThanOrEqual(0.4 - 1e-9);
    world.free();
  });

  it('non-accumulating, every section blocked: nobody moves; unblocked, all move on', async () => {
    const world = await createPhysicsWorld(spacedLayout({ accumulating: false }), { maxParts: 16 });
    const parts: number[] = [];
    stepN(world, 500, () => {
      if (world.stepCount % 60 === 0) parts.push(world.spawnPart('s1'));
    });
    for (const id of ['s1', 's2', 's3']) world.setConveyorBlocked(id, true);
    const held = parts.map((p) => [world.partConveyor(p), world.partCoordinate(p)]);
    expect(new Set(held.map((h) => h[0]))).toEqual(new Set([0, 1, 2]));
    expect(stepN(world, 120)).toEqual([]);
    expect(parts.map((p) => [world.partConveyor(p), world.partCoordinate(p)])).toEqual(held);
    for (const id of ['s1', 's2', 's3']) world.setConveyorBlocked(id, false);
    stepN(world, 1);
    parts.forEach((p, i) => expect(arc(world, p)).toBeCloseTo(OFFSETS[held[i][0]] + held[i][1] + V * DT, 9));
    world.free();
  });
});

describe('arrivals', () => {
  it.each(['carriage', 'belt'] as const)('%s: a part put down where another conveyor ends arrives only on its own conveyor', async (beltMethod) => {
    const world = await createPhysicsWorld(layoutWith(
      conveyor('a', { from: [0, 0, Z], to: [2, 0, Z] }),
      conveyor('b', { from: [2, 0, Z], to: [2, 2, Z] }),
    ), { beltMethod });
    const part = world.spawnPart('b');
    const arrivals = stepN(world, 300);
    expect(arrivals.map((a) => a.slice(1))).toEqual([[part, 1]]);
    // Belt method: a's moving belt under the part's corner drags it sideways for a while.
    if (beltMethod === 'carriage') expect(Math.abs(arrivals[0][0] * DT - 2 / V)).toBeLessThanOrEqual(DT);
    world.free();
  });
});

describe('canSpawn', () => {
  it('knows the spacing along the chain, across joints and behind parts on the previous section', async () => {
    const world = await createPhysicsWorld(spacedLayout(), { maxParts: 3 });
    expect(world.spawnPart('s1', 1.9)).toBe(0); // 0.1 m before the first corner
    expect(world.canSpawn('s2', 0.2)).toBe(false); // 0.3 m ahead of it by arc length
    expect(world.canSpawn('s2', 0.3)).toBe(true); // exactly the spacing
    expect(world.canSpawn('s1', 1.5)).toBe(true);
    expect(world.canSpawn('s1', 1.51)).toBe(false);
    expect(world.canSpawn('s1', 1.95)).toBe(false); // ahead of the tail: queues are ordered
    expect(world.spawnPart('s3', 0)).toBe(1);
    expect(world.canSpawn('s2', 1.1)).toBe(true); // 0.4 m behind s3's part, 1.2 m ahead of s1's
    expect(world.canSpawn('s2', 1.2)).toBe(false); // 0.3 m behind s3's part
    expect(world.spawnPart('s1', 1.5)).toBe(2);
    expect(world.canSpawn('s1', 0)).toBe(false); // no slot left
    expect(world.spawnPart('s1', 0)).toBe(NO_PART);
    expect(() => world.canSpawn('nope')).toThrow(RangeError);
    world.free();
  });

  it('agrees with spawnPart in a busy run (seeded)', async () => {
    const world = await createPhysicsWorld(spacedLayout(), { maxParts: 12, holdAtEnds: true });
    let seed = 12345, tries = 0, refused = 0;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    stepN(world, 2000, () => {
      const c = Math.floor(random() * 3), at = random() * 1.5;
      const can = world.canSpawn(c, at);
      expect(world.spawnPart(c, at) !== NO_PART).toBe(can);
      tries++;
      if (!can) refused++;
      const head = world.headPart('s3');
      if (head !== NO_PART && random() < 0.02) world.removePart(head);
    });
    expect(refused).toBeGreaterThan(100);
    expect(tries - refused).toBeGreaterThan(20);
    world.free();
  });
});

describe('bad chains and spacing are refused with the id named', () => {
  const bad = (conveyors: ConveyorLayout[], part = PART) => () => compileLayout({ ...layoutWith(...conveyors), part });
  it.each<[string, () => unknown, RegExp]>([
    ['a joint 2 mm apart', bad([...chain().slice(0, 2), conveyor('s3', { from: [2, 1.502, Z], to: [0.5, 1.5, Z] })]), /"s2" → "s3".*2\.0 mm/],
    ['an unknown next', bad(chain({}, ['s1', 's2']).map((c) => (c.id === 's1' ? { ...c, next: 'zz' } : c))), /"s1".*"zz"/],
    ['a section naming itself', bad([conveyor('s1', { next: 's1' })]), /"s1"/],
    ['two sections naming one next', bad([...chain({}, ['s1', 's2']), conveyor('x', { from: [2, -1, Z], to: [2, 0, Z], next: 's2' })]), /"s1" and "x".*"s2"/],
    ['a cycle', bad([conveyor('p', { to: [1, 0, Z], next: 'q' }), conveyor('q', { from: [1, 0, Z], to: [1, 1, Z], next: 'r' }),
      conveyor('r', { from: [1, 1, Z], to: [0, 0, Z], next: 'p' })]), /"p" → "q" → "r".*cycle/],
    ['another speed', bad(chain().map((c) => (c.id === 's2' ? { ...c, speedMetersPerSecond: 0.6 } : c))), /"s1" → "s2".*speed/],
    ['another accumulation', bad(chain().map((c) => (c.id === 's3' ? { ...c, accumulating: false } : c))), /"s2" → "s3"/],
    ['spacing < part length', bad(chain().map((c) => (c.id === 's2' ? { ...c, spacingM: 0.29 } : c)), SPACED_PART), /"s2".*0\.29.*0\.3/],
  ])('%s', (_, compile, message) => {
    expect(compile).toThrow(RangeError);
    expect(compile).toThrow(message);
  });

  it('the belt method refuses chains and holdAtEnds', async () => {
    await expect(createPhysicsWorld(layoutWith(...chain()), { beltMethod: 'belt' })).rejects.toThrow(/"s1".*carriage/);
    await expect(createPhysicsWorld(layoutWith(conveyor('c')), { beltMethod: 'belt', holdAtEnds: true })).rejects.toThrow(RangeError);
  });
});
