import { NodeCode, RouteCode, STATE_COUNT, StationState, type LineModel } from '../model/compiled';
import { Purpose } from '../random/purposes';
import { Phase, STREAMS_PER_NODE, growParts, growRing, type LineState } from './state';

/** KPI state of a server on shift, not failed, by phase (index: Phase). */
const PHASE_STATE = Uint8Array.of(
  StationState.starved,
  StationState.waitingOperator,
  StationState.setup,
  StationState.working,
  StationState.blocked,
);

/**
 * How parts move (DESIGN §3): jobs at stations, blocking after service, finite buffers, routing
 * at splits, first-come-first-served at merges, scrap and rework, operators. Moves take zero time
 * and cascade: a server that hands its part on pulls the next one from upstream, which frees a
 * place upstream, and so on. The simulator (simulator.ts) adds time: timers, failures, shifts.
 */
export abstract class Flow {
  /** Simulation time of the event being handled, µs. */
  protected now = 0;

  constructor(
    readonly m: LineModel,
    readonly st: LineState,
  ) {}

  protected abstract resume(s: number): void;
  protected abstract drawUs(dist: number, stream: number): number;
  protected abstract uniform(stream: number): number;
  protected abstract onSourceReleased(n: number): void;
  /** Pool p's operators may start a job now (on shift, and not going off at this instant). */
  protected abstract poolCanStart(p: number): boolean;
  /**
   * Conveyors: how parts travel is the transport's business (timers in the pure DES, bodies on
   * belts in the physics twin; see engine/line/conveyors.ts). The flow only asks whether a part
   * can get on now, and tells it when one got on, when the head was taken, and when the head
   * reached the end with nowhere to go.
   */
  protected abstract conveyorHasRoom(n: number): boolean;
  protected abstract conveyorEntered(n: number, part: number): void;
  protected abstract conveyorHeadTaken(n: number): void;
  protected abstract conveyorHeadWaits(n: number): void;

  protected resetState(): void {
    const st = this.st;
    this.now = 0;
    st.phase.fill(Phase.idle);
    st.serverPart.fill(-1);
    st.lastProduct.fill(-1);
    st.running.fill(0);
    st.failedCount.fill(0);
    st.heldPool.fill(-1);
    st.heldOperators.fill(0);
    st.firstAfterStart.fill(1);
    st.failureActive.fill(0);
    st.roundRobinNext.fill(0);
    st.bufferHead.fill(0);
    st.bufferCount.fill(0);
    st.bufferHeadTarget.fill(-2);
    st.sourcePart.fill(-1);
    st.conveyorHeadReady.fill(0);
    st.conveyorLastTakenUs.fill(-Infinity);
    st.conveyorStoppedUs.fill(0);
    st.conveyorStoppedSinceUs.fill(-1);
    st.poolBusy.fill(0);
    st.waitCount = 0;
    st.freeCount = 0;
    for (let p = st.partProduct.length - 1; p >= 0; p--) st.freeParts[st.freeCount++] = p;
    st.wip = 0;
  }

  /** Zeroes every accumulator: at time 0 and at the end of the warm-up. */
  protected resetCounters(): void {
    const st = this.st;
    const now = this.now;
    st.stateUs.fill(0);
    st.stateSinceUs.fill(now);
    st.bufferContentUs.fill(0);
    st.bufferSinceUs.fill(now);
    st.produced.fill(0);
    st.good.fill(0);
    st.scrapped.fill(0);
    st.reworked.fill(0);
    st.startupRejects.fill(0);
    st.idealUs.fill(0);
    st.wipIntegralUs = 0;
    st.wipSinceUs = now;
    st.goodOut = 0;
    st.goodFirstPassOut = 0;
    st.scrapOut = 0;
    st.leadTimeSumUs = 0;
    st.sojournSumUs = 0;
    st.exits = 0;
  }

  /**
   * The KPI state of a server, derived from its phase, failures and shifts (DESIGN §3), with the
   * precedence of docs/kpi.md: off shift (the station's calendar, or for a manual station no
   * eligible operator on shift and none held), then failed, then the phase of the job.
   */
  protected deriveState(s: number): number {
    const st = this.st;
    const n = this.m.serverNode[s];
    if (st.stationOn[n] === 0) return StationState.offShift;
    const phase = st.phase[s];
    if (this.m.operatorCount[n] === 0) return st.failedCount[s] > 0 ? StationState.failed : PHASE_STATE[phase];
    if (st.heldPool[s] < 0 && !this.anyOperatorOnShift(n)) return StationState.offShift;
    if (st.failedCount[s] > 0) return StationState.failed;
    // A job interrupted by the station's shift end waits for operators to resume.
    if ((phase === Phase.setup || phase === Phase.process) && st.heldPool[s] < 0) return StationState.waitingOperator;
    return PHASE_STATE[phase];
  }

  private anyOperatorOnShift(n: number): boolean {
    const m = this.m;
    for (let k = m.operatorPoolStart[n]; k < m.operatorPoolStart[n + 1]; k++) {
      if (this.st.poolOn[m.operatorPool[k]] === 1) return true;
    }
    return false;
  }

  /** Re-derives server s's KPI state and books the time spent in the previous one. */
  protected refresh(s: number): void {
    const st = this.st;
    const code = this.deriveState(s);
    const old = st.stateCode[s];
    if (code === old) return;
    st.stateUs[s * STATE_COUNT + old] += this.now - st.stateSinceUs[s];
    st.stateCode[s] = code;
    st.stateSinceUs[s] = this.now;
  }

  protected touchWip(): void {
    const st = this.st;
    st.wipIntegralUs += st.wip * (this.now - st.wipSinceUs);
    st.wipSinceUs = this.now;
  }

  protected touchBuffer(n: number): void {
    const st = this.st;
    st.bufferContentUs[n] += st.bufferCount[n] * (this.now - st.bufferSinceUs[n]);
    st.bufferSinceUs[n] = this.now;
  }

  // --- parts -----------------------------------------------------------------------------------

  protected newPart(source: number): number {
    const st = this.st;
    const m = this.m;
    if (st.freeCount === 0) growParts(st);
    const part = st.freeParts[--st.freeCount];
    let product = 0;
    const P = m.productCount;
    if (P > 1) {
      const u = this.uniform(source * STREAMS_PER_NODE + Purpose.product);
      while (product < P - 1 && u > m.productMixCumulative[source * P + product]) product++;
    }
    st.partProduct[part] = product;
    st.partEntryUs[part] = this.now;
    st.partReworked[part] = 0;
    this.touchWip();
    st.wip++;
    return part;
  }

  private exitPart(part: number, good: boolean): void {
    const st = this.st;
    this.touchWip();
    st.wip--;
    const sojourn = this.now - st.partEntryUs[part];
    st.sojournSumUs += sojourn;
    st.exits++;
    if (good) {
      st.goodOut++;
      if (st.partReworked[part] === 0) st.goodFirstPassOut++;
      st.leadTimeSumUs += sojourn;
    } else st.scrapOut++;
    st.freeParts[st.freeCount++] = part;
  }

  // --- acceptance and routing ------------------------------------------------------------------

  /** A free server of station n that can take a part now, or -1. */
  private freeServer(n: number): number {
    const st = this.st;
    if (st.stationOn[n] === 0) return -1;
    const first = this.m.firstServer[n];
    const last = first + this.m.stationCapacity[n];
    for (let s = first; s < last; s++) {
      if (st.phase[s] === Phase.idle && st.failedCount[s] === 0) return s;
    }
    return -1;
  }

  /** Node n can take a part at this instant. */
  canAccept(n: number): boolean {
    switch (this.m.nodeType[n]) {
      case NodeCode.sink:
        return true;
      case NodeCode.buffer:
        return this.st.bufferCount[n] < this.m.bufferCapacity[n];
      case NodeCode.station:
        return this.freeServer(n) >= 0;
      case NodeCode.conveyor:
        return this.conveyorHasRoom(n);
      default:
        return false;
    }
  }

  /** The fixed next node of a part leaving n, or -1 when it may go to any that accepts. */
  protected routeTarget(n: number): number {
    const m = this.m;
    const from = m.outStart[n];
    const count = m.outStart[n + 1] - from;
    if (count === 1) return m.outNode[from];
    switch (m.routeRule[n]) {
      case RouteCode.roundRobin: {
        const k = this.st.roundRobinNext[n];
        this.st.roundRobinNext[n] = (k + 1) % count;
        return m.outNode[from + k];
      }
      case RouteCode.probability: {
        const u = this.uniform(n * STREAMS_PER_NODE + Purpose.route);
        let k = from;
        while (k < from + count - 1 && u > m.outCumulative[k]) k++;
        return m.outNode[k];
      }
      default:
        return -1;
    }
  }

  /** Where a part leaving n with `target` can go now, or -1 if it must wait. */
  protected chooseDestination(n: number, target: number): number {
    if (target >= 0) return this.canAccept(target) ? target : -1;
    const m = this.m;
    for (let k = m.outStart[n]; k < m.outStart[n + 1]; k++) {
      if (this.canAccept(m.outNode[k])) return m.outNode[k];
    }
    return -1;
  }

  /** Puts `part` into node n, which can accept it. */
  protected deliver(part: number, n: number): void {
    const st = this.st;
    switch (this.m.nodeType[n]) {
      case NodeCode.sink:
        this.exitPart(part, true);
        return;
      case NodeCode.buffer: {
        this.touchBuffer(n);
        if (st.bufferCount[n] === st.bufferRing[n].length) growRing(st, n);
        const ring = st.bufferRing[n];
        // Ring index without a division (the hot path): head + count < 2·length.
        let tail = st.bufferHead[n] + st.bufferCount[n];
        if (tail >= ring.length) tail -= ring.length;
        ring[tail] = part;
        st.bufferCount[n]++;
        st.partReadyUs[part] = this.now;
        if (st.bufferCount[n] === 1) this.forwardFromBuffer(n);
        return;
      }
      case NodeCode.conveyor: {
        this.touchBuffer(n);
        const ring = st.bufferRing[n];
        let tail = st.bufferHead[n] + st.bufferCount[n];
        if (tail >= ring.length) tail -= ring.length;
        ring[tail] = part;
        st.bufferCount[n]++;
        this.conveyorEntered(n, part);
        return;
      }
      default: {
        const s = this.freeServer(n);
        st.serverPart[s] = part;
        this.beginJob(s);
      }
    }
  }

  private headTarget(n: number): number {
    const st = this.st;
    if (st.bufferHeadTarget[n] === -2) st.bufferHeadTarget[n] = this.routeTarget(n);
    return st.bufferHeadTarget[n];
  }

  private takeFromBuffer(n: number): number {
    const st = this.st;
    this.touchBuffer(n);
    const ring = st.bufferRing[n];
    const part = ring[st.bufferHead[n]];
    const head = st.bufferHead[n] + 1;
    st.bufferHead[n] = head === ring.length ? 0 : head;
    st.bufferCount[n]--;
    st.bufferHeadTarget[n] = -2;
    return part;
  }

  /** Takes the part at a conveyor's end (it has arrived there). */
  private takeFromConveyor(n: number): number {
    const part = this.takeFromBuffer(n);
    this.st.conveyorHeadReady[n] = 0;
    this.conveyorHeadTaken(n);
    return part;
  }

  /**
   * The head part of conveyor n has reached the end (a timer, or a sensor in the physics twin):
   * it goes on if the next node takes it, else it waits there.
   */
  conveyorHeadArrived(n: number, nowUs: number): void {
    const st = this.st;
    this.now = nowUs;
    st.conveyorHeadReady[n] = 1;
    st.conveyorHeadSinceUs[n] = nowUs;
    const next = this.m.outNode[this.m.outStart[n]];
    if (this.canAccept(next)) {
      this.deliver(this.takeFromConveyor(n), next);
      this.pullInto(n);
    } else this.conveyorHeadWaits(n);
  }

  /** Moves a buffer's head parts on while the next node takes them. */
  private forwardFromBuffer(n: number): void {
    const st = this.st;
    let moved = false;
    while (st.bufferCount[n] > 0) {
      const dest = this.chooseDestination(n, this.headTarget(n));
      if (dest < 0) break;
      this.deliver(this.takeFromBuffer(n), dest);
      moved = true;
    }
    if (moved) this.pullInto(n);
  }

  /**
   * Node n has room: take parts from upstream, the one that has waited longest first (parts
   * already in the line before new ones from a saturated source).
   */
  protected pullInto(n: number): void {
    const m = this.m;
    const st = this.st;
    const single = m.nodeType[n] === NodeCode.station && m.stationCapacity[n] === 1;
    while (this.canAccept(n)) {
      let best = -1;
      let bestServer = -1;
      let bestSince = Infinity;
      let saturated = -1;
      for (let k = m.inStart[n]; k < m.inStart[n + 1]; k++) {
        const u = m.inNode[k];
        switch (m.nodeType[u]) {
          case NodeCode.source:
            if (st.sourcePart[u] >= 0) {
              const t = st.sourceTarget[u];
              if ((t < 0 || t === n) && st.sourceReadySinceUs[u] < bestSince) {
                best = u;
                bestServer = -1;
                bestSince = st.sourceReadySinceUs[u];
              }
            } else if (m.interarrivalDist[u] < 0 && saturated < 0) saturated = u;
            break;
          case NodeCode.buffer:
            if (st.bufferCount[u] > 0) {
              const t = this.headTarget(u);
              const since = st.partReadyUs[st.bufferRing[u][st.bufferHead[u]]];
              if ((t < 0 || t === n) && since < bestSince) {
                best = u;
                bestServer = -1;
                bestSince = since;
              }
            }
            break;
          case NodeCode.conveyor:
            // A conveyor has one way out: to n.
            if (st.conveyorHeadReady[u] === 1 && st.conveyorHeadSinceUs[u] < bestSince) {
              best = u;
              bestServer = -1;
              bestSince = st.conveyorHeadSinceUs[u];
            }
            break;
          case NodeCode.station: {
            const first = m.firstServer[u];
            for (let s = first; s < first + m.stationCapacity[u]; s++) {
              if (st.phase[s] !== Phase.done || (st.target[s] >= 0 && st.target[s] !== n)) continue;
              if (st.blockedSinceUs[s] < bestSince) {
                best = u;
                bestServer = s;
                bestSince = st.blockedSinceUs[s];
              }
            }
          }
        }
      }
      if (best < 0) {
        if (saturated < 0) return;
        this.deliver(this.newPart(saturated), n);
        if (single) return;
        continue;
      }
      switch (m.nodeType[best]) {
        case NodeCode.source: {
          const part = st.sourcePart[best];
          st.sourcePart[best] = -1;
          this.deliver(part, n);
          this.onSourceReleased(best);
          break;
        }
        case NodeCode.buffer:
          this.deliver(this.takeFromBuffer(best), n);
          // With several ways out, the new head may be routed elsewhere: send it on first.
          if (m.outStart[best + 1] - m.outStart[best] > 1) this.forwardFromBuffer(best);
          this.pullInto(best);
          break;
        case NodeCode.conveyor:
          this.deliver(this.takeFromConveyor(best), n);
          this.pullInto(best);
          break;
        default:
          this.handOn(bestServer, n);
      }
      // A one-server station that just took a part has no room left at this instant (a job ends
      // only by an event): skip re-checking.
      if (single) return;
    }
  }

  // --- jobs --------------------------------------------------------------------------------------

  private beginJob(s: number): void {
    if (this.m.operatorCount[this.m.serverNode[s]] > 0 && !this.acquireOperators(s)) {
      this.st.phase[s] = Phase.waitOperator;
      this.st.waitList[this.st.waitCount++] = s;
      this.refresh(s);
      return;
    }
    this.beginSetupOrProcess(s);
  }

  private beginSetupOrProcess(s: number): void {
    const st = this.st;
    const n = this.m.serverNode[s];
    const product = st.partProduct[st.serverPart[s]];
    const last = st.lastProduct[s];
    if (this.m.setupDist[n] >= 0 && last >= 0 && last !== product) {
      st.phase[s] = Phase.setup;
      st.remainingUs[s] = this.drawUs(this.m.setupDist[n], n * STREAMS_PER_NODE + Purpose.setup);
      this.resume(s);
      this.refresh(s);
      return;
    }
    this.beginProcess(s);
  }

  protected beginProcess(s: number): void {
    const st = this.st;
    const n = this.m.serverNode[s];
    const product = st.partProduct[st.serverPart[s]];
    st.lastProduct[s] = product;
    st.phase[s] = Phase.process;
    const dist = this.m.cycleDist[n * this.m.productCount + product];
    st.remainingUs[s] = this.drawUs(dist, n * STREAMS_PER_NODE + Purpose.cycle);
    this.resume(s);
    this.refresh(s);
  }

  /** The job at server s is done: quality decision, then the part tries to move on. */
  protected completeJob(s: number): void {
    const m = this.m;
    const st = this.st;
    const n = m.serverNode[s];
    const part = st.serverPart[s];
    if (st.heldPool[s] >= 0) this.releaseOperators(s);
    st.produced[n]++;
    st.idealUs[n] += m.idealCycleUs[n * m.productCount + st.partProduct[part]];
    const startup = st.firstAfterStart[s] === 1;
    st.firstAfterStart[s] = 0;
    if (m.scrapProbability[n] > 0 && this.uniform(n * STREAMS_PER_NODE + Purpose.scrap) < m.scrapProbability[n]) {
      st.scrapped[n]++;
      if (startup) st.startupRejects[n]++;
      st.serverPart[s] = -1;
      st.phase[s] = Phase.idle;
      this.exitPart(part, false);
      this.refresh(s);
      this.pullInto(n);
      return;
    }
    if (m.reworkProbability[n] > 0 && this.uniform(n * STREAMS_PER_NODE + Purpose.rework) < m.reworkProbability[n]) {
      st.reworked[n]++;
      if (startup) st.startupRejects[n]++;
      st.partReworked[part] = 1;
      if (m.reworkTarget[n] === n) {
        // Rework in place: the same server processes the part again.
        st.phase[s] = Phase.idle;
        this.beginJob(s);
        return;
      }
      st.target[s] = m.reworkTarget[n];
    } else {
      st.good[n]++;
      st.target[s] = this.routeTarget(n);
    }
    st.phase[s] = Phase.done;
    st.blockedSinceUs[s] = this.now;
    this.pushFromServer(s);
  }

  /** A finished part at server s moves on if it can; otherwise the server stays blocked. */
  protected pushFromServer(s: number): void {
    const n = this.m.serverNode[s];
    const dest = this.chooseDestination(n, this.st.target[s]);
    if (dest < 0) {
      this.refresh(s);
      return;
    }
    this.handOn(s, dest);
  }

  /** Server s gives its finished part to `dest` and takes the next one from upstream. */
  private handOn(s: number, dest: number): void {
    const st = this.st;
    const part = st.serverPart[s];
    st.serverPart[s] = -1;
    st.phase[s] = Phase.idle;
    this.deliver(part, dest);
    if (st.failedCount[s] === 0) this.pullInto(this.m.serverNode[s]);
    // Booked once the cascade settles: a server that takes its next part at this same instant
    // spends no time starved, so the intermediate state need not be derived.
    this.refresh(s);
  }

  // --- operators -------------------------------------------------------------------------------

  /**
   * Takes the station's operators from its pools in the listed order (a humanoid pool listed
   * after the human one is used when no human is free), all or nothing.
   */
  private acquireOperators(s: number): boolean {
    const m = this.m;
    const st = this.st;
    const n = m.serverNode[s];
    const need = m.operatorCount[n];
    let total = 0;
    for (let k = m.operatorPoolStart[n]; k < m.operatorPoolStart[n + 1] && total < need; k++) {
      const p = m.operatorPool[k];
      total += Math.max(0, (this.poolCanStart(p) ? m.poolSize[p] : 0) - st.poolBusy[p]);
    }
    if (total < need) return false;
    let missing = need;
    for (let k = m.operatorPoolStart[n]; k < m.operatorPoolStart[n + 1] && missing > 0; k++) {
      const p = m.operatorPool[k];
      const take = Math.min(missing, Math.max(0, (this.poolCanStart(p) ? m.poolSize[p] : 0) - st.poolBusy[p]));
      if (take === 0) continue;
      st.poolBusy[p] += take;
      st.heldOperators[s * m.poolCount + p] = take;
      if (st.heldPool[s] < 0) st.heldPool[s] = p;
      missing -= take;
    }
    return true;
  }

  /** Operators go back to their pools (one whose shift ended goes home) and serve the waiting. */
  protected releaseOperators(s: number): void {
    const st = this.st;
    const P = this.m.poolCount;
    for (let p = 0; p < P; p++) {
      st.poolBusy[p] -= st.heldOperators[s * P + p];
      st.heldOperators[s * P + p] = 0;
    }
    st.heldPool[s] = -1;
    this.dispatchOperators();
  }

  /** Gives available operators to waiting servers, longest waiting first. */
  protected dispatchOperators(): void {
    const st = this.st;
    let kept = 0;
    for (let i = 0; i < st.waitCount; i++) {
      const s = st.waitList[i];
      // A server that cannot work now (station off shift, failed) does not tie up operators.
      const ready = st.stationOn[this.m.serverNode[s]] === 1 && st.failedCount[s] === 0;
      if (!ready || !this.acquireOperators(s)) {
        st.waitList[kept++] = s;
      } else if (st.phase[s] === Phase.waitOperator) {
        this.beginSetupOrProcess(s);
      } else {
        // A job interrupted at a shift end resumes where it stopped.
        this.resume(s);
        this.refresh(s);
      }
    }
    st.waitCount = kept;
  }
}
