/**
 * The document store's undo and redo stacks and its gestures (document.ts). Every edit is an immer
 * producer (`produceWithPatches`) whose patches, normalised by document-history.ts, go on the undo
 * stack; undo and redo replay them. A gesture (a drag) makes all its edits one step.
 *
 * Split from the store so the step bookkeeping (when a step merges into the previous one, when the
 * redo stack empties, what a cancelled gesture takes back) reads in one place. The store owns the
 * document and hands in `commit`, which sets it and calls `touch()` so the undo / redo labels
 * follow every change of the document.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { enablePatches, Immer, type Patch } from 'immer';
import type { Point2, Scenario } from '../../engine/model/types';
import { mergeSteps, normaliseStep, type HistoryEntry } from './document-history';
import type { DocumentStore } from './document-types';

enablePatches();
const immer = new Immer({ autoFreeze: true });

/** Undo steps kept; the oldest are dropped beyond this. */
export const HISTORY_LIMIT = 500;

/** The store's history members (their contract is DocumentStore's), plus what the store needs to drive it. */
export interface UndoHistory extends Pick<
  DocumentStore,
  'canUndo' | 'canRedo' | 'undoLabel' | 'redoLabel' | 'apply' | 'undo' | 'redo' | 'beginGesture' | 'endGesture' | 'cancelGesture' | 'inGesture'
> {
  /** Copies of the stacks, oldest first. */
  entries(): { undo: HistoryEntry[]; redo: HistoryEntry[] };
  /** Drops both stacks and any gesture (the store's reset commits the new document itself). */
  clear(): void;
  /** Names the last step `label` unless a gesture is open (a new node's step names the id it got). */
  relabelLast(label: string): void;
  /** The stacks or the document changed: recompute the labels. */
  touch(): void;
}

export function createUndoHistory(
  doc: ReadonlySignal<Scenario>,
  commit: (next: Scenario) => void,
  limit: number = HISTORY_LIMIT,
): UndoHistory {
  const historyTick = signal(0);
  const undoStack: HistoryEntry[] = [];
  const redoStack: HistoryEntry[] = [];

  /** The open gesture: its label and whether it has an entry on the undo stack yet. */
  let gesture: { label: string | undefined; open: boolean } | null = null;

  const canUndo = computed(() => (historyTick.value, undoStack.length > 0));
  const canRedo = computed(() => (historyTick.value, redoStack.length > 0));
  const undoLabel = computed(() => (historyTick.value, undoStack.at(-1)?.label ?? null));
  const redoLabel = computed(() => (historyTick.value, redoStack.at(-1)?.label ?? null));

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

  return {
    canUndo,
    canRedo,
    undoLabel,
    redoLabel,
    apply,
    undo,
    redo,
    beginGesture(name?: string) {
      gesture = { label: name, open: false };
    },
    endGesture,
    cancelGesture,
    inGesture: () => gesture !== null,
    entries: () => ({ undo: [...undoStack], redo: [...redoStack] }),
    clear() {
      endGesture();
      undoStack.length = 0;
      redoStack.length = 0;
    },
    relabelLast(label: string) {
      const entry = undoStack.at(-1);
      if (entry && !gesture) entry.label = label;
      historyTick.value++;
    },
    touch() {
      historyTick.value++;
    },
  };
}

/**
 * A drag in the 3D view as one gesture: 'start' opens it (remembering where the node stood),
 * 'move' moves, 'end' moves and closes it; an 'end' where the node stood at 'start' (the view puts
 * a cancelled drag back there), or 'cancel', takes the gesture back.
 */
export function createNodeDrag(
  doc: ReadonlySignal<Scenario>,
  history: UndoHistory,
  moveNode: (id: string, at: Point2) => boolean,
): (id: string, at: Point2, phase: 'start' | 'move' | 'end' | 'cancel') => void {
  /** Where the dragged node stood when its drag started. */
  let dragStart: { id: string; at: Point2 | null } | null = null;

  return (id, at, phase) => {
    const position = () => {
      const p = doc.value.layout?.nodes;
      return p && Object.hasOwn(p, id) ? ([p[id].position[0], p[id].position[1]] as Point2) : null;
    };
    if (phase === 'start') {
      dragStart = { id, at: position() };
      history.beginGesture(`Move ${id}`);
      return;
    }
    if (phase === 'move') {
      moveNode(id, at);
      return;
    }
    const start = dragStart?.id === id ? dragStart.at : null;
    dragStart = null;
    const back = start !== null && Math.abs(start[0] - at[0]) < 1e-9 && Math.abs(start[1] - at[1]) < 1e-9;
    if (phase === 'cancel' || back) {
      history.cancelGesture();
      return;
    }
    moveNode(id, at);
    history.endGesture();
  };
}
