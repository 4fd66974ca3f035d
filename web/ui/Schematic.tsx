/** The line as a schematic: nodes left to right, links as arrows, stations coloured by state. */
import type { ComponentChildren } from 'preact';
import { documentStore, selectedNodeId } from '../state/document';
import { useMemo } from 'preact/hooks';
import type { SceneInfo, SceneNode } from '../../workers/simulation-api';
import { frame, scene } from '../state/twin';
import { layoutSchematic, STATION_LABEL_CHARS, type NodeBox } from './schematic-layout';
import { STATE_LABELS, stateFill, stateInk, stateName } from './states';
import { Legend } from './Legend';

/** Smallest drawing scale before the schematic scrolls sideways instead of shrinking. */
const MIN_SCALE = 0.72;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function StationNode({ node, box, code }: { node: SceneNode; box: NodeBox; code: number }) {
  const state = stateName(code);
  const fill = state ? stateFill(state) : 'var(--node-idle)';
  const ink = state ? stateInk(state) : 'var(--text)';
  const label = state ? STATE_LABELS[state] : 'not started';
  const servers = node.capacity ?? 1;
  const subtitle = [node.kind, servers > 1 ? `×${servers}` : ''].filter(Boolean).join(' ');
  return (
    <g data-testid={`node-${node.id}`} data-node-id={node.id} data-type="station" data-state={state ?? ''} class={`node station${selectedNodeId.value === node.id ? ' selected' : ''}`}>
      <title>{`${node.name ?? node.id} (station${node.kind ? `, ${node.kind}` : ''}${servers > 1 ? `, ${servers} servers` : ''}): ${label}`}</title>
      <rect x={box.x - box.w / 2} y={box.y - box.h / 2} width={box.w} height={box.h} rx={7} style={{ fill }} class="station-body" />
      <text x={box.x} y={subtitle ? box.y - 3 : box.y + 4} text-anchor="middle" class="station-label" style={{ fill: ink }}>
        {shorten(node.id, STATION_LABEL_CHARS)}
      </text>
      {subtitle && (
        <text x={box.x} y={box.y + 12} text-anchor="middle" class="station-kind" style={{ fill: ink }}>
          {shorten(subtitle, Math.floor(box.w / 5.6))}
        </text>
      )}
    </g>
  );
}

function BufferNode({ node, box, count }: { node: SceneNode; box: NodeBox; count: number }) {
  const known = count >= 0;
  const cap = node.capacity;
  const level = known && cap ? Math.min(1, count / cap) : known && count > 0 ? 1 : 0;
  const x0 = box.x - box.w / 2;
  const y0 = box.y - box.h / 2;
  const text = known ? `${count}/${cap ?? '∞'}` : `–/${cap ?? '∞'}`;
  return (
    <g data-testid={`node-${node.id}`} data-node-id={node.id} data-type="buffer" data-count={known ? count : ''} class={`node buffer${selectedNodeId.value === node.id ? ' selected' : ''}`}>
      <title>{`${node.name ?? node.id} (buffer, capacity ${cap ?? 'unbounded'}): ${known ? count : 0} parts`}</title>
      <rect x={x0} y={y0} width={box.w} height={box.h} rx={4} class="buffer-body" />
      <rect x={x0 + 1.5} y={y0 + 1.5} width={Math.max(0, (box.w - 3) * level)} height={box.h - 3} rx={3} class="buffer-level" />
      <text x={box.x} y={box.y + 4} text-anchor="middle" class="buffer-count" data-testid={`buffer-count-${node.id}`}>
        {text}
      </text>
      <text x={box.x} y={y0 + box.h + 13} text-anchor="middle" class="node-caption">
        {shorten(node.id, 12)}
      </text>
    </g>
  );
}

function EndNode({ node, box }: { node: SceneNode; box: NodeBox }) {
  const r = box.w / 2;
  return (
    <g data-testid={`node-${node.id}`} data-node-id={node.id} data-type={node.type} class={`node ${node.type}${selectedNodeId.value === node.id ? ' selected' : ''}`}>
      <title>{`${node.name ?? node.id} (${node.type})`}</title>
      <circle cx={box.x} cy={box.y} r={r} class="end-body" />
      {node.type === 'source' ? (
        <path d={`M${box.x - 4},${box.y - 6} L${box.x + 6},${box.y} L${box.x - 4},${box.y + 6} Z`} class="end-mark" />
      ) : (
        <circle cx={box.x} cy={box.y} r={r / 2.6} class="end-mark" />
      )}
      <text x={box.x} y={box.y + r + 13} text-anchor="middle" class="node-caption">
        {shorten(node.id, 8)}
      </text>
    </g>
  );
}

function SchematicDrawing({ info }: { info: SceneInfo }) {
  const layout = useMemo(() => layoutSchematic(info), [info]);
  const states = frame.value?.nodeStates;
  const stations = info.nodes.filter((n) => n.type === 'station').length;
  const buffers = info.nodes.filter((n) => n.type === 'buffer').length;
  return (
    <div class="schematic-scroll" onClick={selectFromClick}>
      <svg
        data-testid="schematic"
        role="img"
        aria-labelledby="schematic-title"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        style={{ minWidth: `${Math.round(layout.width * MIN_SCALE)}px`, maxHeight: `${Math.round(layout.height * 1.15)}px` }}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id="schematic-title">{`Schematic of ${info.name}: ${stations} stations, ${buffers} buffers`}</title>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,1 L9,5 L0,9 Z" class="arrow-head" />
          </marker>
          <marker id="arrow-rework" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,1 L9,5 L0,9 Z" class="arrow-head rework" />
          </marker>
        </defs>
        <g class="edges">
          {layout.edges.map((e) => {
            const from = info.nodes[e.from].id;
            const to = info.nodes[e.to].id;
            const rework = e.rework ? info.rework.find((w) => w.from === from && w.to === to) : undefined;
            const cls = ['edge', e.back ? 'back' : '', e.rework ? 'rework' : ''].filter(Boolean).join(' ');
            return (
              <path key={`${e.from}>${e.to}`} d={e.d} class={cls} marker-end={e.rework ? 'url(#arrow-rework)' : 'url(#arrow)'}>
                <title>{rework ? `${from} → ${to}: rework (${(rework.probability * 100).toFixed(1)}% of parts)` : `${from} → ${to}`}</title>
              </path>
            );
          })}
        </g>
        <g class="nodes">
          {info.nodes.map((node, i) => {
            const box = layout.boxes[i];
            const value = states && i < states.length ? states[i] : -1;
            if (node.type === 'station') return <StationNode key={node.id} node={node} box={box} code={value} />;
            if (node.type === 'buffer') return <BufferNode key={node.id} node={node} box={box} count={value} />;
            return <EndNode key={node.id} node={node} box={box} />;
          })}
        </g>
      </svg>
    </div>
  );
}

/** A click on a node's drawing selects it in the editor (its inspector opens); elsewhere clears. */
function selectFromClick(event: MouseEvent): void {
  const g = (event.target as Element | null)?.closest?.('[data-node-id]');
  const id = g?.getAttribute('data-node-id') ?? null;
  if (id) documentStore.pickNode(id);
  else documentStore.select(null);
}

export function Schematic(props: { tabs?: ComponentChildren } = {}) {
  const info = scene.value;
  return (
    <section class="card schematic-card" aria-labelledby="schematic-heading">
      <div class="card-head">
        <h2 id="schematic-heading">Line</h2>
        {props.tabs}
        <Legend />
      </div>
      {info ? <SchematicDrawing info={info} /> : <p class="muted">Loading the scene…</p>}
    </section>
  );
}
