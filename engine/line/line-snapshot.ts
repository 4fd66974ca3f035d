/**
 * The whole state of a running LineSimulator as a list of typed arrays, and back: every field of
 * LineState (typed arrays, the buffer rings, the scalars), the kernel's queue and clocks. The
 * simulator keeps all its state in these (STYLE habit 3), so a snapshot is a copy of them and a
 * restore continues exactly as the uninterrupted run would (test/twin/snapshot.test.ts).
 * Arrays that grow during a run (part records, unbounded buffer rings) are replaced, not copied
 * into, so a snapshot restores into a fresh simulator of the same model.
 */
import type { LineState } from './state';

type Typed = Int32Array | Uint32Array | Uint8Array | Float64Array;

/** The fields of LineState in a fixed order (sorted names), so the list layout is stable. */
function fieldNames(st: LineState): (keyof LineState)[] {
  return (Object.keys(st) as (keyof LineState)[]).sort();
}

export function lineStateArrays(st: LineState, clocks: readonly number[]): ArrayBufferView[] {
  const out: ArrayBufferView[] = [];
  const scalars: number[] = [...clocks];
  for (const key of fieldNames(st)) {
    const value = st[key];
    if (typeof value === 'number') scalars.push(value);
    else if (Array.isArray(value)) out.push(Int32Array.of(value.length), ...value);
    else out.push(value as Typed);
  }
  out.push(Float64Array.from(scalars));
  return out;
}

/**
 * Loads arrays made by lineStateArrays into `st` (same model); returns the clocks. Throws a
 * RangeError before changing anything when the list does not fit this state.
 */
export function loadLineState(st: LineState, arrays: readonly ArrayBufferView[], clockCount: number): number[] {
  const names = fieldNames(st);
  const plan: [keyof LineState, ArrayBufferView | ArrayBufferView[]][] = [];
  let i = 0;
  const scalarNames: (keyof LineState)[] = [];
  const next = (): ArrayBufferView => {
    if (i >= arrays.length) throw new RangeError('line snapshot: too few arrays');
    return arrays[i++];
  };
  for (const key of names) {
    const value = st[key];
    if (typeof value === 'number') scalarNames.push(key);
    else if (Array.isArray(value)) {
      const count = next() as Int32Array;
      if (!(count instanceof Int32Array) || count[0] !== value.length) throw new RangeError(`line snapshot: ${String(key)} does not fit`);
      const rings: ArrayBufferView[] = [];
      for (let k = 0; k < value.length; k++) rings.push(expect(next(), value[k], key));
      plan.push([key, rings]);
    } else plan.push([key, expect(next(), value as Typed, key)]);
  }
  const scalars = next() as Float64Array;
  if (i !== arrays.length || !(scalars instanceof Float64Array) || scalars.length !== clockCount + scalarNames.length) {
    throw new RangeError('line snapshot: the arrays do not fit this line');
  }
  const target = st as unknown as Record<string, unknown>;
  for (const [key, value] of plan) {
    target[key] = Array.isArray(value) ? value.map((v) => (v as Typed).slice()) : (value as Typed).slice();
  }
  scalarNames.forEach((key, k) => (target[key] = scalars[clockCount + k]));
  return Array.from(scalars.subarray(0, clockCount));
}

/** `a` as the same kind of array as `like` (lengths may differ for growing arrays). */
function expect(a: ArrayBufferView, like: Typed, key: PropertyKey): ArrayBufferView {
  if (a.constructor !== like.constructor) throw new RangeError(`line snapshot: ${String(key)} has the wrong type`);
  return a;
}
