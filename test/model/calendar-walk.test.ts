/**
 * withWalkingTime (engine/model/calendar.ts): every on-period [a, b) of a calendar becomes
 * [a + walk, b − walk), cyclic within the day; periods no longer than 2·walk vanish.
 */
import { describe, expect, it } from 'vitest';
import { compileCalendar, withWalkingTime } from '../../engine/model/calendar';

const compile = (shifts: { start: string; end: string }[], plannedDowntime: { start: string; end: string }[] = []) =>
  compileCalendar({ shifts, plannedDowntime } as Parameters<typeof compileCalendar>[0]);

describe('withWalkingTime', () => {
  it('shortens a day shift at both ends', () => {
    const walked = withWalkingTime(compile([{ start: '06:00', end: '14:00' }]), 30);
    expect(walked.transitionSeconds).toEqual([6 * 3600 + 30, 14 * 3600 - 30]);
    expect(walked.transitionOn).toEqual([1, 0]);
  });

  it('handles a night shift across midnight with a charging break', () => {
    // 22:00–06:00 with charging 02:00–02:30: on-periods 22:00–02:00 and 02:30–06:00.
    const walked = withWalkingTime(compile([{ start: '22:00', end: '06:00' }], [{ start: '02:00', end: '02:30' }]), 12);
    expect(walked.transitionSeconds).toEqual([2 * 3600 - 12, 2.5 * 3600 + 12, 6 * 3600 - 12, 22 * 3600 + 12]);
    expect(walked.transitionOn).toEqual([0, 1, 0, 1]);
  });

  it('moves an end that falls past midnight back into the day', () => {
    // On 00:00–23:59: ends at 23:59 − 120 s; starts at 00:00 + 120 s.
    const walked = withWalkingTime(compile([{ start: '00:00', end: '23:59' }]), 120);
    expect(walked.transitionSeconds).toEqual([120, 23 * 3600 + 59 * 60 - 120]);
    expect(walked.transitionOn).toEqual([1, 0]);
  });

  it('drops periods no longer than twice the walk, and leaves an always-on calendar alone', () => {
    const short = withWalkingTime(compile([{ start: '10:00', end: '10:01' }]), 30);
    expect(short.transitionSeconds).toEqual([]);
    expect(short.constantOn).toBe(false);
    const always = compile([{ start: '00:00', end: '24:00' }]);
    expect(withWalkingTime(always, 30)).toBe(always);
  });
});
