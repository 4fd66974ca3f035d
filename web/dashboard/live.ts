/**
 * Glue between the page's signals and a LiveHistory: one history per loaded scene, fed with every
 * frame of that scene, exposed as a signal the Dashboard's `live` prop can take.
 */
import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { Frame, SceneInfo } from '../../workers/simulation-api';
import { LiveHistory, type HistoryOptions } from '../state/history';

export interface DashboardLive {
  /** The newest frame of the live replication. */
  frame: Frame;
  /** The bounded history of its frames (mutated in place; `version` tells it changed). */
  history: LiveHistory;
}

export interface LiveTracker {
  live: ReadonlySignal<DashboardLive | null>;
  /** Stops following the signals. */
  dispose(): void;
}

/**
 * Follows `scene` and `frame` (e.g. web/state/twin.ts's signals): a new history whenever the
 * scene generation changes, every frame of the current scene pushed into it.
 */
export function trackLiveHistory(
  scene: ReadonlySignal<SceneInfo | null>,
  frame: ReadonlySignal<Frame | null>,
  options?: HistoryOptions,
): LiveTracker {
  const live = signal<DashboardLive | null>(null);
  let history: LiveHistory | null = null;
  const dispose = effect(() => {
    const s = scene.value;
    const f = frame.value;
    if (!s) {
      history = null;
      live.value = null;
      return;
    }
    if (!history || history.generation !== s.generation) history = LiveHistory.forScene(s, options);
    if (f && f.generation === s.generation && history.pushFrame(f)) live.value = { frame: f, history };
    else if (!f || f.generation !== s.generation) live.value = null;
  });
  return { live, dispose };
}
