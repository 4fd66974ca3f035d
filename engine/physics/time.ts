/**
 * Physics steps ↔ DES time. DES time is integer microseconds (STYLE habit 5); the physics world
 * steps at a fixed 60 Hz, whose period (16 666.6… µs) is not an integer. Adding a rounded step
 * length would drift (16 667 µs per step is 20 ms fast per hour), so step k is mapped directly
 * (DESIGN §4):
 *
 *   t(k) = ⌊k · 10⁶ / 60⌋ µs = ⌊k · 50 000 / 3⌋ µs.
 *
 * Every 3 steps are exactly 50 000 µs, every 60 steps exactly one second; consecutive steps are
 * 16 666 or 16 667 µs apart. The integer split below keeps every product exact for k < 3·2⁵³/50 000
 * ≈ 5.4·10¹¹ (≈ 285 years of steps), where `Math.floor(k * 1e6 / 60)` would round k·10⁶ beyond
 * k ≈ 9·10⁹ and rely on float division.
 */

/** Physics steps per simulated second. */
export const STEP_HZ = 60;

/** The step length handed to Rapier, in seconds (Rapier stores it as f32: 0.016666668 s). */
export const STEP_SECONDS = 1 / STEP_HZ;

/** Simulated time at the end of step `k` (k ≥ 0, integer), in integer microseconds. */
export function stepTimeUs(k: number): number {
  const q = Math.floor(k / 3);
  const r = k - 3 * q; // 0, 1 or 2
  return q * 50_000 + (r === 0 ? 0 : r === 1 ? 16_666 : 33_333);
}

/** The first step whose end time is at or after `timeUs` (the inverse of stepTimeUs). */
export function stepAtOrAfterUs(timeUs: number): number {
  // t(k) ≥ T ⇔ k·50 000/3 ≥ T (T integer) ⇔ k ≥ 3T/50 000; exact in integers below 2⁵³/3.
  return Math.ceil((3 * timeUs) / 50_000);
}
