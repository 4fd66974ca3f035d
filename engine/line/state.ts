import { STATE_COUNT, type LineModel } from '../model/compiled';
import { createStreamTable } from '../random/rng';

/**
 * The mutable state of one replication of a line (the mjData beside the LineModel): typed arrays
 * indexed by server, failure instance, node, pool and calendar. Allocated once per model and
 * reset between replications, so running replications allocates nothing.
 */

/** What a station's server is doing with its part (the KPI state is derived from it). */
export const Phase = { idle: 0, waitOperator: 1, setup: 2, process: 3, done: 4 } as const;

/** Timer slot kinds; slot ranges are laid out in this order. */
export const SlotKind = { server: 0, failure: 1, source: 2, calendar: 3, conveyorHead: 4, conveyorEntry: 5, control: 6 } as const;

/** Random streams per node, by purpose (engine/random/purposes.ts numbers them 1..9). */
export const STREAMS_PER_NODE = 10;

export interface LineState {
  slotKind: Uint8Array;
  slotOwner: Int32Array;
  failureSlot0: number;
  sourceSlot0: number;
  calendarSlot0: number;
  /** One slot per node (used by conveyors): the head part reaches the end. */
  conveyorHeadSlot0: number;
  /** One slot per node (used by conveyors): the last part has cleared the spacing at the start. */
  conveyorEntrySlot0: number;
  controlSlot: number;

  rng: Uint32Array;
  failureStream0: number;

  // Servers (one per unit of station capacity).
  phase: Uint8Array;
  serverPart: Int32Array;
  lastProduct: Int32Array;
  remainingUs: Float64Array;
  progressSinceUs: Float64Array;
  running: Uint8Array;
  failedCount: Int32Array;
  target: Int32Array;
  blockedSinceUs: Float64Array;
  /** First pool a server holds operators from, -1 when it holds none. */
  heldPool: Int32Array;
  /** serverCount × poolCount: operators held per pool. */
  heldOperators: Int32Array;
  firstAfterStart: Uint8Array;
  stateCode: Uint8Array;
  stateSinceUs: Float64Array;
  /** serverCount × STATE_COUNT accumulated µs since warm-up. */
  stateUs: Float64Array;

  // Failure instances: one per (server, failure mode).
  failureCount: number;
  failureServer: Int32Array;
  failureMode: Int32Array;
  /** Operating-basis: operating µs left before the next failure. */
  ttfRemainingUs: Float64Array;
  failureActive: Uint8Array;
  /** Failure instances of server s: serverFailure[serverFailureStart[s] .. [s+1]). */
  serverFailureStart: Int32Array;

  // Nodes.
  stationOn: Uint8Array;
  roundRobinNext: Int32Array;
  bufferRing: Int32Array[];
  bufferHead: Int32Array;
  bufferCount: Int32Array;
  bufferHeadTarget: Int32Array;
  bufferContentUs: Float64Array;
  bufferSinceUs: Float64Array;
  sourcePart: Int32Array;
  sourceReadySinceUs: Float64Array;
  /** Where a timed source's held part was routed (-1: any next node). */
  sourceTarget: Int32Array;
  /**
   * Conveyors (their parts are in bufferRing/bufferHead/bufferCount, head = nearest the end; a
   * part's partReadyUs is the belt clock when it entered, see conveyorClockUs).
   */
  conveyorHeadReady: Uint8Array;
  /** When the head part reached the end (merges take the longest waiting first). */
  conveyorHeadSinceUs: Float64Array;
  /** When the last head part was taken off the end (-Infinity: never). */
  conveyorLastTakenUs: Float64Array;
  /** Non-accumulating: µs the belt has stood still so far, and since when it stands (-1: runs). */
  conveyorStoppedUs: Float64Array;
  conveyorStoppedSinceUs: Float64Array;
  produced: Float64Array;
  good: Float64Array;
  scrapped: Float64Array;
  reworked: Float64Array;
  startupRejects: Float64Array;
  /** Σ ideal cycle time of the parts produced (ISO 22400 PQ × PTU, product mix aware), µs. */
  idealUs: Float64Array;

  // Pools and calendars.
  poolOn: Uint8Array;
  poolBusy: Int32Array;
  waitList: Int32Array;
  waitCount: number;
  calendarOn: Uint8Array;

  // Parts: a pool of records with a free list; grows on demand, never shrinks.
  partProduct: Int32Array;
  partEntryUs: Float64Array;
  partReadyUs: Float64Array;
  /** 1 once a part has been sent to rework: it is no longer right first time. */
  partReworked: Uint8Array;
  freeParts: Int32Array;
  freeCount: number;

  // Line totals since warm-up.
  wip: number;
  wipIntegralUs: number;
  wipSinceUs: number;
  goodOut: number;
  /** Good parts out that were never reworked (first-pass yield, ISO 22400 GQ). */
  goodFirstPassOut: number;
  scrapOut: number;
  leadTimeSumUs: number;
  sojournSumUs: number;
  exits: number;
}

export function createLineState(m: LineModel): LineState {
  const S = m.serverCount;
  const serverFailureStart = new Int32Array(S + 1);
  const failureServer: number[] = [];
  const failureMode: number[] = [];
  for (let s = 0; s < S; s++) {
    serverFailureStart[s] = failureServer.length;
    const n = m.serverNode[s];
    for (let f = m.failureStart[n]; f < m.failureStart[n + 1]; f++) {
      failureServer.push(s);
      failureMode.push(f);
    }
  }
  serverFailureStart[S] = failureServer.length;
  const F = failureServer.length;
  const failureSlot0 = S;
  const sourceSlot0 = failureSlot0 + F;
  const calendarSlot0 = sourceSlot0 + m.nodeCount;
  const conveyorHeadSlot0 = calendarSlot0 + m.calendarCount;
  const conveyorEntrySlot0 = conveyorHeadSlot0 + m.nodeCount;
  const controlSlot = conveyorEntrySlot0 + m.nodeCount;
  const slotCount = controlSlot + 1;
  const slotKind = new Uint8Array(slotCount);
  const slotOwner = new Int32Array(slotCount);
  for (let i = 0; i < slotCount; i++) {
    if (i < failureSlot0) [slotKind[i], slotOwner[i]] = [SlotKind.server, i];
    else if (i < sourceSlot0) [slotKind[i], slotOwner[i]] = [SlotKind.failure, i - failureSlot0];
    else if (i < calendarSlot0) [slotKind[i], slotOwner[i]] = [SlotKind.source, i - sourceSlot0];
    else if (i < conveyorHeadSlot0) [slotKind[i], slotOwner[i]] = [SlotKind.calendar, i - calendarSlot0];
    else if (i < conveyorEntrySlot0) [slotKind[i], slotOwner[i]] = [SlotKind.conveyorHead, i - conveyorHeadSlot0];
    else if (i < controlSlot) [slotKind[i], slotOwner[i]] = [SlotKind.conveyorEntry, i - conveyorEntrySlot0];
    else slotKind[i] = SlotKind.control;
  }
  const N = m.nodeCount;
  const bufferRing: Int32Array[] = [];
  for (let n = 0; n < N; n++) {
    const cap = m.bufferCapacity[n];
    bufferRing.push(new Int32Array(Number.isFinite(cap) ? Math.max(1, cap) : 64));
  }
  const initialParts = 256;
  return {
    slotKind,
    slotOwner,
    failureSlot0,
    sourceSlot0,
    calendarSlot0,
    conveyorHeadSlot0,
    conveyorEntrySlot0,
    controlSlot,
    rng: createStreamTable(N * STREAMS_PER_NODE + 2 * F),
    failureStream0: N * STREAMS_PER_NODE,
    phase: new Uint8Array(S),
    serverPart: new Int32Array(S),
    lastProduct: new Int32Array(S),
    remainingUs: new Float64Array(S),
    progressSinceUs: new Float64Array(S),
    running: new Uint8Array(S),
    failedCount: new Int32Array(S),
    target: new Int32Array(S),
    blockedSinceUs: new Float64Array(S),
    heldPool: new Int32Array(S),
    heldOperators: new Int32Array(S * m.poolCount),
    firstAfterStart: new Uint8Array(S),
    stateCode: new Uint8Array(S),
    stateSinceUs: new Float64Array(S),
    stateUs: new Float64Array(S * STATE_COUNT),
    failureCount: F,
    failureServer: Int32Array.from(failureServer),
    failureMode: Int32Array.from(failureMode),
    ttfRemainingUs: new Float64Array(F),
    failureActive: new Uint8Array(F),
    serverFailureStart,
    stationOn: new Uint8Array(N),
    roundRobinNext: new Int32Array(N),
    bufferRing,
    bufferHead: new Int32Array(N),
    bufferCount: new Int32Array(N),
    bufferHeadTarget: new Int32Array(N),
    bufferContentUs: new Float64Array(N),
    bufferSinceUs: new Float64Array(N),
    sourcePart: new Int32Array(N),
    sourceReadySinceUs: new Float64Array(N),
    sourceTarget: new Int32Array(N),
    conveyorHeadReady: new Uint8Array(N),
    conveyorHeadSinceUs: new Float64Array(N),
    conveyorLastTakenUs: new Float64Array(N),
    conveyorStoppedUs: new Float64Array(N),
    conveyorStoppedSinceUs: new Float64Array(N),
    produced: new Float64Array(N),
    good: new Float64Array(N),
    scrapped: new Float64Array(N),
    reworked: new Float64Array(N),
    startupRejects: new Float64Array(N),
    idealUs: new Float64Array(N),
    poolOn: new Uint8Array(m.poolCount),
    poolBusy: new Int32Array(m.poolCount),
    waitList: new Int32Array(S),
    waitCount: 0,
    calendarOn: new Uint8Array(m.calendarCount),
    partProduct: new Int32Array(initialParts),
    partEntryUs: new Float64Array(initialParts),
    partReadyUs: new Float64Array(initialParts),
    partReworked: new Uint8Array(initialParts),
    freeParts: new Int32Array(initialParts),
    freeCount: 0,
    wip: 0,
    wipIntegralUs: 0,
    wipSinceUs: 0,
    goodOut: 0,
    goodFirstPassOut: 0,
    scrapOut: 0,
    leadTimeSumUs: 0,
    sojournSumUs: 0,
    exits: 0,
  };
}

/** Doubles the part pool; amortised, and after the first replication it no longer happens. */
export function growParts(st: LineState): void {
  const old = st.partProduct.length;
  const size = old * 2;
  const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  st.partProduct = grow(st.partProduct, (n) => new Int32Array(n));
  st.partEntryUs = grow(st.partEntryUs, (n) => new Float64Array(n));
  st.partReadyUs = grow(st.partReadyUs, (n) => new Float64Array(n));
  st.partReworked = grow(st.partReworked, (n) => new Uint8Array(n));
  const free = new Int32Array(size);
  free.set(st.freeParts.subarray(0, st.freeCount));
  for (let p = size - 1; p >= old; p--) free[st.freeCount++] = p;
  st.freeParts = free;
}

/** Doubles an unbounded buffer's ring, unrolling it so the head is at 0. */
export function growRing(st: LineState, n: number): void {
  const ring = st.bufferRing[n];
  const next = new Int32Array(ring.length * 2);
  const head = st.bufferHead[n];
  for (let k = 0; k < st.bufferCount[n]; k++) next[k] = ring[(head + k) % ring.length];
  st.bufferRing[n] = next;
  st.bufferHead[n] = 0;
}
