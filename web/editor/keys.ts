/**
 * Editor keyboard shortcuts: Ctrl+Z undo, Ctrl+Shift+Z and Ctrl+Y redo (⌘ on macOS), Escape
 * cancels a drag or the connect mode. Inside a text field the browser's own text undo wins.
 */
import { useEffect } from 'preact/hooks';
import { documentStore, type DocumentStore } from '../state/document';

export type EditorKeyAction = 'undo' | 'redo' | 'cancel' | null;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** What a key press means to the editor, or null. */
export function editorKeyAction(e: KeyLike): EditorKeyAction {
  if (e.key === 'Escape' && !e.ctrlKey && !e.metaKey && !e.altKey) return 'cancel';
  const mod = e.ctrlKey || e.metaKey;
  if (!mod || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);

/** Whether key presses at `target` edit text (where Ctrl+Z must stay the browser's). */
export function isTextEntry(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return true;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((el.type ?? 'text').toLowerCase());
  return el.isContentEditable === true;
}

/** Installs the shortcuts on the window while the calling component is mounted (and `enabled`). */
export function useUndoKeys(store: DocumentStore = documentStore, enabled = true): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent) => {
      const action = editorKeyAction(e);
      if (!action || e.defaultPrevented) return;
      if (action === 'cancel') {
        if (store.inGesture()) store.cancelGesture();
        else if (store.connectMode.value) store.cancelConnect();
        else return;
        e.preventDefault();
        return;
      }
      if (isTextEntry(e.target)) return;
      e.preventDefault();
      if (action === 'undo') store.undo();
      else store.redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, enabled]);
}
