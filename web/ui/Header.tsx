/** Top bar: product, the scene on display, and loading another scenario. */
import { scene } from '../state/twin';
import { FilePicker } from './FilePicker';

export function Header() {
  const info = scene.value;
  return (
    <header class="app-header">
      <div class="brand" aria-hidden="true">
        <span class="brand-mark" />
        Line Twin
      </div>
      <div class="scene-title">
        <h1 data-testid="scene-name">{info ? info.name : 'Loading…'}</h1>
        {info && (
          <span class="scene-file" data-testid="scene-file" title={info.description ?? info.fileName}>
            {info.fileName}
          </span>
        )}
      </div>
      <FilePicker />
    </header>
  );
}
