/** KPIs of the live replication (replicationKpis of its running record), updated every frame. */
import { frame, scene } from '../state/twin';
import { formatClock, formatNumber, formatPercent } from './format';
import { KpiTile } from './KpiTile';
import { StateChip } from './StateChip';

export function LiveKpis() {
  const f = frame.value;
  const info = scene.value;
  // Statistics count from the end of the warm-up (the engine resets them there).
  const warming = f !== null && f.timeSeconds < f.warmupSeconds;
  const k = warming ? undefined : f?.kpis;
  const stationIndex = new Map(info?.nodes.map((n, i) => [n.id, i]) ?? []);
  return (
    <section class="card kpi-card" aria-labelledby="live-heading" data-testid="live-kpis">
      <div class="card-head">
        <h2 id="live-heading">Live KPIs</h2>
        <span class="muted small">
          replication 1 · t = <span data-testid="kpi-time">{formatClock(f?.timeSeconds ?? 0)}</span>
          {f && f.warmupSeconds > 0 ? ` · warm-up ${formatClock(f.warmupSeconds)}` : ''}
        </span>
      </div>
      {warming && (
        <p class="note" data-testid="warmup-note">
          Warm-up: statistics start at {formatClock(f.warmupSeconds)} of simulated time.
        </p>
      )}
      <div class="tiles">
        <KpiTile label="Throughput" value={k ? formatNumber(k.throughputPerHour, 1) : '—'} unit="parts/h" testId="kpi-throughput" />
        <KpiTile
          label="Line OEE"
          value={k ? formatPercent(k.line.oee) : '—'}
          testId="kpi-oee"
          detail={
            k && (
              <span class="apq">
                <span>
                  A <span data-testid="kpi-availability">{formatPercent(k.line.availability)}</span>
                </span>
                <span>
                  P <span data-testid="kpi-performance">{formatPercent(k.line.performance)}</span>
                </span>
                <span>
                  Q <span data-testid="kpi-quality">{formatPercent(k.line.quality)}</span>
                </span>
              </span>
            )
          }
        />
        <KpiTile
          label="WIP"
          value={k ? formatNumber(k.wip, 1) : '—'}
          unit="parts"
          testId="kpi-wip"
          detail={
            k && (
              <>
                lead time <span data-testid="kpi-lead-time">{formatNumber(k.leadTimeSeconds, 0)}</span> s
              </>
            )
          }
        />
      </div>
      <div class="table-scroll">
        <table class="data" data-testid="station-table">
          <caption class="visually-hidden">Stations of the live replication</caption>
          <thead>
            <tr>
              <th scope="col">Station</th>
              <th scope="col">State</th>
              <th scope="col" class="num">OEE</th>
              <th scope="col" class="num">Avail.</th>
              <th scope="col" class="num">Produced</th>
            </tr>
          </thead>
          <tbody>
            {(f?.kpis.stations ?? []).map((s, i) => {
              const node = stationIndex.get(s.id);
              const code = f && node !== undefined ? f.nodeStates[node] : -1;
              return (
                <tr key={s.id} data-testid={`station-row-${s.id}`} class={f && i === f.kpis.constraint ? 'constraint' : undefined}>
                  <th scope="row">
                    {s.id}
                    {f && i === f.kpis.constraint && (
                      <span class="tag" title="Reference station of the line OEE (largest ideal cycle time)">
                        constraint
                      </span>
                    )}
                  </th>
                  <td>
                    <StateChip code={code} />
                  </td>
                  <td class="num">{k ? formatPercent(s.oee) : '—'}</td>
                  <td class="num">{k ? formatPercent(s.availability) : '—'}</td>
                  <td class="num">{k ? formatNumber(s.produced, 0) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
