/** Small helpers shared by benchmarks: medians over repeated timed runs, heap after GC. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of `body` in seconds, `runs` times. */
export function timeRuns(runs: number, body: () => void): number[] {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    body();
    times.push((performance.now() - t0) / 1000);
  }
  return times;
}

/** Heap used after a full collection (needs node --expose-gc; NaN without it). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return NaN;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
