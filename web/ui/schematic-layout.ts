/**
 * Lays a line out left to right for the schematic: a node's column is the longest path to it
 * from a source (Sugiyama-style layering, with back edges such as rework loops set aside), nodes
 * sharing a column take rows, ordered by where their predecessors sit. Pure data in, geometry out.
 */

export type LayoutNodeType = 'source' | 'buffer' | 'station' | 'sink';

export interface LayoutInput {
  nodes: { id: string; type: LayoutNodeType }[];
  links: [string, string][];
  /** Rework routes (station → where reworked parts go); laid out like links, drawn apart. */
  rework?: { from: string; to: string }[];
}

export interface NodeBox {
  /** Centre, width and height in schematic units. */
  x: number;
  y: number;
  w: number;
  h: number;
  column: number;
  row: number;
  /** The node's id is written under it (buffers, sources, sinks) rather than inside. */
  caption: boolean;
}

export interface EdgePath {
  from: number;
  to: number;
  /** SVG path data. */
  d: string;
  /** Goes against the flow (closes a cycle, such as the return from a rework loop). */
  back: boolean;
  /** A rework route rather than a link. */
  rework: boolean;
}

export interface SchematicLayout {
  boxes: NodeBox[];
  edges: EdgePath[];
  width: number;
  height: number;
}

export const NODE_SIZE: Record<LayoutNodeType, { w: number; h: number }> = {
  station: { w: 60, h: 46 },
  buffer: { w: 42, h: 28 },
  source: { w: 28, h: 28 },
  sink: { w: 28, h: 28 },
};
/** A station is wide enough for its id (up to STATION_LABEL_CHARS characters) at the label font. */
export const STATION_LABEL_CHARS = 10;
const STATION_MAX_W = 100;
const COLUMN_GAP = 24;

function nodeSize(node: { id: string; type: LayoutNodeType }): { w: number; h: number } {
  const base = NODE_SIZE[node.type];
  if (node.type !== 'station') return base;
  const chars = Math.min(node.id.length, STATION_LABEL_CHARS);
  return { w: Math.min(STATION_MAX_W, Math.max(base.w, Math.ceil(chars * 8.6 + 18))), h: base.h };
}
const ROW_PITCH = 74;
const MARGIN_X = 16;
/** Room above the top row and below the bottom row (labels, loops). */
const MARGIN_TOP = 16;
const MARGIN_BOTTOM = 30;
const LOOP_DROP = 30;
/** Space under a buffer, source or sink taken by its caption. */
const CAPTION_ROOM = 16;
const CORNER = 10;

/** Marks the edges that close a cycle, by an iterative depth-first search from the sources. */
function findBackEdges(count: number, out: number[][], starts: number[]): Set<string> {
  const colour = new Uint8Array(count); // 0 new, 1 on the stack, 2 done
  const back = new Set<string>();
  const visit = (root: number) => {
    if (colour[root] !== 0) return;
    const stack: [number, number][] = [[root, 0]];
    colour[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [u, i] = top;
      if (i < out[u].length) {
        top[1]++;
        const v = out[u][i];
        if (colour[v] === 1) back.add(`${u}>${v}`);
        else if (colour[v] === 0) {
          colour[v] = 1;
          stack.push([v, 0]);
        }
      } else {
        colour[u] = 2;
        stack.pop();
      }
    }
  };
  for (const s of starts) visit(s);
  for (let n = 0; n < count; n++) visit(n);
  return back;
}

export function layoutSchematic(input: LayoutInput): SchematicLayout {
  const count = input.nodes.length;
  const index = new Map(input.nodes.map((n, i) => [n.id, i]));
  const pairs: [string, string, boolean][] = [
    ...input.links.map(([a, b]): [string, string, boolean] => [a, b, false]),
    ...(input.rework ?? []).map((r): [string, string, boolean] => [r.from, r.to, true]),
  ];
  const seen = new Set<string>();
  const links: [number, number, boolean][] = [];
  for (const [a, b, rework] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || seen.has(`${i}>${j}`)) continue;
    seen.add(`${i}>${j}`);
    links.push([i, j, rework]);
  }
  const out: number[][] = Array.from({ length: count }, () => []);
  for (const [a, b] of links) out[a].push(b);
  const sources = input.nodes.map((n, i) => (n.type === 'source' ? i : -1)).filter((i) => i >= 0);
  const back = findBackEdges(count, out, sources);
  const forward = links.filter(([a, b]) => !back.has(`${a}>${b}`) && a !== b);

  // Longest path from the sources over the forward edges (Kahn's order).
  const column = new Int32Array(count);
  const indegree = new Int32Array(count);
  const fwdOut: number[][] = Array.from({ length: count }, () => []);
  const fwdIn: number[][] = Array.from({ length: count }, () => []);
  const viaRework: boolean[][] = Array.from({ length: count }, () => []);
  for (const [a, b, rework] of forward) {
    fwdOut[a].push(b);
    fwdIn[b].push(a);
    viaRework[b].push(rework);
    indegree[b]++;
  }
  const queue: number[] = [];
  for (let n = 0; n < count; n++) if (indegree[n] === 0) queue.push(n);
  // A node fed only by rework routes (or by such nodes) is on a rework branch: below the main flow.
  const reworkBranch = new Uint8Array(count);
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q];
    const ins = fwdIn[u];
    if (ins.length > 0 && ins.every((p, k) => viaRework[u][k] || reworkBranch[p] === 1)) reworkBranch[u] = 1;
    for (const v of fwdOut[u]) {
      column[v] = Math.max(column[v], column[u] + 1);
      if (--indegree[v] === 0) queue.push(v);
    }
  }

  // Rows within a column: by the mean row of the predecessors (one barycentre sweep), then by
  // document order; rows are centred on the line's axis.
  const columnCount = count ? Math.max(...column) + 1 : 0;
  const byColumn: number[][] = Array.from({ length: columnCount }, () => []);
  for (let n = 0; n < count; n++) byColumn[column[n]].push(n);
  const rowPos = new Float64Array(count);
  const row = new Int32Array(count);
  let maxRows = 1;
  for (const members of byColumn) {
    const key = (n: number) =>
      (fwdIn[n].length ? fwdIn[n].reduce((s, p) => s + rowPos[p], 0) / fwdIn[n].length : 0) + (reworkBranch[n] ? 0.49 : 0);
    const keys = new Map(members.map((n) => [n, key(n)]));
    members.sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
    members.forEach((n, i) => {
      row[n] = i;
      rowPos[n] = i - (members.length - 1) / 2;
    });
    maxRows = Math.max(maxRows, members.length);
  }

  const sizes = input.nodes.map(nodeSize);
  const widths = byColumn.map((members) => Math.max(0, ...members.map((n) => sizes[n].w)));
  const columnX: number[] = [];
  let x = MARGIN_X;
  for (const w of widths) {
    columnX.push(x + w / 2);
    x += w + COLUMN_GAP;
  }
  const width = Math.max(x - COLUMN_GAP + MARGIN_X, 2 * MARGIN_X);
  const hasBack = forward.length < links.length;
  const axisY = MARGIN_TOP + NODE_SIZE.station.h / 2 + ((maxRows - 1) / 2) * ROW_PITCH;
  const bottom = axisY + ((maxRows - 1) / 2) * ROW_PITCH + NODE_SIZE.station.h / 2;
  const loopY = bottom + LOOP_DROP;
  const height = hasBack ? loopY + 10 : bottom + MARGIN_BOTTOM;

  const boxes: NodeBox[] = input.nodes.map((n, i) => ({
    x: columnX[column[i]],
    y: axisY + rowPos[i] * ROW_PITCH,
    ...sizes[i],
    column: column[i],
    row: row[i],
    caption: n.type !== 'station',
  }));

  const r = (v: number) => Math.round(v * 10) / 10;
  const edges: EdgePath[] = links.map(([a, b, rework]) => {
    const p = boxes[a];
    const q = boxes[b];
    if (!back.has(`${a}>${b}`) && a !== b) {
      const x1 = p.x + p.w / 2;
      const x2 = q.x - q.w / 2;
      if (Math.abs(p.y - q.y) < 0.5) return { from: a, to: b, d: `M${r(x1)},${r(p.y)} H${r(x2)}`, back: false, rework };
      // Stay in the source's row until the last gap, then bend into the target.
      const bend = Math.max(x1, x2 - COLUMN_GAP - 36);
      const mid = (bend + x2) / 2;
      const run = bend > x1 ? ` H${r(bend)}` : '';
      const d = `M${r(x1)},${r(p.y)}${run} C${r(mid)},${r(p.y)} ${r(mid)},${r(q.y)} ${r(x2)},${r(q.y)}`;
      return { from: a, to: b, d, back: false, rework };
    }
    // Against the flow: down from the node (below its caption), back along the bottom, up into
    // the target, with rounded corners.
    const y1 = p.y + p.h / 2 + (p.caption ? CAPTION_ROOM : 0);
    const y2 = q.y + q.h / 2 + (q.caption ? CAPTION_ROOM : 0);
    const dir = q.x < p.x ? -1 : 1;
    const c = Math.min(CORNER, Math.abs(q.x - p.x) / 2);
    const d =
      `M${r(p.x)},${r(y1)} V${r(loopY - c)} Q${r(p.x)},${r(loopY)} ${r(p.x + dir * c)},${r(loopY)}` +
      ` H${r(q.x - dir * c)} Q${r(q.x)},${r(loopY)} ${r(q.x)},${r(loopY - c)} V${r(y2)}`;
    return { from: a, to: b, d, back: true, rework };
  });

  return { boxes, edges, width, height };
}
