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
 *
 * The store is built from parts, each in its own module: its contract (document-types.ts), the
 * undo / redo stacks and gestures (document-undo.ts, over document-history.ts's patch steps) and
 * the actions wrapping document-ops.ts (document-actions.ts). This module keeps the document and
 * its validation, loading and resetting, the selection and the connect mode, and re-exports every
 * name it always exported, so callers import from here as before.
 */
import { batch, computed, signal } from '@preact/signals';
import { freeze } from 'immer';
import type { Issue, Scenario } from '../../engine/model/types';
import { parseScenarioJson, validateScenario } from '../../engine/model/validate';
import { formatPath } from '../../engine/model/paths';
import * as ops from './document-ops';
import type { PathSegment } from './document-ops';
import { createActions } from './document-actions';
import type { ConnectMode, DocumentStore, DocumentStoreOptions, LoadError, LoadResult } from './document-types';
import { createNodeDrag, createUndoHistory, HISTORY_LIMIT } from './document-undo';

export { snap, normaliseAngle, snapAngle, DEFAULT_GRID_M, DEFAULT_ANGLE_SNAP_DEG, DEFAULT_CONVEYOR } from './document-ops';
export type { AddableKind, PathSegment, RouteRule, RunField } from './document-ops';
export type { HistoryEntry } from './document-history';
export type { ConnectMode, DocumentStore, DocumentStoreOptions, LoadError, LoadResult } from './document-types';
export { HISTORY_LIMIT } from './document-undo';

/** Snap choices offered by the toolbar, metres (0: off). */
export const GRID_CHOICES: readonly number[] = [0, 0.05, 0.1, 0.25, 0.5, 1];
/** Rotation snap choices, degrees (0: off). */
export const ANGLE_CHOICES: readonly number[] = [0, 5, 15, 45, 90];

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
  const doc = signal<Scenario>(freeze(structuredClone(initial), true));
  const revision = signal(0);
  const gridM = signal(options.gridM ?? ops.DEFAULT_GRID_M);
  const angleSnapDeg = signal(options.angleSnapDeg ?? 0);
  const selectedNodeId = signal<string | null>(null);
  const connectMode = signal<ConnectMode | null>(null);
  const fileName = signal(options.fileName ?? 'scenario.json');
  const loadError = signal<LoadError | null>(null);

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
      history.touch();
      const has = (id: string | null) => id !== null && next.nodes.some((n) => n.id === id);
      if (selectedNodeId.value !== null && !has(selectedNodeId.value)) selectedNodeId.value = null;
      const mode = connectMode.value;
      if (mode?.from && !has(mode.from)) connectMode.value = { ...mode, from: null };
    });
  }

  const history = createUndoHistory(doc, commit, options.historyLimit ?? HISTORY_LIMIT);
  const actions = createActions({ history, gridM, angleSnapDeg, selectedNodeId, connectMode });

  function issuesAt(prefix: string | readonly PathSegment[], opts: { exact?: boolean } = {}): Issue[] {
    const p = pathText(prefix);
    return issues.value.filter((i) => (opts.exact ? i.path === p : pathIsUnder(i.path, p)));
  }

  function nodePath(id: string, ...more: PathSegment[]): string | null {
    const index = ops.nodeIndex(doc.value, id);
    return index < 0 ? null : formatPath(['nodes', index, ...more]);
  }

  function reset(next: Scenario, name?: string): void {
    history.clear();
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
    history.endGesture();
    batch(() => {
      history.apply(`Load ${name}`, () => result.value);
      fileName.value = name;
      loadError.value = null;
      selectedNodeId.value = null;
      connectMode.value = null;
    });
    return { ok: true };
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
    canUndo: history.canUndo,
    canRedo: history.canRedo,
    undoLabel: history.undoLabel,
    redoLabel: history.redoLabel,
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
    apply: history.apply,
    undo: history.undo,
    redo: history.redo,
    beginGesture: history.beginGesture,
    endGesture: history.endGesture,
    cancelGesture: history.cancelGesture,
    inGesture: history.inGesture,
    // Moves through store.moveNode, looked up at each move as before the split.
    dragNode: createNodeDrag(doc, history, (id, at) => store.moveNode(id, at)),
    history: history.entries,
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
    ...actions,
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
