/** The Inspector's section of a station's operators: whether each job needs some, from which pools, how many. */
import { formatPath } from '../../../engine/model/paths';
import type { DocumentStore } from '../../state/document';
import { CheckboxField, IssueList, NumberField, Section } from '../fields';
import { stationFields } from './node-fields';

export function OperatorFields({ store, index }: { store: DocumentStore; index: number }) {
  const { doc, node, path, at, set } = stationFields(store, index);
  const pools = doc.workers ?? [];
  return (
    <Section title="Operators" issues={store.issuesAt(formatPath(path('operators')), { exact: true })}>
      <CheckboxField
        label="Each job needs operators"
        checked={node.operators !== undefined}
        testId="station-needs-operators"
        onChange={(on) => set(['operators'], on ? { pools: pools.length ? [pools[0].id] : [] } : undefined)}
      />
      {node.operators && (
        <>
          {pools.length === 0 && <p class="ed-hint">Add a worker pool in the scenario settings first.</p>}
          <div class="ed-checks" role="group" aria-label="Pools, tried in order">
            {pools.map((p) => {
              const list = Array.isArray(node.operators!.pools) ? node.operators!.pools : [];
              const on = list.includes(p.id);
              return (
                <CheckboxField
                  key={p.id}
                  label={`${p.id} (${p.kind}, ${p.count})`}
                  checked={on}
                  onChange={(checked) => set(['operators', 'pools'], checked ? [...list, p.id] : list.filter((x) => x !== p.id))}
                />
              );
            })}
          </div>
          <IssueList issues={at('operators', 'pools')} />
          <NumberField
            label="Operators per job"
            value={node.operators.count}
            optional
            placeholder="1"
            issues={at('operators', 'count')}
            onCommit={(v) => set(['operators', 'count'], v)}
          />
        </>
      )}
    </Section>
  );
}
