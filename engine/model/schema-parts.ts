/**
 * Building blocks shared by the scenario schema (schema.ts) and the layout schema
 * (layout-schema.ts): the size limits, ids, and objects that refuse unknown keys but keep extension
 * keys. A module of its own so both schemas can use them without an import cycle.
 */
import { z } from 'zod';

/** Bounds that keep a document's size and arithmetic sane. Documented in docs/scenario-format.md. */
export const LIMITS = {
  /**
   * Nodes and station servers: the engine moves parts in zero time by recursion along the line
   * (a free place pulls from upstream, which pulls from its upstream…), which stays well inside
   * the JavaScript stack up to 2000 (measured); the limits keep a safety factor of two.
   */
  nodes: 1000,
  links: 20000,
  products: 1000,
  workers: 1000,
  calendars: 1000,
  /** Shifts per calendar, breaks per shift, planned downtimes per calendar. */
  periods: 100,
  failures: 100,
  pools: 100,
  empiricalValues: 100000,
  idLength: 64,
  nameLength: 200,
  descriptionLength: 10000,
  /** About 31.7 years: keeps every time exact on the engine's integer-microsecond clock (< 2^53). */
  seconds: 1e9,
  weight: 1e9,
  stationCapacity: 1000,
  bufferCapacity: 1e9,
  workerCount: 100000,
  replications: 100000,
  seed: 4294967295,
  /**
   * The engine's clock counts whole microseconds: a time scale that must be > 0 (a mean, a
   * scale, a spread) is at least one tick. Smaller values are not representable, and they push
   * lognormal and gamma parameters out of floating-point range (draws become NaN).
   */
  tick: 1e-6,
} as const;

export const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/**
 * Forward compatibility: any object may carry keys starting with "x-" (tool-specific data) and the
 * keys "layout" and "notes" (editor data that a later version may define). They are kept in the
 * validated value untouched, and the engine ignores them. (The top-level `layout` is defined: the
 * physical layout, layout-schema.ts; a key the shape defines is never an extension key.) Every other unknown key is an error, so
 * that a misspelt optional key ("capcity") is never silently ignored.
 */
export function isExtensionKey(key: string): boolean {
  return key.startsWith('x-') || key === 'layout' || key === 'notes';
}

/**
 * An object with exactly the given keys plus extension keys. Built as a loose object (so that
 * extension keys pass through) with a check that reports every other key. The check runs even when
 * a field failed, so a typo and a bad value are reported together. The type is the plain object's:
 * the extension keys are deliberately not part of the contract's types.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S): z.ZodObject<S, z.core.$strip> {
  const known = Object.keys(shape);
  const schema = z.looseObject(shape).superRefine(
    (value, ctx) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
      for (const key of Object.keys(value)) {
        if (Object.hasOwn(shape, key) || isExtensionKey(key)) continue;
        const hint = closestKey(key, known);
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `unknown key ${JSON.stringify(key)}${hint ? ` (did you mean "${hint}"?)` : ''}`,
        });
      }
    },
    { when: () => true },
  );
  return schema as unknown as z.ZodObject<S, z.core.$strip>;
}

/** The known key a typo most likely meant: same letters in another case, or an edit or two away. */
function closestKey(key: string, known: string[]): string | undefined {
  if (key.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("cylce"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

const ID_MESSAGE = 'may only contain letters, digits and _ . : -';

/** Ids of nodes, products, worker pools and calendars. */
export const idSchema = z
  .string()
  .min(1, { abort: true }) // "" gets one message, not also the pattern's
  .max(LIMITS.idLength)
  .regex(ID_PATTERN, { error: ID_MESSAGE })
  // zod drops a "__proto__" key from records (it would replace the prototype), so an id with that
  // name could never be used as a key in weights, productMix or cycleByProduct.
  .refine((s) => s !== '__proto__', { error: 'is reserved' });

/** A reference to an id; a bad one is reported by the semantic checks as an unknown id. */
export const ref = z.string().min(1).max(LIMITS.idLength);
