/**
 * web/dashboard.html: the dashboard on its own, for trying it and for the browser test. It runs
 * the default scene (scenes/assembly-line/scenario.json) in the simulation worker through the
 * page state of web/state/twin.ts, live, and runs its replications once for a report. The body
 * gets data-ready="true" once every chart has been drawn with data, the report's included.
 *
 * Query parameters: `speed` (simulated seconds per wall second, default 900) and `replications`
 * (default: the scenario's).
 */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import * as Comlink from 'comlink';
import type { SimulationApi } from '../../workers/simulation-api';
import {
  batch,
  changeSpeed,
  connect,
  fatalError,
  frame,
  loadScenarioText,
  play,
  playing,
  replications,
  runReplications,
  scene,
  speed,
  SPEEDS,
  togglePlay,
} from '../state/twin';
import { defaultScene } from '../state/default-scene';
import { formatClock } from '../ui/format';
import { Dashboard, type DashboardStatus } from './Dashboard';
import { trackLiveHistory } from './live';

const params = new URLSearchParams(location.search);
const positive = (name: string): number | null => {
  const x = Number(params.get(name));
  return params.has(name) && Number.isFinite(x) && x > 0 ? x : null;
};

const tracker = trackLiveHistory(scene, frame);

function onStatus(status: DashboardStatus): void {
  document.body.dataset.charts = status.charts;
  // Every chart drawn, with the report's figures among them (status comes after drawing).
  const ready = status.charts === 'ready' && status.rendered === status.total && status.report && status.live;
  if (ready) document.body.dataset.ready = 'true';
}

function Demo() {
  const f = frame.value;
  const b = batch.value;
  const [showJson, setShowJson] = useState(false);
  const [shown, setShown] = useState(true);
  const speeds = SPEEDS.some((s) => s.value === speed.value) ? SPEEDS : [...SPEEDS, { value: speed.value, label: `${speed.value}×` }];
  return (
    <main class="app-main">
      <header class="dash-demo-head">
        <h1>Line Twin dashboard</h1>
        <p class="muted small" role="status" data-testid="demo-status">
          {scene.value ? scene.value.name : 'Loading…'} · t = {formatClock(f?.timeSeconds ?? 0)}
          {f && f.timeSeconds < f.warmupSeconds ? ' (warm-up)' : ''} ·{' '}
          {b.running ? `replications ${b.done}/${b.total}` : b.report ? `report of ${b.report.replications} replications` : b.error ? `replications failed: ${b.error}` : 'no report yet'}
        </p>
      </header>
      {fatalError.value && (
        <div class="alert" role="alert" data-testid="fatal-error">
          <strong>The simulation stopped:</strong> {fatalError.value}
        </div>
      )}
      <div class="controls" role="group" aria-label="Live simulation">
        <button type="button" class="button primary play" data-testid="play-pause" onClick={togglePlay} disabled={!scene.value}>
          {playing.value ? 'Pause' : 'Play'}
        </button>
        <label class="field inline">
          <span>Speed</span>
          <select value={String(speed.value)} onChange={(e) => changeSpeed(Number((e.currentTarget as HTMLSelectElement).value))}>
            {speeds.map((s) => (
              <option key={s.value} value={String(s.value)}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="button" data-testid="run-replications" onClick={() => void runReplications()} disabled={!scene.value || b.running}>
          Run replications again
        </button>
        <button type="button" class="button" data-testid="toggle-dashboard" aria-pressed={shown} onClick={() => setShown(!shown)}>
          {shown ? 'Hide dashboard' : 'Show dashboard'}
        </button>
      </div>
      {shown && <Dashboard report={b.report} live={tracker.live.value} onStatus={onStatus} title="Dashboard" />}
      {b.report && (
        <details class="json" open={showJson} onToggle={(e) => setShowJson((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>Report JSON</summary>
          <pre data-testid="report-json">{b.json}</pre>
        </details>
      )}
    </main>
  );
}

async function start(): Promise<void> {
  const worker = new Worker(new URL('../../workers/simulation.worker.ts', import.meta.url), { type: 'module', name: 'simulation' });
  worker.addEventListener('error', (event) => {
    fatalError.value = event.message || 'the simulation worker failed to start';
  });
  speed.value = positive('speed') ?? 900;
  await connect(Comlink.wrap<SimulationApi>(worker));
  const text = defaultScene();
  if (!text) {
    fatalError.value = 'no default scene was bundled (scenes/assembly-line/scenario.json)';
    return;
  }
  if (!(await loadScenarioText(text.text, text.fileName))) {
    fatalError.value = `${text.fileName} did not load`;
    return;
  }
  const reps = positive('replications');
  if (reps !== null) replications.value = Math.round(reps);
  await play();
  await runReplications();
}

render(<Demo />, document.getElementById('app')!);
start().catch((e: unknown) => {
  fatalError.value = e instanceof Error ? e.message : String(e);
});
