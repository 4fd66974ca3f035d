/**
 * The scenario's own settings: name, run (length, warm-up, replications, seed, start time), shift
 * calendars (shifts, breaks, planned downtime) and worker pools. Every edit is a store action.
 */
import './editor.css';
import type { DayPeriod } from '../../engine/model/types';
import { formatPath } from '../../engine/model/paths';
import { documentStore, type DocumentStore, type PathSegment } from '../state/document';
import { idProblem } from './ids';
import { IssueList, NumberField, Section, SelectField, TextField } from './fields';

export interface ScenarioPanelProps {
  store?: DocumentStore;
}

const TIME_HINT = 'HH:MM';

export function ScenarioPanel({ store = documentStore }: ScenarioPanelProps) {
  const doc = store.document.value;
  const at = (...path: PathSegment[]) => store.issuesAt(formatPath(path));
  const run = doc.run ?? ({} as Partial<typeof doc.run>);
  return (
    <div class="ed-scenario" data-testid="scenario-panel">
      <Section title="Scenario">
        <TextField
          label="Name"
          value={doc.name}
          testId="scenario-name"
          issues={at('name')}
          onCommit={(v) => store.setScenarioField('name', v)}
        />
        <TextField
          label="Description"
          value={doc.description}
          optional
          multiline
          issues={at('description')}
          onCommit={(v) => store.setScenarioField('description', v)}
        />
      </Section>

      <Section title="Run" issues={at('run').filter((i) => i.path === 'run')}>
        <div class="ed-grid">
          <NumberField label="Length" unit="s" value={run.lengthSeconds} testId="run-length" issues={at('run', 'lengthSeconds')} onCommit={(v) => store.setRun('lengthSeconds', v)} />
          <NumberField label="Warm-up" unit="s" value={run.warmupSeconds} testId="run-warmup" issues={at('run', 'warmupSeconds')} onCommit={(v) => store.setRun('warmupSeconds', v)} />
          <NumberField label="Replications (default)" value={run.replications} testId="scenario-replications" issues={at('run', 'replications')} onCommit={(v) => store.setRun('replications', v)} />
          <NumberField label="Seed (default)" value={run.seed} testId="scenario-seed" issues={at('run', 'seed')} onCommit={(v) => store.setRun('seed', v)} />
          <TextField
            label="Start time"
            unit={TIME_HINT}
            value={run.startTime}
            optional
            placeholder="00:00"
            issues={at('run', 'startTime')}
            onCommit={(v) => store.setRun('startTime', v)}
          />
        </div>
      </Section>

      <CalendarsSection store={store} />
      <WorkersSection store={store} />
    </div>
  );
}

function PeriodFields({ store, label, caption, period, path, onSet, onRemove, removeLabel }: {
  store: DocumentStore;
  label: string;
  /** Shown above the row (breaks and downtimes; a shift has its own legend). */
  caption?: string;
  period: DayPeriod;
  path: PathSegment[];
  onSet: (field: 'start' | 'end' | 'name', value: string | undefined) => void;
  onRemove?: () => void;
  removeLabel: string;
}) {
  const at = (k: string) => store.issuesAt(formatPath([...path, k]));
  return (
    <div class="ed-period" role="group" aria-label={label}>
      {caption && <span class="ed-period-caption">{caption}</span>}
      <TextField class="ed-time" label="Start" placeholder={TIME_HINT} value={period.start} issues={at('start')} onCommit={(v) => onSet('start', v)} />
      <TextField class="ed-time" label="End" placeholder={TIME_HINT} value={period.end} issues={at('end')} onCommit={(v) => onSet('end', v)} />
      <TextField label="Name" value={period.name} optional issues={at('name')} onCommit={(v) => onSet('name', v ?? '')} />
      {onRemove ? (
        <button type="button" class="button quiet ed-small ed-remove" aria-label={removeLabel} title={removeLabel} onClick={onRemove}>
          <span aria-hidden="true">×</span>
        </button>
      ) : (
        <span />
      )}
      <IssueList issues={store.issuesAt(formatPath(path), { exact: true })} />
    </div>
  );
}

function CalendarsSection({ store }: { store: DocumentStore }) {
  const doc = store.document.value;
  const calendars = Object.entries(doc.calendars ?? {});
  const cpath = (id: string, ...more: PathSegment[]) => ['calendars', id, ...more];
  return (
    <Section
      title={`Calendars (${calendars.length})`}
      testId="calendars"
      actions={
        <button type="button" class="button ed-small" data-testid="add-calendar" onClick={() => store.addCalendar()}>
          Add calendar
        </button>
      }
      issues={store.issuesAt('calendars', { exact: true })}
    >
      {calendars.length === 0 && <p class="ed-hint">No calendars: everything is always on shift.</p>}
      {calendars.map(([id, cal]) => {
        const shifts = Array.isArray(cal?.shifts) ? cal.shifts : [];
        const downtime = Array.isArray(cal?.plannedDowntime) ? cal.plannedDowntime : [];
        return (
          <details class="ed-calendar" key={id} open={calendars.length <= 2}>
            <summary>
              Calendar <span class="ed-id">{id}</span> <span class="ed-muted">{shifts.length} shift{shifts.length === 1 ? '' : 's'}</span>
              {store.issuesAt(formatPath(cpath(id))).length > 0 && <span class="ed-badge">{store.issuesAt(formatPath(cpath(id))).length}</span>}
            </summary>
            <TextField
              label="Id"
              value={id}
              issues={store.issuesAt(formatPath(cpath(id)), { exact: true })}
              check={(text) => (text === id ? null : idProblem(text, (x) => Object.hasOwn(doc.calendars ?? {}, x)))}
              onCommit={(v) => v !== undefined && store.renameCalendar(id, v)}
            />
            {shifts.map((s, i) => (
              <fieldset class="ed-sub" key={i}>
                <legend>Shift {i + 1}{s.name ? `: ${s.name}` : ''}</legend>
                <PeriodFields
                  store={store}
                  label={`Shift ${i + 1}`}
                  period={s}
                  path={cpath(id, 'shifts', i)}
                  onSet={(field, v) => store.setShiftField(id, i, field, v)}
                  onRemove={shifts.length > 1 ? () => store.removeShift(id, i) : undefined}
                  removeLabel={`Remove shift ${i + 1} of ${id}`}
                />
                {(s.breaks ?? []).map((b, j) => (
                  <PeriodFields
                    store={store}
                    key={j}
                    label={`Break ${j + 1}`}
                    caption={`Break ${j + 1}`}
                    period={b}
                    path={cpath(id, 'shifts', i, 'breaks', j)}
                    onSet={(field, v) => store.setCalendarField(id, ['shifts', i, 'breaks', j, field], field === 'name' && v === '' ? undefined : v)}
                    onRemove={() => store.removeBreak(id, i, j)}
                    removeLabel={`Remove break ${j + 1} of shift ${i + 1}`}
                  />
                ))}
                <IssueList issues={store.issuesAt(formatPath(cpath(id, 'shifts', i, 'breaks')), { exact: true })} />
                <button type="button" class="button quiet ed-small" onClick={() => store.addBreak(id, i)}>
                  Add break
                </button>
              </fieldset>
            ))}
            <IssueList issues={store.issuesAt(formatPath(cpath(id, 'shifts')), { exact: true })} />
            <div class="ed-row">
              <button type="button" class="button quiet ed-small" onClick={() => store.addShift(id)}>
                Add shift
              </button>
            </div>
            {downtime.length > 0 && <h3 class="ed-subtitle">Planned downtime</h3>}
            {downtime.map((d, j) => (
              <PeriodFields
                store={store}
                key={j}
                label={`Planned downtime ${j + 1}`}
                caption={`Downtime ${j + 1}`}
                period={d}
                path={cpath(id, 'plannedDowntime', j)}
                onSet={(field, v) => store.setCalendarField(id, ['plannedDowntime', j, field], field === 'name' && v === '' ? undefined : v)}
                onRemove={() => store.removeDowntime(id, j)}
                removeLabel={`Remove planned downtime ${j + 1}`}
              />
            ))}
            <div class="ed-row">
              <button type="button" class="button quiet ed-small" onClick={() => store.addDowntime(id)}>
                Add planned downtime
              </button>
              <span class="ed-spacer" />
              <button type="button" class="button quiet ed-small ed-danger" onClick={() => store.removeCalendar(id)}>
                Delete calendar
              </button>
            </div>
          </details>
        );
      })}
    </Section>
  );
}

function WorkersSection({ store }: { store: DocumentStore }) {
  const doc = store.document.value;
  const pools = doc.workers ?? [];
  const calendars = Object.keys(doc.calendars ?? {});
  return (
    <Section
      title={`Worker pools (${pools.length})`}
      testId="workers"
      actions={
        <button type="button" class="button ed-small" data-testid="add-pool" onClick={() => store.addWorkerPool()}>
          Add pool
        </button>
      }
      issues={store.issuesAt('workers', { exact: true })}
    >
      {pools.length === 0 && <p class="ed-hint">No worker pools: manual stations need one.</p>}
      {pools.map((w, i) => {
        const at = (...more: PathSegment[]) => store.issuesAt(formatPath(['workers', i, ...more]));
        return (
          <fieldset class="ed-sub" key={`${i}:${w.id}`}>
            <legend>
              Pool <span class="ed-id">{w.id}</span>
            </legend>
            <IssueList issues={store.issuesAt(formatPath(['workers', i]), { exact: true })} />
            <div class="ed-grid">
              <TextField
                label="Id"
                value={w.id}
                issues={at('id')}
                check={(text) => (text === w.id ? null : idProblem(text, (x) => pools.some((p) => p.id === x)))}
                onCommit={(v) => v !== undefined && store.renameWorkerPool(w.id, v)}
              />
              <SelectField
                label="Kind"
                value={w.kind}
                options={[
                  { value: 'human', label: 'Human' },
                  { value: 'humanoid', label: 'Humanoid' },
                ]}
                issues={at('kind')}
                onChange={(v) => store.setWorkerField(w.id, 'kind', v)}
              />
              <NumberField label="Operators" value={w.count} issues={at('count')} onCommit={(v) => store.setWorkerField(w.id, 'count', v)} />
              <SelectField
                label="Calendar"
                value={w.calendar ?? ''}
                options={[{ value: '', label: 'always on shift' }, ...calendars.map((c) => ({ value: c, label: c }))]}
                issues={at('calendar')}
                onChange={(v) => store.setWorkerField(w.id, 'calendar', v === '' ? undefined : v)}
              />
            </div>
            <button type="button" class="button quiet ed-small ed-danger" onClick={() => store.removeWorkerPool(w.id)}>
              Delete pool {w.id}
            </button>
          </fieldset>
        );
      })}
    </Section>
  );
}
