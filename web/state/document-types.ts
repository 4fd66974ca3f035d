/**
 * The document store's contract (document.ts): what it holds (signals), what it does with the
 * history and the selection, and its actions. Split from the store so the contract reads on its
 * own and the modules that build the store (document-undo.ts, document-actions.ts) can name it
 * without importing the store itself.
 */
import type { ReadonlySignal, Signal } from '@preact/signals';
import type { Calendar, DayPeriod, Failure, Issue, Point2, Result, Scenario, WorkerKind } from '../../engine/model/types';
import type { AddableKind, PathSegment, RouteRule, RunField } from './document-ops';
import type { HistoryEntry } from './document-history';

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

export interface DocumentStore extends DocumentActions {
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
}

/** The store's edits: each one undoable step (false / null when nothing changed). */
export interface DocumentActions {
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
