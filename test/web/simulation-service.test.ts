/** The worker's service in Node (no worker, no comlink): loading, the live stream, replications. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenarioJson } from '../../engine/model/validate';
import { simulateScenario } from '../../engine/experiments/simulate';
import { NO_STATE, SimulationService, type Frame } from '../../workers/simulation-api';

const SERIAL = readFileSync('scenes/benchmarks/serial-10.json', 'utf8');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SimulationService', () => {
  let service: SimulationService | null = null;
  afterEach(() => service?.pause());

  it('loads a scene and describes it in node order, with links and run settings', () => {
    service = new SimulationService();
    const result = service.load(SERIAL, 'serial-10.json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { scene } = result;
    expect(scene.name).toBe('Serial line, 10 stations (benchmark)');
    expect(scene.nodes).toHaveLength(21);
    expect(scene.nodes[1]).toEqual({ id: 's1', type: 'station', capacity: 1 });
    expect(scene.nodes[2]).toEqual({ id: 'b1', type: 'buffer', capacity: 5 });
    expect(scene.links).toContainEqual(['s10', 'out']);
    expect(scene.run).toEqual({ replications: 20, seed: 1, lengthSeconds: 28800, warmupSeconds: 0 });
  });

  it('rejects a bad file with every located error and keeps the loaded scene', () => {
    service = new SimulationService();
    const frames: Frame[] = [];
    service.subscribe((f) => frames.push(f));
    const good = service.load(SERIAL, 'serial-10.json');
    const doc = JSON.parse(SERIAL);
    doc.nodes[1].cycle.mean = -1;
    doc.nodes[2].capacity = -3;
    const bad = service.load(JSON.stringify(doc), 'bad.json');
    expect(bad.ok).toBe(false);
    if (bad.ok || !good.ok) return;
    expect(bad.message).toContain('bad.json: nodes[1].cycle.mean');
    expect(bad.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['nodes[1].cycle.mean', 'nodes[2].capacity']));
    service.restart();
    expect(frames.at(-1)!.generation).toBe(good.scene.generation);
    expect(service.load('{', 'broken.json')).toMatchObject({ ok: false, message: expect.stringMatching(/^broken\.json:1:\d+: invalid JSON/) });
  });

  it('streams frames of the live replication built from its state', async () => {
    service = new SimulationService();
    const frames: Frame[] = [];
    service.subscribe((f) => frames.push(f));
    service.load(SERIAL, 'serial-10.json');
    const first = frames.at(-1)!;
    expect(first.timeSeconds).toBe(0);
    expect(first.nodeStates).toBeInstanceOf(Int32Array);
    expect(first.nodeStates[0]).toBe(NO_STATE);
    service.setSpeed(3600);
    service.play();
    await sleep(450);
    service.pause();
    const last = frames.at(-1)!;
    expect(last.playing).toBe(false);
    expect(last.timeSeconds).toBeGreaterThan(60);
    expect(last.kpis.throughputPerHour).toBeGreaterThan(0);
    for (let n = 1; n < 21; n += 2) expect(last.nodeStates[n]).toBeGreaterThanOrEqual(0); // stations: a state code
    for (let n = 2; n < 20; n += 2) expect(last.nodeStates[n]).toBeLessThanOrEqual(5); // buffers: content
    const times = frames.map((f) => f.timeSeconds);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('runs replications to the same report as the command line', () => {
    service = new SimulationService();
    service.load(SERIAL, 'serial-10.json');
    const progress: number[] = [];
    const report = service.runReplications({ replications: 3 }, (done) => progress.push(done));
    const parsed = parseScenarioJson(SERIAL, 'serial-10.json');
    if (!parsed.ok) throw new Error('fixture');
    const direct = simulateScenario(parsed.value, { replications: 3 });
    expect({ ...report, wallSeconds: 0 }).toEqual({ ...direct, wallSeconds: 0 });
    expect(progress.at(-1)).toBe(3);
    expect(() => service!.runReplications({ replications: 0 })).toThrow(/Replications/);
    expect(() => service!.runReplications({ warmupSeconds: 30000 })).toThrow(/Warm-up/);
  });
});
