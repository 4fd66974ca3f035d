/**
 * Entry point of the page: starts the simulation worker (the engine never runs on this thread),
 * renders the UI and opens the default scene, running.
 */
import { render } from 'preact';
import * as Comlink from 'comlink';
import type { SimulationApi } from '../workers/simulation-api';
import { connect, fatalError, loadScenarioText, play } from './state/twin';
import { defaultScene } from './state/default-scene';
import { App } from './ui/App';

async function start(): Promise<void> {
  const worker = new Worker(new URL('../workers/simulation.worker.ts', import.meta.url), { type: 'module', name: 'simulation' });
  worker.addEventListener('error', (event) => {
    fatalError.value = event.message || 'the simulation worker failed to start';
  });
  await connect(Comlink.wrap<SimulationApi>(worker));
  const scene = defaultScene();
  if (!scene) {
    fatalError.value = 'no default scene was bundled (scenes/assembly-line/scenario.json)';
    return;
  }
  if (await loadScenarioText(scene.text, scene.fileName)) await play();
}

render(<App />, document.getElementById('app')!);
start().catch((e: unknown) => {
  fatalError.value = e instanceof Error ? e.message : String(e);
});
