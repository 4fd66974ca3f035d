import type { Estimate, SimulateReport } from './report';

/** The simulate report as a plain-text summary for a terminal. */
export function formatReportText(r: SimulateReport): string {
  const pm = (e: Estimate, digits: number) =>
    `${e.mean.toFixed(digits)}${e.ci95 === null ? '' : ` ± ${e.ci95.toFixed(digits)}`}`;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `${r.name}: ${r.replications} replications × ${r.lengthSeconds} s (warm-up ${r.warmupSeconds} s), seed ${r.seed}`,
    `throughput   ${pm(r.throughputPerHour, 2)} parts/h (95% CI)`,
    `line OEE     ${pm(r.oee, 4)}  (A ${pct(r.oee.availability)}, P ${pct(r.oee.performance)}, Q ${pct(r.oee.quality)})`,
    `WIP          ${pm(r.wip, 2)} parts;  lead time ${pm(r.leadTimeSeconds, 1)} s`,
    `bottleneck   ${r.bottleneck ?? '-'}`,
    '',
    'station         OEE   working starved blocked  failed   setup waitOp offShift (s, mean per replication)',
  ];
  for (const s of r.stations) {
    const t = s.stateSeconds;
    const cols = [t.working, t.starved, t.blocked, t.failed, t.setup, t.waitingOperator, t.offShift];
    lines.push(`${s.id.padEnd(12)} ${s.oee.toFixed(3).padStart(6)} ${cols.map((c) => c.toFixed(0).padStart(7)).join(' ')}`);
  }
  lines.push('', `${r.events} events in ${r.wallSeconds.toFixed(3)} s`);
  return lines.join('\n') + '\n';
}
