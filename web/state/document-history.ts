/**
 * Undo history for the document store: each step is a pair of immer patch lists. immer's own
 * inverse patches restore a deleted object key with an `add`, which appends the key at the end of
 * its object, so an undone edit would print differently (a saved file would change key order).
 * The store therefore normalises every step to `replace` patches of the smallest subtrees that
 * changed shape, with the values taken from the documents before and after: undo gives back a
 * document that is deep-equal *and* JSON-text-equal to the one before, and redo the one after.
 */
import type { Patch } from 'immer';
import { getIn, type PathSegment } from './document-ops';

export interface HistoryEntry {
  /** Shown in the toolbar ("Undo Move press"). */
  label: string;
  /** Applied in order to the document before the step, they give the document after it. */
  patches: Patch[];
  /** Applied in order to the document after the step, they give the document before it. */
  inversePatches: Patch[];
}

function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

/**
 * The subtrees a step changed: a `replace` names its own path; an `add` or `remove` (or a change of
 * an array's `length`) changes the shape of the object or array that holds it, so it names that.
 * Minimal: no path in the result lies under another one.
 */
export function changedPaths(patches: readonly Patch[]): PathSegment[][] {
  const paths = patches.map((p) => {
    const path = p.path as PathSegment[];
    const last = path[path.length - 1];
    return p.op === 'replace' && last !== 'length' ? path : path.slice(0, -1);
  });
  paths.sort((a, b) => a.length - b.length);
  const out: PathSegment[][] = [];
  for (const path of paths) if (!out.some((q) => isPrefix(q, path))) out.push(path);
  return out;
}

function snapshot(paths: readonly PathSegment[][], doc: unknown): Patch[] {
  const out: Patch[] = [];
  for (const path of paths) {
    const value = getIn(doc, path);
    if (value === undefined) {
      // Only reachable if a subtree exists on one side only; removing it is then exact.
      if (path.length > 0 && getIn(doc, path.slice(0, -1)) !== undefined) out.push({ op: 'remove', path: [...path] });
    } else out.push({ op: 'replace', path: [...path], value });
  }
  return out;
}

/** One history step from immer's patches of an edit and the documents before and after it. */
export function normaliseStep(label: string, patches: readonly Patch[], inversePatches: readonly Patch[], before: unknown, after: unknown): HistoryEntry {
  const paths = changedPaths([...patches, ...inversePatches]);
  return { label, patches: snapshot(paths, after), inversePatches: snapshot(paths, before) };
}

/** A step followed by another, as one step (a drag gesture): forward in order, backward in reverse. */
export function mergeSteps(first: HistoryEntry, next: HistoryEntry): HistoryEntry {
  return {
    label: first.label,
    patches: [...first.patches, ...next.patches],
    inversePatches: [...next.inversePatches, ...first.inversePatches],
  };
}
