/** Runs the scene's replications in the worker and shows the report, as `twin simulate --json`. */
import type { Signal } from '@preact/signals';
import { batch, hasLayout, loading, modelLayout, replications, runReplications, scene, seed } from '../state/twin';
import { syncPending } from '../state/session';
import { ReportSummary } from './ReportSummary';

/** A labelled whole-number input bound to a signal. */
function IntegerField(props: { label: string; testId: string; min: number; max: number; value: Signal<number> }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={1}
        required
        value={String(props.value.value)}
        onInput={(e) => (props.value.value = Number((e.currentTarget as HTMLInputElement).value))}
      />
    </label>
  );
}

export function ReplicationsPanel() {
  const b = batch.value;
  // An edit on its way to the workers, or a scene loading: the experiment waits for it.
  const ready = scene.value !== null && !loading.value && !syncPending.value;
  const valid = Number.isInteger(replications.value) && replications.value >= 1 && Number.isInteger(seed.value) && seed.value >= 0;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (valid && !b.running) void runReplications();
  };
  return (
    <section class="card report-card" aria-labelledby="replications-heading">
      <div class="card-head">
        <h2 id="replications-heading">Experiment</h2>
      </div>
      <form class="run-form" onSubmit={onSubmit}>
        <IntegerField label="Replications" testId="replications" min={1} max={100000} value={replications} />
        <IntegerField label="Seed" testId="seed" min={0} max={4294967295} value={seed} />
        {hasLayout.value && (
          <label class="field checkbox-field">
            <input
              type="checkbox"
              data-testid="model-layout"
              checked={modelLayout.value}
              onChange={(e) => (modelLayout.value = (e.currentTarget as HTMLInputElement).checked)}
            />
            <span>Model the layout (belts, walking), as the physics twin does</span>
          </label>
        )}
        <button type="submit" class="button primary" data-testid="run-replications" disabled={!ready || !valid || b.running}>
          {b.running ? 'Running…' : 'Run replications'}
        </button>
        <div class="batch-status" role="status" data-testid="batch-status">
          {b.running ? (
            <>
              <progress max={Math.max(1, b.total)} value={b.done} aria-label="Replications done" /> {b.done}/{b.total}
            </>
          ) : b.report ? (
            'Done'
          ) : (
            ''
          )}
        </div>
      </form>
      {b.error && (
        <p class="alert inline-alert" role="alert" data-testid="batch-error">
          {b.error}
        </p>
      )}
      {b.report ? (
        <>
          <ReportSummary report={b.report} />
          <details class="json" open>
            <summary>
              Report JSON{' '}
              <span class="muted small">
                (what <code>npm run -s twin -- simulate FILE{b.layout ? ' --layout' : ''} --json</code> prints)
              </span>
            </summary>
            <pre data-testid="report-json" tabIndex={0}>
              {b.json}
            </pre>
          </details>
        </>
      ) : (
        !b.running && (
          <p class="muted">
            Runs whole replications of the scenario in the background (the same computation as the command line) and
            reports throughput and OEE with 95% confidence intervals.
          </p>
        )
      )}
    </section>
  );
}
