/**
 * The scenario document the editor works on (issue 5): one `Scenario`, deeply frozen, in a signal.
 * Every edit is an immer producer (`produceWithPatches`) whose patches go on an undo stack; undo and
 * redo replay them (document-history.ts). The store keeps invalid documents — the user may be
 * mid-edit — and exposes the validator's located issues (`validation`, `issues`, `issuesAt`).
 *
 * `createDocumentStore()` makes an independent store (tests make many); the page uses the one
 * `documentStore` below, and its bound actions are exported by name (`moveNode`, `undo`, …) for
 * the editor panels and the 3D view.
 *
 * Choices:
 * - Loading a file is one undoable step ("Load line.json"), so even a load never loses the
 *   session: undo brings the previous document back. `reset()` (page start, restoring an autosave)
 *   replaces the document and clears the history.
 * - A drag is one step: `beginGesture()` on pointer down, `moveNode`/`rotateNode` on every move,
 *   `endGesture()` on pointer up (`cancelGesture()` on Escape puts the node back).
 * - Selection (`selectedNodeId`) and the connect mode are not part of the document or its history.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { enablePatches, freeze, Immer, type Patch } from 'immer';
import type { Calendar, DayPeriod, Failure, Issue, Point2, Result, Scenario, WorkerKind } from '../../engine/model/types';
import { parseScenarioJson, validateScenario } from '../../engine/model/validate';
import { formatPath } from '../../engine/model/paths';
import * as ops from './document-ops';
import { mergeSteps, normaliseStep, type HistoryEntry } from './document-history';
import type { AddableKind, PathSegment, RouteRule, RunField } from './document-ops';

export { snap, normaliseAngle, snapAngle, DEFAULT_GRID_M, DEFAULT_ANGLE_SNAP_DEG, DEFAULT_CONVEYOR } from './document-ops';
export type { AddableKind, PathSegment, RouteRule, RunField } from './document-ops';
export type { HistoryEntry } from './document-history';

enablePatches();
const immer = new Immer({ autoFreeze: true });

/** Undo steps kept; the oldest are dropped beyond this. */
export const HISTORY_LIMIT = 500;

/** Snap choices offered by the toolbar, metres (0: off). */
export const GRID_CHOICES: readonly number[] = [0, 0.05, 0.1, 0.25, 0.5, 1];
/** Rotation snap choices, degrees (0: off). */
export const ANGLE_CHOICES: readonly number[] = [0, 5, 15, 45, 90];

export interface LoadError {
  fileName: string;
  /** Every located problem: a JSON path (`nodes[1].cycle.mean`) or `file:LINE:COL`. */
  issues: Issue[];
}

export type LoadResult = { ok: true } | { ok: false; errors: Issue[] };

/** Choosing the two ends of a new link by picking nodes (Palette "Pick on floor", the 3D view). */
export interface ConnectMode {
  /** The node picked first, or null while waiting for it. */
  from: string | null;
  /** Also add a conveyor for the link (when both nodes are placed). */
  withConveyor: boolean;
}

export interface DocumentStoreOptions {
  /** Floor grid in metres for moves and new nodes; default 0.25, 0 turns snapping off. */
  gridM?: number;
  /** Heading step in degrees for rotations; default 0 (off). */
  angleSnapDeg?: number;
  fileName?: string;
  historyLimit?: number;
}

export interface DocumentStore {
  /** The document (deeply frozen; never mutate it). */
  readonly document: ReadonlySignal<Scenario>;
  /** +1 on every change of the document (edit, undo, redo, load, reset). */
  readonly revision: ReadonlySignal<number>;
  readonly canUndo: ReadonlySignal<boolean>;
  readonly canRedo: ReadonlySignal<boolean>;
  /** Label of the step undo would take back ("Move press"), or null. */
  readonly undoLabel: ReadonlySignal<string | null>;
  readonly redoLabel: ReadonlySignal<string | null>;
  /** validateScenario(document), recomputed when read after a change. */
  readonly validation: ReadonlySignal<Result<Scenario>>;
  /** The validation issues ([] when the document is valid). */
  readonly issues: ReadonlySignal<readonly Issue[]>;
  /** Grid for moves (metres, 0: off). */
  readonly gridM: Signal<number>;
  /** Rotation step (degrees, 0: off). */
  readonly angleSnapDeg: Signal<number>;
  /** The selected node (Inspector; the 3D view sets it when a node is picked). */
  readonly selectedNodeId: Signal<string | null>;
  readonly connectMode: Signal<ConnectMode | null>;
  /** Name for downloads: the loaded file's, or "scenario.json". */
  readonly fileName: Signal<string>;
  /** Why the last load failed (the session is untouched), or null. */
  readonly loadError: Signal<LoadError | null>;

  /** Issues whose path is `prefix` or lies under it (`nodes[3]` covers `nodes[3].cycle.mean`, not `nodes[30]`). */
  issuesAt(prefix: string | readonly PathSegment[], options?: { exact?: boolean }): Issue[];
  /** The JSON path of node `id` (`nodes[3]`), with `more` appended; null for an unknown node. */
  nodePath(id: string, ...more: PathSegment[]): string | null;

  /** Runs `recipe` on a draft as one undoable step named `label`; false when it changed nothing. */
  apply(label: string, recipe: (draft: Scenario) => unknown): boolean;
  undo(): boolean;
  redo(): boolean;
  /** Edits until endGesture() are one undo step (a drag). Starting one ends the previous one. */
  beginGesture(label?: string): void;
  endGesture(): void;
  /** Ends the gesture and takes back its edits (Escape during a drag). */
  cancelGesture(): void;
  inGesture(): boolean;
  /**
   * A drag in the 3D view, phase by phase: 'start' opens a gesture, 'move' moves (snapped), 'end'
   * moves and closes the gesture — one undo step. An 'end' where the node stood at 'start' (the
   * view puts a cancelled drag back there), or 'cancel', takes the gesture back.
   */
  dragNode(id: string, at: Point2, phase: 'start' | 'move' | 'end' | 'cancel'): void;
  /** The undo and redo stacks, oldest first (read-only; for tests and debugging). */
  history(): { undo: readonly HistoryEntry[]; redo: readonly HistoryEntry[] };

  /** Parses and validates scenario text. Bad text or an invalid document: the located issues, and nothing in the session changes. Good: one undoable step. */
  load(text: string, fileName: string): LoadResult;
  /** Replaces the document and clears the history (page start, restored session). */
  reset(document: Scenario, fileName?: string): void;
  /** The document as JSON text, 2-space indented, with a final newline. */
  save(): string;
  dismissLoadError(): void;

  select(id: string | null): void;
  /** Starts choosing a link's ends by picking nodes; the first pick is `from` (or the selected node when `useSelection`). */
  startConnect(withConveyor: boolean, useSelection?: boolean): void;
  cancelConnect(): void;
  /** A node was picked (click in the 3D view or a list): in connect mode it is an end of the new link, else it is selected. */
  pickNode(id: string): void;

  // ---- actions (each one undoable step; false / null when nothing changed) ----
  /** Places node `id` at `at`, snapped to `gridM` (unless `snap: false`: a typed coordinate); an unplaced node gets placed. */
  moveNode(id: string, at: Point2, options?: { snap?: boolean }): boolean;
  rotateNode(id: string, degrees: number, options?: { snap?: boolean }): boolean;
  turnNode(id: string, deltaDegrees: number): boolean;
  setFootprint(id: string, footprint: [number, number] | undefined): boolean;
  unplaceNode(id: string): boolean;
  /** Adds a node at `at` (snapped) or a free spot; returns its id. */
  addNode(kind: AddableKind, at?: Point2): string;
  removeNode(id: string): boolean;
  renameNode(id: string, newId: string): boolean;
  setNodeField(id: string, path: readonly PathSegment[], value: unknown): boolean;
  connect(from: string, to: string): boolean;
  disconnect(from: string, to: string): boolean;
  addConveyor(from: string, to: string): boolean;
  removeConveyor(id: string): boolean;
  setConveyorField(id: string, path: readonly PathSegment[], value: unknown): boolean;
  setRoute(id: string, rule: RouteRule): boolean;
  addFailure(id: string, failure?: Failure): boolean;
  removeFailure(id: string, index: number): boolean;
  setRun(field: RunField, value: number | string | undefined): boolean;
  setScenarioField(field: 'name' | 'description', value: string | undefined): boolean;
  addCalendar(id?: string, calendar?: Calendar): string | null;
  removeCalendar(id: string): boolean;
  renameCalendar(id: string, newId: string): boolean;
  setCalendarField(id: string, path: readonly PathSegment[], value: unknown): boolean;
  addShift(calendarId: string): boolean;
  removeShift(calendarId: string, index: number): boolean;
  setShiftField(calendarId: string, index: number, field: 'start' | 'end' | 'name', value: string | undefined): boolean;
  addBreak(calendarId: string, shiftIndex: number): boolean;
  removeBreak(calendarId: string, shiftIndex: number, index: number): boolean;
  addDowntime(calendarId: string, period?: DayPeriod): boolean;
  removeDowntime(calendarId: string, index: number): boolean;
  addWorkerPool(kind?: WorkerKind): string;
  removeWorkerPool(id: string): boolean;
  renameWorkerPool(id: string, newId: string): boolean;
  setWorkerField(id: string, field: 'kind' | 'count' | 'calendar', value: unknown): boolean;
  /** Any edit by JSON path from the document root (undefined removes); for fields without an action. */
  setIn(path: readonly PathSegment[], value: unknown, label?: string): boolean;
}

/** A small valid line (source → station → sink, placed on the floor): the document before any is loaded. */
export function newScenario(): Scenario {
  return {
    format: 'line-twin/scenario',
    version: 1,
    name: 'New line',
    run: { warmupSeconds: 0, lengthSeconds: 28800, replications: 10, seed: 1 },
    nodes: [
      { id: 'source-1', type: 'source' },
      { id: 'station-1', type: 'station', kind: 'machine', cycle: { dist: 'normal', mean: 30, sd: 3 } },
      { id: 'sink-1', type: 'sink' },
    ],
    links: [['source-1', 'station-1'], ['station-1', 'sink-1']],
    layout: {
      units: 'm',
      nodes: {
        'source-1': { position: [0, 0], heading: 0 },
        'station-1': { position: [3, 0], heading: 0 },
        'sink-1': { position: [6, 0], heading: 0 },
      },
    },
  };
}

function pathText(prefix: string | readonly PathSegment[]): string {
  return typeof prefix === 'string' ? prefix : formatPath(prefix);
}

/** True when `path` is `prefix` or a path under it. */
export function pathIsUnder(path: string, prefix: string): boolean {
  if (prefix === '(root)') return true;
  if (path === prefix) return true;
  if (!path.startsWith(prefix)) return false;
  const next = path[prefix.length];
  return next === '.' || next === '[';
}

export function createDocumentStore(initial: Scenario = newScenario(), options: DocumentStoreOptions = {}): DocumentStore {
  const limit = options.historyLimit ?? HISTORY_LIMIT;
  const doc = signal<Scenario>(freeze(structuredClone(initial), true));
  const revision = signal(0);
  const historyTick = signal(0);
  const undoStack: HistoryEntry[] = [];
  const redoStack: HistoryEntry[] = [];
  const gridM = signal(options.gridM ?? ops.DEFAULT_GRID_M);
  const angleSnapDeg = signal(options.angleSnapDeg ?? 0);
  const selectedNodeId = signal<string | null>(null);
  const connectMode = signal<ConnectMode | null>(null);
  const fileName = signal(options.fileName ?? 'scenario.json');
  const loadError = signal<LoadError | null>(null);

  /** The open gesture: its label and whether it has an entry on the undo stack yet. */
  let gesture: { label: string | undefined; open: boolean } | null = null;

  const canUndo = computed(() => (historyTick.value, undoStack.length > 0));
  const canRedo = computed(() => (historyTick.value, redoStack.length > 0));
  const undoLabel = computed(() => (historyTick.value, undoStack.at(-1)?.label ?? null));
  const redoLabel = computed(() => (historyTick.value, redoStack.at(-1)?.label ?? null));
  const validation = computed(() => validateScenario(doc.value));
  const issues = computed<readonly Issue[]>(() => {
    const v = validation.value;
    return v.ok ? [] : v.errors;
  });

  /** Sets the document; drops a selection or connect pick that no longer exists. */
  function commit(next: Scenario): void {
    batch(() => {
      doc.value = next;
      revision.value++;
      historyTick.value++;
      const has = (id: string | null) => id !== null && next.nodes.some((n) => n.id === id);
      if (selectedNodeId.value !== null && !has(selectedNodeId.value)) selectedNodeId.value = null;
      const mode = connectMode.value;
      if (mode?.from && !has(mode.from)) connectMode.value = { ...mode, from: null };
    });
  }

  function apply(label: string, recipe: (draft: Scenario) => unknown): boolean {
    const before = doc.value;
    const [after, patches, inversePatches] = immer.produceWithPatches(before, (draft: Scenario) => {
      const result = recipe(draft);
      // A recipe may return a whole new document (load); any other return value is ignored.
      if (result && typeof result === 'object' && result !== draft) return result as Scenario;
      return undefined;
    });
    if (patches.length === 0 || after === before) return false;
    const entry = normaliseStep(gesture?.label ?? label, patches as Patch[], inversePatches as Patch[], before, after);
    if (gesture?.open && undoStack.length > 0) {
      undoStack[undoStack.length - 1] = mergeSteps(undoStack[undoStack.length - 1], entry);
    } else {
      undoStack.push(entry);
      if (undoStack.length > limit) undoStack.splice(0, undoStack.length - limit);
      if (gesture) gesture.open = true;
    }
    redoStack.length = 0;
    commit(after as Scenario);
    return true;
  }

  function endGesture(): void {
    gesture = null;
  }

  function undo(): boolean {
    endGesture();
    const entry = undoStack.pop();
    if (!entry) return false;
    redoStack.push(entry);
    commit(immer.applyPatches(doc.value, entry.inversePatches));
    return true;
  }

  function redo(): boolean {
    endGesture();
    const entry = redoStack.pop();
    if (!entry) return false;
    undoStack.push(entry);
    commit(immer.applyPatches(doc.value, entry.patches));
    return true;
  }

  function cancelGesture(): void {
    const wasOpen = gesture?.open ?? false;
    endGesture();
    if (!wasOpen) return;
    const entry = undoStack.pop();
    if (entry) commit(immer.applyPatches(doc.value, entry.inversePatches));
  }

  const named = (verb: string, id: string) => `${verb} ${id}`;
  /** One undoable step of an operation of document-ops.ts; true when the document changed. */
  const step = (name: string, recipe: (d: Scenario) => boolean): boolean =>
    apply(name, (d) => {
      recipe(d);
    });

  function issuesAt(prefix: string | readonly PathSegment[], opts: { exact?: boolean } = {}): Issue[] {
    const p = pathText(prefix);
    return issues.value.filter((i) => (opts.exact ? i.path === p : pathIsUnder(i.path, p)));
  }

  function nodePath(id: string, ...more: PathSegment[]): string | null {
    const index = ops.nodeIndex(doc.value, id);
    return index < 0 ? null : formatPath(['nodes', index, ...more]);
  }

  function reset(next: Scenario, name?: string): void {
    endGesture();
    undoStack.length = 0;
    redoStack.length = 0;
    batch(() => {
      if (name !== undefined) fileName.value = name;
      loadError.value = null;
      connectMode.value = null;
      commit(freeze(structuredClone(next), true));
    });
  }

  function load(text: string, name: string): LoadResult {
    const result = parseScenarioJson(text, name);
    if (!result.ok) {
      loadError.value = { fileName: name, issues: result.errors };
      return { ok: false, errors: result.errors };
    }
    endGesture();
    batch(() => {
      apply(`Load ${name}`, () => result.value);
      fileName.value = name;
      loadError.value = null;
      selectedNodeId.value = null;
      connectMode.value = null;
    });
    return { ok: true };
  }

  /** Where the dragged node stood when its drag started. */
  let dragStart: { id: string; at: Point2 | null } | null = null;

  function dragNode(id: string, at: Point2, phase: 'start' | 'move' | 'end' | 'cancel'): void {
    const position = () => {
      const p = doc.value.layout?.nodes;
      return p && Object.hasOwn(p, id) ? ([p[id].position[0], p[id].position[1]] as Point2) : null;
    };
    if (phase === 'start') {
      dragStart = { id, at: position() };
      store.beginGesture(named('Move', id));
      return;
    }
    if (phase === 'move') {
      store.moveNode(id, at);
      return;
    }
    const start = dragStart?.id === id ? dragStart.at : null;
    dragStart = null;
    const back = start !== null && Math.abs(start[0] - at[0]) < 1e-9 && Math.abs(start[1] - at[1]) < 1e-9;
    if (phase === 'cancel' || back) {
      cancelGesture();
      return;
    }
    store.moveNode(id, at);
    endGesture();
  }

  function pickNode(id: string): void {
    if (!doc.value.nodes.some((n) => n.id === id)) return;
    const mode = connectMode.value;
    if (!mode) {
      selectedNodeId.value = id;
      return;
    }
    if (mode.from === null) {
      connectMode.value = { ...mode, from: id };
      return;
    }
    if (mode.from === id) return;
    const from = mode.from;
    batch(() => {
      connectMode.value = null;
      if (mode.withConveyor) store.addConveyor(from, id);
      else store.connect(from, id);
      selectedNodeId.value = id;
    });
  }

  const store: DocumentStore = {
    document: doc,
    revision,
    canUndo,
    canRedo,
    undoLabel,
    redoLabel,
    validation,
    issues,
    gridM,
    angleSnapDeg,
    selectedNodeId,
    connectMode,
    fileName,
    loadError,
    issuesAt,
    nodePath,
    apply,
    undo,
    redo,
    beginGesture(name?: string) {
      gesture = { label: name, open: false };
    },
    endGesture,
    cancelGesture,
    inGesture: () => gesture !== null,
    dragNode,
    history: () => ({ undo: [...undoStack], redo: [...redoStack] }),
    load,
    reset,
    save: () => `${JSON.stringify(doc.value, null, 2)}\n`,
    dismissLoadError() {
      loadError.value = null;
    },
    select(id) {
      selectedNodeId.value = id;
    },
    startConnect(withConveyor, useSelection = false) {
      const from = useSelection ? selectedNodeId.value : null;
      connectMode.value = { from, withConveyor };
    },
    cancelConnect() {
      connectMode.value = null;
    },
    pickNode,

    moveNode: (id, at, o = {}) => step(named('Move', id), (d) => ops.moveNode(d, id, at, o.snap === false ? 0 : gridM.value)),
    rotateNode: (id, degrees, o = {}) =>
      step(named('Rotate', id), (d) => ops.rotateNode(d, id, degrees, o.snap === false ? 0 : angleSnapDeg.value)),
    turnNode: (id, delta) => step(named('Rotate', id), (d) => ops.turnNode(d, id, delta, angleSnapDeg.value)),
    setFootprint: (id, footprint) => step(named('Resize', id), (d) => ops.setFootprint(d, id, footprint)),
    unplaceNode: (id) => step(named('Take off the floor:', id), (d) => ops.unplaceNode(d, id)),
    addNode(kind, at) {
      let id = '';
      apply(`Add ${kind}`, (d) => {
        id = ops.addNode(d, kind, at, gridM.value);
      });
      const entry = undoStack.at(-1);
      if (entry && !gesture) entry.label = `Add ${id}`;
      historyTick.value++;
      return id;
    },
    removeNode: (id) => step(named('Delete', id), (d) => ops.removeNode(d, id)),
    renameNode(id, newId) {
      const wasSelected = selectedNodeId.value === id;
      const from = connectMode.value?.from;
      const ok = step(`Rename ${id} to ${newId}`, (d) => ops.renameNode(d, id, newId));
      if (ok && wasSelected) selectedNodeId.value = newId;
      if (ok && from === id && connectMode.value) connectMode.value = { ...connectMode.value, from: newId };
      return ok;
    },
    setNodeField: (id, path, value) =>
      step(`Edit ${id} ${formatPath(path)}`, (d) => ops.setNodeField(d, id, path, value)),
    connect: (from, to) => step(`Connect ${from} → ${to}`, (d) => ops.connect(d, from, to)),
    disconnect: (from, to) => step(`Disconnect ${from} → ${to}`, (d) => ops.disconnect(d, from, to)),
    addConveyor: (from, to) => step(`Conveyor ${from} → ${to}`, (d) => ops.addConveyor(d, from, to)),
    removeConveyor: (id) => step(named('Delete conveyor', id), (d) => ops.removeConveyor(d, id)),
    setConveyorField: (id, path, value) =>
      step(`Edit conveyor ${id} ${formatPath(path)}`, (d) => ops.setConveyorField(d, id, path, value)),
    setRoute: (id, rule) => step(`Route ${id}: ${rule}`, (d) => ops.setRoute(d, id, rule)),
    addFailure: (id, failure) => step(named('Add a failure to', id), (d) => ops.addFailure(d, id, failure)),
    removeFailure: (id, index) => step(named('Delete a failure of', id), (d) => ops.removeFailure(d, id, index)),
    setRun: (field, value) => step(`Edit run.${field}`, (d) => ops.setRun(d, field, value)),
    setScenarioField: (field, value) => step(`Edit ${field}`, (d) => ops.setScenarioField(d, field, value)),
    addCalendar(id, calendar) {
      let added: string | null = null;
      apply('Add calendar', (d) => {
        added = ops.addCalendar(d, id);
        if (added && calendar) d.calendars![added] = structuredClone(calendar);
      });
      return added;
    },
    removeCalendar: (id) => step(named('Delete calendar', id), (d) => ops.removeCalendar(d, id)),
    renameCalendar: (id, newId) => step(`Rename calendar ${id} to ${newId}`, (d) => ops.renameCalendar(d, id, newId)),
    setCalendarField: (id, path, value) =>
      step(`Edit calendar ${id} ${formatPath(path)}`, (d) => ops.setCalendarField(d, id, path, value)),
    addShift: (id) => step(named('Add a shift to', id), (d) => ops.addShift(d, id)),
    removeShift: (id, index) => step(named('Delete a shift of', id), (d) => ops.removeShift(d, id, index)),
    setShiftField: (id, index, field, value) =>
      step(`Edit calendar ${id} shift ${index + 1} ${field}`, (d) => ops.setShiftField(d, id, index, field, value)),
    addBreak: (id, shift) => step(named('Add a break to', id), (d) => ops.addBreak(d, id, shift)),
    removeBreak: (id, shift, index) => step(named('Delete a break of', id), (d) => ops.removeBreak(d, id, shift, index)),
    addDowntime: (id, period) => step(named('Add downtime to', id), (d) => ops.addDowntime(d, id, period)),
    removeDowntime: (id, index) => step(named('Delete downtime of', id), (d) => ops.removeDowntime(d, id, index)),
    addWorkerPool(kind) {
      let id = '';
      apply('Add worker pool', (d) => {
        id = ops.addWorkerPool(d, kind);
      });
      return id;
    },
    removeWorkerPool: (id) => step(named('Delete worker pool', id), (d) => ops.removeWorkerPool(d, id)),
    renameWorkerPool: (id, newId) => step(`Rename worker pool ${id} to ${newId}`, (d) => ops.renameWorkerPool(d, id, newId)),
    setWorkerField: (id, field, value) => step(`Edit worker pool ${id} ${field}`, (d) => ops.setWorkerField(d, id, field, value)),
    setIn: (path, value, name) => step(name ?? `Edit ${formatPath(path)}`, (d) => ops.setIn(d, path, value)),
  };
  return store;
}

/** The page's document store. main.tsx resets it to the restored session or the default scene. */
export const documentStore: DocumentStore = createDocumentStore();

/** The selected node: the Inspector shows it; the 3D view sets it (or calls pickNode) on picking. */
export const selectedNodeId = documentStore.selectedNodeId;

export const {
  undo, redo, beginGesture, endGesture, cancelGesture, dragNode, pickNode, select,
  moveNode, rotateNode, turnNode, addNode, removeNode, connect, disconnect, addConveyor,
  setNodeField, setRun, load, save,
} = documentStore;
