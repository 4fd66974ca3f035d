/**
 * The editing session and the live run kept in step: the document store (web/state/document.ts)
 * is the one source of the scenario; whenever it changes and validates, the workers get its text
 * (debounced, so a burst of edits reloads once). A document that does not validate stays in the
 * editor with its issues while the last valid scene keeps running. Files the user opens go
 * through the store too, so an edit and an opened file are both undoable.
 */
import { effect, signal } from '@preact/signals';
import { parseScenarioJson } from '../../engine/model/validate';
import { documentStore } from './document';
import { startSession, type AutosaveStatus } from './autosave';
import { loadError, loadScenarioText, MAX_SCENARIO_BYTES } from './twin';
import { defaultScene } from './default-scene';

/** Wall time between the last edit and reloading the workers, ms. */
export const SYNC_DELAY_MS = 300;

export const autosaveStatus = signal<AutosaveStatus | null>(null);
/** An edit has not reached the workers yet (experiments wait for it). */
export const syncPending = signal(false);

/** File name and text the workers run now (so an unchanged document is not reloaded). */
let running = '';
let timer: ReturnType<typeof setTimeout> | null = null;

async function pushToWorkers(): Promise<void> {
  timer = null;
  try {
    if (!documentStore.validation.value.ok) return;
    const text = documentStore.save();
    const fileName = documentStore.fileName.value || 'scenario.json';
    const key = `${fileName}\u0000${text}`;
    if (key === running) return;
    running = key;
    await loadScenarioText(text, fileName);
  } finally {
    if (timer === null) syncPending.value = false;
  }
}

/**
 * Restores the autosaved session (or opens the default scene), runs it, and from then on reloads
 * the workers after each change of the document. Returns once the first scene is loaded.
 */
export async function startEditingSession(): Promise<void> {
  const scene = defaultScene();
  const { autosave } = await startSession(documentStore, {
    fallback: () => {
      if (!scene) return null;
      const parsed = parseScenarioJson(scene.text, scene.fileName);
      return parsed.ok ? { document: parsed.value, fileName: scene.fileName } : null;
    },
  });
  effect(() => {
    autosaveStatus.value = autosave.status.value;
  });
  await pushToWorkers();
  effect(() => {
    void documentStore.revision.value; // re-run on every change
    if (timer !== null) clearTimeout(timer);
    syncPending.value = documentStore.validation.peek().ok;
    timer = setTimeout(() => void pushToWorkers(), SYNC_DELAY_MS);
  });
}

/** Opens a file the user picked into the editor (one undoable step); a bad file names where. */
export async function openScenarioFile(file: File): Promise<boolean> {
  if (file.size > MAX_SCENARIO_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    loadError.value = { fileName: file.name, issues: [{ path: file.name, message: `is too large (${mb} MB, the limit is 20 MB)` }] };
    return false;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    loadError.value = { fileName: file.name, issues: [{ path: file.name, message: `cannot be read (${e instanceof Error ? e.message : String(e)})` }] };
    return false;
  }
  const result = documentStore.load(text, file.name);
  if (!result.ok) {
    // One alert for a bad file: the page's (LoadAlert), not the editor toolbar's as well.
    documentStore.dismissLoadError();
    loadError.value = { fileName: file.name, issues: result.errors };
    return false;
  }
  loadError.value = null;
  if (timer !== null) clearTimeout(timer);
  await pushToWorkers();
  return true;
}
