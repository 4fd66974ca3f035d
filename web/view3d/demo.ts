/**
 * The 3D view's standalone page (web/view3d.html), for tests and the web.frame benchmark.
 *
 *   view3d.html?synthetic=1000   N synthetic parts moving on belts, a node of every kind, a robot
 *                                arm and a humanoid, fed at 60 Hz with no worker (synthetic.ts);
 *   view3d.html                  the default scenario's physics twin (scenes/assembly-line) in the
 *                                physics worker (loadScenario), playing at 1×; `?speed=N` or
 *                                `?speed=max` changes the speed.
 *   &aa=0 / &aa=1                multisample antialiasing off / on (default: off on a software renderer).
 *
 * Selecting, dragging and turning nodes only reports what the view asked for (there is no store
 * here). `document.body.dataset.ready` turns 'true' once the first frame is drawn ('error' if the
 * scenario did not load); `window.__view3d` gives tests pixel statistics and picking.
 */
import * as Comlink from 'comlink';
import { h, render } from 'preact';
import { useState } from 'preact/hooks';
import type { PhysicsApi, PhysicsSpeed, TwinFrameLayout } from '../../workers/physics-api';
import scenarioText from '../../scenes/assembly-line/scenario.json?raw';
import type { LineView3D, SceneNode } from './line-view';
import { syntheticScene } from './synthetic';
import { createFrameHub } from './frame-hub';
import { View3D } from './View3D';

const FILE_NAME = 'scenes/assembly-line/scenario.json';

export interface View3DTestApi {
  view: LineView3D;
  /** Variance of the canvas's luminance (0…1 scale) right after a render: 0 for a blank canvas. */
  pixelVariance(): number;
  /** The node drawn at canvas point (x, y) in CSS pixels. */
  pick(x: number, y: number): string | null;
  /** Canvas point (CSS pixels) of a node's centre. */
  project(id: string): [number, number] | null;
  /** Synthetic mode: stop feeding frames (the view then stops rendering). */
  stopFeed?(): void;
}

declare global {
  interface Window {
    __view3d?: View3DTestApi;
  }
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const statusOut = element<HTMLElement>('status');
const root = element<HTMLElement>('view');
const params = new URLSearchParams(location.search);
const hub = createFrameHub();
let stopFeed: (() => void) | undefined;

function pixelVariance(canvas: HTMLCanvasElement, view: LineView3D): number {
  const w = 160, hgt = 90;
  const probe = document.createElement('canvas');
  probe.width = w;
  probe.height = hgt;
  const g = probe.getContext('2d', { willReadFrequently: true })!;
  view.renderNow(); // the drawing buffer is readable until this task ends
  g.drawImage(canvas, 0, 0, w, hgt);
  const data = g.getImageData(0, 0, w, hgt).data;
  let sum = 0, sum2 = 0;
  const n = w * hgt;
  for (let i = 0; i < data.length; i += 4) {
    const y = (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]) / 255;
    sum += y;
    sum2 += y * y;
  }
  const mean = sum / n;
  return sum2 / n - mean * mean;
}

function onView(view: LineView3D | null): void {
  if (!view) return;
  const canvas = root.querySelector('canvas')!;
  window.__view3d = {
    view,
    pixelVariance: () => pixelVariance(canvas, view),
    pick: (x, y) => view.pickNode(x, y),
    project: (id) => view.projectNode(id),
    stopFeed: () => stopFeed?.(),
  };
  void view.firstFrame.then(() => {
    document.body.dataset.ready = 'true';
  });
}

function Page(props: { layout: TwinFrameLayout; nodes: SceneNode[] }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [drag, setDrag] = useState('');
  const [turn, setTurn] = useState('');
  return h('div', null,
    h('p', { class: 'view3d-demo-out' },
      'Selected ', h('output', { 'data-testid': 'view3d-selected' }, selected ?? '-'),
      ' · Drag ', h('output', { 'data-testid': 'view3d-drag' }, drag || '-'),
      ' · Turn ', h('output', { 'data-testid': 'view3d-rotate' }, turn || '-')),
    h(View3D, {
      frameLayout: props.layout,
      nodes: props.nodes,
      frames: hub,
      selectedId: selected,
      onPick: setSelected,
      onDrag: (id: string, x: number, y: number, phase: string) => setDrag(`${id} ${phase} ${x.toFixed(2)} ${y.toFixed(2)}`),
      onRotate: (id: string, deg: number) => setTurn(`${id} ${deg > 0 ? '+' : ''}${deg}`),
      onView,
      viewOptions: { antialias: params.get('aa') === '0' ? false : params.get('aa') === '1' ? true : 'auto' },
    }));
}

function startSynthetic(count: number): void {
  const synth = syntheticScene(count);
  const frame = new Float32Array(synth.layout.frameLength);
  statusOut.textContent = `Synthetic: ${count} parts on ${synth.layout.belts.ids.length} belts, ${synth.nodes.length} nodes, ` +
    '1 robot arm, 1 humanoid; frames at 60 Hz, no worker.';
  render(h(Page, { layout: synth.layout, nodes: synth.nodes }), root);
  const t0 = performance.now();
  const feed = setInterval(() => {
    synth.write((performance.now() - t0) / 1000, frame);
    hub.publish(frame);
  }, 1000 / 60);
  stopFeed = () => clearInterval(feed);
}

async function startScenario(): Promise<void> {
  statusOut.textContent = 'Loading the physics twin…';
  const worker = new Worker(new URL('../../workers/physics.worker.ts', import.meta.url), { type: 'module', name: 'physics' });
  const api = Comlink.wrap<PhysicsApi>(worker);
  const loaded = await api.loadScenario(scenarioText, { fileName: FILE_NAME });
  if (!loaded.ok) {
    statusOut.textContent = loaded.message;
    document.body.dataset.ready = 'error';
    return;
  }
  const { scene } = loaded;
  const nodes = (JSON.parse(scenarioText) as { nodes: SceneNode[] }).nodes.map(({ id, type, kind, name }) => ({ id, type, kind, name }));
  const f = scene.frameLayout;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  statusOut.textContent = `${scene.name}: ${f.belts.ids.length} belt sections, ${f.nodes.ids.length} placed nodes, ` +
    `${count(f.robots.length, 'robot', 'robots')}, ${count(f.humanoids.length, 'humanoid', 'humanoids')} (physics worker).`;
  render(h(Page, { layout: f, nodes }), root);
  await api.subscribe(Comlink.proxy((frame: Float32Array, _step: number, generation: number) => {
    if (generation === scene.generation) hub.publish(frame);
    void api.releaseFrame(Comlink.transfer(frame, [frame.buffer]));
  }));
  const speed = params.get('speed');
  if (speed) await api.setSpeed((speed === 'max' ? 'max' : Number(speed)) as PhysicsSpeed);
  await api.play();
}

const synthetic = params.get('synthetic');
if (synthetic !== null) startSynthetic(Math.max(0, Math.min(100_000, Number(synthetic) || 1000)));
else void startScenario().catch((e: unknown) => {
  statusOut.textContent = `Could not start the physics worker: ${e instanceof Error ? e.message : String(e)}`;
  document.body.dataset.ready = 'error';
});
