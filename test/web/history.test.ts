/** The dashboard's bounded history of live frames (web/state/history.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile';
import { NodeCode, US_PER_SECOND } from '../../engine/model/compiled';
import { parseScenarioJson } from '../../engine/model/validate';
import { LineSimulator } from '../../engine/line/simulator';
import { recordLayout, writeRecord } from '../../engine/line/record';
import { replicationKpis, type ReplicationKpis } from '../../engine/experiments/report';
import { NO_STATE, type Frame } from '../../workers/simulation-api';
import { LiveHistory, intervalWip, type HistorySample } from '../../web/state/history';

const sample = (t: number, states: number[], extra: Partial<HistorySample> = {}): HistorySample => ({
  timeSeconds: t,
  windowSeconds: t,
  throughputPerHour: 10,
  wip: 2,
  goodOut: Math.floor(t / 360),
  states,
  ...extra,
});

/** Frames of a live replication, built as the simulation worker builds them (buildFrame). */
function liveFrames(file: string, everySeconds: number, count: number): Frame[] {
  const parsed = parseScenarioJson(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  const m = compileScenario(parsed.value);
  const layout = recordLayout(m);
  const row = new Float64Array(layout.size);
  const sim = new LineSimulator(m);
  sim.reset(0, m.seed);
  const frames: Frame[] = [];
  for (let i = 0; i < count; i++) {
    sim.advanceTo(Math.min(m.lengthUs, Math.round(i * everySeconds * US_PER_SECOND)));
    sim.closeAccounts();
    writeRecord(m, sim.st, layout, sim.nowUs, sim.kernel.events, row, 0);
    const nodeStates = new Int32Array(m.nodeCount);
    for (let n = 0; n < m.nodeCount; n++) {
      const type = m.nodeType[n];
      nodeStates[n] = type === NodeCode.buffer ? sim.st.bufferCount[n] : type === NodeCode.station ? sim.st.stateCode[m.firstServer[n]] : NO_STATE;
    }
    frames.push({
      generation: 1,
      timeSeconds: sim.nowUs / US_PER_SECOND,
      lengthSeconds: m.lengthUs / US_PER_SECOND,
      warmupSeconds: m.warmupUs / US_PER_SECOND,
      playing: true,
      finished: sim.nowUs >= m.lengthUs,
      speed: 60,
      nodeStates,
      kpis: replicationKpis(m, layout, row, 0),
    });
  }
  return frames;
}

describe('LiveHistory samples', () => {
  it('keeps every frame until full, then halves (first and last kept) so memory stays bounded', () => {
    const h = new LiveHistory(['a', 'b'], undefined, { capacity: 64, intervalsPerStation: 8 });
    const bytes = h.byteLength;
    const states = (i: number) => [i % 7, (i >> 3) % 7];
    for (let i = 0; i < 64; i++) h.push(sample(i * 10, states(i)));
    expect(h.length).toBe(64);
    expect(h.downsamplings).toBe(0);
    expect([...h.time.subarray(0, 64)]).toEqual(Array.from({ length: 64 }, (_, i) => i * 10));

    let bad = 0;
    for (let i = 64; i < 100_000; i++) {
      h.push(sample(i * 10, states(i)));
      if (h.length > 64 || h.time[0] !== 0 || h.time[h.length - 1] !== i * 10) bad++;
    }
    expect(bad, 'pushes leaving more than capacity rows, or losing the first or the last').toBe(0);
    expect(h.byteLength).toBe(bytes);
    expect(h.downsamplings).toBeGreaterThan(5);
    expect(h.length).toBeGreaterThanOrEqual(32);
    // Strictly increasing, and spread over the whole run: no gap larger than a few steps.
    const gaps: number[] = [];
    for (let r = 1; r < h.length; r++) gaps.push(h.time[r] - h.time[r - 1]);
    expect(Math.min(...gaps)).toBeGreaterThan(0);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * h.step);
    expect(Math.max(...gaps)).toBeLessThan((100_000 * 10) / 16);
    // Rows keep their own values through the compactions.
    for (let r = 0; r < h.length; r++) {
      const i = h.time[r] / 10;
      expect(h.goodOut[r]).toBe(Math.floor(h.time[r] / 360));
      expect(h.stateAt(r, 0)).toBe(i % 7);
      expect(h.stateAt(r, 1)).toBe((i >> 3) % 7);
    }
  });

  it('refreshes the newest row for a frame at the same moment, and starts over when time goes back', () => {
    const h = new LiveHistory(['a'], undefined, { capacity: 8 });
    h.push(sample(0, [1]));
    h.push(sample(5, [0]));
    h.push(sample(5, [2], { throughputPerHour: 99 }));
    expect(h.length).toBe(2);
    expect(h.throughput[1]).toBe(99);
    expect(h.stateAt(1, 0)).toBe(2);
    const v = h.version;
    h.push(sample(1, [3]));
    expect(h.version).toBeGreaterThan(v);
    expect(h.length).toBe(1);
    expect(h.time[0]).toBe(1);
    expect(h.intervals(0)).toEqual([{ start: 1, end: 1, state: 3 }]);
  });

  it('rounds an odd or tiny capacity to an even one of at least 4', () => {
    expect(new LiveHistory([], undefined, { capacity: 5 }).capacity).toBe(6);
    expect(new LiveHistory([], undefined, { capacity: 1 }).capacity).toBe(4);
  });
});

describe('LiveHistory state intervals', () => {
  it('turns a sequence of frames into per-station intervals, sample and hold', () => {
    const h = new LiveHistory(['a', 'b'], undefined, { capacity: 16 });
    const seq: [number, number[]][] = [
      [0, [1, 0]],
      [10, [1, 0]],
      [20, [0, 0]],
      [30, [0, 2]],
      [40, [3, 2]],
      [50, [3, 2]],
    ];
    for (const [t, s] of seq) h.push(sample(t, s));
    expect(h.intervals(0)).toEqual([
      { start: 0, end: 20, state: 1 },
      { start: 20, end: 40, state: 0 },
      { start: 40, end: 50, state: 3 },
    ]);
    expect(h.intervals(1)).toEqual([
      { start: 0, end: 30, state: 0 },
      { start: 30, end: 50, state: 2 },
    ]);
    expect(h.intervalsStart()).toBe(0);
  });

  it('lets the later of two frames at one moment decide the state, merging back when it matches', () => {
    const h = new LiveHistory(['a'], undefined, { capacity: 16 });
    h.push(sample(0, [1]));
    h.push(sample(10, [2]));
    h.push(sample(10, [4]));
    expect(h.intervals(0)).toEqual([
      { start: 0, end: 10, state: 1 },
      { start: 10, end: 10, state: 4 },
    ]);
    h.push(sample(10, [1]));
    expect(h.intervals(0)).toEqual([{ start: 0, end: 10, state: 1 }]);
  });

  it('drops the oldest intervals of a station when its ring is full, staying contiguous', () => {
    const h = new LiveHistory(['a', 'b'], undefined, { capacity: 16, intervalsPerStation: 5 });
    for (let i = 0; i <= 1000; i++) h.push(sample(i, [i % 2, 0]));
    const a = h.intervals(0);
    expect(a).toHaveLength(5);
    expect(h.droppedIntervals[0]).toBe(1001 - 5);
    expect(a[a.length - 1]).toEqual({ start: 1000, end: 1000, state: 0 });
    for (let j = 1; j < a.length; j++) {
      expect(a[j].start).toBe(a[j - 1].end);
      expect(a[j].state).not.toBe(a[j - 1].state);
    }
    expect(h.intervals(1)).toEqual([{ start: 0, end: 1000, state: 0 }]);
    expect(h.intervalsStart()).toBe(0);
  });
});

describe('LiveHistory from frames of a live replication', () => {
  const frames = liveFrames('scenes/assembly-line/scenario.json', 300, 160);
  const scene = {
    generation: 1,
    name: 'assembly',
    fileName: 'scenario.json',
    // Only ids, types and order matter to the history.
    nodes: (() => {
      const parsed = parseScenarioJson(readFileSync('scenes/assembly-line/scenario.json', 'utf8'), 'x');
      if (!parsed.ok) throw new Error('does not parse');
      const m = compileScenario(parsed.value);
      const types = ['source', 'buffer', 'station', 'sink'] as const;
      return m.nodeIds.map((id, n) => ({ id, type: types[m.nodeType[n]], capacity: null }));
    })(),
    links: [],
    rework: [],
    run: { replications: 1, seed: 1, lengthSeconds: 0, warmupSeconds: 0 },
  };

  it('reads each station state from its node, and leaves the warm-up unmeasured', () => {
    const h = LiveHistory.forScene(scene, { capacity: 1024 });
    for (const f of frames) expect(h.pushFrame(f)).toBe(true);
    expect(h.length).toBe(frames.length);
    const stations = scene.nodes.flatMap((n, i) => (n.type === 'station' ? [[n.id, i] as const] : []));
    expect(h.stationIds).toEqual(stations.map(([id]) => id));
    frames.forEach((f, row) => {
      stations.forEach(([, node], k) => expect(h.stateAt(row, k)).toBe(f.nodeStates[node]));
      if (f.kpis.windowSeconds > 0) {
        expect(h.throughput[row]).toBe(f.kpis.throughputPerHour);
        expect(h.wip[row]).toBe(f.kpis.wip);
      } else {
        expect(h.throughput[row]).toBeNaN();
        expect(h.wip[row]).toBeNaN();
      }
    });
    // A frame of another scene is not taken.
    expect(h.pushFrame({ ...frames[1], generation: 2 })).toBe(false);
  });

  it('gives interval WIP means whose time-weighted average is the run WIP, whatever was dropped', () => {
    const h = LiveHistory.forScene(scene, { capacity: 16 });
    for (const f of frames) h.pushFrame(f);
    expect(h.downsamplings).toBeGreaterThan(0);
    expect(h.time[0]).toBe(frames[0].timeSeconds);
    expect(h.time[h.length - 1]).toBe(frames[frames.length - 1].timeSeconds);
    const last = frames[frames.length - 1].kpis as ReplicationKpis;
    let integral = 0;
    let prev = 0;
    for (let row = 0; row < h.length; row++) {
      const w = h.window[row];
      if (!(w > 0)) continue;
      integral += intervalWip(h, row) * (w - prev);
      prev = w;
    }
    expect(integral / last.windowSeconds).toBeCloseTo(last.wip, 9);
  });
});
