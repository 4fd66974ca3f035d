/**
 * Editing recipes (document-ops.ts) for the scenario-wide settings, not tied to one node on the
 * floor: the run, the scenario's name and description, calendars (shifts, breaks, planned downtime)
 * and worker pools. Removing or renaming a calendar or pool updates the stations (and humanoids)
 * that name it.
 */
import type { Calendar, DayPeriod, Scenario, WorkerKind, WorkerPool } from '../../engine/model/types';
import { isValidId, renameKey, setIn, uniqueId, type PathSegment } from './document-ops-base';

// ---- run and scenario ------------------------------------------------------------------------

export type RunField = 'warmupSeconds' | 'lengthSeconds' | 'replications' | 'seed' | 'startTime';

/** Sets a run setting; undefined removes an optional one (startTime). */
export function setRun(doc: Scenario, field: RunField, value: number | string | undefined): boolean {
  return setIn(doc, ['run', field], value);
}

/** Sets the scenario's name or description (an empty description is removed). */
export function setScenarioField(doc: Scenario, field: 'name' | 'description', value: string | undefined): boolean {
  if (field === 'description' && value === '') value = undefined;
  if (field === 'name' && value === undefined) return false;
  return setIn(doc, [field], value);
}

// ---- calendars -------------------------------------------------------------------------------

function calendar(doc: Scenario, id: string): Calendar | undefined {
  return doc.calendars && Object.hasOwn(doc.calendars, id) ? doc.calendars[id] : undefined;
}

function addMinutes(time: string, minutes: number): string {
  const m = /^(\d\d):(\d\d)$/.exec(time);
  if (!m) return time;
  const total = (((Number(m[1]) * 60 + Number(m[2]) + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Adds a calendar (one shift 06:00–14:00) under `id` or a new `calendar-N`. Returns its id, or null when `id` is taken or invalid. */
export function addCalendar(doc: Scenario, id?: string): string | null {
  const taken = new Set(Object.keys(doc.calendars ?? {}));
  const key = id ?? uniqueId('calendar', taken);
  if (!isValidId(key) || taken.has(key)) return null;
  if (!doc.calendars) doc.calendars = {};
  doc.calendars[key] = { shifts: [{ start: '06:00', end: '14:00' }] };
  return key;
}

/** Removes a calendar and the references to it (stations and worker pools are then always on shift). */
export function removeCalendar(doc: Scenario, id: string): boolean {
  if (!calendar(doc, id)) return false;
  delete doc.calendars![id];
  if (Object.keys(doc.calendars!).length === 0) delete doc.calendars;
  for (const n of doc.nodes) if (n.type === 'station' && n.calendar === id) delete n.calendar;
  for (const w of doc.workers ?? []) if (w.calendar === id) delete w.calendar;
  return true;
}

export function renameCalendar(doc: Scenario, from: string, to: string): boolean {
  if (!calendar(doc, from) || from === to || !isValidId(to) || calendar(doc, to)) return false;
  doc.calendars = renameKey(doc.calendars!, from, to);
  for (const n of doc.nodes) if (n.type === 'station' && n.calendar === from) n.calendar = to;
  for (const w of doc.workers ?? []) if (w.calendar === from) w.calendar = to;
  return true;
}

/** Sets a field of a calendar by a path relative to it (`['shifts', 0, 'end']`); undefined removes it. */
export function setCalendarField(doc: Scenario, id: string, path: readonly PathSegment[], value: unknown): boolean {
  if (!calendar(doc, id) || path.length === 0) return false;
  return setIn(doc, ['calendars', id, ...path], value);
}

/** Adds a shift: 8 h from the end of the last one (or 06:00–14:00). */
export function addShift(doc: Scenario, calendarId: string): boolean {
  const c = calendar(doc, calendarId);
  if (!c) return false;
  const last = c.shifts[c.shifts.length - 1];
  const start = last ? (last.end === '24:00' ? '00:00' : last.end) : '06:00';
  c.shifts.push({ start, end: addMinutes(start, 8 * 60) });
  return true;
}

/** Removes shift `index` (a calendar keeps at least one: the format requires it). */
export function removeShift(doc: Scenario, calendarId: string, index: number): boolean {
  const c = calendar(doc, calendarId);
  if (!c || c.shifts.length <= 1 || index < 0 || index >= c.shifts.length) return false;
  c.shifts.splice(index, 1);
  return true;
}

/** Edits a field of shift `index`: start, end, name (undefined or '' removes the name). */
export function setShiftField(doc: Scenario, calendarId: string, index: number, field: 'start' | 'end' | 'name', value: string | undefined): boolean {
  const c = calendar(doc, calendarId);
  if (!c || index < 0 || index >= c.shifts.length) return false;
  if (field === 'name' && value === '') value = undefined;
  if (field !== 'name' && value === undefined) return false;
  return setIn(doc, ['calendars', calendarId, 'shifts', index, field], value);
}

/** Adds a 30-minute break in the middle of shift `shiftIndex`. */
export function addBreak(doc: Scenario, calendarId: string, shiftIndex: number): boolean {
  const shift = calendar(doc, calendarId)?.shifts[shiftIndex];
  if (!shift) return false;
  const start = addMinutes(shift.start, 4 * 60);
  if (!shift.breaks) shift.breaks = [];
  shift.breaks.push({ start, end: addMinutes(start, 30) });
  return true;
}

export function removeBreak(doc: Scenario, calendarId: string, shiftIndex: number, index: number): boolean {
  const shift = calendar(doc, calendarId)?.shifts[shiftIndex];
  if (!shift?.breaks || index < 0 || index >= shift.breaks.length) return false;
  shift.breaks.splice(index, 1);
  if (shift.breaks.length === 0) delete shift.breaks;
  return true;
}

export function addDowntime(doc: Scenario, calendarId: string, period: DayPeriod = { start: '12:00', end: '12:30' }): boolean {
  const c = calendar(doc, calendarId);
  if (!c) return false;
  if (!c.plannedDowntime) c.plannedDowntime = [];
  c.plannedDowntime.push({ ...period });
  return true;
}

export function removeDowntime(doc: Scenario, calendarId: string, index: number): boolean {
  const c = calendar(doc, calendarId);
  if (!c?.plannedDowntime || index < 0 || index >= c.plannedDowntime.length) return false;
  c.plannedDowntime.splice(index, 1);
  if (c.plannedDowntime.length === 0) delete c.plannedDowntime;
  return true;
}

// ---- worker pools ----------------------------------------------------------------------------

function pool(doc: Scenario, id: string): WorkerPool | undefined {
  return doc.workers?.find((w) => w.id === id);
}

/** Adds a worker pool (`pool-N`, one operator, always on shift). Returns its id. */
export function addWorkerPool(doc: Scenario, kind: WorkerKind = 'human'): string {
  const id = uniqueId('pool', new Set((doc.workers ?? []).map((w) => w.id)));
  if (!doc.workers) doc.workers = [];
  doc.workers.push({ id, kind, count: 1 });
  return id;
}

/**
 * Removes a worker pool, its name from stations' operator pools (an emptied `operators` is removed)
 * and the humanoid agents of it.
 */
export function removeWorkerPool(doc: Scenario, id: string): boolean {
  const workers = doc.workers;
  const index = workers ? workers.findIndex((w) => w.id === id) : -1;
  if (!workers || index < 0) return false;
  workers.splice(index, 1);
  if (workers.length === 0) delete doc.workers;
  for (const n of doc.nodes) {
    if (n.type !== 'station' || !n.operators?.pools.includes(id)) continue;
    n.operators.pools = n.operators.pools.filter((p) => p !== id);
    if (n.operators.pools.length === 0) delete n.operators;
  }
  const layout = doc.layout;
  if (layout?.humanoids?.some((h) => h.pool === id)) layout.humanoids = layout.humanoids.filter((h) => h.pool !== id);
  return true;
}

export function renameWorkerPool(doc: Scenario, from: string, to: string): boolean {
  const w = pool(doc, from);
  if (!w || from === to || !isValidId(to) || pool(doc, to)) return false;
  w.id = to;
  for (const n of doc.nodes) {
    if (n.type === 'station' && n.operators?.pools.includes(from)) n.operators.pools = n.operators.pools.map((p) => (p === from ? to : p));
  }
  for (const h of doc.layout?.humanoids ?? []) if (h.pool === from) h.pool = to;
  return true;
}

/** Sets `kind`, `count` or `calendar` of a pool (undefined removes the calendar). */
export function setWorkerField(doc: Scenario, id: string, field: 'kind' | 'count' | 'calendar', value: unknown): boolean {
  const index = (doc.workers ?? []).findIndex((w) => w.id === id);
  if (index < 0) return false;
  if (field !== 'calendar' && value === undefined) return false;
  return setIn(doc, ['workers', index, field], value);
}
