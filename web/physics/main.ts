/**
 * Physics preview page: runs the physics twin in its worker (workers/physics.worker.ts) and draws
 * each transferred frame from above on a 2D canvas, handing every frame buffer back (the frame
 * protocol of workers/physics-api.ts). `?steps=N` pauses and steps exactly N steps, then shows
 * the frame hash — the browser half of the Node/Chromium determinism check.
 */
import * as Comlink from 'comlink';
import type { PhysicsApi } from '../../workers/physics-api';
import type { PhysicalLayout } from '../../engine/physics/layout';
import layoutJson from '../../scenes/physics-demo/layout.json';
import { drawFrame } from './draw';

const layout = layoutJson as PhysicalLayout;
const OPTIONS = { maxParts: 64, spawnEverySeconds: 0.5 };

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const stepOut = element<HTMLOutputElement>('step');
const partsOut = element<HTMLOutputElement>('parts');
const hashOut = element<HTMLOutputElement>('hash');
const playButton = element<HTMLButtonElement>('play');
const canvas = element<HTMLCanvasElement>('view');

async function start(): Promise<void> {
  const worker = new Worker(new URL('../../workers/physics.worker.ts', import.meta.url), { type: 'module', name: 'physics' });
  const api = Comlink.wrap<PhysicsApi>(worker);
  const loaded = await api.load(layout, OPTIONS);
  if (!loaded.ok) {
    hashOut.textContent = loaded.message;
    return;
  }
  let playing = true;
  await api.subscribe(
    Comlink.proxy((frame: Float32Array, step: number) => {
      const parts = drawFrame(canvas, layout, frame);
      stepOut.textContent = String(step);
      partsOut.textContent = String(parts);
      void api.releaseFrame(Comlink.transfer(frame, [frame.buffer]));
    }),
  );
  const fixedSteps = Number(new URLSearchParams(location.search).get('steps'));
  if (Number.isInteger(fixedSteps) && fixedSteps > 0) {
    playing = false;
    playButton.textContent = 'Play';
    await api.step(fixedSteps);
    hashOut.textContent = String(await api.frameHash());
    document.body.dataset.ready = 'true';
    return;
  }
  await api.play();
  playButton.addEventListener('click', () => {
    playing = !playing;
    playButton.textContent = playing ? 'Pause' : 'Play';
    void (playing ? api.play() : api.pause());
  });
  setInterval(async () => {
    hashOut.textContent = String(await api.frameHash());
  }, 500);
  document.body.dataset.ready = 'true';
}

void start();
