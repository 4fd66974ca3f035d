/**
 * Checks that a run can make progress in time. The engine's clock counts whole microseconds, and
 * moves that take no time cascade at one instant; a line in which parts can keep moving without
 * the clock advancing would run forever at that instant (and, into an unbounded buffer, fill the
 * memory). The validator refuses such lines, pointing at the node to change:
 *   - a source whose parts are always ready (saturated, or an interarrival that takes no time)
 *     whose parts can leave the line, or pile up without bound, through nothing that takes time;
 *   - a loop of buffers and stations that take no time (a part could go round it forever);
 *   - a failure whose time to failure and time to repair both take no time.
 * "Takes no time" means a mean below half a microsecond: draws round to 0 on the clock.
 * Runs on a document whose shape, ids and links are valid (semantics.ts calls it).
 */
import { distributionMean } from '../random/distributions';
import type { Distribution, Scenario, ScenarioNode, StationNode } from './types';

type Add = (path: PropertyKey[], message: string) => void;

/** Half a microsecond: a duration with a smaller mean rounds to 0 on the engine's clock. */
const NO_TIME_SECONDS = 0.5e-6;

export function takesNoTime(d: Distribution): boolean {
  return distributionMean(d) < NO_TIME_SECONDS;
}

/** A station with a product whose cycle takes no time passes that product on at once. */
function stationTakesNoTime(node: StationNode): boolean {
  return takesNoTime(node.cycle) || Object.values(node.cycleByProduct ?? {}).some(takesNoTime);
}

const MAX_NAMED = 6;
const names = (ids: string[]) =>
  ids.slice(0, MAX_NAMED).map((id) => JSON.stringify(id)).join(' → ') + (ids.length > MAX_NAMED ? ' → …' : '');

/**
 * `index` maps ids to node positions (links and rework targets are known to exist). A part can
 * move along links (except those a probability route gives weight 0) and rework moves (with a
 * probability > 0).
 */
export function checkTiming(s: Scenario, index: Map<string, number>, add: Add): void {
  const nodes = s.nodes;
  const instant = nodes.map((n) => n.type === 'buffer' || (n.type === 'station' && stationTakesNoTime(n)));
  const links = nodes.map(() => [] as number[]);
  const allLinks = nodes.map(() => [] as number[]);
  for (const [from, to] of s.links) {
    const a = index.get(from)!;
    const b = index.get(to)!;
    // Links the semantic checks refuse (loops onto a node, out of a sink, into a source) add nothing.
    if (a === b || nodes[a].type === 'sink' || nodes[b].type === 'source') continue;
    allLinks[a].push(b);
    const route = nodes[a].route;
    if (route?.rule === 'probability' && !(Object.hasOwn(route.weights, to) && route.weights[to] > 0)) continue;
    links[a].push(b);
  }
  const rework = nodes.map((n) => (n.type === 'station' && n.rework && n.rework.probability > 0 ? index.get(n.rework.to)! : -1));
  const next = links.map((out, i) => (rework[i] >= 0 && !out.includes(rework[i]) ? [...out, rework[i]] : out));

  const leaks = leakingNodes(nodes, instant, links, rework);
  nodes.forEach((n, i) => {
    if (n.type !== 'source') return;
    if (n.interarrival !== undefined && !takesNoTime(n.interarrival)) return;
    // A saturated source has a part ready for every target that pulls one, whatever its route.
    const floods = n.interarrival === undefined ? allLinks[i].some((t) => leaks[t] === 1) : routeLeaks(n, links[i], leaks);
    if (floods) reportFlood(nodes, i, n.interarrival === undefined ? allLinks[i] : links[i], next, leaks, add);
  });
  checkLoops(nodes, instant, next, add);
  nodes.forEach((n, i) => {
    if (n.type !== 'station') return;
    (n.failures ?? []).forEach((f, k) => {
      if (takesNoTime(f.ttf) && takesNoTime(f.ttr)) {
        add(['nodes', i, 'failures', k], `ttf and ttr both take no time (means under 0.5 µs round to 0 on the microsecond clock): the station would fail and be repaired forever at one instant`);
      }
    });
  });
}

const NO_TIME = 'takes no time (a mean under 0.5 µs rounds to 0 on the microsecond clock)';

/** Parts that reach such a node stop there for good or pile up: the ends of a flood. */
function floodEnd(n: ScenarioNode): { what: string; result: string } | null {
  const id = JSON.stringify(n.id);
  if (n.type === 'sink') return { what: `sends parts to sink ${id}`, result: 'they would leave without end' };
  if (n.type === 'buffer' && n.capacity === undefined) {
    return { what: `feeds unbounded buffer ${id}`, result: 'it would fill without end' };
  }
  return null;
}

/**
 * Whether parts leaving node n at one instant can keep going without end, given which targets
 * do (`leaks`). firstAvailable sends a part to the first target that takes it, so one leaking
 * target is enough; roundRobin and probability fix a part's target first, and a target that
 * fills up holds the next part back, so every target must leak.
 */
function routeLeaks(n: ScenarioNode, out: number[], leaks: Uint8Array): boolean {
  if (out.length === 0) return false;
  const rule = n.route?.rule ?? 'firstAvailable';
  return rule === 'firstAvailable' || out.length === 1 ? out.some((t) => leaks[t] === 1) : out.every((t) => leaks[t] === 1);
}

/**
 * The nodes from which parts that arrive at one instant can keep going at that instant without
 * end (the least fixpoint): sinks and unbounded buffers; stations that take no time and scrap
 * every part; and buffers and stations that take no time whose ways on leak (routeLeaks). A
 * station that scraps or reworks some parts chooses at random, and a part sent a way that fills
 * up holds the station: every way a part may take must leak.
 */
function leakingNodes(nodes: readonly ScenarioNode[], instant: boolean[], links: number[][], rework: number[]): Uint8Array {
  const leaks = new Uint8Array(nodes.length);
  const before = nodes.map(() => [] as number[]);
  links.forEach((out, a) => out.forEach((b) => before[b].push(a)));
  rework.forEach((t, a) => t >= 0 && before[t].push(a));
  const settles = (i: number): boolean => {
    const n = nodes[i];
    if (n.type !== 'station' || rework[i] < 0) return routeLeaks(n, links[i], leaks);
    const onward = n.rework!.probability + (n.scrap ?? 0) < 1;
    return leaks[rework[i]] === 1 && (!onward || routeLeaks(n, links[i], leaks));
  };
  // A worklist from the ends backwards: a node is looked at again only when a target starts to leak.
  const work: number[] = [];
  nodes.forEach((n, i) => {
    if (floodEnd(n) || (instant[i] && n.type === 'station' && (n.scrap ?? 0) >= 1)) {
      leaks[i] = 1;
      work.push(i);
    }
  });
  while (work.length) {
    for (const a of before[work.pop()!]) {
      if (leaks[a] || !instant[a] || !settles(a)) continue;
      leaks[a] = 1;
      work.push(a);
    }
  }
  return leaks;
}

/** Names the way from source `src` (whose parts go to `first`) to the nearest end of the flood. */
function reportFlood(
  nodes: readonly ScenarioNode[], src: number, first: number[], next: number[][], leaks: Uint8Array, add: Add,
): void {
  const source = nodes[src];
  const who = source.type === 'source' && source.interarrival
    ? `source ${JSON.stringify(source.id)}, whose interarrival ${NO_TIME},`
    : `saturated source ${JSON.stringify(source.id)}`;
  const parent = new Map<number, number>([[src, -1]]);
  const queue = [src];
  for (let q = 0; q < queue.length; q++) {
    for (const b of q === 0 ? first : next[queue[q]]) {
      if (parent.has(b) || !leaks[b]) continue;
      parent.set(b, queue[q]);
      const n = nodes[b];
      const end = floodEnd(n) ?? (n.type === 'station' && (n.scrap ?? 0) >= 1
        ? { what: `sends parts to station ${JSON.stringify(n.id)}, which takes no time and scraps every part`, result: 'they would be scrapped without end' }
        : null);
      if (!end) {
        queue.push(b);
        continue;
      }
      const via: string[] = [];
      for (let k = parent.get(b)!; k !== src; k = parent.get(k)!) via.unshift(nodes[k].id);
      const route = via.length ? ` through ${names(via)}, where nothing takes time` : '';
      const fix = n.type === 'buffer' && via.length === 0
        ? 'give the buffer a capacity or the source an interarrival'
        : 'give a station on the way a cycle time or the source an interarrival';
      add(['nodes', src], `${who} ${end.what}${route}: ${end.result} at one instant; ${fix}`);
      return;
    }
  }
  add(['nodes', src], `${who} can send parts on without end at one instant; give a station on the way a cycle time or the source an interarrival`);
}

/**
 * Loops among nodes that pass parts on at once (Tarjan's strongly connected components,
 * iterative so a long line cannot overflow the stack). One error per loop, on its first node.
 */
function checkLoops(nodes: readonly ScenarioNode[], instant: boolean[], next: number[][], add: Add): void {
  const n = nodes.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (!instant[root] || order[root] >= 0) continue;
    const work: [number, number][] = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1];
      const [v, k] = top;
      const edges = next[v];
      if (k < edges.length) {
        top[1]++;
        const w = edges[k];
        if (!instant[w]) continue;
        if (order[w] < 0) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v], order[w]);
        continue;
      }
      work.pop();
      if (work.length) {
        const u = work[work.length - 1][0];
        low[u] = Math.min(low[u], low[v]);
      }
      if (low[v] !== order[v]) continue;
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next[v].includes(v)) {
        component.sort((a, b) => a - b);
        const ids = component.map((c) => nodes[c].id);
        add(['nodes', component[0]], `${names(ids)} form a loop of buffers and stations whose cycle ${NO_TIME}: a part could go round it forever at one instant; give a station on the loop a cycle time`);
      }
    }
  }
}
