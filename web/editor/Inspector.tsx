/**
 * The Inspector: the fields of the selected node by its type, its links and conveyors, and its
 * place on the floor; without a selection, the scenario's settings (ScenarioPanel). Every input
 * goes through a store action (one undo step) and shows the validation issues under its JSON path.
 *
 * This module has the panel, the node's identity and a buffer's one field; each other section is a
 * module of its own under inspector/ (source, station with its failures and operators, route,
 * links and conveyors, placement), so a section reads on its own and none of them grows the panel.
 */
import './editor.css';
import type { ScenarioNode } from '../../engine/model/types';
import { formatPath } from '../../engine/model/paths';
import { documentStore, type DocumentStore, type PathSegment } from '../state/document';
import { idProblem } from './ids';
import { IssueList, NumberField, Section, TextField } from './fields';
import { ScenarioPanel } from './ScenarioPanel';
import { LinkFields } from './inspector/LinkFields';
import { PlacementFields } from './inspector/PlacementFields';
import { RouteFields } from './inspector/RouteFields';
import { SourceFields } from './inspector/SourceFields';
import { StationFields } from './inspector/StationFields';

export interface InspectorProps {
  store?: DocumentStore;
}

export const TYPE_LABELS: Readonly<Record<ScenarioNode['type'], string>> = {
  source: 'Source',
  buffer: 'Buffer',
  station: 'Station',
  sink: 'Sink',
};

export function Inspector({ store = documentStore }: InspectorProps) {
  const doc = store.document.value;
  const id = store.selectedNodeId.value;
  const index = id === null ? -1 : doc.nodes.findIndex((n) => n.id === id);
  return (
    <section class="ed-panel ed-inspector" aria-label="Inspector" data-testid="inspector">
      {index < 0 ? (
        <>
          <p class="ed-hint">Select a node to edit it. Scenario settings:</p>
          <ScenarioPanel store={store} />
        </>
      ) : (
        // Keyed by id: a field's unsaved text never carries over to another node.
        <NodeInspector key={id} store={store} index={index} />
      )}
    </section>
  );
}

function NodeInspector({ store, index }: { store: DocumentStore; index: number }) {
  const doc = store.document.value;
  const node = doc.nodes[index];
  const id = node.id;
  const np = (...more: PathSegment[]) => formatPath(['nodes', index, ...more]);
  const at = (...more: PathSegment[]) => store.issuesAt(np(...more));
  const set = (path: PathSegment[], value: unknown) => store.setNodeField(id, path, value);
  return (
    <div class="ed-node" data-testid="node-inspector">
      <div class="ed-head">
        <h2 class="ed-title">
          {TYPE_LABELS[node.type] ?? String(node.type)} <span class="ed-id">{id}</span>
        </h2>
        <button type="button" class="button quiet ed-small" onClick={() => store.select(null)}>
          Close
        </button>
      </div>
      <IssueList issues={store.issuesAt(np(), { exact: true })} />

      <Section title="Identity">
        <div class="ed-grid">
          <TextField
            label="Id"
            value={id}
            testId="node-id"
            issues={at('id')}
            check={(text) => (text === id ? null : idProblem(text, (x) => doc.nodes.some((n) => n.id === x)))}
            onCommit={(v) => v !== undefined && store.renameNode(id, v)}
          />
          <TextField label="Name" value={node.name} optional testId="node-name" issues={at('name')} onCommit={(v) => set(['name'], v)} />
        </div>
      </Section>

      {node.type === 'source' && <SourceFields store={store} index={index} />}
      {node.type === 'buffer' && (
        <Section title="Buffer">
          <NumberField
            label="Capacity"
            unit="places"
            value={node.capacity}
            optional
            placeholder="unbounded"
            testId="buffer-capacity"
            issues={at('capacity')}
            onCommit={(v) => set(['capacity'], v)}
          />
        </Section>
      )}
      {node.type === 'station' && <StationFields store={store} index={index} />}
      <RouteFields store={store} index={index} />
      <LinkFields store={store} index={index} />
      <PlacementFields store={store} index={index} />

      <div class="ed-danger-row">
        <button type="button" class="button ed-danger" data-testid="delete-node" onClick={() => store.removeNode(id)}>
          Delete {TYPE_LABELS[node.type]?.toLowerCase() ?? 'node'}
        </button>
      </div>
    </div>
  );
}
