/**
 * The physics service with a scenario's physics twin loaded (loadScenario): the same frames and
 * hashes as a PhysicsTwin driven directly, located errors that leave the running state untouched,
 * snapshots, the end of the run (stepping stops, playing pauses itself), frames from the pool,
 * and the URDF sources of the browser and Node workers agreeing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenarioJson } from '../../engine/model/validate';
import { fnv1a32 } from '../../engine/physics/frame';
import { createPhysicsTwin, type PhysicsTwin } from '../../engine/twin/physics-twin';
import { PhysicsService } from '../../workers/physics-api';
import { BUNDLED_URDF_PATHS, readBundledUrdf } from '../../workers/urdf-source-bundled';
import { readUrdfFromScenes, SCENES_DIR } from '../../workers/urdf-source-node';
import { LAYOUT, OPTIONS, waitFor } from './physics-fixtures';

const FILE = 'scenes/assembly-line/scenario.json';
const TEXT = readFileSync(join(SCENES_DIR, 'assembly-line/scenario.json'), 'utf8');

/** The default scenario with `change` applied, as JSON text. */
function edited(change: (doc: Record<string, any>) => void): string {
  const doc = JSON.parse(TEXT) as Record<string, any>;
  change(doc);
  return JSON.stringify(doc, null, 1);
}

const services: PhysicsService[] = [];
const twins: PhysicsTwin[] = [];

function service(): PhysicsService {
  const s = new PhysicsService({ readUrdf: readUrdfFromScenes });
  services.push(s);
  return s;
}

async function loaded(seconds = 20): Promise<PhysicsService> {
  const s = service();
  const r = await s.loadScenario(TEXT, { seconds, fileName: FILE });
  if (!r.ok) throw new Error(r.message);
  return s;
}

/** The twin built and stepped directly, without the service. */
async function referenceTwin(seconds: number): Promise<PhysicsTwin> {
  const parsed = parseScenarioJson(TEXT, FILE);
  if (!parsed.ok) throw new Error('the default scenario is invalid');
  const made = await createPhysicsTwin(parsed.value, { seconds, readUrdf: readUrdfFromScenes });
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
  twins.push(made.value);
  return made.value;
}

afterEach(() => {
  for (const s of services.splice(0)) s.pause();
  for (const t of twins.splice(0)) t.free();
});

describe('PhysicsService.loadScenario', () => {
  it("describes the twin's frame and steps to the hashes of a PhysicsTwin run directly", async () => {
    const s = service();
    const r = await s.loadScenario(TEXT, { seconds: 20, fileName: FILE });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const twin = await referenceTwin(20);
    expect(r.scene).toEqual({
      generation: 1, name: JSON.parse(TEXT).name, fileName: FILE, frameLength: twin.frameLength, frameStride: 8,
      stepHz: 60, lastStep: 1200, seconds: 20, seed: JSON.parse(TEXT).run.seed, frameLayout: twin.describeFrame(),
      line: expect.objectContaining({ generation: 1, name: JSON.parse(TEXT).name, fileName: FILE }),
    });
    // The default scene has belts, parts, nodes, three robots and a humanoid, in one frame.
    const f = r.scene.frameLayout;
    expect(f.belts.ids.length).toBeGreaterThan(10);
    expect(f.robots.map((x) => x.id)).toEqual(['ur5-screw', 'panda-pack-a', 'panda-pack-b']);
    expect(f.humanoids.length).toBe(1);
    for (const k of [1, 299, 300, 1200]) {
      twin.run(k - twin.stepCount);
      expect(s.step(k - s.stats().stepCount)).toBe(k);
      expect(s.frameHash()).toBe(twin.frameHash());
    }
    expect(s.stats()).toMatchObject({
      generation: 1, stepCount: 1200, timeUs: 20_000_000, simulatedSeconds: 20, finished: true,
      partsCompleted: twin.partsCompleted, partCount: twin.world.partCount,
    });
    expect(s.stats().partCount).toBeGreaterThan(0);
    // At its last step a twin stops: step(n) steps no further.
    expect(s.step(100)).toBe(1200);
    expect(s.frameHash()).toBe(twin.frameHash());
  });

  it('refuses bad text, scenarios, layouts, URDF paths and options with located errors; the running twin keeps stepping', async () => {
    const s = await loaded();
    const twin = await referenceTwin(20);
    s.step(120);
    twin.run(120);
    const cases: [string, Parameters<PhysicsService['loadScenario']>[1], string][] = [
      ['{"format": ', { fileName: 'f.json' }, 'f.json:1:12: invalid JSON'],
      ['[]', { fileName: 'f.json' }, 'f.json: '],
      [edited((d) => delete d.layout), { fileName: 'f.json' }, 'f.json: layout: required'],
      [edited((d) => { d.layout.conveyors[2].width = 0; }), { fileName: 'f.json' }, 'f.json: layout.conveyors[2].width: must be > 0'],
      // Caught when the layout is compiled, not by the schema.
      [edited((d) => { d.layout.conveyors[2].width = 0.1; }), { fileName: 'f.json' }, 'f.json: layout.conveyors[2].width: is narrower than the part'],
      [edited((d) => { d.layout.robots[0].urdf = 'robots/none.urdf'; }), {}, 'scenario: layout.robots[0].urdf: cannot read "robots/none.urdf": no such file in scenes/'],
      [TEXT, { seconds: 0 }, 'options.seconds: must be a number from 0.000001 to 1000000000'],
      [TEXT, { seconds: Number.NaN, seed: 1.5 }, 'options.seed: must be a whole number from 0 to 4294967295'],
      [TEXT, { fileName: '' }, 'options.fileName: must be a non-empty string'],
      [TEXT, 'x' as never, 'options: must be an object'],
    ];
    for (const [text, options, fragment] of cases) {
      const r = await s.loadScenario(text, options);
      expect(r.ok, fragment).toBe(false);
      if (r.ok) continue;
      expect(r.message).toContain(fragment);
      expect(r.issues.length).toBeGreaterThan(0);
    }
    // A service without a URDF source cannot build the robots, and says which.
    const bare = new PhysicsService();
    const noUrdf = await bare.loadScenario(TEXT, { fileName: 'g.json' });
    expect(noUrdf).toMatchObject({ ok: false });
    if (!noUrdf.ok) expect(noUrdf.message.split('\n')[0]).toBe('g.json: layout.robots[0].urdf: cannot read "robots/ur5.urdf": no URDF source was given to the physics twin');
    expect(s.stats()).toMatchObject({ generation: 1, stepCount: 120 });
    expect(s.frameHash()).toBe(twin.frameHash());
    s.step(60);
    twin.run(60);
    expect(s.frameHash()).toBe(twin.frameHash());
  });

  it('snapshot at k, restore, step on: the uninterrupted hashes; foreign and damaged bytes are refused', async () => {
    const s = await loaded();
    s.step(300);
    const snap = s.snapshot();
    s.step(300);
    const uninterrupted = s.frameHash();
    expect(s.restore(snap)).toEqual({ ok: true, stepCount: 300 });
    s.step(300);
    expect(s.frameHash()).toBe(uninterrupted);
    const fresh = await loaded();
    expect(fresh.restore(snap)).toEqual({ ok: true, stepCount: 300 });
    fresh.step(300);
    expect(fresh.frameHash()).toBe(uninterrupted);

    const bareService = service();
    await bareService.load(LAYOUT, OPTIONS);
    bareService.step(10);
    const bareHash = bareService.frameHash();
    const other = await loaded(30); // another run length: another twin
    const flipped = snap.slice();
    flipped[flipped.length - 50] ^= 1;
    const cases: [Uint8Array, RegExp][] = [
      [bareService.snapshot(), /not a twin snapshot/],
      [other.snapshot(), /another scenario or options/],
      [flipped, /checksum/],
      [snap.subarray(0, 20), /too short/],
      ['junk' as never, /Uint8Array/],
    ];
    for (const [bytes, why] of cases) {
      const r = s.restore(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(why);
      expect(s.frameHash()).toBe(uninterrupted);
    }
    // …and the bare world refuses a twin's snapshot.
    expect(bareService.restore(snap)).toMatchObject({ ok: false, message: expect.stringMatching(/not a snapshot from the physics worker/) });
    expect(bareService.frameHash()).toBe(bareHash);
  });

  it("plays to the twin's last step and pauses itself there; play() at the end does nothing", async () => {
    const s = await loaded(5);
    s.setSpeed('max');
    s.play();
    expect(await waitFor(() => s.stats().finished, 20_000)).toBe(true);
    expect(s.stats()).toMatchObject({ stepCount: 300, playing: false, finished: true });
    const twin = await referenceTwin(5);
    twin.run(300);
    expect(s.frameHash()).toBe(twin.frameHash());
    s.play();
    expect(s.stats().playing).toBe(false);
  });

  it('publishes pooled frames of the twin frame length whose bytes are the frame hash; loads of both kinds swap', async () => {
    const s = service();
    await s.load(LAYOUT, OPTIONS);
    const got: { length: number; step: number; generation: number; hash: number }[] = [];
    s.subscribe((frame, step, generation) => {
      got.push({ length: frame.length, step, generation, hash: fnv1a32(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)) });
      s.releaseFrame(frame);
    });
    const r = await s.loadScenario(TEXT, { seconds: 10 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scene.generation).toBe(2);
    s.step(30);
    const last = got[got.length - 1];
    expect(last).toEqual({ length: r.scene.frameLength, step: 30, generation: 2, hash: s.frameHash() });
    expect(s.stats().framesAllocated).toBe(2); // one per frame length
    const back = await s.load(LAYOUT, OPTIONS);
    expect(back).toMatchObject({ ok: true, scene: { generation: 3 } });
    expect(got[got.length - 1]).toMatchObject({ step: 0, generation: 3, length: 8 * (2 + 64) });
  });
});

describe('URDF sources', () => {
  it('the bundled files (browser worker) are the files in scenes/ (Node)', () => {
    expect(BUNDLED_URDF_PATHS).toEqual(['robots/ur5.urdf', 'robots/panda_arm.urdf']);
    for (const path of BUNDLED_URDF_PATHS) {
      expect(readBundledUrdf(path)).toBe(readUrdfFromScenes(path));
      expect(readBundledUrdf(path)).toContain('<robot');
    }
    expect(() => readBundledUrdf('robots/none.urdf')).toThrow(/not bundled with the page/);
  });

  it('Node reads only files inside scenes/', () => {
    for (const bad of ['../package.json', '/etc/passwd', '', 'robots/../../package.json', '.']) {
      expect(() => readUrdfFromScenes(bad)).toThrow(/not a file inside scenes/);
    }
    expect(() => readUrdfFromScenes('robots/none.urdf')).toThrow(/no such file in scenes/);
    expect(() => readUrdfFromScenes('robots')).toThrow(/cannot be read from scenes\/ \(EISDIR\)/);
  });
});

describe('line frames of a twin', () => {
  it('describe the line without its belts and follow the twin: time, states, KPIs', async () => {
    const s = service();
    const r = await s.loadScenario(TEXT, { seconds: 600, fileName: FILE });
    if (!r.ok) throw new Error(r.message);
    const doc = JSON.parse(TEXT) as { nodes: { id: string }[] };
    // Belts are drawn by the 3D view, not as schematic nodes: the line's nodes are the scenario's.
    expect(r.scene.line.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
    expect(r.scene.line.links).toContainEqual(['kits', 'press']);
    const frames: { timeSeconds: number; nodeStates: Int32Array; kpis: { throughputPerHour: number } }[] = [];
    s.subscribeLine((f) => frames.push(f));
    expect(frames).toHaveLength(1);
    expect(frames[0].timeSeconds).toBe(0);
    s.step(36_000);
    const last = frames[frames.length - 1];
    expect(last.timeSeconds).toBe(600);
    expect(last.nodeStates).toHaveLength(doc.nodes.length);
    expect(s.stats().partsCompleted).toBeGreaterThan(0);
    // Throughput of the line so far = parts out over the window (no warm-up in the twin).
    expect(last.kpis.throughputPerHour).toBeCloseTo((s.stats().partsCompleted * 3600) / 600, 9);
    s.subscribeLine(null);
    s.step(60);
    expect(frames[frames.length - 1]).toBe(last);
  }, 60_000);
});
