/** Why a picked file was not loaded: the file, and every problem with its JSON path. */
import { dismissLoadError, loadError, scene } from '../state/twin';

export function LoadAlert() {
  const error = loadError.value;
  if (!error) return null;
  const current = scene.value;
  return (
    <div class="alert" role="alert" data-testid="load-error">
      <div class="alert-text">
        <strong>
          Could not load <span class="file-name">{error.fileName}</span>
        </strong>
        {current ? <span> — “{current.name}” is still loaded.</span> : null}
        <ul class="issues">
          {error.issues.map((issue, i) => (
            <li key={i}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" class="button quiet" onClick={dismissLoadError} aria-label="Dismiss the error">
        Dismiss
      </button>
    </div>
  );
}
