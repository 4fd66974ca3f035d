/**
 * Checks that need the whole document: ids and the references between them, and the flow graph.
 * Runs only on a document whose shape is valid (schema.ts), so it can trust types and ranges; it
 * still reads records with Object.keys/hasOwn, never `in`, so an inherited name is never an id.
 */
import type { Issue, Scenario, ScenarioNode, StationNode } from './types';
import { formatPath } from './paths';
import { checkCalendar } from './calendar-checks';
import { checkTiming } from './timing-checks';
import { checkLayout } from './layout-checks';

/** The product of a scenario that declares none (types.ts: productMix defaults to the first). */
export const IMPLICIT_PRODUCT = 'part';

export function checkSemantics(s: Scenario): Issue[] {
  const out: Issue[] = [];
  const add = (path: PropertyKey[], message: string) => out.push({ path: formatPath(path), message });

  const nodeIndex = uniqueIds(s.nodes, 'nodes', add);
  const productIds = s.products ? uniqueIds(s.products, 'products', add) : new Map([[IMPLICIT_PRODUCT, -1]]);
  const poolIndex = uniqueIds(s.workers ?? [], 'workers', add);
  const calendars = s.calendars ?? {};
  const hasCalendar = (id: string) => Object.hasOwn(calendars, id);

  for (const [id, cal] of Object.entries(calendars)) checkCalendar(cal, ['calendars', id], out);
  (s.workers ?? []).forEach((w, i) => {
    if (w.calendar !== undefined && !hasCalendar(w.calendar)) {
      add(['workers', i, 'calendar'], `unknown calendar ${JSON.stringify(w.calendar)}`);
    }
  });

  // The flow graph: links plus rework edges (a rework loop is a way for parts to move too).
  const outgoing = s.nodes.map(() => new Set<number>());
  const linkSources = s.nodes.map(() => [] as number[]);
  const seenLinks = new Map<string, number>();
  let dangling = false;
  s.links.forEach(([from, to], i) => {
    const a = nodeIndex.get(from);
    const b = nodeIndex.get(to);
    if (a === undefined) add(['links', i, 0], `unknown node ${JSON.stringify(from)}`);
    if (b === undefined) add(['links', i, 1], `unknown node ${JSON.stringify(to)}`);
    if (a === undefined || b === undefined) return void (dangling = true);
    const key = JSON.stringify([from, to]);
    const first = seenLinks.get(key);
    if (first !== undefined) return add(['links', i], `duplicate link (also links[${first}])`);
    seenLinks.set(key, i);
    if (s.nodes[a].type === 'sink') return add(['links', i, 0], `link out of sink ${JSON.stringify(from)}`);
    if (s.nodes[b].type === 'source') return add(['links', i, 1], `link into source ${JSON.stringify(to)}`);
    if (a === b) return add(['links', i], `links ${JSON.stringify(from)} to itself`);
    outgoing[a].add(b);
    linkSources[b].push(a);
  });
  const linkTargets = outgoing.map((set) => new Set(set));
  // With a duplicate id or a dangling link the graph is not the one the user meant: flow checks
  // on it would bury the one real mistake under "unreachable" noise, so they wait for a fix.
  let graphKnown = nodeIndex.size === s.nodes.length && !dangling;

  s.nodes.forEach((node, i) => {
    if (node.type === 'station' && node.rework) {
      const t = nodeIndex.get(node.rework.to);
      const at = ['nodes', i, 'rework', 'to'];
      if (t === undefined) {
        graphKnown = false;
        add(at, `unknown node ${JSON.stringify(node.rework.to)}`);
      } else if (s.nodes[t].type === 'source' || s.nodes[t].type === 'sink') {
        add(at, `cannot rework to ${s.nodes[t].type} ${JSON.stringify(node.rework.to)}`);
      } else if (t !== i && !outgoing[i].has(t)) {
        outgoing[i].add(t);
      }
    }
  });

  s.nodes.forEach((node, i) => {
    const targets = [...linkTargets[i]].map((t) => s.nodes[t].id);
    if (graphKnown && node.type !== 'sink' && targets.length === 0) {
      add(['nodes', i], `${node.type} ${JSON.stringify(node.id)} has no way out`);
    }
    if (node.route?.rule === 'probability') checkWeights(node, i, targets, add);
    if (graphKnown && node.type === 'buffer' && node.capacity === 0) {
      checkDirectLink(s.nodes, i, linkSources[i], [...linkTargets[i]], linkTargets, add);
    }
    if (node.type === 'source' && node.interarrival === undefined && node.route && node.route.rule !== 'firstAvailable') {
      // A saturated source has a part for whichever next node has room first: a split by
      // weights or turns needs parts that arrive on their own, or a buffer after the source.
      add(['nodes', i, 'route'], `saturated source ${JSON.stringify(node.id)} feeds whichever next node is free: use rule "firstAvailable", an interarrival, or a buffer with a route after it`);
    }
    if (node.type === 'source' && node.productMix) {
      checkMix(node.productMix, ['nodes', i, 'productMix'], productIds, add);
    }
    if (node.type === 'station') checkStation(node, i, { productIds, poolIndex, hasCalendar, s, add });
  });

  if (graphKnown) {
    checkFlow(s.nodes, outgoing, add);
    // A saturated source into an unbounded buffer, zero-time loops, zero-time failures.
    checkTiming(s, nodeIndex, add);
  } else checkEnds(s.nodes, add);
  // The physical layout: its references and geometry (layout-checks.ts).
  if (s.layout) out.push(...checkLayout(s));
  return out;
}

type Add = (path: PropertyKey[], message: string) => void;

/**
 * A capacity-0 buffer is a direct link: the compiler replaces `a → buffer → b` by `a → b` (and
 * points rework at it to b). So it needs exactly one link in and one out, and the link it becomes
 * must be new and not a loop. Rework into it is fine: it is redirected.
 */
function checkDirectLink(
  nodes: readonly ScenarioNode[], i: number, from: number[], to: number[], linkTargets: Set<number>[], add: Add,
): void {
  const at = ['nodes', i, 'capacity'];
  if (from.length !== 1 || to.length !== 1) {
    add(at, `0 needs exactly one link in and one link out (has ${from.length} in, ${to.length} out)`);
  } else if (from[0] === to[0]) {
    add(at, `0 would link ${JSON.stringify(nodes[from[0]].id)} to itself`);
  } else if (linkTargets[from[0]].has(to[0])) {
    add(at, `0 would duplicate the link ${JSON.stringify(nodes[from[0]].id)} → ${JSON.stringify(nodes[to[0]].id)}`);
  }
}

function uniqueIds(items: readonly { id: string }[], list: string, add: Add): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const first = index.get(item.id);
    if (first === undefined) index.set(item.id, i);
    else add([list, i, 'id'], `duplicate id ${JSON.stringify(item.id)} (also ${list}[${first}])`);
  });
  return index;
}

function checkWeights(node: ScenarioNode, i: number, targets: string[], add: Add): void {
  if (node.route?.rule !== 'probability') return;
  const weights = node.route.weights;
  const at = ['nodes', i, 'route', 'weights'];
  let sum = 0;
  let stray = false;
  for (const [target, w] of Object.entries(weights)) {
    if (targets.includes(target)) sum += w;
    else {
      stray = true;
      add([...at, target], `${JSON.stringify(node.id)} has no link to ${JSON.stringify(target)}`);
    }
  }
  const missing = targets.filter((t) => !Object.hasOwn(weights, t));
  if (missing.length) add(at, `missing weight for ${missing.map((t) => JSON.stringify(t)).join(', ')}`);
  // Only once the keys are right, so one typo gives one message.
  if (!stray && !missing.length && targets.length > 0 && !(sum > 0)) add(at, 'must sum to > 0');
}

function checkMix(mix: Record<string, number>, at: PropertyKey[], products: Map<string, number>, add: Add): void {
  let sum = 0;
  let stray = false;
  for (const [product, w] of Object.entries(mix)) {
    if (products.has(product)) sum += w;
    else {
      stray = true;
      add([...at, product], `unknown product ${JSON.stringify(product)}`);
    }
  }
  if (!stray && !(sum > 0)) add(at, 'must sum to > 0');
}

interface StationContext {
  productIds: Map<string, number>;
  poolIndex: Map<string, number>;
  hasCalendar: (id: string) => boolean;
  s: Scenario;
  add: Add;
}

function checkStation(node: StationNode, i: number, c: StationContext): void {
  const at = ['nodes', i];
  for (const product of Object.keys(node.cycleByProduct ?? {})) {
    if (!c.productIds.has(product)) {
      c.add([...at, 'cycleByProduct', product], `unknown product ${JSON.stringify(product)}`);
    }
  }
  if (node.calendar !== undefined && !c.hasCalendar(node.calendar)) {
    c.add([...at, 'calendar'], `unknown calendar ${JSON.stringify(node.calendar)}`);
  }
  if ((node.scrap ?? 0) + (node.rework?.probability ?? 0) > 1) {
    c.add([...at, 'rework', 'probability'], 'scrap + rework probability must be <= 1');
  }
  if (node.kind === 'manual' && !node.operators) {
    c.add([...at, 'operators'], 'required for a manual station');
  }
  if (!node.operators) return;
  const seen = new Set<string>();
  let available = 0;
  let allKnown = true;
  node.operators.pools.forEach((pool, k) => {
    const p = c.poolIndex.get(pool);
    if (p === undefined) {
      allKnown = false;
      c.add([...at, 'operators', 'pools', k], `unknown worker pool ${JSON.stringify(pool)}`);
    } else if (seen.has(pool)) {
      c.add([...at, 'operators', 'pools', k], `duplicate pool ${JSON.stringify(pool)}`);
    } else {
      seen.add(pool);
      available += c.s.workers![p].count;
    }
  });
  const count = node.operators.count ?? 1;
  if (allKnown && count > available) {
    c.add([...at, 'operators', 'count'], `needs ${count} operators but its pools have ${available}`);
  }
}

/** Every node is fed from a source and drains to a sink; otherwise parts never come or pile up. */
function checkFlow(nodes: readonly ScenarioNode[], outgoing: Set<number>[], add: Add): void {
  const { sources, sinks } = checkEnds(nodes, add);

  const reverse = nodes.map(() => [] as number[]);
  outgoing.forEach((targets, a) => targets.forEach((b) => reverse[b].push(a)));
  const fed = reach(sources, (i) => outgoing[i]);
  const drains = reach(sinks, (i) => reverse[i]);
  nodes.forEach((n, i) => {
    if (sources.length && !fed[i]) add(['nodes', i], `${JSON.stringify(n.id)} is unreachable from any source`);
    // A node with no outgoing link has been reported already ("has no way out").
    if (sinks.length && !drains[i] && outgoing[i].size > 0) {
      add(['nodes', i], `no sink is reachable from ${JSON.stringify(n.id)}`);
    }
  });
}

function checkEnds(nodes: readonly ScenarioNode[], add: Add): { sources: number[]; sinks: number[] } {
  const sources = nodes.flatMap((n, i) => (n.type === 'source' ? [i] : []));
  const sinks = nodes.flatMap((n, i) => (n.type === 'sink' ? [i] : []));
  if (sources.length === 0) add(['nodes'], 'needs at least one source');
  if (sinks.length === 0) add(['nodes'], 'needs at least one sink');
  return { sources, sinks };
}

function reach(start: number[], next: (i: number) => Iterable<number>): boolean[] {
  const seen: boolean[] = [];
  const stack = [...start];
  for (const i of start) seen[i] = true;
  while (stack.length) {
    for (const j of next(stack.pop()!)) {
      if (!seen[j]) {
        seen[j] = true;
        stack.push(j);
      }
    }
  }
  return seen;
}
