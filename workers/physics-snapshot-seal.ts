/**
 * A seal around PhysicsWorld snapshots as the worker API hands them out. Why: the engine's
 * snapshot checks its header and sizes, but not the bytes inside Rapier's part, and Rapier's
 * deserializer accepts some damaged bytes (measured: the last 2000 bytes of a 13 kB snapshot
 * zeroed); the "restored" world then traps in WASM on its next step ("unreachable") and is lost.
 * The API promises that bad bytes leave the running world untouched, so it refuses them before
 * the world sees them. The engine also accepts a snapshot of another layout with the same number
 * of conveyors and part slots; the seal names the layout too.
 *
 * Layout (little-endian): u32 magic 'LTPS', u32 version, u32 layout fingerprint, u32 FNV-1a of
 * the payload, then the payload (PhysicsWorld.snapshot bytes, snapshot.ts). FNV-1a detects every
 * single-byte change (each step is a bijection of the state) and other damage with probability
 * 1 − 2⁻³²; it is an integrity check, not protection against crafted input.
 * If engine/physics/snapshot.ts gains a checksum and a layout fingerprint, this file can go.
 */
import { fnv1a32 } from '../engine/physics/frame';
import type { PhysicsWorld } from '../engine/physics/world';

const MAGIC = 0x5350544c; // 'LTPS' read as little-endian u32
const VERSION = 1;
const HEADER_BYTES = 16;

/** FNV-1a over everything the compiled layout and options determine about the world. */
export function layoutFingerprint(world: PhysicsWorld): number {
  const m = world.model;
  const numbers = new Float64Array([world.maxParts, world.method === 'belt' ? 0 : 1, m.conveyorCount,
    ...m.floorSizeM, ...m.partHalfM, m.partMassKg, m.partFriction]);
  const parts: ArrayBufferView[] = [numbers, m.fromM, m.dir, m.normal, m.lengthM, m.widthM, m.speedMps, m.accumulating];
  const ids = new TextEncoder().encode(m.conveyorIds.join('\u0000'));
  let size = ids.byteLength;
  for (const p of parts) size += p.byteLength;
  const bytes = new Uint8Array(size);
  let o = 0;
  for (const p of [...parts, ids]) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), o);
    o += p.byteLength;
  }
  return fnv1a32(bytes);
}

export function sealSnapshot(payload: Uint8Array, fingerprint: number): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, fingerprint, true);
  view.setUint32(12, fnv1a32(payload), true);
  out.set(payload, HEADER_BYTES);
  return out;
}

export type Unsealed = { ok: true; payload: Uint8Array } | { ok: false; message: string };

/** Checks the seal; the payload is a view into `bytes`, not a copy. */
export function unsealSnapshot(bytes: Uint8Array, fingerprint: number): Unsealed {
  const fail = (why: string): Unsealed => ({ ok: false, message: `physics snapshot: ${why}` });
  if (!(bytes instanceof Uint8Array)) return fail('expected a Uint8Array');
  if (bytes.byteLength < HEADER_BYTES) return fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return fail('not a snapshot from the physics worker');
  if (view.getUint32(4, true) !== VERSION) return fail(`version ${view.getUint32(4, true)}, expected ${VERSION}`);
  if (view.getUint32(8, true) !== fingerprint) return fail('taken from a world with another layout or options');
  const payload = bytes.subarray(HEADER_BYTES);
  if (fnv1a32(payload) !== view.getUint32(12, true)) return fail('damaged (checksum mismatch)');
  return { ok: true, payload };
}
