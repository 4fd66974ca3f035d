/**
 * Autosave of the editing session to IndexedDB (issue 5), so a reload restores it: database
 * `line-twin`, object store `session`, key `current` (the document as JSON text, the file name and
 * the selection), written a moment after each change (debounced) and when the page is hidden.
 *
 * Restoring never loses what was saved:
 * - a saved document that validates is restored;
 * - a document that was already invalid when it was saved (the user was mid-edit: a node not yet
 *   connected) is restored as it was, with its issues, when it still has the structure the editor
 *   works on;
 * - anything else (a document that validated when saved but no longer does — a newer twin, a
 *   damaged entry — or text that is not a scenario at all) is copied to the key `recovered` with its
 *   issues and reported; the page starts from its default scene, and the user can download the
 *   recovered text or open it in the editor. `recovered` holds the latest such entry.
 */
import { effect, signal, type Signal } from '@preact/signals';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Issue, Scenario } from '../../engine/model/types';
import { parseScenarioJson } from '../../engine/model/validate';
import { NODE_TYPES } from '../../engine/model/schema';
import type { DocumentStore } from './document';

export const DB_NAME = 'line-twin';
export const STORE_NAME = 'session';
export const CURRENT_KEY = 'current';
export const RECOVERED_KEY = 'recovered';
/** Debounce of autosave after a change, milliseconds. */
export const AUTOSAVE_DELAY_MS = 600;

/** What is saved under `current`. */
export interface SavedSession {
  format: 'line-twin/session';
  version: 1;
  /** The document as the editor saves it (store.save()). */
  text: string;
  fileName: string;
  selectedNodeId: string | null;
  /** ISO time. */
  savedAt: string;
  /** Whether the document validated when it was saved (false: the user was mid-edit). */
  valid: boolean;
}

/** What is kept under `recovered`: the saved entry as found, and why it was not restored. */
export interface RecoveredSession {
  /** The saved text (or, for an entry that is not a session at all, the entry as JSON). */
  text: string;
  fileName: string;
  savedAt: string | null;
  recoveredAt: string;
  issues: Issue[];
}

export type RestoreResult =
  | { status: 'empty' }
  | {
      status: 'restored';
      document: Scenario;
      fileName: string;
      selectedNodeId: string | null;
      savedAt: string;
      /** [] for a valid document; the issues of a mid-edit one. */
      issues: Issue[];
    }
  | {
      status: 'recovered';
      recovered: RecoveredSession;
      /** The recovered document when the editor can open it as it is (mid-edit), else null. */
      document: Scenario | null;
    }
  | { status: 'unavailable'; message: string };

interface SessionDb extends DBSchema {
  session: { key: string; value: unknown };
}

export interface AutosaveOptions {
  /** Database name (tests use their own); default `line-twin`. */
  dbName?: string;
  delayMs?: number;
}

export type AutosaveStatus =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'saved'; at: string }
  | { state: 'error'; message: string };

export interface AutosaveHandle {
  readonly status: Signal<AutosaveStatus>;
  /** Writes now (pending or not) and resolves when the write is done. */
  flush(): Promise<void>;
  /** Stops watching the store; a pending save is written first. */
  stop(): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function openSessionDb(name = DB_NAME): Promise<IDBPDatabase<SessionDb>> {
  return openDB<SessionDb>(name, 1, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(STORE_NAME)) db.createObjectStore(STORE_NAME);
    },
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase | null)?.close();
    },
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isArrayOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);
const isRecordOf = (v: unknown, item: (x: unknown) => boolean): boolean => isObject(v) && Object.values(v).every(item);
const optional = (v: unknown, check: (x: unknown) => boolean) => v === undefined || check(v);

function isSavedSession(v: unknown): v is SavedSession {
  return (
    isObject(v) && v.format === 'line-twin/session' && v.version === 1 && isString(v.text) && isString(v.fileName) &&
    (v.selectedNodeId === null || isString(v.selectedNodeId)) && isString(v.savedAt) && typeof v.valid === 'boolean'
  );
}

/**
 * Whether a value has the structure the editor relies on (ids, types, arrays and objects where the
 * format has them), whatever its numbers and references: a document saved mid-edit can be opened
 * again even though it does not validate.
 */
export function isEditableScenario(v: unknown): v is Scenario {
  if (!isObject(v) || v.format !== 'line-twin/scenario' || v.version !== 1 || !isString(v.name) || !isObject(v.run)) return false;
  const node = (n: unknown) =>
    isObject(n) && isString(n.id) && (NODE_TYPES as readonly unknown[]).includes(n.type) &&
    (n.type !== 'station' || (isObject(n.cycle) && isString(n.cycle.dist))) &&
    optional(n.failures, (f) => isArrayOf(f, (x) => isObject(x) && isObject(x.ttf) && isObject(x.ttr))) &&
    optional(n.operators, (o) => isObject(o) && isArrayOf(o.pools, isString)) &&
    optional(n.route, (r) => isObject(r) && isString(r.rule) && (r.rule !== 'probability' || isObject(r.weights)));
  if (!isArrayOf(v.nodes, node)) return false;
  if (!isArrayOf(v.links, (l) => Array.isArray(l) && l.length === 2 && l.every(isString))) return false;
  const period = (p: unknown) => isObject(p) && isString(p.start) && isString(p.end);
  const calendar = (c: unknown) =>
    isObject(c) && isArrayOf(c.shifts, (s) => period(s) && optional((s as Record<string, unknown>).breaks, (b) => isArrayOf(b, period))) &&
    optional(c.plannedDowntime, (d) => isArrayOf(d, period));
  if (!optional(v.calendars, (c) => isRecordOf(c, calendar))) return false;
  if (!optional(v.workers, (w) => isArrayOf(w, (x) => isObject(x) && isString(x.id)))) return false;
  if (!optional(v.products, (p) => isArrayOf(p, (x) => isObject(x) && isString(x.id)))) return false;
  const point = (p: unknown) => Array.isArray(p) && p.length >= 2 && p.every(isNumber);
  const layout = (l: unknown) =>
    isObject(l) &&
    optional(l.nodes, (n) => isRecordOf(n, (p) => isObject(p) && point(p.position) && isNumber(p.heading))) &&
    optional(l.conveyors, (c) => isArrayOf(c, (x) => isObject(x) && isString(x.id) && isString(x.from) && isString(x.to) && optional(x.path, (p) => isArrayOf(p, point)))) &&
    optional(l.aisles, (a) => isArrayOf(a, (x) => isObject(x) && isArrayOf(x.path, point))) &&
    optional(l.robots, (r) => isArrayOf(r, (x) => isObject(x) && isString(x.station) && isObject(x.basePose) && point(x.basePose.position))) &&
    optional(l.humanoids, (h) => isArrayOf(h, (x) => isObject(x) && isString(x.pool)));
  return optional(v.layout, layout);
}

function describeEntry(raw: unknown): string {
  if (isObject(raw) && isString(raw.text)) return raw.text;
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}

/**
 * Reads the saved session (see the module comment for what is restored and what is recovered).
 * Never throws: without IndexedDB (a private window, a test) the result is `unavailable`.
 */
export async function restore(options: AutosaveOptions = {}): Promise<RestoreResult> {
  let db: IDBPDatabase<SessionDb>;
  try {
    db = await openSessionDb(options.dbName);
  } catch (e) {
    return { status: 'unavailable', message: message(e) };
  }
  try {
    const raw = await db.get(STORE_NAME, CURRENT_KEY);
    if (raw === undefined) return { status: 'empty' };
    const now = new Date().toISOString();
    let issues: Issue[];
    let editable: Scenario | null = null;
    if (!isSavedSession(raw)) {
      issues = [{ path: '(session)', message: 'the saved session cannot be read (not a Line Twin session)' }];
    } else {
      const parsed = parseScenarioJson(raw.text, 'saved session');
      if (parsed.ok) {
        return { status: 'restored', document: parsed.value, fileName: raw.fileName, selectedNodeId: raw.selectedNodeId, savedAt: raw.savedAt, issues: [] };
      }
      issues = parsed.errors;
      let value: unknown = undefined;
      try {
        value = JSON.parse(raw.text);
      } catch {
        // not JSON: reported by the issues already
      }
      if (isEditableScenario(value)) {
        if (!raw.valid) {
          return { status: 'restored', document: value, fileName: raw.fileName, selectedNodeId: raw.selectedNodeId, savedAt: raw.savedAt, issues };
        }
        editable = value;
      }
    }
    const recovered: RecoveredSession = {
      text: describeEntry(raw),
      fileName: isObject(raw) && isString(raw.fileName) ? raw.fileName : 'recovered-session.json',
      savedAt: isObject(raw) && isString(raw.savedAt) ? raw.savedAt : null,
      recoveredAt: now,
      issues,
    };
    await db.put(STORE_NAME, recovered, RECOVERED_KEY);
    return { status: 'recovered', recovered, document: editable };
  } catch (e) {
    return { status: 'unavailable', message: message(e) };
  } finally {
    db.close();
  }
}

/** The entry kept under `recovered`, or null. */
export async function readRecovered(options: AutosaveOptions = {}): Promise<RecoveredSession | null> {
  const db = await openSessionDb(options.dbName);
  try {
    return ((await db.get(STORE_NAME, RECOVERED_KEY)) as RecoveredSession | undefined) ?? null;
  } finally {
    db.close();
  }
}

/** Writes the store's session under `current` now. */
export async function saveSession(store: DocumentStore, options: AutosaveOptions = {}): Promise<SavedSession> {
  const db = await openSessionDb(options.dbName);
  try {
    return await writeSession(db, store);
  } finally {
    db.close();
  }
}

async function writeSession(db: IDBPDatabase<SessionDb>, store: DocumentStore): Promise<SavedSession> {
  const entry: SavedSession = {
    format: 'line-twin/session',
    version: 1,
    text: store.save(),
    fileName: store.fileName.value,
    selectedNodeId: store.selectedNodeId.value,
    savedAt: new Date().toISOString(),
    valid: store.validation.value.ok,
  };
  await db.put(STORE_NAME, entry, CURRENT_KEY);
  return entry;
}

/**
 * Saves the session a moment (`delayMs`) after each change of the document, its file name or the
 * selection, and at once when the page is hidden. The state at the start is not written (it is
 * what was just restored or loaded).
 */
export function startAutosave(store: DocumentStore, options: AutosaveOptions = {}): AutosaveHandle {
  const delay = options.delayMs ?? AUTOSAVE_DELAY_MS;
  const status = signal<AutosaveStatus>({ state: 'idle' });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;
  let dbPromise: Promise<IDBPDatabase<SessionDb>> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let first = true;

  const db = () => (dbPromise ??= openSessionDb(options.dbName));

  function write(): Promise<void> {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (!dirty) return queue;
    dirty = false;
    queue = queue.then(async () => {
      try {
        const entry = await writeSession(await db(), store);
        if (!dirty) status.value = { state: 'saved', at: entry.savedAt };
      } catch (e) {
        dbPromise = null;
        status.value = { state: 'error', message: message(e) };
      }
    });
    return queue;
  }

  const dispose = effect(() => {
    void store.revision.value;
    void store.selectedNodeId.value;
    void store.fileName.value;
    if (first) {
      first = false;
      return;
    }
    dirty = true;
    status.value = { state: 'pending' };
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void write(), delay);
  });

  const onHide = () => {
    if (typeof document === 'undefined' || document.visibilityState === 'hidden') void write();
  };
  const target = typeof window !== 'undefined' ? window : null;
  target?.addEventListener('pagehide', onHide);
  target?.document?.addEventListener('visibilitychange', onHide);

  return {
    status,
    flush: write,
    async stop() {
      dispose();
      target?.removeEventListener('pagehide', onHide);
      target?.document?.removeEventListener('visibilitychange', onHide);
      await write();
      if (dbPromise) (await dbPromise.catch(() => null))?.close();
      dbPromise = null;
    },
  };
}

/** The recovered session of this page start, for the alert (RecoveredAlert); null when none. */
export const recoveredSession = signal<{ recovered: RecoveredSession; document: Scenario | null } | null>(null);

export interface StartSessionOptions extends AutosaveOptions {
  /** The document to start with when nothing is restored (the default scene). */
  fallback: () => { document: Scenario; fileName: string } | null;
}

/**
 * Page start: restores the saved session into `store` (or resets it to the fallback, reporting a
 * recovered entry in `recoveredSession`), then starts autosave. Resolves with what happened.
 */
export async function startSession(store: DocumentStore, options: StartSessionOptions): Promise<{ result: RestoreResult; autosave: AutosaveHandle }> {
  const result = await restore(options);
  if (result.status === 'restored') {
    store.reset(result.document, result.fileName);
    if (result.selectedNodeId && result.document.nodes.some((n) => n.id === result.selectedNodeId)) store.select(result.selectedNodeId);
  } else {
    const start = options.fallback();
    if (start) store.reset(start.document, start.fileName);
    if (result.status === 'recovered') recoveredSession.value = { recovered: result.recovered, document: result.document };
  }
  return { result, autosave: startAutosave(store, options) };
}
