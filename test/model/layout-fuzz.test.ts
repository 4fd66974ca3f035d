/**
 * Property tests of the layout: random mutations of a valid layout never make the validator or
 * compileLayout throw; they give located errors (every path names a place in the document) or a
 * valid scenario whose compiled physics layout the physics worker accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../engine/model/types';
import { validateScenario } from '../../engine/model/validate';
import { compileLayout } from '../../engine/model/layout-compile';
import { parsePath } from '../../engine/model/paths';
import { checkPhysicalLayout } from '../../workers/physics-layout-check';
import type { Doc } from './fixtures';
import { assemblyLine, serialLine } from './layout-fixtures';

const RUNS = { numRuns: 600 };
const BASES = [assemblyLine(), serialLine()];
const IDS = ['press', 'b1', 'screw', 'pack-a', 'shipping', 's1', 's2', 'in', 'out', 'humanoid', 'robo', 'people', 'assemblers', 'c1'];

/** Whether everything but the last segment of `path` exists in `doc`. */
function locatable(doc: unknown, path: string): boolean {
  const segments = parsePath(path);
  if (!segments) return false;
  let at: unknown = doc;
  for (const seg of segments.slice(0, -1)) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, seg)) return false;
    at = (at as Record<PropertyKey, unknown>)[seg];
  }
  return typeof at === 'object' && at !== null;
}

function expectLocated(doc: unknown, errors: Issue[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e.message.length, e.path).toBeGreaterThan(0);
    expect(locatable(doc, e.path), `${e.path}: ${e.message}`).toBe(true);
  }
}

/** Every location inside `root` (parent and key), depth first. */
function locations(root: Doc): [Doc, string | number][] {
  const out: [Doc, string | number][] = [];
  const walk = (v: Doc) => {
    if (typeof v !== 'object' || v === null) return;
    for (const key of Array.isArray(v) ? [...v.keys()] : Object.keys(v)) {
      out.push([v, key]);
      walk(v[key]);
    }
  };
  walk(root);
  return out;
}

const number = fc.oneof(
  fc.double({ min: -5, max: 5, noNaN: true }).map((d) => (x: number) => x + d),
  fc.double({ min: -2, max: 2, noNaN: true }).map((k) => (x: number) => x * k),
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e-300, 0, 1001, 0.0005).map((v) => () => v),
);
const mutation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('nudge' as const), at: fc.nat(), change: number }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ref' as const), at: fc.nat(), to: fc.oneof(fc.constantFrom(...IDS), fc.string({ maxLength: 6 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }) },
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(doc: Doc, m: Mutation): void {
  const layout = doc.layout;
  const all = locations(layout);
  if (!all.length) return;
  if (m.kind === 'nudge') {
    const numbers = all.filter(([p, k]) => typeof p[k] === 'number');
    if (numbers.length) {
      const [p, k] = numbers[m.at % numbers.length];
      p[k] = m.change(p[k]);
    }
  } else if (m.kind === 'ref') {
    // A reference (from, to, station, pool) or a node placement's key.
    const refs = all.filter(([p, k]) => ['from', 'to', 'station', 'pool'].includes(String(k)) && typeof p[k] === 'string');
    const keys = Object.keys(layout.nodes ?? {});
    const pick = m.at % (refs.length + keys.length || 1);
    if (pick < refs.length) {
      const [p, k] = refs[pick];
      p[k] = m.to;
    } else if (keys.length && layout.nodes && typeof layout.nodes === 'object') {
      const key = keys[pick - refs.length];
      const value = layout.nodes[key];
      delete layout.nodes[key];
      Object.defineProperty(layout.nodes, m.to, { value, enumerable: true, writable: true, configurable: true });
    }
  } else if (m.kind === 'duplicate') {
    const arrays = all.filter(([p, k]) => Array.isArray(p[k]) && p[k].length > 0);
    if (arrays.length) {
      const [p, k] = arrays[m.at % arrays.length];
      p[k].push(structuredClone(p[k][m.at % p[k].length]));
    }
  } else {
    const [p, k] = all[m.at % all.length];
    if (m.kind === 'set') p[k] = m.value;
    else if (Array.isArray(p)) p.splice(k as number, 1);
    else delete p[k];
  }
}

describe('layout fuzz', () => {
  it('mutated layouts: never throw; located errors, or a valid scenario that compiles or says where it cannot', () => {
    const base = fc.constantFrom(0, 1);
    let valid = 0;
    fc.assert(fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), (b, mutations) => {
      const doc: Doc = structuredClone(BASES[b]);
      for (const m of mutations) apply(doc, m);
      const before = JSON.stringify(doc);
      const r = validateScenario(doc);
      expect(JSON.stringify(doc)).toBe(before); // the input is never changed
      if (!r.ok) return void expectLocated(doc, r.errors);
      valid++;
      const c = compileLayout(r.value);
      if (!c.ok) {
        expectLocated(doc, c.errors);
        for (const e of c.errors) expect(e.path.startsWith('layout.conveyors[')).toBe(true); // part fit only
        return;
      }
      // The physics side gets finite, connected, non-degenerate belts.
      expect(checkPhysicalLayout(c.value.physics)).toEqual([]);
      for (const conv of c.value.conveyors) {
        expect(Number.isFinite(conv.transportSeconds) && conv.transportSeconds > 0).toBe(true);
        const sections = conv.sections.map((i) => c.value.physics.conveyors[i]);
        for (let k = 1; k < sections.length; k++) expect(sections[k].from).toEqual(sections[k - 1].to);
      }
    }), RUNS);
    expect(valid).toBeGreaterThan(30); // the mutations leave enough valid layouts to test compile
  });

  it('any JSON as the layout: never throws, errors located', () => {
    const layout = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.dictionary(fc.constantFrom('units', 'nodes', 'conveyors', 'aisles', 'robots', 'humanoids', 'x-a', 'floor'), fc.jsonValue({ maxDepth: 3 }))
        .map((d) => ({ units: 'm', ...d })),
    );
    fc.assert(fc.property(layout, (value) => {
      const doc: Doc = serialLine();
      doc.layout = value;
      const r = validateScenario(doc);
      if (!r.ok) return void expectLocated(doc, r.errors);
      const c = compileLayout(r.value);
      if (!c.ok) expectLocated(doc, c.errors);
    }), RUNS);
  });
});
