/**
 * Entry point of the page: starts the simulation and physics workers (the engine never runs on
 * this thread), renders the UI and opens the default scene, running.
 */
import '../workers/zod-jitless';
import { render } from 'preact';
import * as Comlink from 'comlink';
import type { SimulationApi } from '../workers/simulation-api';
import type { PhysicsApi } from '../workers/physics-api';
import { connect, connectPhysics, fatalError, play } from './state/twin';
import { defaultScene } from './state/default-scene';
import { startEditingSession } from './state/session';
import { App } from './ui/App';

async function start(): Promise<void> {
  const worker = new Worker(new URL('../workers/simulation.worker.ts', import.meta.url), { type: 'module', name: 'simulation' });
  worker.addEventListener('error', (event) => {
    fatalError.value = event.message || 'the simulation worker failed to start';
  });
  await connect(Comlink.wrap<SimulationApi>(worker));
  const physics = new Worker(new URL('../workers/physics.worker.ts', import.meta.url), { type: 'module', name: 'physics' });
  physics.addEventListener('error', (event) => {
    fatalError.value = event.message || 'the physics worker failed to start';
  });
  await connectPhysics(Comlink.wrap<PhysicsApi>(physics));
  const scene = defaultScene();
  if (!scene) {
    fatalError.value = 'no default scene was bundled (scenes/assembly-line/scenario.json)';
    return;
  }
  // Playing from the start: the scene comes up running in whichever worker runs it. The editing
  // session (autosaved in IndexedDB) decides which scene: the last one, or the default.
  await play();
  await startEditingSession();
}

render(<App />, document.getElementById('app')!);
start().catch((e: unknown) => {
  fatalError.value = e instanceof Error ? e.message : String(e);
});
