/**
 * Snapshot bytes: the twin's own state arrays followed by Rapier's world snapshot
 * (`world.takeSnapshot()`, rapier.rs JS guide "Serialization"). Rapier keeps body and collider
 * handles across a snapshot, so the handles stored in our arrays stay valid after
 * `World.restoreSnapshot` and the handle ↔ body maps are rebuilt from them.
 *
 * Layout (little-endian): 32-byte header
 *   u32 magic 'LTPW', u32 version, u32 part capacity, u32 conveyor count, u32 belt method (0 belt,
 *   1 carriage), u32 array count, f64 step count
 * then each state array as u32 byte length + bytes, padded to 8; then u32 length + Rapier bytes.
 * A snapshot restores only into a world built from the same layout and options (checked).
 */

const MAGIC = 0x5750544c; // 'LTPW' read as little-endian u32
const VERSION = 1;
const HEADER_BYTES = 32;

export interface SnapshotShape {
  capacity: number;
  conveyorCount: number;
  methodCode: number;
}

const pad8 = (n: number) => (n + 7) & ~7;

export function encodeSnapshot(shape: SnapshotShape, stepCount: number, arrays: ArrayBufferView[],
  rapier: Uint8Array): Uint8Array {
  let size = HEADER_BYTES;
  for (const a of arrays) size += 8 + pad8(a.byteLength);
  size += 8 + rapier.byteLength;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const head = [MAGIC, VERSION, shape.capacity, shape.conveyorCount, shape.methodCode, arrays.length];
  head.forEach((v, i) => view.setUint32(4 * i, v, true));
  view.setFloat64(24, stepCount, true);
  let o = HEADER_BYTES;
  for (const a of arrays) {
    view.setUint32(o, a.byteLength, true);
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), o + 8);
    o += 8 + pad8(a.byteLength);
  }
  view.setUint32(o, rapier.byteLength, true);
  out.set(rapier, o + 8);
  return out;
}

/**
 * Checks `bytes` against `shape` and `arrays` (same order and sizes as at encoding) and returns the
 * step count, a view of the Rapier bytes and `copyArrays()`, which writes the state into `arrays`.
 * Throws on a mismatch before anything is written; the caller restores Rapier first and copies
 * last, so a failed restore leaves the running world untouched.
 */
export function decodeSnapshot(bytes: Uint8Array, shape: SnapshotShape, arrays: ArrayBufferView[]):
  { stepCount: number; rapier: Uint8Array; copyArrays(): void } {
  const fail = (why: string): never => { throw new RangeError(`physics snapshot: ${why}`); };
  if (bytes.byteLength < HEADER_BYTES) fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('not a physics snapshot');
  if (view.getUint32(4, true) !== VERSION) fail(`version ${view.getUint32(4, true)}, expected ${VERSION}`);
  const expected = [shape.capacity, shape.conveyorCount, shape.methodCode, arrays.length];
  expected.forEach((v, i) => {
    if (view.getUint32(8 + 4 * i, true) !== v) fail('taken from a world with another layout or options');
  });
  const offsets: number[] = [];
  let o = HEADER_BYTES;
  for (const a of arrays) {
    if (o + 8 > bytes.byteLength || view.getUint32(o, true) !== a.byteLength) fail('state array size mismatch');
    offsets.push(o + 8);
    o += 8 + pad8(a.byteLength);
  }
  if (o + 8 > bytes.byteLength) fail('truncated');
  const rapierLength = view.getUint32(o, true);
  if (o + 8 + rapierLength > bytes.byteLength) fail('truncated');
  const copyArrays = () => arrays.forEach((a, i) => {
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(bytes.subarray(offsets[i], offsets[i] + a.byteLength));
  });
  return { stepCount: view.getFloat64(24, true), rapier: bytes.subarray(o + 8, o + 8 + rapierLength), copyArrays };
}
