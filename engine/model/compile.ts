import { compileDistributions, distributionMean } from '../random/distributions';
import { hashString, hashString2 } from '../random/rng';
import { compileCalendar, parseClock, withWalkingTime } from './calendar';
import { humanoidWalks } from './layout-walks';
import { compileLayout } from './layout-compile';
import { IMPLICIT_PRODUCT } from './semantics';
import {
  FailureBasisCode,
  NodeCode,
  RouteCode,
  US_PER_SECOND,
  type LineModel,
} from './compiled';
import type { Distribution, Scenario, ScenarioNode, StationNode } from './types';

/** Options that override the scenario's run settings (CLI flags, experiment variants). */
export interface RunOverrides {
  replications?: number;
  seed?: number;
  lengthSeconds?: number;
  warmupSeconds?: number;
  /**
   * Model the layout's conveyors as transport (time = length / speed, capacity and spacing from
   * the belt): each link a conveyor realises gets a conveyor node. Off by default: the line
   * simulator then ignores the layout, as format v1 promises (docs/scenario-format.md "Layout").
   */
  conveyors?: boolean;
  /**
   * Charge humanoids' walking time between their dock and their station against their pool's
   * shifts (layout-walks.ts, calendar.ts withWalkingTime): a pool with walking humanoids gets its
   * own calendar, each on-period shortened by the longest walk of its humanoids at both ends.
   */
  walking?: boolean;
}

/** The id of the conveyor node inserted for layout conveyor `id` (":" cannot occur in a node id). */
export const conveyorNodeId = (id: string): string => `conveyor:${id}`;

interface ConveyorSpec {
  id: string;
  layoutIndex: number;
  transportSeconds: number;
  spacingSeconds: number;
  capacity: number;
  accumulating: boolean;
}


/** A record's own value for `key` (never an inherited one such as "constructor"). */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A buffer of capacity 0 between exactly one upstream and one downstream node is a direct link
 * (DESIGN §9: two stations linked directly have no buffer between them). The validator allows
 * capacity 0 only in that shape; here it is spliced out so the simulator never sees it.
 */
function spliceZeroBuffers(scenario: Scenario): { nodes: ScenarioNode[]; links: [string, string][] } {
  let nodes = scenario.nodes.slice();
  let links = scenario.links.map(([a, b]) => [a, b] as [string, string]);
  for (const zero of scenario.nodes) {
    if (zero.type !== 'buffer' || zero.capacity !== 0) continue;
    const into = links.find(([, b]) => b === zero.id);
    const outOf = links.find(([a]) => a === zero.id);
    if (!into || !outOf) continue;
    const from = into[0];
    const to = outOf[1];
    // The direct link takes the place of the link into the buffer, so link order is kept.
    links = links
      .map(([a, b]): [string, string] => (b === zero.id ? [from, to] : [a, b]))
      .filter(([a]) => a !== zero.id);
    nodes = nodes
      .filter((n) => n.id !== zero.id)
      .map((n) => {
        let next = n;
        if (n.route?.rule === 'probability' && Object.hasOwn(n.route.weights, zero.id)) {
          const weights = { ...n.route.weights, [to]: n.route.weights[zero.id] };
          delete weights[zero.id];
          next = { ...next, route: { rule: 'probability', weights } } as ScenarioNode;
        }
        if (next.type === 'station' && next.rework?.to === zero.id) {
          next = { ...next, rework: { ...next.rework, to } };
        }
        return next;
      });
  }
  return { nodes, links };
}

/**
 * Puts a conveyor node into every link a layout conveyor realises: [a, b] becomes [a, c], [c, b]
 * in the same place of the link list; routing weights and rework targets that named b from a now
 * name c, so parts still ride the belt. Capacity: an accumulating queue holds parts `spacing`
 * apart from the end back to the start, floor(L / spacing) + 1 of them.
 */
function insertConveyors(scenario: Scenario, nodes: ScenarioNode[], links: [string, string][]) {
  const compiled = compileLayout(scenario);
  if (!compiled.ok) throw new Error(`compileScenario: the layout does not compile: ${compiled.errors[0].path}: ${compiled.errors[0].message}`);
  const specs = new Map<string, ConveyorSpec>();
  // A zero-capacity buffer is a transfer point spliced out of the links (spliceZeroBuffers): a
  // belt into or out of it belongs to the spliced link [a, c], the one into it first.
  const kept = new Set(nodes.map((n) => n.id));
  const into = new Map<string, string>();
  const outOf = new Map<string, string>();
  for (const [a, b] of scenario.links) {
    if (!kept.has(b)) into.set(b, a);
    if (!kept.has(a)) outOf.set(a, b);
  }
  const byLink = new Map<string, [number, string][]>();
  compiled.value.conveyors.forEach((c, i) => {
    const id = conveyorNodeId(c.id);
    specs.set(id, {
      id, layoutIndex: i, transportSeconds: c.transportSeconds, accumulating: c.accumulating,
      spacingSeconds: c.partSpacingM / c.speedMetersPerSecond,
      capacity: Math.floor(c.lengthM / c.partSpacingM + 1e-9) + 1,
    });
    const [u, v] = c.link;
    const [from, to, order] = !kept.has(v) ? [u, outOf.get(v)!, 0] : !kept.has(u) ? [into.get(u)!, v, 1] : [u, v, 0];
    const key = `${from}\u0000${to}`;
    byLink.set(key, [...(byLink.get(key) ?? []), [order, id] as [number, string]].sort((x, y) => x[0] - y[0]));
  });
  const chain = (a: string, b: string) => byLink.get(`${a}\u0000${b}`)?.map(([, id]) => id);
  const via = (a: string, b: string) => chain(a, b)?.[0];
  const outLinks = links.flatMap(([a, b]): [string, string][] => {
    const belts = chain(a, b);
    if (!belts) return [[a, b]];
    const stops = [a, ...belts, b];
    return stops.slice(1).map((to, k): [string, string] => [stops[k], to]);
  });
  const outNodes = nodes.map((n) => {
    let next = n;
    if (n.route?.rule === 'probability') {
      const weights: Record<string, number> = {};
      for (const [to, w] of Object.entries(n.route.weights)) weights[via(n.id, to) ?? to] = w;
      next = { ...next, route: { rule: 'probability', weights } } as ScenarioNode;
    }
    if (next.type === 'station' && next.rework && via(n.id, next.rework.to)) {
      next = { ...next, rework: { ...next.rework, to: via(n.id, next.rework.to)! } };
    }
    return next;
  });
  const conveyorNodes = [...specs.values()].map((c): ScenarioNode => ({ id: c.id, type: 'buffer' }));
  return { nodes: [...outNodes, ...conveyorNodes], links: outLinks, specs };
}

/** Compiles a validated scenario into the engine's model. Assumes validateScenario passed. */
export function compileScenario(scenario: Scenario, overrides: RunOverrides = {}): LineModel {
  const spliced = spliceZeroBuffers(scenario);
  const { nodes, links, specs } = overrides.conveyors && scenario.layout?.conveyors?.length
    ? insertConveyors(scenario, spliced.nodes, spliced.links)
    : { ...spliced, specs: new Map<string, ConveyorSpec>() };
  const productIds = scenario.products?.map((p) => p.id) ?? [IMPLICIT_PRODUCT];
  const productCount = productIds.length;
  const nodeCount = nodes.length;
  const indexOf = new Map(nodes.map((n, i) => [n.id, i]));
  const calendarIds = Object.keys(scenario.calendars ?? {});
  const calendarIndex = new Map(calendarIds.map((id, i) => [id, i]));
  const pools = scenario.workers ?? [];
  const poolIndex = new Map(pools.map((p, i) => [p.id, i]));

  const distributions: Distribution[] = [];
  const addDist = (d: Distribution): number => distributions.push(d) - 1;

  const nodeType = new Uint8Array(nodeCount);
  const nodeHash = new Uint32Array(nodeCount);
  const nodeHash2 = new Uint32Array(nodeCount);
  const routeRule = new Uint8Array(nodeCount);
  const interarrivalDist = new Int32Array(nodeCount).fill(-1);
  const productMixCumulative = new Float64Array(nodeCount * productCount);
  const bufferCapacity = new Float64Array(nodeCount);
  const conveyorTransportUs = new Float64Array(nodeCount);
  const conveyorSpacingUs = new Float64Array(nodeCount);
  const conveyorAccumulating = new Uint8Array(nodeCount);
  const conveyorLayoutIndex = new Int32Array(nodeCount).fill(-1);
  const stationCapacity = new Int32Array(nodeCount);
  const firstServer = new Int32Array(nodeCount).fill(-1);
  const cycleDist = new Int32Array(nodeCount * productCount).fill(-1);
  const idealCycleUs = new Float64Array(nodeCount * productCount);
  const setupDist = new Int32Array(nodeCount).fill(-1);
  const scrapProbability = new Float64Array(nodeCount);
  const reworkProbability = new Float64Array(nodeCount);
  const reworkTarget = new Int32Array(nodeCount).fill(-1);
  const operatorCount = new Int32Array(nodeCount);
  const operatorPoolStart = new Int32Array(nodeCount + 1);
  const operatorPool: number[] = [];
  const nodeCalendar = new Int32Array(nodeCount).fill(-1);
  const failureStart = new Int32Array(nodeCount + 1);
  const failureBasis: number[] = [];
  const failureTtfDist: number[] = [];
  const failureTtrDist: number[] = [];
  const serverNode: number[] = [];

  nodes.forEach((node, n) => {
    nodeType[n] = NodeCode[node.type];
    const conveyor = specs.get(node.id);
    if (conveyor) {
      nodeType[n] = NodeCode.conveyor;
      bufferCapacity[n] = conveyor.capacity;
      conveyorTransportUs[n] = Math.round(conveyor.transportSeconds * US_PER_SECOND);
      conveyorSpacingUs[n] = Math.round(conveyor.spacingSeconds * US_PER_SECOND);
      conveyorAccumulating[n] = conveyor.accumulating ? 1 : 0;
      conveyorLayoutIndex[n] = conveyor.layoutIndex;
      nodeHash[n] = hashString(node.id);
      nodeHash2[n] = hashString2(node.id);
      failureStart[n] = failureBasis.length;
      operatorPoolStart[n] = operatorPool.length;
      return;
    }
    nodeHash[n] = hashString(node.id);
    nodeHash2[n] = hashString2(node.id);
    routeRule[n] = RouteCode[node.route?.rule ?? 'firstAvailable'];
    failureStart[n] = failureBasis.length;
    operatorPoolStart[n] = operatorPool.length;
    if (node.type === 'source') {
      if (node.interarrival) interarrivalDist[n] = addDist(node.interarrival);
      const mix = node.productMix ?? { [productIds[0]]: 1 };
      const total = Object.values(mix).reduce((a, b) => a + b, 0);
      let cumulative = 0;
      productIds.forEach((p, k) => {
        cumulative += (own(mix, p) ?? 0) / total;
        productMixCumulative[n * productCount + k] = cumulative;
      });
      productMixCumulative[n * productCount + productCount - 1] = 1;
    } else if (node.type === 'buffer') {
      bufferCapacity[n] = node.capacity ?? Infinity;
    } else if (node.type === 'station') {
      compileStation(node, n);
    }
  });
  failureStart[nodeCount] = failureBasis.length;
  operatorPoolStart[nodeCount] = operatorPool.length;

  function compileStation(node: StationNode, n: number): void {
    stationCapacity[n] = node.capacity ?? 1;
    firstServer[n] = serverNode.length;
    for (let k = 0; k < stationCapacity[n]; k++) serverNode.push(n);
    productIds.forEach((p, k) => {
      const dist = own(node.cycleByProduct, p) ?? node.cycle;
      cycleDist[n * productCount + k] = addDist(dist);
      const ideal = node.idealCycleSeconds ?? distributionMean(dist);
      idealCycleUs[n * productCount + k] = ideal * US_PER_SECOND;
    });
    if (node.setup) setupDist[n] = addDist(node.setup);
    scrapProbability[n] = node.scrap ?? 0;
    if (node.rework) {
      reworkProbability[n] = node.rework.probability;
      reworkTarget[n] = indexOf.get(node.rework.to) ?? -1;
    }
    for (const f of node.failures ?? []) {
      failureBasis.push(FailureBasisCode[f.basis]);
      failureTtfDist.push(addDist(f.ttf));
      failureTtrDist.push(addDist(f.ttr));
    }
    if (node.operators) {
      operatorCount[n] = node.operators.count ?? 1;
      for (const p of node.operators.pools) operatorPool.push(poolIndex.get(p)!);
    }
    if (node.calendar) nodeCalendar[n] = calendarIndex.get(node.calendar)!;
  }

  // Links in CSR form, in document order (firstAvailable and roundRobin follow that order).
  // Incoming lists also hold rework moves (station → rework target), so a node with room pulls
  // a part waiting to come back for rework like any other waiting part.
  const outStart = new Int32Array(nodeCount + 1);
  const inStart = new Int32Array(nodeCount + 1);
  const pairs = links.map(([a, b]) => [indexOf.get(a)!, indexOf.get(b)!] as const);
  const inPairs = [...pairs];
  for (let n = 0; n < nodeCount; n++) {
    const t = reworkTarget[n];
    if (t >= 0 && t !== n && !pairs.some(([a, b]) => a === n && b === t)) inPairs.push([n, t]);
  }
  for (const [a] of pairs) outStart[a + 1]++;
  for (const [, b] of inPairs) inStart[b + 1]++;
  for (let n = 0; n < nodeCount; n++) {
    outStart[n + 1] += outStart[n];
    inStart[n + 1] += inStart[n];
  }
  const outNode = new Int32Array(pairs.length);
  const inNode = new Int32Array(inPairs.length);
  const outFill = outStart.slice(0, nodeCount);
  const inFill = inStart.slice(0, nodeCount);
  for (const [a, b] of pairs) outNode[outFill[a]++] = b;
  for (const [a, b] of inPairs) inNode[inFill[b]++] = a;
  const outCumulative = new Float64Array(pairs.length);
  nodes.forEach((node, n) => {
    if (node.route?.rule !== 'probability') return;
    const weights = node.route.weights;
    let total = 0;
    for (let k = outStart[n]; k < outStart[n + 1]; k++) total += own(weights, nodes[outNode[k]].id) ?? 0;
    let cumulative = 0;
    for (let k = outStart[n]; k < outStart[n + 1]; k++) {
      cumulative += (own(weights, nodes[outNode[k]].id) ?? 0) / total;
      outCumulative[k] = cumulative;
    }
    outCumulative[outStart[n + 1] - 1] = 1;
  });

  const compiledCalendars = calendarIds.map((id) => compileCalendar(scenario.calendars![id]));
  const poolCalendar = Int32Array.from(pools.map((p) => (p.calendar ? calendarIndex.get(p.calendar)! : -1)));
  if (overrides.walking) {
    // The longest walk per pool; the pool's on-periods shrink by it (its own calendar copy).
    const walkSeconds = new Map<string, number>();
    const layout = scenario.layout?.humanoids?.length ? compileLayout(scenario) : null;
    if (layout?.ok) {
      for (const w of humanoidWalks(scenario, layout.value)) walkSeconds.set(w.pool, Math.max(walkSeconds.get(w.pool) ?? 0, w.seconds));
    }
    pools.forEach((p, k) => {
      const walk = walkSeconds.get(p.id) ?? 0;
      if (walk <= 0 || poolCalendar[k] < 0) return;
      calendarIds.push(`${p.calendar}~walking:${p.id}`);
      compiledCalendars.push(withWalkingTime(compiledCalendars[poolCalendar[k]], walk));
      poolCalendar[k] = calendarIds.length - 1;
    });
  }
  const transitionStart = new Int32Array(calendarIds.length + 1);
  const transitionTimeUs: number[] = [];
  const transitionOn: number[] = [];
  const calendarConstantOn = new Uint8Array(calendarIds.length);
  calendarIds.forEach((id, c) => {
    const compiled = compiledCalendars[c];
    transitionStart[c] = transitionTimeUs.length;
    compiled.transitionSeconds.forEach((s) => transitionTimeUs.push(Math.round(s * US_PER_SECOND)));
    transitionOn.push(...compiled.transitionOn);
    calendarConstantOn[c] = compiled.constantOn ? 1 : 0;
  });
  transitionStart[calendarIds.length] = transitionTimeUs.length;

  const run = scenario.run;
  return {
    name: scenario.name,
    warmupUs: Math.round((overrides.warmupSeconds ?? run.warmupSeconds) * US_PER_SECOND),
    lengthUs: Math.round((overrides.lengthSeconds ?? run.lengthSeconds) * US_PER_SECOND),
    replications: overrides.replications ?? run.replications,
    seed: overrides.seed ?? run.seed,
    startOffsetUs: parseClock(run.startTime ?? '00:00') * US_PER_SECOND,
    productCount,
    productIds,
    nodeCount,
    nodeIds: nodes.map((n) => n.id),
    nodeType,
    nodeHash,
    nodeHash2,
    outStart,
    outNode,
    outCumulative,
    inStart,
    inNode,
    routeRule,
    interarrivalDist,
    productMixCumulative,
    bufferCapacity,
    conveyorTransportUs,
    conveyorSpacingUs,
    conveyorAccumulating,
    conveyorLayoutIndex,
    stationCapacity,
    firstServer,
    cycleDist,
    idealCycleUs,
    setupDist,
    scrapProbability,
    reworkProbability,
    reworkTarget,
    failureStart,
    failureBasis: Uint8Array.from(failureBasis),
    failureTtfDist: Int32Array.from(failureTtfDist),
    failureTtrDist: Int32Array.from(failureTtrDist),
    operatorCount,
    operatorPoolStart,
    operatorPool: Int32Array.from(operatorPool),
    nodeCalendar,
    serverCount: serverNode.length,
    serverNode: Int32Array.from(serverNode),
    calendarCount: calendarIds.length,
    calendarIds,
    transitionStart,
    transitionTimeUs: Float64Array.from(transitionTimeUs),
    transitionOn: Uint8Array.from(transitionOn),
    calendarConstantOn,
    poolCount: pools.length,
    poolIds: pools.map((p) => p.id),
    poolKind: pools.map((p) => p.kind),
    poolSize: Int32Array.from(pools.map((p) => p.count)),
    poolCalendar,
    distributions: compileDistributions(distributions),
  };
}
