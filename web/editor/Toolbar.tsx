/**
 * The editor's toolbar: undo and redo (also Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y via useUndoKeys), save
 * (download) and load (file input) with the located error alert, the snap grid and rotation step,
 * the validation state and the autosave state.
 */
import './editor.css';
import type { Signal } from '@preact/signals';
import { ANGLE_CHOICES, documentStore, GRID_CHOICES, type DocumentStore } from '../state/document';
import type { AutosaveStatus } from '../state/autosave';
import { downloadDocument } from './download';
import { useUndoKeys } from './keys';

export interface ToolbarProps {
  store?: DocumentStore;
  /** The autosave state to show (startSession(...).autosave.status); nothing shown without it. */
  autosave?: Signal<AutosaveStatus>;
  /** Install the keyboard shortcuts (default true; set false if another component does). */
  keys?: boolean;
}

function gridLabel(m: number): string {
  return m === 0 ? 'off' : m < 1 ? `${Math.round(m * 100)} cm` : `${m} m`;
}

function autosaveText(s: AutosaveStatus): string {
  switch (s.state) {
    case 'idle': return '';
    case 'pending': return 'Saving…';
    case 'saved': return 'Saved in this browser';
    case 'error': return `Autosave failed: ${s.message}`;
  }
}

export function Toolbar({ store = documentStore, autosave, keys = true }: ToolbarProps) {
  useUndoKeys(store, keys);
  const issues = store.issues.value;
  const undoLabel = store.undoLabel.value;
  const redoLabel = store.redoLabel.value;
  const status = autosave?.value;
  return (
    <div class="ed-toolbar-wrap">
      <div class="ed-toolbar" role="toolbar" aria-label="Editor" data-testid="editor-toolbar">
        <div class="ed-group">
          <button
            type="button"
            class="button"
            data-testid="undo"
            disabled={!store.canUndo.value}
            onClick={() => store.undo()}
            title={undoLabel ? `Undo: ${undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
            aria-keyshortcuts="Control+Z Meta+Z"
          >
            <span aria-hidden="true">↶</span> Undo
          </button>
          <button
            type="button"
            class="button"
            data-testid="redo"
            disabled={!store.canRedo.value}
            onClick={() => store.redo()}
            title={redoLabel ? `Redo: ${redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'}
            aria-keyshortcuts="Control+Shift+Z Control+Y Meta+Shift+Z"
          >
            <span aria-hidden="true">↷</span> Redo
          </button>
        </div>
        <div class="ed-group">
          <button type="button" class="button" data-testid="save-scenario" onClick={() => downloadDocument(store)} title="Download the scenario as JSON">
            Save…
          </button>
        </div>
        <div class="ed-group">
          <label class="field inline ed-compact">
            <span>Grid</span>
            <select
              data-testid="snap-grid"
              value={String(store.gridM.value)}
              onChange={(e) => (store.gridM.value = Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {GRID_CHOICES.map((g) => (
                <option key={g} value={String(g)}>
                  {gridLabel(g)}
                </option>
              ))}
            </select>
          </label>
          <label class="field inline ed-compact">
            <span>Rotate by</span>
            <select
              data-testid="snap-angle"
              value={String(store.angleSnapDeg.value)}
              onChange={(e) => (store.angleSnapDeg.value = Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {ANGLE_CHOICES.map((a) => (
                <option key={a} value={String(a)}>
                  {a === 0 ? 'free' : `${a}°`}
                </option>
              ))}
            </select>
          </label>
        </div>
        <span class="ed-spacer" />
        <span
          class={`ed-validity ${issues.length ? 'bad' : 'ok'}`}
          data-testid="validity"
          role="status"
          title={issues.length ? 'The scenario does not validate: see the issues' : 'The scenario validates'}
        >
          {issues.length ? `${issues.length} issue${issues.length === 1 ? '' : 's'}` : 'Valid'}
        </span>
        {status && status.state !== 'idle' && (
          <span class={`ed-autosave ${status.state}`} data-testid="autosave-status" role="status">
            {autosaveText(status)}
          </span>
        )}
      </div>
      <LoadErrorAlert store={store} />
    </div>
  );
}

/** Why an opened file was not loaded: every problem as `path: message`; the session is unchanged. */
export function LoadErrorAlert({ store = documentStore }: { store?: DocumentStore }) {
  const error = store.loadError.value;
  if (!error) return null;
  const shown = error.issues.slice(0, 50);
  return (
    <div class="alert ed-alert" role="alert" data-testid="editor-load-error">
      <div class="alert-text">
        <strong>
          Could not open <span class="file-name">{error.fileName}</span>
        </strong>
        <span> — nothing in your session changed.</span>
        <ul class="issues">
          {shown.map((issue, i) => (
            <li key={i}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
          {error.issues.length > shown.length && <li>… and {error.issues.length - shown.length} more</li>}
        </ul>
      </div>
      <button type="button" class="button quiet" onClick={() => store.dismissLoadError()} aria-label="Dismiss the error">
        Dismiss
      </button>
    </div>
  );
}
