/** The Inspector's section of a station's failures: each one's name, ageing, time to failure and to repair. */
import { formatPath } from '../../../engine/model/paths';
import type { DocumentStore } from '../../state/document';
import { DistributionEditor } from '../DistributionEditor';
import { IssueList, Section, SelectField, TextField } from '../fields';
import { stationFields } from './node-fields';

export function FailureFields({ store, index }: { store: DocumentStore; index: number }) {
  const { node, id, path, at, set } = stationFields(store, index);
  const failures = Array.isArray(node.failures) ? node.failures : [];
  return (
    <Section
      title={`Failures (${failures.length})`}
      testId="station-failures"
      issues={store.issuesAt(formatPath(path('failures')), { exact: true })}
    >
      {failures.map((f, i) => (
        <fieldset class="ed-sub" key={i}>
          <legend>
            Failure {i + 1}
            {f.name ? `: ${f.name}` : ''}
          </legend>
          <IssueList issues={store.issuesAt(formatPath(path('failures', i)), { exact: true })} />
          <div class="ed-grid">
            <TextField label="Name" value={f.name} optional issues={at('failures', i, 'name')} onCommit={(v) => set(['failures', i, 'name'], v)} />
            <SelectField
              label="Ages"
              value={f.basis}
              options={[
                { value: 'operating', label: 'while working' },
                { value: 'calendar', label: 'always (calendar time)' },
              ]}
              issues={at('failures', i, 'basis')}
              onChange={(v) => set(['failures', i, 'basis'], v)}
            />
          </div>
          <DistributionEditor
            store={store}
            label="Time to failure"
            value={f.ttf}
            path={path('failures', i, 'ttf')}
            onChange={(d) => set(['failures', i, 'ttf'], d)}
          />
          <DistributionEditor
            store={store}
            label="Time to repair"
            value={f.ttr}
            path={path('failures', i, 'ttr')}
            onChange={(d) => set(['failures', i, 'ttr'], d)}
          />
          <button type="button" class="button quiet ed-small" onClick={() => store.removeFailure(id, i)}>
            Remove failure {i + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" class="button ed-small" data-testid="add-failure" onClick={() => store.addFailure(id)}>
        Add failure
      </button>
    </Section>
  );
}
