/**
 * A saved session that could not be restored (autosave.ts): it was kept, and this says so, lists
 * why, and offers to download it or (when it has the editor's structure) open it as an undoable
 * step. Dismissing hides the alert; the entry stays in IndexedDB under `recovered`.
 */
import './editor.css';
import { recoveredSession } from '../state/autosave';
import { documentStore, type DocumentStore } from '../state/document';
import { downloadText } from './download';

export function RecoveredAlert({ store = documentStore }: { store?: DocumentStore }) {
  const info = recoveredSession.value;
  if (!info) return null;
  const { recovered, document } = info;
  const shown = recovered.issues.slice(0, 10);
  const open = () => {
    if (!document) return;
    store.apply('Open the recovered session', () => structuredClone(document));
    store.fileName.value = recovered.fileName;
    recoveredSession.value = null;
  };
  return (
    <div class="alert ed-alert" role="alert" data-testid="recovered-session">
      <div class="alert-text">
        <strong>Your last session could not be restored, but it was kept.</strong>
        <span> It no longer validates{recovered.savedAt ? ` (saved ${recovered.savedAt})` : ''}:</span>
        <ul class="issues">
          {shown.map((issue, i) => (
            <li key={i}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
          {recovered.issues.length > shown.length && <li>… and {recovered.issues.length - shown.length} more</li>}
        </ul>
        <div class="ed-row">
          <button type="button" class="button ed-small" onClick={() => downloadText(recovered.text, `recovered-${recovered.fileName}`)}>
            Download it
          </button>
          {document && (
            <button type="button" class="button ed-small" onClick={open}>
              Open it in the editor
            </button>
          )}
        </div>
      </div>
      <button type="button" class="button quiet" onClick={() => (recoveredSession.value = null)} aria-label="Dismiss">
        Dismiss
      </button>
    </div>
  );
}
