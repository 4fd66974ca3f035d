/**
 * Every validation issue of the document as `path: message`; an issue about a node selects it.
 */
import './editor.css';
import { documentStore, type DocumentStore } from '../state/document';
import { nodeIdForPath } from './issue-paths';

export interface IssuesPanelProps {
  store?: DocumentStore;
  /** At most this many are listed (default 200). */
  limit?: number;
}

export function IssuesPanel({ store = documentStore, limit = 200 }: IssuesPanelProps) {
  const doc = store.document.value;
  const issues = store.issues.value;
  const shown = issues.slice(0, limit);
  return (
    <section class="ed-panel ed-issues-panel" aria-label="Validation issues" data-testid="issues-panel">
      <h2 class="ed-title">
        {issues.length === 0 ? 'No issues: the scenario validates' : `${issues.length} issue${issues.length === 1 ? '' : 's'}`}
      </h2>
      {shown.length > 0 && (
        <ul class="ed-issue-list">
          {shown.map((issue, i) => {
            const node = nodeIdForPath(doc, issue.path);
            const text = (
              <>
                <code>{issue.path}</code>: {issue.message}
              </>
            );
            return (
              <li key={`${i}:${issue.path}`}>
                {node ? (
                  <button type="button" class="ed-linklike" onClick={() => store.select(node)} title={`Select ${node}`}>
                    {text}
                  </button>
                ) : (
                  <span>{text}</span>
                )}
              </li>
            );
          })}
          {issues.length > shown.length && <li class="ed-muted">… and {issues.length - shown.length} more</li>}
        </ul>
      )}
    </section>
  );
}
