import type { Calendar, DayPeriod } from './types';

/**
 * Daily calendars: a resource is on shift during its shifts, minus breaks and planned downtime.
 * A day is compiled into the list of its on/off transitions, so the simulator needs one timer per
 * calendar and a few comparisons per transition.
 */


const MINUTES_PER_DAY = 24 * 60;

/** Minutes after midnight of a valid "HH:MM" ("24:00" is the end of the day). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** "HH:MM" → seconds after midnight. */
export function parseClock(text: string): number {
  return minutesOf(text) * 60;
}

/**
 * A period as at most two half-open minute intervals inside [0, 1440): an end not after the
 * start wraps past midnight ("22:00"–"06:00"). Empty periods are rejected by validation.
 */
export function periodMinutes(period: DayPeriod): [number, number][] {
  const start = minutesOf(period.start) % MINUTES_PER_DAY;
  const end = minutesOf(period.end);
  if (end > start) return [[start, end]];
  return ([[start, MINUTES_PER_DAY], [0, end]] as [number, number][]).filter(([a, z]) => z > a);
}

/** On-shift as a per-minute mask over one day: shifts set it, breaks and downtime clear it. */
function onMask(calendar: Calendar): Uint8Array {
  // Clock strings have minute resolution, so a minute mask is exact.
  const mask = new Uint8Array(MINUTES_PER_DAY);
  const paint = (period: DayPeriod, value: number) => {
    for (const [a, z] of periodMinutes(period)) mask.fill(value, a, z);
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

const DAY_SECONDS = 86_400;

/**
 * The calendar of agents that walk `walkSeconds` from their dock to work and back (humanoids,
 * layout-walks.ts): every on-period [a, b) of `calendar` becomes [a + walk, b − walk), since they
 * leave the dock when the period starts and are back when it ends (to charge, or off shift).
 * Periods no longer than 2·walk vanish. The transitions stay cyclic within the day; the result
 * may fall on fractions of a minute.
 */
export function withWalkingTime(calendar: CompiledCalendar, walkSeconds: number): CompiledCalendar {
  const times = calendar.transitionSeconds, ons = calendar.transitionOn;
  const n = times.length;
  if (n === 0 || walkSeconds <= 0) return calendar;
  const events: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (ons[i] !== 1) continue;
    // Transitions alternate (compileCalendar), so the next one ends this on-period.
    const start = times[i];
    let end = times[(i + 1) % n];
    if (end <= start) end += DAY_SECONDS;
    if (end - start <= 2 * walkSeconds) continue;
    events.push([(start + walkSeconds) % DAY_SECONDS, 1], [(end - walkSeconds) % DAY_SECONDS, 0]);
  }
  events.sort((a, b) => a[0] - b[0]);
  return { transitionSeconds: events.map((e) => e[0]), transitionOn: events.map((e) => e[1]), constantOn: false };
}
