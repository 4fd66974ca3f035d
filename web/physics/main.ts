/**
 * Physics preview page: runs the default scenario's physics twin (the line simulator driving the
 * Rapier world) in its worker (workers/physics.worker.ts) and draws each transferred frame from
 * above on a 2D canvas, handing every frame buffer back (the frame protocol of
 * workers/physics-api.ts). `?steps=N` pauses and steps exactly N steps, then shows the frame
 * hash — the browser half of the Node/Chromium determinism check.
 */
import * as Comlink from 'comlink';
import type { PhysicsApi, PhysicsSpeed } from '../../workers/physics-api';
import scenarioText from '../../scenes/assembly-line/scenario.json?raw';
import { STATE_LABELS, STATE_NAMES, stateFill } from '../ui/states';
import { TwinView, type TwinColours } from './draw';

const FILE_NAME = 'scenes/assembly-line/scenario.json';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const stepOut = element<HTMLOutputElement>('step');
const timeOut = element<HTMLOutputElement>('time');
const partsOut = element<HTMLOutputElement>('parts');
const completedOut = element<HTMLOutputElement>('completed');
const hashOut = element<HTMLOutputElement>('hash');
const statusOut = element<HTMLElement>('status');
const playButton = element<HTMLButtonElement>('play');
const speedSelect = element<HTMLSelectElement>('speed');
const legend = element<HTMLUListElement>('legend');
const canvas = element<HTMLCanvasElement>('view');

/** The canvas cannot use CSS custom properties: resolve the page's colours once (physics.css). */
function colours(): TwinColours {
  const style = getComputedStyle(canvas);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    states: STATE_NAMES.map((s) => v(`--state-${s}`, '#888')),
    belt: v('--physics-belt', '#8a94a6'),
    beltBlocked: v('--physics-belt-blocked', '#5c6370'),
    part: v('--physics-part', '#f59f00'),
    node: v('--physics-node', '#dee2e6'),
    text: v('--physics-ink', '#1d2329'),
    robot: v('--physics-robot', '#1864ab'),
    humanoid: v('--physics-humanoid', '#c2255c'),
  };
}

function fillLegend(): void {
  for (const name of STATE_NAMES) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = stateFill(name);
    item.append(swatch, STATE_LABELS[name]);
    legend.append(item);
  }
}

function formatSeconds(s: number): string {
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = Math.floor(s % 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

async function start(): Promise<void> {
  fillLegend();
  const worker = new Worker(new URL('../../workers/physics.worker.ts', import.meta.url), { type: 'module', name: 'physics' });
  const api = Comlink.wrap<PhysicsApi>(worker);
  const fixedSteps = Number(new URLSearchParams(location.search).get('steps'));
  const stepMode = Number.isInteger(fixedSteps) && fixedSteps > 0;
  const loaded = await api.loadScenario(scenarioText, { fileName: FILE_NAME });
  if (!loaded.ok) {
    statusOut.textContent = loaded.message;
    document.body.dataset.ready = 'error';
    return;
  }
  const { scene } = loaded;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const f = scene.frameLayout;
  statusOut.textContent = `${scene.name}: ${count(f.belts.ids.length, 'belt section', 'belt sections')}, ` +
    `${count(f.robots.length, 'robot', 'robots')}, ${count(f.humanoids.length, 'humanoid', 'humanoids')}`;
  const view = new TwinView(canvas, scene.frameLayout, colours());
  await api.subscribe(
    Comlink.proxy((frame: Float32Array, step: number, generation: number) => {
      if (generation === scene.generation) {
        const { parts } = view.draw(frame);
        stepOut.textContent = String(step);
        timeOut.textContent = formatSeconds(step / scene.stepHz);
        partsOut.textContent = String(parts);
      }
      void api.releaseFrame(Comlink.transfer(frame, [frame.buffer]));
    }),
  );
  const showStats = async () => {
    const stats = await api.stats();
    completedOut.textContent = String(stats.partsCompleted);
    if (stats.finished) {
      playButton.textContent = 'Play';
      playButton.disabled = true;
    }
  };

  if (stepMode) {
    playButton.textContent = 'Play';
    await api.step(fixedSteps);
    hashOut.textContent = String(await api.frameHash());
    await showStats();
    document.body.dataset.ready = 'true';
    return;
  }
  let playing = true;
  await api.play();
  playButton.addEventListener('click', () => {
    playing = !playing;
    playButton.textContent = playing ? 'Pause' : 'Play';
    void (playing ? api.play() : api.pause());
  });
  speedSelect.addEventListener('change', () => {
    const value = speedSelect.value;
    void api.setSpeed((value === 'max' ? 'max' : Number(value)) as PhysicsSpeed);
  });
  setInterval(async () => {
    hashOut.textContent = String(await api.frameHash());
    await showStats();
  }, 500);
  document.body.dataset.ready = 'true';
}

void start();
