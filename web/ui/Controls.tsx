/** Play/pause, one step (the physics twin), restart, speed, and where the live replication is in simulated time. */
import { changeSpeed, frame, liveSource, playing, restart, scene, speed, SPEEDS, stepOnce, togglePlay } from '../state/twin';
import { formatClock } from './format';

export function Controls() {
  const f = frame.value;
  const ready = scene.value !== null;
  const time = f?.timeSeconds ?? 0;
  const length = f?.lengthSeconds ?? scene.value?.run.lengthSeconds ?? 0;
  const fraction = length > 0 ? Math.min(1, time / length) : 0;
  const status = !f ? 'Loading' : f.finished ? 'Finished' : !f.playing ? 'Paused' : time < f.warmupSeconds ? 'Warm-up' : 'Running';
  return (
    <div class="controls" role="group" aria-label="Live simulation">
      <button type="button" class="button primary play" data-testid="play-pause" onClick={togglePlay} disabled={!ready}>
        <span aria-hidden="true" class="icon">
          {playing.value ? '❚❚' : '▶'}
        </span>
        {playing.value ? 'Pause' : 'Play'}
      </button>
      {liveSource.value === 'physics' && (
        <button type="button" class="button" data-testid="step" onClick={stepOnce} disabled={!ready} title="Pause and advance one physics step (1/60 s)">
          Step
        </button>
      )}
      <button type="button" class="button" data-testid="restart" onClick={restart} disabled={!ready}>
        Restart
      </button>
      <label class="field inline">
        <span>Speed</span>
        <select
          data-testid="speed"
          value={String(speed.value)}
          onChange={(e) => changeSpeed(Number((e.currentTarget as HTMLSelectElement).value))}
        >
          {SPEEDS.map((s) => (
            <option key={s.value} value={String(s.value)}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <div class="clock">
        <span class="clock-label">Simulated time</span>
        <span class="clock-value" data-testid="sim-time">
          {formatClock(time)}
        </span>
        <span class="clock-length">/ {formatClock(length)}</span>
      </div>
      <div
        class="run-progress"
        role="progressbar"
        aria-label="Replication progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div class="run-progress-bar" style={{ width: `${(fraction * 100).toFixed(2)}%` }} />
      </div>
      <span class={`status status-${status.toLowerCase()}`} data-testid="run-status">
        {status}
      </span>
    </div>
  );
}
