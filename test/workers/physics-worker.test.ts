/**
 * The physics API through a real Node worker_threads worker and comlink (issue 4, items 6 and 7):
 * the same hashes as in-process (determinism across threads), snapshots that cross threads,
 * transferred frames of the documented length whose buffers come back and are reused, play at
 * 'max' for a bounded wall time, and a scenario's physics twin loaded across the thread. Every
 * wait is bounded; the worker is always terminated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fnv1a32 } from '../../engine/physics/frame';
import { FRAME_POOL_SIZE, PhysicsService } from '../../workers/physics-api';
import { startPhysicsWorkerInNode, type NodePhysicsWorker } from '../../workers/physics-node';
import { readUrdfFromScenes, SCENES_DIR } from '../../workers/urdf-source-node';
import { FRAME_LENGTH, LAYOUT, OPTIONS, layoutCopy, waitFor } from './physics-fixtures';

let node: NodePhysicsWorker | null = null;
const api = () => node!.api;

beforeAll(async () => {
  node = await startPhysicsWorkerInNode();
}, 30_000);

afterAll(async () => {
  await node?.terminate();
});

describe('physics worker in Node worker_threads', () => {
  it('gives the in-process hashes, and snapshots restore across threads', async () => {
    const local = new PhysicsService();
    await local.load(LAYOUT, OPTIONS);
    const r = await api().load(LAYOUT, OPTIONS);
    expect(r).toMatchObject({ ok: true, scene: { frameLength: FRAME_LENGTH, conveyorIds: ['a', 'b'] } });
    expect(await api().step(200)).toBe(200);
    local.step(200);
    expect(await api().frameHash()).toBe(local.frameHash());
    // A worker snapshot restores in-process and vice versa; both continue identically.
    const fromWorker = await api().snapshot();
    expect(fromWorker).toBeInstanceOf(Uint8Array);
    await api().step(150);
    local.step(150);
    const at350 = local.frameHash();
    expect(await api().frameHash()).toBe(at350);
    expect(local.restore(fromWorker)).toEqual({ ok: true, stepCount: 200 });
    local.step(150);
    expect(local.frameHash()).toBe(at350);
    local.step(50);
    const snapLocal = local.snapshot();
    expect(await api().restore(snapLocal)).toEqual({ ok: true, stepCount: 400 });
    expect(await api().frameHash()).toBe(local.frameHash());
  });

  it('returns located errors as values across the thread and keeps the running world', async () => {
    const before = await api().stats();
    const hash = await api().frameHash();
    const bad = layoutCopy();
    bad.conveyors[1].width = 0;
    const r = await api().load(bad, OPTIONS);
    expect(r).toMatchObject({ ok: false, issues: [{ path: 'conveyors[1].width', message: 'must be above 0' }] });
    const damaged = (await api().snapshot()).slice();
    damaged[damaged.length - 1] ^= 0xff;
    expect(await api().restore(damaged)).toMatchObject({ ok: false, message: expect.stringMatching(/checksum/) });
    expect(await api().stats()).toMatchObject({ generation: before.generation, stepCount: before.stepCount });
    expect(await api().frameHash()).toBe(hash);
  });

  it('streams transferred frames of the documented length and reuses the buffers handed back', async () => {
    const r = await api().load(LAYOUT, OPTIONS); // a new generation: a fresh pool
    expect(r.ok).toBe(true);
    const generation = r.ok ? r.scene.generation : -1;
    const allocatedBefore = (await api().stats()).framesAllocated;
    const got: { typed: boolean; length: number; step: number; generation: number; hash: number }[] = [];
    let release = true;
    await api().subscribe(
      Comlink.proxy((frame: Float32Array, step: number, gen: number) => {
        const bytes = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
        // Recorded, not asserted here: a throw in this callback would only reject inside the worker.
        got.push({ typed: frame instanceof Float32Array, length: frame.length, step, generation: gen, hash: fnv1a32(bytes) });
        if (release) void api().releaseFrame(Comlink.transfer(frame, [frame.buffer]));
      }),
    );
    expect(await waitFor(() => got.length === 1)).toBe(true); // the frame sent on subscribe
    for (let i = 1; i <= 20; i++) {
      await api().step(1);
      // Wait for the frame: its release is then posted before the next step call, in order.
      expect(await waitFor(() => got.length === i + 1)).toBe(true);
    }
    expect(got.every((f) => f.typed && f.length === FRAME_LENGTH && f.generation === generation)).toBe(true);
    expect(got.map((f) => f.step)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    // The frame that crossed is the world's frame: its bytes hash to frameHash().
    expect(got[20].hash).toBe(await api().frameHash());
    expect(new Set(got.map((f) => f.hash)).size).toBeGreaterThan(15);
    let stats = await api().stats();
    expect(stats.framesAllocated - allocatedBefore).toBe(1);
    expect(stats.framesSkipped).toBe(0);

    // The page stops handing frames back: at most FRAME_POOL_SIZE arrive, no buffer is added.
    release = false;
    const skippedBefore = stats.framesSkipped;
    for (let i = 0; i < 6; i++) await api().step(1);
    expect(await waitFor(() => got.length === 21 + FRAME_POOL_SIZE)).toBe(true);
    stats = await api().stats();
    expect(stats.framesAllocated - allocatedBefore).toBe(FRAME_POOL_SIZE);
    expect(stats.framesSkipped - skippedBefore).toBe(6 - FRAME_POOL_SIZE);
    await api().unsubscribe();
  });

  it("plays at 'max' for a bounded wall time, then pauses and stays paused", async () => {
    await api().load(LAYOUT, OPTIONS);
    await api().setSpeed('max');
    const start = (await api().stats()).stepCount;
    await api().play();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await api().pause();
    const paused = await api().stats();
    expect(paused.playing).toBe(false);
    // Real time would be 18 steps in 300 ms; 'max' runs far more (≈ 2000 here).
    expect(paused.stepCount - start).toBeGreaterThan(60);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await api().stats()).stepCount).toBe(paused.stepCount);
    // The steps played are the same deterministic steps: an in-process run to that count agrees.
    const local = new PhysicsService();
    await local.load(LAYOUT, OPTIONS);
    local.step(paused.stepCount);
    expect(await api().frameHash()).toBe(local.frameHash());
  });

  it("loads a scenario's physics twin across the thread: the in-process hashes, located errors, snapshots", async () => {
    const text = readFileSync(join(SCENES_DIR, 'assembly-line/scenario.json'), 'utf8');
    const local = new PhysicsService({ readUrdf: readUrdfFromScenes });
    const l = await local.loadScenario(text, { seconds: 10 });
    const r = await api().loadScenario(text, { seconds: 10 });
    expect(r.ok && l.ok).toBe(true);
    if (!r.ok || !l.ok) return;
    // The worker reads the robots' URDF files from scenes/ itself.
    expect({ ...r.scene, generation: 0, line: { ...r.scene.line, generation: 0 } }).toEqual({ ...l.scene, generation: 0, line: { ...l.scene.line, generation: 0 } });
    expect(await api().step(400)).toBe(400);
    local.step(400);
    expect(await api().frameHash()).toBe(local.frameHash());
    const snap = await api().snapshot();
    const bad = await api().loadScenario(text.replace('"layout"', '"layoutx"'), { fileName: 'x.json' });
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('x.json: ') });
    expect(await api().step(10_000)).toBe(600); // stops at the end of the 10 s run
    local.step(200);
    expect(await api().frameHash()).toBe(local.frameHash());
    expect(await api().stats()).toMatchObject({ finished: true, simulatedSeconds: 10, partsCompleted: local.stats().partsCompleted });
    expect(local.restore(snap)).toEqual({ ok: true, stepCount: 400 });
  });
});
