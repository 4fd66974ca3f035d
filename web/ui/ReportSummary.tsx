/** The replications report: line KPIs with 95% confidence half-widths, per-station state times. */
import type { SimulateReport } from '../../workers/simulation-api';
import { formatEstimate, formatNumber, formatPercent, formatSeconds } from './format';
import { KpiTile } from './KpiTile';
import { STATE_LABELS, STATE_NAMES, STATE_SHORT, stateFill } from './states';

function StateBar({ seconds }: { seconds: Record<(typeof STATE_NAMES)[number], number> }) {
  const total = STATE_NAMES.reduce((a, n) => a + seconds[n], 0);
  return (
    <div class="state-bar" aria-hidden="true">
      {total > 0 &&
        STATE_NAMES.map((n) =>
          seconds[n] > 0 ? (
            <span key={n} style={{ width: `${((seconds[n] / total) * 100).toFixed(3)}%`, background: stateFill(n) }} title={STATE_LABELS[n]} />
          ) : null,
        )}
    </div>
  );
}

export function ReportSummary({ report }: { report: SimulateReport }) {
  const pct = (x: number) => formatPercent(x);
  const num1 = (x: number) => formatNumber(x, 1);
  return (
    <div class="report" data-testid="report-summary">
      <p class="muted small">
        {report.replications} replication{report.replications === 1 ? '' : 's'} × {formatSeconds(report.lengthSeconds)} s
        {report.warmupSeconds > 0 ? ` (warm-up ${formatSeconds(report.warmupSeconds)} s)` : ''}, seed {report.seed} ·{' '}
        {formatNumber(report.events, 0)} events in {formatNumber(report.wallSeconds, 2)} s · ± is the 95% confidence half-width
      </p>
      <div class="tiles report-tiles">
        <KpiTile label="Throughput, parts/h" value={formatEstimate(report.throughputPerHour, num1)} testId="report-throughput" />
        <KpiTile
          label="Line OEE"
          value={formatEstimate(report.oee, pct)}
          testId="report-oee"
          detail={`A ${pct(report.oee.availability)} · P ${pct(report.oee.performance)} · Q ${pct(report.oee.quality)}`}
        />
        <KpiTile label="WIP, parts" value={formatEstimate(report.wip, num1)} testId="report-wip" />
        <KpiTile label="Bottleneck" value={report.bottleneck ?? '—'} testId="report-bottleneck" />
      </div>
      <div class="table-scroll">
        <table class="data compact" data-testid="report-stations">
          <caption class="visually-hidden">Mean state seconds per station and replication</caption>
          <thead>
            <tr>
              <th scope="col">Station</th>
              <th scope="col" class="num">OEE</th>
              <th scope="col">States</th>
              {STATE_NAMES.map((n) => (
                <th scope="col" class="num" key={n} title={`${STATE_LABELS[n]}, seconds`}>
                  <span class="swatch" style={{ background: stateFill(n) }} aria-hidden="true" />
                  {STATE_SHORT[n]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.stations.map((s) => (
              <tr key={s.id} data-testid={`report-row-${s.id}`}>
                <th scope="row">{s.id}</th>
                <td class="num">{pct(s.oee)}</td>
                <td>
                  <StateBar seconds={s.stateSeconds} />
                </td>
                {STATE_NAMES.map((n) => (
                  <td class="num" key={n}>
                    {formatSeconds(s.stateSeconds[n])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
