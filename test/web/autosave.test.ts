/**
 * Autosave of the editing session (web/state/autosave.ts) through fake-indexeddb: a round trip,
 * a mid-edit document restored as it was, and entries that no longer validate or cannot be read
 * kept under `recovered` and reported, never lost.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { parseScenarioJson } from '../../engine/model/validate';
import { createDocumentStore, newScenario } from '../../web/state/document';
import {
  CURRENT_KEY, isEditableScenario, openSessionDb, readRecovered, recoveredSession, restore, saveSession, startAutosave,
  startSession, STORE_NAME, type SavedSession,
} from '../../web/state/autosave';

const SCENE_TEXT = readFileSync(new URL('../../scenes/assembly-line/scenario.json', import.meta.url), 'utf8');
const parsed = parseScenarioJson(SCENE_TEXT, 'scenario.json');
if (!parsed.ok) throw new Error('the default scene does not validate');
const SCENE = parsed.value;

let n = 0;
const names: string[] = [];
const dbName = () => {
  const name = `line-twin-test-${++n}`;
  names.push(name);
  return name;
};

afterEach(async () => {
  recoveredSession.value = null;
  for (const name of names.splice(0)) await deleteDB(name);
});

async function putRaw(name: string, key: string, value: unknown): Promise<void> {
  const db = await openSessionDb(name);
  await db.put(STORE_NAME, value, key);
  db.close();
}

async function getRaw(name: string, key: string): Promise<unknown> {
  const db = await openSessionDb(name);
  const value = await db.get(STORE_NAME, key);
  db.close();
  return value;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('autosave', () => {
  it('nothing saved: restore says empty', async () => {
    expect(await restore({ dbName: dbName() })).toEqual({ status: 'empty' });
  });

  it('round trip: the edited document, its file name and the selection come back', async () => {
    const name = dbName();
    const store = createDocumentStore(SCENE, { fileName: 'line.json' });
    const autosave = startAutosave(store, { dbName: name, delayMs: 10 });
    store.moveNode('press', [3, 1]);
    store.setNodeField('press', ['cycle', 'mean'], 40);
    store.select('press');
    expect(autosave.status.value.state).toBe('pending');
    await sleep(40);
    await autosave.flush();
    expect(autosave.status.value.state).toBe('saved');
    await autosave.stop();

    const result = await restore({ dbName: name });
    expect(result.status).toBe('restored');
    if (result.status !== 'restored') return;
    expect(result.document).toEqual(store.document.value);
    expect(result.fileName).toBe('line.json');
    expect(result.selectedNodeId).toBe('press');
    expect(result.issues).toEqual([]);

    const again = createDocumentStore(newScenario());
    const { result: started, autosave: second } = await startSession(again, { dbName: name, fallback: () => null });
    expect(started.status).toBe('restored');
    expect(again.document.value).toEqual(store.document.value);
    expect(again.selectedNodeId.value).toBe('press');
    expect(again.canUndo.value).toBe(false);
    await second.stop();
  });

  it('debounces: many changes, one write of the last state', async () => {
    const name = dbName();
    const store = createDocumentStore(SCENE);
    const autosave = startAutosave(store, { dbName: name, delayMs: 30 });
    store.beginGesture();
    for (let i = 0; i < 10; i++) store.moveNode('press', [3, -3 - i * 0.25]);
    store.endGesture();
    expect(await getRaw(name, CURRENT_KEY)).toBeUndefined();
    await sleep(80);
    await autosave.flush();
    const saved = (await getRaw(name, CURRENT_KEY)) as SavedSession;
    expect(JSON.parse(saved.text).layout.nodes.press.position).toEqual([3, -5.25]);
    expect(saved.valid).toBe(true);
    await autosave.stop();
  });

  it('the state at the start is not written; stop writes what is pending', async () => {
    const name = dbName();
    const store = createDocumentStore(SCENE);
    const autosave = startAutosave(store, { dbName: name, delayMs: 10_000 });
    await autosave.flush();
    expect(await getRaw(name, CURRENT_KEY)).toBeUndefined();
    store.setRun('seed', 9);
    await autosave.stop();
    expect(JSON.parse(((await getRaw(name, CURRENT_KEY)) as SavedSession).text).run.seed).toBe(9);
  });

  it('a document saved mid-edit (invalid) is restored as it was, with its issues', async () => {
    const name = dbName();
    const store = createDocumentStore(SCENE);
    store.addNode('buffer'); // not connected yet: invalid
    store.setNodeField('press', ['cycle', 'mean'], -1);
    expect(store.validation.value.ok).toBe(false);
    await saveSession(store, { dbName: name });
    const result = await restore({ dbName: name });
    expect(result.status).toBe('restored');
    if (result.status !== 'restored') return;
    expect(result.document).toEqual(store.document.value);
    expect(result.issues.map((i) => i.path)).toContain('nodes[1].cycle.mean');
    expect(await readRecovered({ dbName: name })).toBe(null);
  });

  it('a document that validated when saved but no longer does is kept under "recovered" and reported', async () => {
    const name = dbName();
    const bad = JSON.parse(SCENE_TEXT);
    bad.nodes[1].cycle.mean = -5;
    const text = JSON.stringify(bad, null, 2);
    const entry: SavedSession = {
      format: 'line-twin/session', version: 1, text, fileName: 'line.json', selectedNodeId: null,
      savedAt: '2025-01-01T00:00:00.000Z', valid: true,
    };
    await putRaw(name, CURRENT_KEY, entry);
    const result = await restore({ dbName: name });
    expect(result.status).toBe('recovered');
    if (result.status !== 'recovered') return;
    expect(result.recovered.text).toBe(text);
    expect(result.recovered.fileName).toBe('line.json');
    expect(result.recovered.issues.map((i) => i.path)).toContain('nodes[1].cycle.mean');
    expect(result.document).toEqual(bad); // the editor could open it as it is
    const kept = await readRecovered({ dbName: name });
    expect(kept?.text).toBe(text);
    expect(kept?.issues).toEqual(result.recovered.issues);
    // The saved entry itself is still there until the next autosave replaces it.
    expect(await getRaw(name, CURRENT_KEY)).toEqual(entry);
  });

  it('a corrupt entry is reported and kept, and the page starts from its fallback', async () => {
    const name = dbName();
    const corrupt: SavedSession = {
      format: 'line-twin/session', version: 1, text: '{"format": "line-twin/scenario", "nodes": [', fileName: 'x.json',
      selectedNodeId: 'a', savedAt: '2025-01-01T00:00:00.000Z', valid: true,
    };
    await putRaw(name, CURRENT_KEY, corrupt);
    const store = createDocumentStore(newScenario());
    store.moveNode('station-1', [4, 0]);
    const { result, autosave } = await startSession(store, {
      dbName: name,
      fallback: () => ({ document: SCENE, fileName: 'scenes/assembly-line/scenario.json' }),
    });
    expect(result.status).toBe('recovered');
    if (result.status !== 'recovered') return;
    expect(result.document).toBe(null);
    expect(result.recovered.issues[0].path).toMatch(/^saved session:1:\d+$/);
    expect(result.recovered.issues[0].message).toMatch(/invalid JSON/);
    expect(recoveredSession.value?.recovered.text).toBe(corrupt.text);
    expect(store.document.value).toEqual(SCENE);
    expect(store.fileName.value).toBe('scenes/assembly-line/scenario.json');
    expect((await readRecovered({ dbName: name }))?.text).toBe(corrupt.text);
    await autosave.stop();
  });

  it('an entry that is not a session at all is kept as JSON', async () => {
    const name = dbName();
    await putRaw(name, CURRENT_KEY, { something: 'else', n: 3 });
    const result = await restore({ dbName: name });
    expect(result.status).toBe('recovered');
    if (result.status !== 'recovered') return;
    expect(result.recovered.text).toBe('{"something":"else","n":3}');
    expect(result.recovered.issues[0].message).toMatch(/not a Line Twin session/);
  });

  it('without IndexedDB, restore reports unavailable instead of throwing', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error: simulate a browser without IndexedDB
    delete globalThis.indexedDB;
    try {
      const result = await restore({ dbName: 'never' });
      expect(result.status).toBe('unavailable');
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('isEditableScenario accepts editor documents and refuses other shapes', () => {
    expect(isEditableScenario(SCENE)).toBe(true);
    expect(isEditableScenario(newScenario())).toBe(true);
    expect(isEditableScenario({ ...newScenario(), nodes: [{ id: 'a', type: 'station' }] })).toBe(false);
    expect(isEditableScenario({ ...newScenario(), links: [['a']] })).toBe(false);
    expect(isEditableScenario({ ...newScenario(), layout: { units: 'm', nodes: { a: { position: 'x', heading: 0 } } } })).toBe(false);
    expect(isEditableScenario(null)).toBe(false);
  });
});
