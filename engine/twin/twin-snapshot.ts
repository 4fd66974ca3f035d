/**
 * Snapshot bytes of the physics twin: the world's own snapshot (physics/snapshot.ts) and the typed
 * arrays of the line simulator and the transport, each with its element type so arrays that grew
 * during the run come back at their size.
 *
 * Layout (little-endian): 24-byte header
 *   u32 magic 'LTTW', u32 version, u32 fingerprint of the twin (scenario and options),
 *   u32 FNV-1a of everything after the header, u32 array count, u32 world byte length
 * then the world bytes padded to 8, then per array: u32 type code, u32 byte length, bytes padded
 * to 8. A snapshot is refused (RangeError) unless magic, version, fingerprint, checksum and every
 * length agree, so damaged bytes never reach the world or the simulator.
 */
import { fnv1a32 } from '../physics/frame';

const MAGIC = 0x5754544c; // 'LTTW' read as little-endian u32
const VERSION = 1;
const HEADER_BYTES = 24;
const TYPES = [Uint8Array, Int32Array, Uint32Array, Float64Array, Float32Array] as const;
type Typed = InstanceType<(typeof TYPES)[number]>;

const pad8 = (n: number) => (n + 7) & ~7;

export function encodeTwinSnapshot(fingerprint: number, world: Uint8Array, arrays: readonly ArrayBufferView[]): Uint8Array {
  let size = HEADER_BYTES + pad8(world.byteLength);
  for (const a of arrays) size += 8 + pad8(a.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(world, HEADER_BYTES);
  let o = HEADER_BYTES + pad8(world.byteLength);
  for (const a of arrays) {
    const type = TYPES.findIndex((T) => a instanceof T);
    if (type < 0) throw new TypeError('twin snapshot: unsupported array type');
    view.setUint32(o, type, true);
    view.setUint32(o + 4, a.byteLength, true);
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), o + 8);
    o += 8 + pad8(a.byteLength);
  }
  [MAGIC, VERSION, fingerprint, fnv1a32(out.subarray(HEADER_BYTES)), arrays.length, world.byteLength]
    .forEach((v, i) => view.setUint32(4 * i, v, true));
  return out;
}

export interface DecodedTwinSnapshot {
  world: Uint8Array;
  arrays: ArrayBufferView[];
}

export function decodeTwinSnapshot(bytes: Uint8Array, fingerprint: number): DecodedTwinSnapshot {
  const fail = (why: string): never => {
    throw new RangeError(`twin snapshot: ${why}`);
  };
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < HEADER_BYTES) fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (o: number) => view.getUint32(o, true);
  if (u32(0) !== MAGIC) fail('not a twin snapshot');
  if (u32(4) !== VERSION) fail(`version ${u32(4)}, expected ${VERSION}`);
  if (u32(8) !== fingerprint) fail('taken from a twin of another scenario or options');
  if (u32(12) !== fnv1a32(bytes.subarray(HEADER_BYTES))) fail('damaged (checksum mismatch)');
  const count = u32(16), worldBytes = u32(20);
  let o = HEADER_BYTES + pad8(worldBytes);
  if (o > bytes.byteLength) fail('truncated');
  const world = bytes.slice(HEADER_BYTES, HEADER_BYTES + worldBytes);
  const arrays: Typed[] = [];
  for (let i = 0; i < count; i++) {
    if (o + 8 > bytes.byteLength) fail('truncated');
    const T = TYPES[u32(o)], length = u32(o + 4);
    if (!T) fail(`array ${i} has an unknown type`);
    if (length % T.BYTES_PER_ELEMENT !== 0 || o + 8 + length > bytes.byteLength) fail(`array ${i} is truncated`);
    // Copy into a fresh, aligned buffer: the view's offset need not suit the element size.
    arrays.push(new T(bytes.slice(o + 8, o + 8 + length).buffer));
    o += 8 + pad8(length);
  }
  if (o !== bytes.byteLength) fail('trailing bytes');
  return { world, arrays };
}
