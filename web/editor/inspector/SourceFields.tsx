/** The Inspector's section of a source: time between arrivals and the product mix. */
import type { ScenarioNode } from '../../../engine/model/types';
import { formatPath } from '../../../engine/model/paths';
import type { DocumentStore, PathSegment } from '../../state/document';
import { DistributionEditor } from '../DistributionEditor';
import { IssueList, NumberField, Section } from '../fields';

export function SourceFields({ store, index }: { store: DocumentStore; index: number }) {
  const doc = store.document.value;
  const node = doc.nodes[index] as Extract<ScenarioNode, { type: 'source' }>;
  const products = doc.products?.length ? doc.products.map((p) => p.id) : ['part'];
  const mix = node.productMix ?? {};
  const path = (...more: PathSegment[]) => ['nodes', index, ...more];
  return (
    <Section title="Source">
      <DistributionEditor
        store={store}
        label="Time between arrivals"
        value={node.interarrival}
        path={path('interarrival')}
        noneLabel="none (saturated: a part is always ready)"
        testId="source-interarrival"
        onChange={(d) => store.setNodeField(node.id, ['interarrival'], d)}
      />
      <fieldset class="ed-sub">
        <legend>Product mix (relative weights; empty: the first product only)</legend>
        <div class="ed-grid">
          {products.map((p) => (
            <NumberField
              key={p}
              label={p}
              value={Object.hasOwn(mix, p) ? mix[p] : undefined}
              optional
              issues={store.issuesAt(formatPath(path('productMix', p)))}
              onCommit={(v) => {
                const others = Object.keys(mix).filter((k) => k !== p);
                if (v === undefined && others.length === 0) store.setNodeField(node.id, ['productMix'], undefined);
                else store.setNodeField(node.id, ['productMix', p], v);
              }}
            />
          ))}
        </div>
        <IssueList issues={store.issuesAt(formatPath(path('productMix')), { exact: true })} />
      </fieldset>
    </Section>
  );
}
