/** Property tests: the validator and the parser never throw, and every issue points somewhere real. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../engine/model/types';
import { parseScenarioJson, validateScenario } from '../../engine/model/validate';
import { findSyntaxError } from '../../engine/model/json-text';
import { parsePath, ROOT_PATH } from '../../engine/model/paths';
import { validScenario, type Doc } from './fixtures';

const RUNS = { numRuns: 1000 };
const TOP_LEVEL_KEYS = ['format', 'version', 'name', 'description', 'run', 'products', 'calendars', 'workers', 'nodes', 'links'];

function expectWellFormed(errors: Issue[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(typeof e.path === 'string' && e.path.length > 0).toBe(true);
    expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
  }
}

/** Whether everything but the last segment of `path` exists in `doc` (the last may be missing). */
function locatable(doc: unknown, path: string): boolean {
  if (path === ROOT_PATH) return true;
  const segments = parsePath(path);
  if (!segments) return false;
  if (segments.length === 1 && TOP_LEVEL_KEYS.includes(String(segments[0]))) return true;
  let at: unknown = doc;
  for (const seg of segments.slice(0, -1)) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, seg)) return false;
    at = (at as Record<PropertyKey, unknown>)[seg];
  }
  return typeof at === 'object' && at !== null;
}

/** Every location in a document (not the root), as parent and key. */
function locations(doc: Doc): [Doc, string | number][] {
  const out: [Doc, string | number][] = [];
  const walk = (v: Doc) => {
    if (typeof v !== 'object' || v === null) return;
    for (const key of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      out.push([v, key]);
      walk(v[key]);
    }
  };
  walk(doc);
  return out;
}

const objectsIn = (doc: Doc): Doc[] => [doc, ...locations(doc).map(([p, k]) => p[k])]
  .filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v));

const json = fc.jsonValue({ maxDepth: 3 });
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: json }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.string({ maxLength: 12 }), value: json }),
  fc.record({
    kind: fc.constant('rename' as const),
    at: fc.nat(),
    name: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('src', 'b0', 'press', 'out', 'A', 'fitters', 'x-y')),
    everywhere: fc.boolean(),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(doc: Doc, m: Mutation): void {
  if (m.kind === 'rename') {
    const listed = (v: unknown): Doc[] => (Array.isArray(v) ? v : []);
    const owners = [...listed(doc.nodes), ...listed(doc.products), ...listed(doc.workers)]
      .filter((o) => o && typeof o === 'object');
    if (!owners.length) return;
    const owner = owners[m.at % owners.length];
    const old = owner.id;
    owner.id = m.name;
    // Half the time rename the references too, as an editor would, so valid results occur.
    if (m.everywhere && Array.isArray(doc.links)) {
      for (const link of doc.links) if (Array.isArray(link)) link.forEach((end, i) => { if (end === old) link[i] = m.name; });
    }
    return;
  }
  if (m.kind === 'add') {
    const objects = objectsIn(doc);
    // defineProperty: a plain assignment to "__proto__" would change the prototype instead.
    Object.defineProperty(objects[m.at % objects.length], m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    return;
  }
  const all = locations(doc);
  const [parent, key] = all[m.at % all.length];
  if (m.kind === 'set') parent[key] = m.value;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
}

describe('fuzz', () => {
  it('(a) any JSON value: never throws, issues have a path and a message', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const r = validateScenario(value);
      if (!r.ok) expectWellFormed(r.errors);
    }), RUNS);
  });

  it('(a) any JSON under a valid header gets past the version check and still never throws', () => {
    const doc = fc.dictionary(fc.constantFrom(...TOP_LEVEL_KEYS, 'x-a', 'layout', 'nodez'), fc.jsonValue({ maxDepth: 4 }))
      .map((d) => ({ ...d, format: 'line-twin/scenario', version: 1 }));
    fc.assert(fc.property(doc, (value) => {
      const r = validateScenario(value);
      if (!r.ok) {
        expectWellFormed(r.errors);
        for (const e of r.errors) expect(locatable(value, e.path), e.path).toBe(true);
      }
    }), RUNS);
  });

  it('(b) mutations of the valid scenario: never throw, every issue is located in the document', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
      const doc = validScenario() as Doc;
      for (const m of mutations) apply(doc, m);
      const snapshot = JSON.stringify(doc);
      const r = validateScenario(doc);
      expect(JSON.stringify(doc)).toBe(snapshot); // the input is never changed
      if (r.ok) {
        expect(r.value).toEqual(doc);
        return;
      }
      expectWellFormed(r.errors);
      for (const e of r.errors) expect(locatable(doc, e.path), `${e.path}: ${e.message}`).toBe(true);
    }), RUNS);
  });

  it('(c) any text: parseScenarioJson never throws and locates syntax errors inside the text', () => {
    const textArb = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json(), corruptedScenarioText());
    fc.assert(fc.property(textArb, (text) => {
      const r = parseScenarioJson(text, 'f.json');
      if (r.ok) return;
      expectWellFormed(r.errors);
      const m = /^f\.json:(\d+):(\d+)$/.exec(r.errors[0].path);
      if (m) {
        const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
        expect(Number(m[1])).toBeLessThanOrEqual(lines.length);
        expect(Number(m[2])).toBeLessThanOrEqual(lines[Number(m[1]) - 1].length + 1);
      }
    }), RUNS);
  });

  it('(c) the syntax scanner agrees with JSON.parse on what is JSON', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), corruptedScenarioText()), (text) => {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(findSyntaxError(text) === undefined).toBe(parses);
    }), RUNS);
  });
});

/** The valid scenario's text with one character deleted, inserted or replaced. */
function corruptedScenarioText(): fc.Arbitrary<string> {
  const base = JSON.stringify(validScenario(), null, 2);
  return fc.tuple(fc.nat({ max: base.length - 1 }), fc.constantFrom('del', 'ins', 'rep'), fc.constantFrom(...',:{}[]"\\ \n0aé'))
    .map(([at, op, ch]) => base.slice(0, at) + (op === 'del' ? '' : ch) + base.slice(op === 'ins' ? at : at + 1));
}
