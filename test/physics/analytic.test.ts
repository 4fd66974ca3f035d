/**
 * Known answers for Rapier's integrator, read through PhysicsWorld.
 *
 * Rapier (≥ 0.18) integrates with a TGS-soft solver: each step of length dt runs n substeps of
 * length h = dt/n (n = numSolverIterations, default 4; rapier.rs IntegrationParameters: "number of
 * solver substeps"), and each substep is symplectic (semi-implicit) Euler: v ← v + g·h, x ← x + v·h.
 * Under constant gravity alone, after N = n·k substeps (k steps, t = k·dt):
 *
 *   v_N = v₀ − g·h·N,   z_N = z₀ + v₀·h·N − g·h²·(1 + 2 + … + N) = z₀ + v₀·t − g·h²·N(N+1)/2
 *       = z₀ + v₀·t − ½·g·t² − ½·g·t·h,
 *
 * i.e. the exact parabola minus an O(dt) term ½·g·t·h. Horizontal motion is exact: x = x₀ + vₓ·t.
 * Rapier computes in f32 (dt itself is f32(1/60)), so the comparisons allow f32 rounding.
 */
import { describe, expect, it } from 'vitest';
import { createPhysicsWorld, GRAVITY_MPS2 } from '../../engine/physics/world';
import { layoutWith, pose } from './fixtures';

const DT = Math.fround(1 / 60);
const G = Math.fround(GRAVITY_MPS2);

/** Height after k steps from the substep sum above. */
function discreteZ(z0: number, vz0: number, k: number, substeps: number): number {
  const h = DT / substeps, N = substeps * k;
  return z0 + vz0 * h * N - (G * h * h * N * (N + 1)) / 2;
}

describe('free fall and projectile against closed forms', () => {
  it('a cuboid falling from 5 m follows the discrete symplectic-Euler sum, and ½gt² within ½gt·h', async () => {
    const world = await createPhysicsWorld(layoutWith());
    const z0 = 5;
    const part = world.spawnFreePart([0, 0, z0]);
    const n = world.substeps;
    expect(n).toBe(4);
    let worstDiscrete = 0;
    for (let k = 1; k <= 55; k++) { // z ≈ 0.8 m at k = 55: well clear of the floor
      world.step();
      const [x, y, z] = pose(world, part);
      const t = k * DT;
      worstDiscrete = Math.max(worstDiscrete, Math.abs(z - discreteZ(z0, 0, k, n)));
      const continuous = z0 - 0.5 * G * t * t;
      // The O(dt) term is exactly ½·g·t·h below the parabola …
      expect(continuous - z).toBeCloseTo(0.5 * G * t * (DT / n), 4);
      // … so the error against ½gt² stays within g·t·dt, and shrinks with dt.
      expect(Math.abs(z - continuous)).toBeLessThan(G * t * DT);
      expect(x).toBe(0);
      expect(y).toBe(0);
    }
    expect(worstDiscrete).toBeLessThan(2e-5); // f32 positions near 5 m: ulp ≈ 5e-7
    world.free();
  });

  it('a projectile launched at (3, 0, 4) m/s lands at the closed-form range', async () => {
    const world = await createPhysicsWorld(layoutWith());
    const [z0, vx, vz] = [1, 3, 4];
    const part = world.spawnFreePart([0, 0, z0], [vx, 0, vz]);
    const n = world.substeps, h = DT / n;
    let prev = pose(world, part);
    let range = NaN;
    for (let k = 1; k < 200 && Number.isNaN(range); k++) {
      world.step();
      const now = pose(world, part);
      expect(now[0]).toBeCloseTo(vx * k * DT, 4);
      expect(now[2]).toBeCloseTo(discreteZ(z0, vz, k, n), 4);
      if (k > 1 && now[2] < z0 && prev[2] >= z0) {
        // Back at launch height between steps k−1 and k: interpolate x at the crossing.
        const f = (prev[2] - z0) / (prev[2] - now[2]);
        range = prev[0] + f * (now[0] - prev[0]);
      }
      prev = now;
    }
    // Discrete flight time: z₀ + vz·h·N − g·h²·N(N+1)/2 = z₀ ⇔ N = 2vz/(g·h) − 1, t = 2vz/g − h.
    // The chord between two steps of a parabola overshoots by ≤ g·dt²/8 ≈ 3e-4 m in z.
    expect(range).toBeCloseTo(vx * ((2 * vz) / G - h), 3);
    const exact = (2 * vx * vz) / G;
    expect(Math.abs(range - exact)).toBeLessThan(vx * DT);
    world.free();
  });
});
