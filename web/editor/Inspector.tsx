/**
 * The Inspector: the fields of the selected node by its type, its links and conveyors, and its
 * place on the floor; without a selection, the scenario's settings (ScenarioPanel). Every input
 * goes through a store action (one undo step) and shows the validation issues under its JSON path.
 */
import './editor.css';
import type { Point2, Scenario, ScenarioNode, StationKind, StationNode } from '../../engine/model/types';
import { formatPath } from '../../engine/model/paths';
import { DEFAULT_FOOTPRINTS } from '../../engine/model/layout-schema';
import { documentStore, type DocumentStore, type PathSegment, type RouteRule } from '../state/document';
import { freeSpot } from '../state/document-ops';
import { idProblem } from './ids';
import { DistributionEditor } from './DistributionEditor';
import { CheckboxField, IssueList, NumberField, Section, SelectField, TextField } from './fields';
import { ScenarioPanel } from './ScenarioPanel';

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

function SourceFields({ store, index }: { store: DocumentStore; index: number }) {
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

const KIND_OPTIONS: { value: StationKind; label: string }[] = [
  { value: 'machine', label: 'Machine' },
  { value: 'manual', label: 'Manual (needs operators)' },
  { value: 'robot', label: 'Robot' },
];

function StationFields({ store, index }: { store: DocumentStore; index: number }) {
  const doc = store.document.value;
  const node = doc.nodes[index] as StationNode;
  const id = node.id;
  const path = (...more: PathSegment[]) => ['nodes', index, ...more];
  const at = (...more: PathSegment[]) => store.issuesAt(formatPath(path(...more)));
  const set = (p: PathSegment[], value: unknown) => store.setNodeField(id, p, value);
  const reworkTargets = doc.nodes.filter((n) => n.type === 'buffer' || n.type === 'station').map((n) => n.id);
  const pools = doc.workers ?? [];
  const calendars = Object.keys(doc.calendars ?? {});
  const failures = Array.isArray(node.failures) ? node.failures : [];
  return (
    <>
      <Section title="Station">
        <div class="ed-grid">
          <SelectField
            label="Kind"
            value={node.kind ?? 'machine'}
            options={KIND_OPTIONS}
            testId="station-kind"
            issues={at('kind')}
            onChange={(v) => set(['kind'], v)}
          />
          <NumberField
            label="Servers"
            value={node.capacity}
            optional
            placeholder="1"
            testId="station-capacity"
            issues={at('capacity')}
            onCommit={(v) => set(['capacity'], v)}
          />
          <NumberField
            label="Ideal cycle"
            unit="s"
            value={node.idealCycleSeconds}
            optional
            placeholder="cycle mean"
            issues={at('idealCycleSeconds')}
            onCommit={(v) => set(['idealCycleSeconds'], v)}
          />
          <NumberField
            label="Scrap"
            unit="probability"
            value={node.scrap}
            optional
            placeholder="0"
            testId="station-scrap"
            issues={at('scrap')}
            onCommit={(v) => set(['scrap'], v)}
          />
        </div>
        <DistributionEditor
          store={store}
          label="Cycle time"
          value={node.cycle}
          path={path('cycle')}
          testId="station-cycle"
          onChange={(d) => set(['cycle'], d)}
        />
        <DistributionEditor
          store={store}
          label="Setup (changeover between products)"
          value={node.setup}
          path={path('setup')}
          noneLabel="none"
          onChange={(d) => set(['setup'], d)}
        />
        <SelectField
          label="Calendar"
          value={node.calendar ?? ''}
          options={[{ value: '', label: 'always on shift' }, ...calendars.map((c) => ({ value: c, label: c }))]}
          testId="station-calendar"
          issues={at('calendar')}
          onChange={(v) => set(['calendar'], v === '' ? undefined : v)}
        />
      </Section>

      <Section title="Rework" issues={store.issuesAt(formatPath(path('rework')), { exact: true })}>
        <CheckboxField
          label="Send some finished parts back for rework"
          checked={node.rework !== undefined}
          onChange={(on) => set(['rework'], on ? { probability: 0.05, to: reworkTargets.find((t) => t !== id) ?? id } : undefined)}
        />
        {node.rework && (
          <div class="ed-grid">
            <NumberField
              label="Probability"
              value={node.rework.probability}
              issues={at('rework', 'probability')}
              onCommit={(v) => set(['rework', 'probability'], v)}
            />
            <SelectField
              label="Back to"
              value={node.rework.to}
              options={reworkTargets.map((t) => ({ value: t, label: t }))}
              issues={at('rework', 'to')}
              onChange={(v) => set(['rework', 'to'], v)}
            />
          </div>
        )}
      </Section>

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
    </>
  );
}

const ROUTE_OPTIONS: { value: RouteRule; label: string }[] = [
  { value: 'firstAvailable', label: 'First available (default)' },
  { value: 'roundRobin', label: 'Round robin' },
  { value: 'probability', label: 'By probability' },
];

function RouteFields({ store, index }: { store: DocumentStore; index: number }) {
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

function isPlaced(doc: Scenario, id: string): boolean {
  return !!doc.layout?.nodes && Object.hasOwn(doc.layout.nodes, id);
}

function LinkFields({ store, index }: { store: DocumentStore; index: number }) {
  const doc = store.document.value;
  const id = doc.nodes[index].id;
  const conveyors = doc.layout?.conveyors ?? [];
  const rows = doc.links
    .map((link, k) => ({ link, k }))
    .filter(({ link }) => link[0] === id || link[1] === id);
  return (
    <Section title={`Links (${rows.length})`} testId="node-links">
      {rows.length === 0 && <p class="ed-hint">No links yet: use Connect in the palette.</p>}
      <ul class="ed-links">
        {rows.map(({ link: [from, to], k }) => {
          const out = from === id;
          const other = out ? to : from;
          const ci = conveyors.findIndex((c) => c.from === from && c.to === to);
          const conveyor = ci >= 0 ? conveyors[ci] : undefined;
          const cpath = (...more: PathSegment[]) => formatPath(['layout', 'conveyors', ci, ...more]);
          const canBelt = isPlaced(doc, from) && isPlaced(doc, to);
          return (
            <li key={`${k}:${from}:${to}`} class="ed-link">
              <div class="ed-link-row">
                <span class="ed-link-dir" aria-hidden="true">
                  {out ? '→' : '←'}
                </span>
                <button type="button" class="ed-linklike" onClick={() => store.select(other)} title={`Select ${other}`}>
                  {other}
                </button>
                <span class="ed-muted">{out ? 'out' : 'in'}{conveyor ? ', conveyor' : ''}</span>
                <span class="ed-spacer" />
                {!conveyor && canBelt && (
                  <button type="button" class="button quiet ed-small" onClick={() => store.addConveyor(from, to)}>
                    Add conveyor
                  </button>
                )}
                <button
                  type="button"
                  class="button quiet ed-small"
                  aria-label={`Disconnect ${from} → ${to}`}
                  onClick={() => store.disconnect(from, to)}
                >
                  Disconnect
                </button>
              </div>
              <IssueList issues={store.issuesAt(formatPath(['links', k]))} />
              {conveyor && (
                <details class="ed-conveyor">
                  <summary>
                    Conveyor <span class="ed-id">{conveyor.id}</span>
                  </summary>
                  <div class="ed-grid">
                    <NumberField
                      label="Width"
                      unit="m"
                      value={conveyor.width}
                      issues={store.issuesAt(cpath('width'))}
                      onCommit={(v) => store.setConveyorField(conveyor.id, ['width'], v)}
                    />
                    <NumberField
                      label="Speed"
                      unit="m/s"
                      value={conveyor.speedMetersPerSecond}
                      issues={store.issuesAt(cpath('speedMetersPerSecond'))}
                      onCommit={(v) => store.setConveyorField(conveyor.id, ['speedMetersPerSecond'], v)}
                    />
                    <NumberField
                      label="Part spacing"
                      unit="m"
                      value={conveyor.partSpacing}
                      optional
                      placeholder="part length"
                      issues={store.issuesAt(cpath('partSpacing'))}
                      onCommit={(v) => store.setConveyorField(conveyor.id, ['partSpacing'], v)}
                    />
                    <CheckboxField
                      label="Accumulating"
                      checked={conveyor.accumulating === true}
                      issues={store.issuesAt(cpath('accumulating'))}
                      onChange={(v) => store.setConveyorField(conveyor.id, ['accumulating'], v)}
                    />
                  </div>
                  {conveyor.path && <p class="ed-hint">Bent belt: {conveyor.path.length} points (ends follow the nodes).</p>}
                  <button type="button" class="button quiet ed-small" onClick={() => store.removeConveyor(conveyor.id)}>
                    Remove conveyor (keep the link)
                  </button>
                </details>
              )}
              {conveyor && (
                <IssueList
                  issues={store.issuesAt(cpath()).filter((i) => !/\.(width|speedMetersPerSecond|partSpacing|accumulating)$/.test(i.path))}
                />
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

function defaultFootprint(node: ScenarioNode): readonly [number, number] | null {
  return node.type === 'station' ? DEFAULT_FOOTPRINTS[node.kind ?? 'machine'] ?? null : null;
}

function PlacementFields({ store, index }: { store: DocumentStore; index: number }) {
  const doc = store.document.value;
  const node = doc.nodes[index];
  const id = node.id;
  const lp = (...more: PathSegment[]) => formatPath(['layout', 'nodes', id, ...more]);
  if (!isPlaced(doc, id)) {
    return (
      <Section title="On the floor" testId="node-placement">
        <p class="ed-hint">Not placed: the physics twin has no body for it.</p>
        <button
          type="button"
          class="button ed-small"
          onClick={() => store.moveNode(id, freeSpot(doc, node.type === 'station' ? 'station' : 'buffer', store.gridM.value))}
        >
          Place on the floor
        </button>
      </Section>
    );
  }
  const p = doc.layout!.nodes![id];
  const position: Point2 = Array.isArray(p.position) ? p.position : [0, 0];
  const fallback = defaultFootprint(node);
  const fp = p.footprint;
  const setFp = (i: 0 | 1, v: number | undefined) => {
    if (v === undefined) return store.setFootprint(id, undefined);
    const base = fp ?? fallback ?? [v, v];
    const next: [number, number] = [base[0], base[1]];
    next[i] = v;
    return store.setFootprint(id, next);
  };
  const robots = (doc.layout?.robots ?? []).map((r, i) => ({ r, i })).filter(({ r }) => r.station === id);
  return (
    <Section title="On the floor" testId="node-placement" issues={store.issuesAt(lp(), { exact: true })}>
      <div class="ed-grid">
        <NumberField
          label="X"
          unit="m"
          value={position[0]}
          testId="placement-x"
          issues={store.issuesAt(lp('position'))}
          onCommit={(v) => v !== undefined && store.moveNode(id, [v, position[1]], { snap: false })}
        />
        <NumberField
          label="Y"
          unit="m"
          value={position[1]}
          testId="placement-y"
          onCommit={(v) => v !== undefined && store.moveNode(id, [position[0], v], { snap: false })}
        />
        <NumberField
          label="Heading"
          unit="°"
          value={p.heading}
          testId="placement-heading"
          issues={store.issuesAt(lp('heading'))}
          onCommit={(v) => v !== undefined && store.rotateNode(id, v, { snap: false })}
        />
        <NumberField
          label="Length"
          unit="m"
          value={fp?.[0]}
          optional
          placeholder={fallback ? String(fallback[0]) : 'point'}
          issues={store.issuesAt(lp('footprint'))}
          onCommit={(v) => setFp(0, v)}
        />
        <NumberField
          label="Width"
          unit="m"
          value={fp?.[1]}
          optional
          placeholder={fallback ? String(fallback[1]) : 'point'}
          onCommit={(v) => setFp(1, v)}
        />
      </div>
      <div class="ed-row">
        <button type="button" class="button quiet ed-small" onClick={() => store.turnNode(id, 90)}>
          Turn 90°
        </button>
        <button type="button" class="button quiet ed-small" onClick={() => store.unplaceNode(id)}>
          Take off the floor
        </button>
      </div>
      {robots.length > 0 && (
        <ul class="ed-robots" aria-label="Robots at this station">
          {robots.map(({ r, i }) => (
            <li key={r.id}>
              Robot <span class="ed-id">{r.id}</span> <span class="ed-muted">{r.urdf}</span>
              <IssueList issues={store.issuesAt(formatPath(['layout', 'robots', i]))} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

