/** The Inspector's section of a node's route: how it chooses among its outgoing links. */
import { formatPath } from '../../../engine/model/paths';
import type { DocumentStore, PathSegment, RouteRule } from '../../state/document';
import { IssueList, NumberField, Section, SelectField } from '../fields';

const ROUTE_OPTIONS: { value: RouteRule; label: string }[] = [
  { value: 'firstAvailable', label: 'First available (default)' },
  { value: 'roundRobin', label: 'Round robin' },
  { value: 'probability', label: 'By probability' },
];

export function RouteFields({ store, index }: { store: DocumentStore; index: number }) {
  const doc = store.document.value;
  const node = doc.nodes[index];
  const targets = doc.links.filter(([a]) => a === node.id).map(([, b]) => b);
  if (targets.length < 2 && !node.route) return null;
  const route = node.route;
  const rule = route?.rule ?? 'firstAvailable';
  const path = (...more: PathSegment[]) => formatPath(['nodes', index, 'route', ...more]);
  const weights = route?.rule === 'probability' && route.weights ? route.weights : {};
  return (
    <Section title="Route" issues={store.issuesAt(path(), { exact: true })}>
      <SelectField
        label="Choose the next node"
        value={rule}
        options={ROUTE_OPTIONS}
        testId="route-rule"
        issues={store.issuesAt(path('rule'))}
        onChange={(v) => store.setRoute(node.id, v as RouteRule)}
      />
      {route?.rule === 'probability' && (
        <div class="ed-grid">
          {[...new Set([...targets, ...Object.keys(weights)])].map((t) => (
            <NumberField
              key={t}
              label={`Weight → ${t}`}
              value={Object.hasOwn(weights, t) ? weights[t] : undefined}
              optional
              issues={store.issuesAt(path('weights', t))}
              onCommit={(v) => store.setNodeField(node.id, ['route', 'weights', t], v)}
            />
          ))}
        </div>
      )}
      <IssueList issues={store.issuesAt(path('weights'), { exact: true })} />
    </Section>
  );
}
