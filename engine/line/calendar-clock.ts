import { DAY_US, type LineModel } from '../model/compiled';

/**
 * Reading a compiled daily calendar against the simulation clock. Simulation time 0 is the
 * run's start time of day (`run.startTime`), so clock time = t + startOffsetUs.
 */

/** 1 when calendar `c` is on shift at simulation time `tUs`. */
export function calendarStateAt(m: LineModel, c: number, tUs: number): number {
  const from = m.transitionStart[c];
  const to = m.transitionStart[c + 1];
  if (from === to) return m.calendarConstantOn[c];
  const clock = tUs + m.startOffsetUs;
  const timeOfDay = clock - Math.floor(clock / DAY_US) * DAY_US;
  // The state after the last transition at or before this time of day; before the first
  // transition of the day, the state left by the previous day's last one.
  let state = m.transitionOn[to - 1];
  for (let k = from; k < to && m.transitionTimeUs[k] <= timeOfDay; k++) state = m.transitionOn[k];
  return state;
}

/** Simulation time of calendar `c`'s first transition strictly after `tUs`; Infinity if none. */
export function nextTransitionUs(m: LineModel, c: number, tUs: number): number {
  const from = m.transitionStart[c];
  const to = m.transitionStart[c + 1];
  if (from === to) return Infinity;
  const clock = tUs + m.startOffsetUs;
  const dayStart = Math.floor(clock / DAY_US) * DAY_US;
  const timeOfDay = clock - dayStart;
  for (let k = from; k < to; k++) {
    if (m.transitionTimeUs[k] > timeOfDay) return dayStart + m.transitionTimeUs[k] - m.startOffsetUs;
  }
  return dayStart + DAY_US + m.transitionTimeUs[from] - m.startOffsetUs;
}
