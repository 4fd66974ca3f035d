/** The Inspector's section of a node's links: each link in or out, and the conveyor that carries it. */
import { formatPath } from '../../../engine/model/paths';
import type { DocumentStore, PathSegment } from '../../state/document';
import { CheckboxField, IssueList, NumberField, Section } from '../fields';
import { isPlaced } from './PlacementFields';

export function LinkFields({ store, index }: { store: DocumentStore; index: number }) {
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
