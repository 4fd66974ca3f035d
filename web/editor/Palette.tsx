/**
 * The palette: add a station, buffer, source or sink (at a free spot on the floor; the new node is
 * selected), and connect two nodes — by choosing both ends in lists, or by picking them on the
 * floor (connect mode: the 3D view calls pickNode for each click; Escape cancels).
 */
import './editor.css';
import { useId, useState } from 'preact/hooks';
import { documentStore, type AddableKind, type DocumentStore } from '../state/document';

export interface PaletteProps {
  store?: DocumentStore;
}

const ADDABLE: { kind: AddableKind; label: string; hint: string }[] = [
  { kind: 'station', label: 'Station', hint: 'a machine that processes one part per server' },
  { kind: 'buffer', label: 'Buffer', hint: 'places where parts wait' },
  { kind: 'source', label: 'Source', hint: 'where parts come from' },
  { kind: 'sink', label: 'Sink', hint: 'where parts leave the line' },
];

export function Palette({ store = documentStore }: PaletteProps) {
  const doc = store.document.value;
  const selected = store.selectedNodeId.value;
  const mode = store.connectMode.value;
  const [fromChoice, setFrom] = useState<string | null>(null);
  const [toChoice, setTo] = useState<string | null>(null);
  const [withConveyor, setWithConveyor] = useState(true);
  // A link leaves no sink and enters no source (docs: Validation), so the lists leave those out.
  const fromIds = doc.nodes.filter((n) => n.type !== 'sink').map((n) => n.id);
  const toIds = doc.nodes.filter((n) => n.type !== 'source').map((n) => n.id);
  const pick = (id: string | null, list: string[]) => (id !== null && list.includes(id) ? id : null);
  const from = pick(fromChoice, fromIds) ?? pick(selected, fromIds) ?? fromIds[0] ?? null;
  const to = pick(toChoice, toIds) ?? toIds.find((id) => id !== from && !doc.links.some(([a, b]) => a === from && b === id)) ?? null;
  const linked = from !== null && to !== null && doc.links.some(([a, b]) => a === from && b === to);
  const fromId = useId();
  const toId = useId();
  const beltId = useId();

  const add = (kind: AddableKind) => {
    const id = store.addNode(kind);
    store.select(id);
  };
  const toggleLink = () => {
    if (from === null || to === null || from === to) return;
    if (linked) store.disconnect(from, to);
    else if (withConveyor) store.addConveyor(from, to);
    else store.connect(from, to);
  };
  const status = !mode
    ? null
    : mode.from === null
      ? 'Pick the node the link starts from.'
      : `From ${mode.from}: pick the node the link goes to.`;

  return (
    <section class="ed-panel ed-palette" aria-label="Palette" data-testid="palette">
      <h2 class="ed-title">Add</h2>
      <div class="ed-row ed-wrap">
        {ADDABLE.map((a) => (
          <button
            key={a.kind}
            type="button"
            class="button ed-small"
            data-testid={`add-${a.kind}`}
            title={`Add a ${a.kind}: ${a.hint}`}
            aria-label={`Add a ${a.kind}`}
            onClick={() => add(a.kind)}
          >
            <span aria-hidden="true">+</span> {a.label}
          </button>
        ))}
      </div>

      <h2 class="ed-title">Connect</h2>
      <div class="ed-connect">
        <div class="ed-field">
          <label for={fromId}>From</label>
          <select id={fromId} data-testid="connect-from" value={from ?? ''} onChange={(e) => setFrom((e.currentTarget as HTMLSelectElement).value)}>
            {fromIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
        <div class="ed-field">
          <label for={toId}>To</label>
          <select id={toId} data-testid="connect-to" value={to ?? ''} onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}>
            {toIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="ed-row ed-wrap">
        <span class="ed-field ed-check">
          <input id={beltId} type="checkbox" checked={withConveyor} onChange={(e) => setWithConveyor((e.currentTarget as HTMLInputElement).checked)} />
          <label for={beltId}>with a conveyor</label>
        </span>
        <button
          type="button"
          class="button ed-small"
          data-testid="connect"
          disabled={from === null || to === null || from === to}
          onClick={toggleLink}
        >
          {linked ? 'Disconnect' : 'Connect'}
        </button>
        <button
          type="button"
          class="button quiet ed-small"
          data-testid="connect-pick"
          aria-pressed={mode !== null}
          onClick={() => (mode ? store.cancelConnect() : store.startConnect(withConveyor))}
        >
          {mode ? 'Cancel picking' : 'Pick on the floor'}
        </button>
      </div>
      <p class="ed-hint" role="status" aria-live="polite" data-testid="connect-status">
        {status ?? ''}
      </p>
    </section>
  );
}
