/** The Inspector's section of a node's place on the floor: position, heading, footprint, robots there. */
import type { Point2, Scenario, ScenarioNode } from '../../../engine/model/types';
import { formatPath } from '../../../engine/model/paths';
import { DEFAULT_FOOTPRINTS } from '../../../engine/model/layout-schema';
import type { DocumentStore, PathSegment } from '../../state/document';
import { freeSpot } from '../../state/document-ops';
import { IssueList, NumberField, Section } from '../fields';

/** Whether node `id` has a placement (the physics twin gives only placed nodes a body). */
export function isPlaced(doc: Scenario, id: string): boolean {
  return !!doc.layout?.nodes && Object.hasOwn(doc.layout.nodes, id);
}

function defaultFootprint(node: ScenarioNode): readonly [number, number] | null {
  return node.type === 'station' ? DEFAULT_FOOTPRINTS[node.kind ?? 'machine'] ?? null : null;
}

export function PlacementFields({ store, index }: { store: DocumentStore; index: number }) {
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
