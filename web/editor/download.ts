/**
 * Saving the document as a file: a Blob URL and a temporary link with `download`. The file name
 * comes from the loaded file (untrusted): only its last path segment is used, without characters
 * file systems refuse.
 */
import type { DocumentStore } from '../state/document';

/** Largest file the editor reads, bytes (the validator's 20 MiB; engine/model/validate.ts). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** A safe download name ending in .json: `scenes/a/line.json` → `line.json`, `a<b` → `a_b.json`. */
export function safeFileName(name: string, fallback = 'scenario.json'): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim().slice(0, 120);
  const n = base === '' || /^\.+$/.test(base) ? fallback : base;
  return /\.json$/i.test(n) ? n : `${n}.json`;
}

/** Offers `text` as a file download. */
export function downloadText(text: string, fileName: string, mime = 'application/json'): void {
  const blob = new Blob([text], { type: `${mime};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(fileName);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked a little later: some browsers start reading the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the store's document under its file name. */
export function downloadDocument(store: DocumentStore): void {
  downloadText(store.save(), store.fileName.value);
}

/**
 * Reads a file the user picked into the store (as text only; its content is data). A file too
 * large or unreadable sets the store's load error like an invalid one; the session is untouched.
 */
export async function loadFile(store: DocumentStore, file: File): Promise<boolean> {
  if (file.size > MAX_FILE_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    store.loadError.value = { fileName: file.name, issues: [{ path: file.name, message: `is too large (${mb} MB, the limit is 20 MB)` }] };
    return false;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    store.loadError.value = { fileName: file.name, issues: [{ path: file.name, message: `cannot be read (${why})` }] };
    return false;
  }
  return store.load(text, file.name).ok;
}
