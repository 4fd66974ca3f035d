/**
 * A preview of the editor panels on their own (`npm start`, then /editor/demo.html): the default
 * scene in the page's document store, autosaved to a database of its own (so the preview never
 * touches the app's session). The 3D view's place is a blank card. Not part of the build.
 */
import { render } from 'preact';
import { signal } from '@preact/signals';
import { documentStore } from '../state/document';
import { startSession, type AutosaveStatus } from '../state/autosave';
import { defaultScene } from '../state/default-scene';
import { parseScenarioJson } from '../../engine/model/validate';
import { Inspector, IssuesPanel, Palette, RecoveredAlert, Toolbar } from './index';

const status = signal<AutosaveStatus>({ state: 'idle' });

function Demo() {
  return (
    <main class="app-main">
      <Toolbar autosave={status} />
      <RecoveredAlert />
      <div style={{ display: 'grid', gridTemplateColumns: '260px minmax(0, 1fr) 360px', gap: '12px', alignItems: 'start' }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: '12px' }}>
          <Palette />
          <IssuesPanel />
        </div>
        <div class="card" style={{ height: '420px' }}>
          <span class="muted">The 3D view goes here.</span>
        </div>
        <Inspector />
      </div>
    </main>
  );
}

render(<Demo />, document.getElementById('app')!);

const scene = defaultScene();
void startSession(documentStore, {
  dbName: 'line-twin-editor-demo',
  fallback: () => {
    if (!scene) return null;
    const r = parseScenarioJson(scene.text, scene.fileName);
    return r.ok ? { document: r.value, fileName: scene.fileName } : null;
  },
}).then(({ autosave }) => {
  autosave.status.subscribe((s) => (status.value = s));
  (window as unknown as { lineTwinEditor: unknown }).lineTwinEditor = documentStore;
});
