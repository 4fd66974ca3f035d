/**
 * Snapshot bytes: the twin's own state arrays followed by Rapier's world snapshot
 * (`world.takeSnapshot()`, rapier.rs JS guide "Serialization"). Rapier keeps body and collider
 * handles across a snapshot, so the handles stored in our arrays stay valid after
 * `World.restoreSnapshot` and the handle ↔ body maps are rebuilt from them.
 *
 * Layout (little-endian): 40-byte header
 *   u32 magic 'LTPW', u32 version, u32 checksum, u32 part capacity, u32 conveyor count,
 *   u32 options (bit 0: carriage method, bit 1: holdAtEnds), u32 array count,
 *   u32 layout fingerprint, f64 step count
 * then each state array as u32 byte length + bytes, padded to 8; then u32 length + Rapier bytes.
 *
 * The checksum is FNV-1a 32 (frame.ts) of every byte after it. Why: Rapier's deserializer accepts
 * some damaged bytes (measured: the last 2000 bytes of a 13 kB snapshot zeroed) and the "restored"
 * world then traps in WASM on its next step, so damage must be caught before Rapier sees it.
 * FNV-1a detects every single-byte change and other damage with probability 1 − 2⁻³²; it is an
 * integrity check, not protection against crafted input. The fingerprint (modelFingerprint) makes
 * a snapshot restore only into a world built from the same layout and options (checked).
 */
import { fnv1a32 } from './frame';
import type { PhysicsModel } from './model';

const MAGIC = 0x5750544c; // 'LTPW' read as little-endian u32
const VERSION = 2;
const HEADER_BYTES = 40;
/** The checksum covers the bytes from here to the end. */
const CHECKED_FROM = 12;

export interface SnapshotShape {
  capacity: number;
  conveyorCount: number;
  /** Bit 0: carriage method; bit 1: holdAtEnds. */
  optionsCode: number;
  /** modelFingerprint of the world's model. */
  layoutFingerprint: number;
}

const pad8 = (n: number) => (n + 7) & ~7;

/** FNV-1a over everything of the compiled layout that the state arrays' meaning depends on. */
export function modelFingerprint(m: PhysicsModel): number {
  const numbers = new Float64Array([m.conveyorCount, ...m.floorSizeM, ...m.partHalfM, m.partMassKg, m.partFriction]);
  const parts: ArrayBufferView[] = [numbers, m.fromM, m.dir, m.lengthM, m.widthM, m.speedMps, m.accumulating,
    m.spacingM, m.nextSection, new TextEncoder().encode(m.conveyorIds.join('\u0000'))];
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const bytes = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), o);
    o += p.byteLength;
  }
  return fnv1a32(bytes);
}

export function encodeSnapshot(shape: SnapshotShape, stepCount: number, arrays: ArrayBufferView[],
  rapier: Uint8Array): Uint8Array {
  let size = HEADER_BYTES;
  for (const a of arrays) size += 8 + pad8(a.byteLength);
  size += 8 + rapier.byteLength;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const head = [MAGIC, VERSION, 0, shape.capacity, shape.conveyorCount, shape.optionsCode, arrays.length,
    shape.layoutFingerprint];
  head.forEach((v, i) => view.setUint32(4 * i, v, true));
  view.setFloat64(32, stepCount, true);
  let o = HEADER_BYTES;
  for (const a of arrays) {
    view.setUint32(o, a.byteLength, true);
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), o + 8);
    o += 8 + pad8(a.byteLength);
  }
  view.setUint32(o, rapier.byteLength, true);
  out.set(rapier, o + 8);
  view.setUint32(8, fnv1a32(out.subarray(CHECKED_FROM)), true);
  return out;
}

/**
 * Checks `bytes` (checksum, then `shape`, then `arrays`: same order and sizes as at encoding) and
 * returns the step count, a view of the Rapier bytes and `copyArrays()`, which writes the state
 * into `arrays`. Throws a RangeError('physics snapshot: …') before anything is written; the
 * caller restores Rapier first and copies last, so a failed restore leaves the world untouched.
 */
export function decodeSnapshot(bytes: Uint8Array, shape: SnapshotShape, arrays: ArrayBufferView[]):
  { stepCount: number; rapier: Uint8Array; copyArrays(): void } {
  const fail = (why: string): never => { throw new RangeError(`physics snapshot: ${why}`); };
  if (!(bytes instanceof Uint8Array)) fail('expected a Uint8Array');
  if (bytes.byteLength < HEADER_BYTES) fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('not a physics snapshot');
  if (view.getUint32(4, true) !== VERSION) fail(`version ${view.getUint32(4, true)}, expected ${VERSION}`);
  if (fnv1a32(bytes.subarray(CHECKED_FROM)) !== view.getUint32(8, true)) fail('damaged (checksum mismatch)');
  const expected = [shape.capacity, shape.conveyorCount, shape.optionsCode, arrays.length, shape.layoutFingerprint];
  expected.forEach((v, i) => {
    if (view.getUint32(12 + 4 * i, true) !== v) fail('taken from a world with another layout or options');
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
  if (o + 8 + rapierLength !== bytes.byteLength) fail('truncated or with trailing bytes');
  const copyArrays = () => arrays.forEach((a, i) => {
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(bytes.subarray(offsets[i], offsets[i] + a.byteLength));
  });
  return { stepCount: view.getFloat64(32, true), rapier: bytes.subarray(o + 8, o + 8 + rapierLength), copyArrays };
}
