/**
 * Snapshot support shared by the agents that live in a Rapier world (robot-arm.ts, humanoid.ts).
 *
 * An agent keeps every piece of its mutable state in a fixed list of typed arrays whose count and
 * sizes never change over its life (fixed capacities, e.g. RobotArmOptions.maxWaypoints), so a
 * snapshot is a byte copy of `stateArrays()` and a restore is a byte copy back, the same scheme as
 * the part table (parts.ts, snapshot.ts). Rapier bodies and colliders are stored by handle (f64),
 * never as objects: `World.restoreSnapshot` returns a new World in which the handles stay valid but
 * the JS RigidBody / Collider objects must be fetched again (`rebind`).
 *
 * Array 0 is always a Float64Array header that only depends on how the agent was built (format
 * code, sizes, a fingerprint of model and options); restoring compares it first, so state from an
 * agent built differently is refused with a RangeError before anything changes.
 */
import type { World } from '@dimforge/rapier3d-deterministic-compat';
import { fnv1a32 } from './frame';

/** Marks an empty handle slot. Rapier handles are non-negative f64 (index and generation bits). */
export const NO_HANDLE = -1;

/**
 * The snapshot interface of an agent (RobotArm, Humanoid). Restore sequence for the owner of the
 * Rapier world, after `const next = R.World.restoreSnapshot(bytes)`:
 *   1. `agent.checkState(saved, next)` for every agent (throws RangeError, changes nothing);
 *   2. `agent.restoreState(saved, next)` for every agent (copies the bytes and rebinds; cannot fail
 *      after step 1), or, if the owner has already byte-copied the saved state into the live views
 *      of `stateArrays()`, `agent.rebind(next)`;
 *   3. free the old world; from now on step `next`.
 */
export interface AgentState {
  /**
   * The live state, as views (not copies), in a fixed order; count, types and byte lengths are
   * fixed for the agent's life. Copy the bytes to take a snapshot (`arrays.map((a) => a.slice())`
   * or into a byte buffer). Array 0 is the header (see the module comment).
   */
  stateArrays(): readonly ArrayBufferView[];
  /**
   * Checks that `arrays` (any views with the same byte lengths, e.g. Uint8Array slices of a
   * snapshot buffer, any alignment) are a state of an agent built like this one and that every
   * handle in them names a live body or collider of `world`. Throws a RangeError otherwise;
   * changes nothing either way.
   */
  checkState(arrays: readonly ArrayBufferView[], world: World): void;
  /** checkState, then copies `arrays` into the live state and rebinds to `world`. */
  restoreState(arrays: readonly ArrayBufferView[], world: World): void;
  /**
   * Fetches every RigidBody and Collider object again from `world` by the handles in the live
   * state and uses `world` from now on. Call it after copying a checked state into the views.
   */
  rebind(world: World): void;
}

/** The bytes of a view (no copy). */
export function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** A Float64Array holding a copy of a view's bytes, whatever the view's type and alignment (restore time only). */
export function f64Of(v: ArrayBufferView): Float64Array {
  const out = new Float64Array(v.byteLength >> 3);
  bytesOf(out).set(bytesOf(v).subarray(0, out.byteLength));
  return out;
}

/**
 * Checks the shape of a saved state against the live one: array count, the header (array 0, a
 * Float64Array whose entries are named by `fields`) and every byte length. Returns the saved
 * header. `what` names the agent in messages ("robot arm").
 */
export function checkShape(what: string, fields: readonly string[], mine: readonly ArrayBufferView[],
  saved: readonly ArrayBufferView[]): Float64Array {
  const fail = (why: string): never => { throw new RangeError(`${what} state: ${why}`); };
  if (saved.length !== mine.length) fail(`${saved.length} arrays, expected ${mine.length}`);
  if (saved[0].byteLength !== mine[0].byteLength) fail('not the state of this kind of agent (header size)');
  const ours = mine[0] as Float64Array, theirs = f64Of(saved[0]);
  for (let i = 0; i < ours.length; i++) {
    if (!Object.is(theirs[i], ours[i])) fail(`taken from one with ${fields[i]} ${theirs[i]}, this ${what} has ${ours[i]}`);
  }
  for (let i = 1; i < mine.length; i++) {
    if (saved[i].byteLength !== mine[i].byteLength) fail(`array ${i} has ${saved[i].byteLength} bytes, expected ${mine[i].byteLength}`);
  }
  return theirs;
}

/** Copies saved state bytes into the live views (shapes checked before). */
export function copyState(mine: readonly ArrayBufferView[], saved: readonly ArrayBufferView[]): void {
  for (let i = 0; i < mine.length; i++) bytesOf(mine[i]).set(bytesOf(saved[i]));
}

/**
 * Throws a RangeError unless each handle in `handles[from, to)` other than NO_HANDLE names a live
 * rigid body (`kind` 'body') or collider of `world`. Uses the raw sets' `contains`, which checks
 * the generation too (World.getRigidBody does not: a stale handle returns whatever body reuses
 * its index).
 */
export function checkHandles(what: string, world: World, kind: 'body' | 'collider', handles: Float64Array,
  from = 0, to = handles.length): void {
  const set = kind === 'body' ? world.bodies.raw : world.colliders.raw;
  for (let i = from; i < to; i++) {
    const h = handles[i];
    if (h !== NO_HANDLE && !set.contains(h)) throw new RangeError(`${what} state: ${kind} handle ${h} is not in the world`);
  }
}

/** FNV-1a (frame.ts) over the bytes of several views in order: a fingerprint for the header. */
export function fingerprint(parts: readonly ArrayBufferView[]): number {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { all.set(bytesOf(p), o); o += p.byteLength; }
  return fnv1a32(all);
}
