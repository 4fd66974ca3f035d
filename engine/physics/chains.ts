/**
 * Section chains (ConveyorLayout.next): a scenario conveyor with a bent path is compiled into
 * straight sections, each naming the one a part moves onto at its end. Resolved and checked once
 * here, for compileLayout; the drive then walks plain index arrays. The layout's validator checks
 * the scenario (DESIGN §8), but a chain that does not join up would make parts jump or queue
 * through each other silently, so the physics refuses it itself with a RangeError naming the ids.
 */
import type { ConveyorLayout } from './layout';

/** Distance allowed between a section's `to` and its next section's `from`, metres. */
export const JOINT_TOLERANCE_M = 0.001;

export interface Chains {
  /** Per section: the next section's index, or −1 (the chain's last section). */
  next: Int32Array;
  /** Per section: the section whose next it is, or −1 (the chain's first section). */
  prev: Int32Array;
  /**
   * Every section once, each after its next one: the drive moves downstream parts first, so a
   * section's head is limited by where the parts beyond its end are at the end of this step. With
   * no chains this is 0, 1, … n − 1.
   */
  order: Int32Array;
}

export function linkSections(conveyors: readonly ConveyorLayout[], index: ReadonlyMap<string, number>): Chains {
  const n = conveyors.length;
  const next = new Int32Array(n).fill(-1), prev = new Int32Array(n).fill(-1);
  const name = (c: number) => `"${conveyors[c].id}"`;
  conveyors.forEach((c, i) => {
    if (c.next === undefined) return;
    const j = index.get(c.next);
    if (j === undefined) throw new RangeError(`conveyor ${name(i)}: next "${c.next}" is not a conveyor of the layout`);
    if (j === i) throw new RangeError(`conveyor ${name(i)}: next names the conveyor itself`);
    if (prev[j] >= 0) throw new RangeError(`conveyors ${name(prev[j])} and ${name(i)} both name ${name(j)} as next`);
    next[i] = j;
    prev[j] = i;
  });
  const order = new Int32Array(n);
  let k = 0;
  for (let c = 0; c < n; c++) {
    if (next[c] >= 0) continue;
    for (let x = c; x >= 0; x = prev[x]) order[k++] = x;
  }
  if (k < n) {
    // With at most one next and one prev per section, what no chain end reaches lies on cycles.
    const seen = new Uint8Array(n);
    for (let i = 0; i < k; i++) seen[order[i]] = 1;
    let start = 0;
    while (seen[start]) start++;
    const ids: string[] = [];
    for (let x = start; ids.length === 0 || x !== start; x = next[x]) ids.push(name(x));
    throw new RangeError(`conveyors ${ids.join(' → ')} form a cycle of next links`);
  }
  for (let i = 0; i < n; i++) {
    const j = next[i];
    if (j < 0) continue;
    const a = conveyors[i], b = conveyors[j];
    const gap = Math.hypot(a.to[0] - b.from[0], a.to[1] - b.from[1], a.to[2] - b.from[2]);
    if (!(gap <= JOINT_TOLERANCE_M)) {
      throw new RangeError(`conveyors ${name(i)} → ${name(j)}: the end of ${name(i)} is ${(gap * 1000).toFixed(1)} mm from the start of ${name(j)} (at most 1 mm)`);
    }
    // A chain is one DES conveyor: one speed, one accumulation rule along the whole path.
    if (a.speedMetersPerSecond !== b.speedMetersPerSecond) {
      throw new RangeError(`conveyors ${name(i)} → ${name(j)}: sections of one chain must have the same speed`);
    }
    if (a.accumulating !== b.accumulating) {
      throw new RangeError(`conveyors ${name(i)} → ${name(j)}: sections of one chain must be all accumulating or all not`);
    }
  }
  return { next, prev, order };
}
