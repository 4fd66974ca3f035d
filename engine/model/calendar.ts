import type { Calendar, DayPeriod } from './types';

/**
 * Daily calendars: a resource is on shift during its shifts, minus breaks and planned downtime.
 * A day is compiled into the list of its on/off transitions, so the simulator needs one timer per
 * calendar and a few comparisons per transition.
 */

export const SECONDS_PER_DAY = 86_400;

/** "HH:MM" → seconds after midnight ("24:00" is the end of the day). Input is validated. */
export function parseClock(text: string): number {
  const [h, m] = text.split(':');
  return Number(h) * 3600 + Number(m) * 60;
}

/** [start, end) intervals within one day; a period whose end is not after its start wraps. */
function periodIntervals(period: DayPeriod): [number, number][] {
  const start = parseClock(period.start) % SECONDS_PER_DAY;
  let end = parseClock(period.end);
  if (end === SECONDS_PER_DAY && start === 0) return [[0, SECONDS_PER_DAY]];
  end %= SECONDS_PER_DAY;
  if (end > start) return [[start, end]];
  if (end === start) return [[0, SECONDS_PER_DAY]];
  return [
    [start, SECONDS_PER_DAY],
    [0, end],
  ];
}

/** On-shift as a per-minute mask over one day: shifts set it, breaks and downtime clear it. */
function onMask(calendar: Calendar): Uint8Array {
  // Clock strings have minute resolution, so a minute mask is exact.
  const mask = new Uint8Array(SECONDS_PER_DAY / 60);
  const paint = (period: DayPeriod, value: number) => {
    for (const [a, b] of periodIntervals(period)) mask.fill(value, a / 60, b / 60);
  };
  for (const shift of calendar.shifts) paint(shift, 1);
  for (const shift of calendar.shifts) for (const pause of shift.breaks ?? []) paint(pause, 0);
  for (const down of calendar.plannedDowntime ?? []) paint(down, 0);
  return mask;
}

export interface CompiledCalendar {
  /** Seconds after midnight at which the state changes, ascending. */
  transitionSeconds: number[];
  /** The state after each transition (1 on shift). */
  transitionOn: number[];
  /** When there is no transition: the state all day. */
  constantOn: boolean;
}

export function compileCalendar(calendar: Calendar): CompiledCalendar {
  const mask = onMask(calendar);
  const transitionSeconds: number[] = [];
  const transitionOn: number[] = [];
  const minutes = mask.length;
  for (let i = 0; i < minutes; i++) {
    const before = mask[(i + minutes - 1) % minutes];
    if (mask[i] !== before) {
      transitionSeconds.push(i * 60);
      transitionOn.push(mask[i]);
    }
  }
  return { transitionSeconds, transitionOn, constantOn: mask[0] === 1 };
}

/** Fraction of a day on shift: for reports and tests. */
export function onShiftFraction(calendar: Calendar): number {
  const mask = onMask(calendar);
  let on = 0;
  for (const v of mask) on += v;
  return on / mask.length;
}
