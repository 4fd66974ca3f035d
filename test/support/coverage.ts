/**
 * Coverage checks for analytic tests: the 95% confidence interval over replications must cover
 * the exact value, under at least two of three independent seeds (see test/line/analytic.test.ts).
 */
import { expect } from 'vitest';
import { summarize } from '../../engine/experiments/stats';
import type { RunOverrides } from '../../engine/model/compile';
import type { Scenario } from '../../engine/model/types';
import { runRows, type RunRow } from './scenarios';

const SEEDS = [1, 2, 3];

/**
 * Runs `s` under each seed; every interval must be sharp (half-width below maxRelativeHalfWidth
 * of the exact value) and at least two must cover it. Little's law is checked on every run.
 */
export function expectCovered(
  s: Scenario,
  estimate: (r: RunRow) => number,
  exact: number,
  maxRelativeHalfWidth: number,
  overrides: RunOverrides = {},
): void {
  const misses: string[] = [];
  for (const seed of SEEDS) {
    const rows = runRows({ ...s, run: { ...s.run, seed } }, overrides);
    expectLittle(rows);
    const sum = summarize(rows.map(estimate));
    expect(sum.ci95).not.toBeNull();
    // A wide interval would cover anything: the test must be sharp enough to fail.
    expect(sum.ci95!).toBeLessThan(maxRelativeHalfWidth * Math.abs(exact));
    if (Math.abs(sum.mean - exact) > sum.ci95!) misses.push(`seed ${seed}: ${sum.mean} ± ${sum.ci95}`);
  }
  expect(misses.length, `exact ${exact}; missed by ${misses.join('; ')}`).toBeLessThanOrEqual(1);
}

/** Little's law L = λW on every replication (Little 1961), up to the run's boundary effects. */
export function expectLittle(rows: RunRow[]): void {
  for (const r of rows) {
    const lambda = r.exits / r.windowSeconds;
    const w = r.sojournSeconds / r.exits;
    expect(Math.abs(r.wip - lambda * w)).toBeLessThan(0.02 * r.wip + 0.05);
  }
}

