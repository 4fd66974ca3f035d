/**
 * The physics worker's service in-process (issue 4, items 6 and 7): hashes against a PhysicsWorld
 * driven directly, snapshots, located errors that leave the running world stepping, the frame
 * pool, and play at a finite speed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fnv1a32 } from '../../engine/physics/frame';
import { FRAME_POOL_SIZE, PhysicsService } from '../../workers/physics-api';
import { FRAME_LENGTH, LAYOUT, OPTIONS, layoutCopy, referenceRun, referenceWorld } from './physics-fixtures';

const services: PhysicsService[] = [];

async function loaded(): Promise<PhysicsService> {
  const s = new PhysicsService();
  services.push(s);
  const r = await s.load(LAYOUT, OPTIONS);
  if (!r.ok) throw new Error(r.message);
  return s;
}

afterEach(() => {
  for (const s of services.splice(0)) s.pause();
});

describe('PhysicsService', () => {
  it('step(n) gives the frame hash of a PhysicsWorld stepped directly with the documented feeder', async () => {
    const s = new PhysicsService();
    services.push(s);
    const r = await s.load(LAYOUT, OPTIONS);
    expect(r).toEqual({
      ok: true,
      scene: {
        generation: 1, conveyorIds: ['a', 'b'], maxParts: 64, beltMethod: 'carriage', frameLength: FRAME_LENGTH,
        frameStride: 8, stepHz: 60, spawnEverySteps: 30,
      },
    });
    const world = await referenceWorld();
    const ref = referenceRun(world, 360);
    expect(s.step(100)).toBe(100);
    expect(s.frameHash()).toBe(ref[99]);
    expect(s.step(0)).toBe(100);
    expect(s.step(260)).toBe(360);
    expect(s.frameHash()).toBe(ref[359]);
    // The feeder spawned 24 parts; both conveyors delivered some, which the sinks removed.
    expect(s.stats().partCount).toBe(world.partCount);
    expect(world.partCount).toBeGreaterThan(10);
    expect(world.partCount).toBeLessThan(24);
    expect(new Set(ref).size).toBeGreaterThan(300);
    world.free();
  });

  it('snapshot at k, restore, step to m: the hash of the uninterrupted run, in place and in a new service', async () => {
    const s = await loaded();
    s.step(150);
    const snap = s.snapshot();
    expect(snap).toBeInstanceOf(Uint8Array);
    s.step(250);
    const uninterrupted = s.frameHash();
    expect(s.restore(snap)).toEqual({ ok: true, stepCount: 150 });
    expect(s.step(250)).toBe(400);
    expect(s.frameHash()).toBe(uninterrupted);
    const fresh = await loaded();
    expect(fresh.restore(snap)).toEqual({ ok: true, stepCount: 150 });
    fresh.step(250);
    expect(fresh.frameHash()).toBe(uninterrupted);
  });

  it('refuses a bad layout with located errors and keeps stepping the running world', async () => {
    const s = await loaded();
    const world = await referenceWorld();
    const ref = referenceRun(world, 150);
    s.step(100);
    const bad = layoutCopy() as unknown as { conveyors: Record<string, unknown>[]; part: Record<string, unknown> };
    bad.conveyors[0].to = [0, 0, 0.8];
    bad.conveyors[1].id = 'a';
    bad.conveyors[1].speedMetersPerSecond = -1;
    bad.conveyors.push({ ...bad.conveyors[0], id: 'up', to: [0, 0, 3] });
    bad.part.massKg = 'heavy';
    const r = await s.load(bad as never, { maxParts: 0, beltMethod: 'rollers' as never });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual([
      'conveyors[0].to', 'conveyors[1].id', 'conveyors[1].speedMetersPerSecond', 'conveyors[2].to',
      'options.beltMethod', 'options.maxParts', 'part.massKg',
    ]);
    expect(r.issues.find((i) => i.path === 'conveyors[2].to')!.message).toMatch(/vertical/);
    expect(r.message.split('\n')).toContain('layout: conveyors[1].id: "a" is already the id of conveyors[0]');
    expect(await s.load(null as never)).toMatchObject({ ok: false, issues: [{ path: '(root)', message: 'must be an object' }] });
    expect(await s.load({ ...LAYOUT, conveyors: 'none' } as never)).toMatchObject({ ok: false, issues: [{ path: 'conveyors' }] });
    // The world that was running is the one still running.
    expect(s.stats()).toMatchObject({ generation: 1, stepCount: 100 });
    expect(s.frameHash()).toBe(ref[99]);
    s.step(50);
    expect(s.frameHash()).toBe(ref[149]);
    world.free();
  });

  it('refuses bad snapshot bytes, including damage Rapier would accept, and keeps stepping', async () => {
    const s = await loaded();
    const world = await referenceWorld();
    const ref = referenceRun(world, 200);
    s.step(100);
    const snap = s.snapshot();
    const other = new PhysicsService();
    services.push(other);
    await other.load({ ...LAYOUT, conveyors: [LAYOUT.conveyors[0], { ...LAYOUT.conveyors[1], speedMetersPerSecond: 0.7 }] }, OPTIONS);
    const damaged = (edit: (b: Uint8Array) => void) => {
      const b = snap.slice();
      edit(b);
      return b;
    };
    const cases: [Uint8Array, RegExp][] = [
      [snap.subarray(0, 10), /too short/],
      [snap.subarray(0, snap.length - 1), /checksum/],
      [damaged((b) => b.fill(0, b.length - 2000)), /checksum/], // Rapier itself restores this, then traps
      [damaged((b) => { b[b.length - 100] ^= 1; }), /checksum/],
      [damaged((b) => { b[0] ^= 1; }), /not a snapshot/],
      [other.snapshot(), /another layout/],
      [new Uint8Array(64), /not a snapshot/],
      ['junk' as never, /Uint8Array/],
    ];
    s.step(50);
    for (const [bytes, why] of cases) {
      const r = s.restore(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(why);
      expect(s.frameHash()).toBe(ref[149]);
    }
    s.step(50);
    expect(s.frameHash()).toBe(ref[199]);
    world.free();
  });

  it('publishes pooled frames: a released buffer is reused, none free means skip, never allocate', async () => {
    const s = await loaded();
    const seen = new Set<Float32Array>();
    let received = 0;
    s.subscribe((frame, step, generation) => {
      received++;
      seen.add(frame);
      expect(frame.length).toBe(FRAME_LENGTH);
      expect(generation).toBe(1);
      expect(step).toBe(s.stats().stepCount);
      // The frame is exactly what frameHash() hashes.
      expect(fnv1a32(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength))).toBe(s.frameHash());
      s.releaseFrame(frame);
    });
    for (let i = 0; i < 20; i++) s.step(1);
    expect(received).toBe(21); // one on subscribe, one per step
    expect(seen.size).toBe(1);
    expect(s.stats()).toMatchObject({ framesAllocated: 1, framesPublished: 21, framesSkipped: 0 });

    // A page that keeps its frames gets at most FRAME_POOL_SIZE of them; the rest are skipped.
    const kept: Float32Array[] = [];
    s.subscribe((frame) => kept.push(frame));
    for (let i = 0; i < 5; i++) s.step(1);
    expect(kept.length).toBe(FRAME_POOL_SIZE);
    expect(s.stats()).toMatchObject({ framesAllocated: FRAME_POOL_SIZE, framesPublished: 21 + FRAME_POOL_SIZE, framesSkipped: 6 - FRAME_POOL_SIZE });
    // Handing them back resumes publishing without new buffers; foreign buffers are ignored.
    s.releaseFrame(new Float32Array(7));
    for (const f of kept.splice(0)) s.releaseFrame(f);
    s.step(1);
    expect(kept.length).toBe(1);
    expect(s.stats().framesAllocated).toBe(FRAME_POOL_SIZE);
  });

  it('plays at a finite speed without running ahead of it, and holds still when paused', async () => {
    const s = await loaded();
    expect(() => s.setSpeed(0)).toThrow(RangeError);
    expect(() => s.setSpeed(Number.NaN)).toThrow(RangeError);
    expect(() => s.step(1.5)).toThrow(RangeError);
    expect(() => s.step(-1)).toThrow(RangeError);
    s.setSpeed(5); // 300 steps per wall second
    const t0 = performance.now();
    s.play();
    await new Promise((resolve) => setTimeout(resolve, 300));
    s.pause();
    const wallSeconds = (performance.now() - t0) / 1000;
    const steps = s.stats().stepCount;
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThanOrEqual(Math.floor(5 * 60 * wallSeconds));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.stats()).toMatchObject({ stepCount: steps, playing: false });
  });

  it('answers calls before any load with errors, not crashes', () => {
    const s = new PhysicsService();
    expect(() => s.step(1)).toThrow(/no layout/);
    expect(() => s.snapshot()).toThrow(/no layout/);
    expect(s.restore(new Uint8Array(8))).toEqual({ ok: false, message: 'no layout is loaded' });
    expect(s.stats()).toMatchObject({ generation: 0, stepCount: 0 });
  });
});
