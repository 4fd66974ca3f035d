/**
 * Calendar checks: periods are read on a 24-hour circle (an end before the start wraps past
 * midnight), so "22:00"–"06:00" overlaps "05:00"–"07:00". Overlapping shifts would count the same
 * minute twice in planned time; a break outside its shift would never take effect.
 */
import type { Calendar, DayPeriod, Issue } from './types';
import { formatPath } from './paths';
import { minutesOf, periodMinutes } from './calendar';

const DAY = 24 * 60;

const intervals = periodMinutes;

function overlaps(a: DayPeriod, b: DayPeriod): boolean {
  return intervals(a).some(([a0, a1]) => intervals(b).some(([b0, b1]) => a0 < b1 && b0 < a1));
}

/** Whether every minute of `inner` lies in `outer`. */
function inside(inner: DayPeriod, outer: DayPeriod): boolean {
  const out = intervals(outer);
  // Both are split at midnight the same way, so containment holds piece by piece.
  return intervals(inner).every(([i0, i1]) => out.some(([o0, o1]) => o0 <= i0 && i1 <= o1));
}

const label = (p: DayPeriod) => `${p.start}–${p.end}`;

function emptyPeriod(p: DayPeriod, path: PropertyKey[], out: Issue[]): boolean {
  // "24:00" as a start is midnight; start and end at the same minute is ambiguous (none or all day).
  if (minutesOf(p.start) % DAY !== minutesOf(p.end) % DAY) return false;
  if (minutesOf(p.end) === DAY && minutesOf(p.start) === 0) return false; // 00:00–24:00: all day
  out.push({ path: formatPath([...path, 'end']), message: 'must differ from start (use 00:00–24:00 for a whole day)' });
  return true;
}

export function checkCalendar(cal: Calendar, path: PropertyKey[], out: Issue[]): void {
  const valid: number[] = [];
  cal.shifts.forEach((shift, i) => {
    const at = [...path, 'shifts', i];
    if (emptyPeriod(shift, at, out)) return;
    const other = valid.find((j) => overlaps(cal.shifts[j], shift));
    if (other !== undefined) {
      out.push({ path: formatPath(at), message: `overlaps shifts[${other}] (${label(cal.shifts[other])})` });
    }
    valid.push(i);
    const breaks: number[] = [];
    (shift.breaks ?? []).forEach((br, k) => {
      const bAt = [...at, 'breaks', k];
      if (emptyPeriod(br, bAt, out)) return;
      if (!inside(br, shift)) {
        out.push({ path: formatPath(bAt), message: `is outside its shift (${label(shift)})` });
      }
      const prev = breaks.find((j) => overlaps(shift.breaks![j], br));
      if (prev !== undefined) out.push({ path: formatPath(bAt), message: `overlaps breaks[${prev}]` });
      breaks.push(k);
    });
  });
  (cal.plannedDowntime ?? []).forEach((p, i) => emptyPeriod(p, [...path, 'plannedDowntime', i], out));
}
