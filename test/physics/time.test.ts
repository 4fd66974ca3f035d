/** Physics step ↔ integer-µs DES time (DESIGN §4): t(k) = ⌊k·10⁶/60⌋, no drift. */
import { describe, expect, it } from 'vitest';
import { STEP_HZ, stepAtOrAfterUs, stepTimeUs } from '../../engine/physics/time';
import { createPhysicsWorld } from '../../engine/physics/world';
import { layoutWith } from './fixtures';

describe('step time in integer microseconds', () => {
  it('equals ⌊k·10⁶/60⌋ exactly for every k ≤ 10⁶, with 16 666 or 16 667 µs steps', () => {
    let previous = 0;
    for (let k = 1; k <= 1_000_000; k++) {
      const t = stepTimeUs(k);
      const step = t - previous;
      if (step !== 16_666 && step !== 16_667) throw new Error(`step ${k} lasts ${step} µs`);
      previous = t;
    }
    for (const k of [1, 2, 3, 59, 60, 61, 999_999, 1_000_000, 123_456_789, 2 ** 38 + 7, 5 * 10 ** 11 + 1]) {
      expect(BigInt(stepTimeUs(k))).toBe((BigInt(k) * 1_000_000n) / 60n);
    }
  });

  it('has no drift: 10⁶ steps are exactly 10⁶/60 s, every 60 steps exactly one second', () => {
    expect(stepTimeUs(1_000_000)).toBe(16_666_666_666);
    for (let s = 0; s <= 1_000_000 / STEP_HZ; s += 997) expect(stepTimeUs(s * STEP_HZ)).toBe(s * 1_000_000);
    // A rounded constant step would drift: 10⁶ · 16 667 µs is 333 ms too late.
    expect(1_000_000 * 16_667 - stepTimeUs(1_000_000)).toBe(333_334);
  });

  it('stepAtOrAfterUs inverts it', () => {
    for (let k = 0; k < 5000; k++) {
      const t = stepTimeUs(k);
      expect(stepAtOrAfterUs(t)).toBe(k);
      expect(stepAtOrAfterUs(t + 1)).toBe(k + 1);
    }
  });

  it('a PhysicsWorld stepped 10⁶ times reports t(10⁶) µs', async () => {
    const world = await createPhysicsWorld(layoutWith());
    for (let k = 0; k < 1_000_000; k++) world.step();
    expect(world.stepCount).toBe(1_000_000);
    expect(world.timeUs).toBe(16_666_666_666);
    world.free();
  });
});
