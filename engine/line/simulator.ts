import { Kernel, type EventHandler } from '../des/kernel';
import { NodeCode, STATE_COUNT, type LineModel } from '../model/compiled';
import { DistCode, sample } from '../random/distributions';
import { nextUniform, seedStream } from '../random/rng';
import { standardExponential } from '../random/ziggurat';
import { Purpose } from '../random/purposes';
import { calendarStateAt, nextTransitionUs } from './calendar-clock';
import { lineStateArrays, loadLineState } from './line-snapshot';
import { TimedConveyors, type ConveyorTimers, type ConveyorTransport } from './conveyors';
import { Flow } from './flow';
import { Phase, SlotKind, STREAMS_PER_NODE, createLineState } from './state';

/**
 * Same-time events fire in this order (then FIFO). A job that ends exactly when a shift ends
 * is finished in that shift, so servers come before calendars.
 */
const PRIORITY_CONTROL = 0;
const PRIORITY_SERVER = 1;
/** A part reaching a conveyor's end is like a job ending: before failures and shift changes. */
const PRIORITY_CONVEYOR = 1;
const PRIORITY_FAILURE = 2;
const PRIORITY_CALENDAR = 3;
const PRIORITY_SOURCE = 4;

/**
 * The line on the DES kernel (DESIGN §3). One pending event per busy server: a job's end, or the
 * next operating-time failure if it comes first; a failure pauses the job and its repair resumes
 * it (preemptive resume), so nothing is ever cancelled by a failure. Calendar-time failures,
 * shifts and arrivals have their own timer slots.
 *
 * Order of sub-steps at one instant: control (warm-up) → servers → failures/repairs → calendars →
 * arrivals, each FIFO; zero-time part moves cascade synchronously inside the event that caused them.
 */
export class LineSimulator extends Flow implements EventHandler, ConveyorTimers {
  readonly kernel: Kernel;
  /** How parts ride conveyor nodes: timers here; the physics twin installs its own (useTransport). */
  private transport: ConveyorTransport;

  constructor(model: LineModel) {
    const st = createLineState(model);
    super(model, st);
    this.kernel = new Kernel(st.slotKind.length);
    this.transport = new TimedConveyors(model, st, this);
  }

  /** Replaces the conveyor transport (before reset). */
  useTransport(transport: ConveyorTransport): void {
    this.transport = transport;
  }

  scheduleHead(n: number, atUs: number): void {
    this.kernel.queue.schedule(this.st.conveyorHeadSlot0 + n, atUs, PRIORITY_CONVEYOR);
  }

  scheduleEntry(n: number, atUs: number): void {
    this.kernel.queue.schedule(this.st.conveyorEntrySlot0 + n, atUs, PRIORITY_CONVEYOR);
  }

  get nowUs(): number {
    return this.kernel.nowUs;
  }

  /** Starts replication `replication` (0-based) of seed `seed` from an empty line at time 0. */
  reset(replication: number, seed: number): void {
    const m = this.m;
    const st = this.st;
    this.kernel.reset();
    // Stream key: (seed, replication, node id, purpose, sub). The id enters as two independent
    // 32-bit hashes: one as the entity, 24 bits of the other beside the purpose byte.
    const purposeKey = (n: number, purpose: number) => ((m.nodeHash2[n] << 8) | purpose) >>> 0;
    for (let n = 0; n < m.nodeCount; n++) {
      for (let p = 1; p < STREAMS_PER_NODE; p++) {
        seedStream(st.rng, n * STREAMS_PER_NODE + p, seed, replication, m.nodeHash[n], purposeKey(n, p), 0);
      }
    }
    for (let f = 0; f < st.failureCount; f++) {
      const s = st.failureServer[f];
      const n = m.serverNode[s];
      const sub = ((s - m.firstServer[n]) << 8) | (f - st.serverFailureStart[s]);
      const ttf = purposeKey(n, Purpose.failureTtf);
      const ttr = purposeKey(n, Purpose.failureTtr);
      seedStream(st.rng, st.failureStream0 + 2 * f, seed, replication, m.nodeHash[n], ttf, sub);
      seedStream(st.rng, st.failureStream0 + 2 * f + 1, seed, replication, m.nodeHash[n], ttr, sub);
    }
    this.resetState();
    this.resetCounters();
    this.transport.reset();
    for (let c = 0; c < m.calendarCount; c++) {
      st.calendarOn[c] = calendarStateAt(m, c, 0);
      this.scheduleCalendar(c);
    }
    for (let n = 0; n < m.nodeCount; n++) st.stationOn[n] = m.nodeCalendar[n] < 0 ? 1 : st.calendarOn[m.nodeCalendar[n]];
    for (let p = 0; p < m.poolCount; p++) st.poolOn[p] = m.poolCalendar[p] < 0 ? 1 : st.calendarOn[m.poolCalendar[p]];
    for (let s = 0; s < m.serverCount; s++) {
      st.stateCode[s] = this.deriveState(s);
      st.stateSinceUs[s] = 0;
    }
    for (let f = 0; f < st.failureCount; f++) {
      const ttf = this.drawUs(m.failureTtfDist[st.failureMode[f]], st.failureStream0 + 2 * f);
      if (m.failureBasis[st.failureMode[f]] === 0) st.ttfRemainingUs[f] = ttf;
      else this.kernel.queue.schedule(st.failureSlot0 + f, ttf, PRIORITY_FAILURE);
    }
    for (let n = 0; n < m.nodeCount; n++) {
      if (m.nodeType[n] === NodeCode.source && m.interarrivalDist[n] >= 0) this.scheduleArrival(n);
    }
    if (m.warmupUs > 0) this.kernel.queue.schedule(st.controlSlot, m.warmupUs, PRIORITY_CONTROL);
    // Saturated sources feed whatever can take a part at time 0.
    for (let n = 0; n < m.nodeCount; n++) if (m.nodeType[n] !== NodeCode.source) this.pullInto(n);
  }

  /** The whole state of the running replication as typed arrays (line-snapshot.ts). */
  saveState(): ArrayBufferView[] {
    const clocks = [this.now, this.kernel.nowUs, this.kernel.events];
    return [...this.kernel.queue.stateArrays(), ...lineStateArrays(this.st, clocks)];
  }

  /** Continues from arrays made by saveState on a simulator of the same model. */
  loadState(arrays: readonly ArrayBufferView[]): void {
    const queueArrays = 5;
    const times = arrays[0];
    if (arrays.length < queueArrays || !(times instanceof Float64Array) || times.length !== this.kernel.queue.slotCount) {
      throw new RangeError('line snapshot: the event queue does not fit this line');
    }
    const [now, kernelNow, events] = loadLineState(this.st, arrays.slice(queueArrays), 3);
    this.kernel.queue.loadState(arrays.slice(0, queueArrays));
    this.now = now;
    this.kernel.nowUs = kernelNow;
    this.kernel.events = events;
  }

  /** Fires every event up to `untilUs` (capped at the run length). */
  advanceTo(untilUs: number): void {
    this.kernel.runUntil(Math.min(untilUs, this.m.lengthUs), this);
  }

  /** Runs the whole replication and closes its accounts at the run length. */
  run(replication: number, seed: number): void {
    this.reset(replication, seed);
    this.advanceTo(this.m.lengthUs);
    this.closeAccounts();
  }

  /** Brings every time integral up to now (end of run, or a live snapshot). */
  closeAccounts(): void {
    const now = this.kernel.nowUs;
    this.now = now; // the clock may be past the last event (end of run, live snapshot)
    const st = this.st;
    for (let s = 0; s < this.m.serverCount; s++) {
      st.stateUs[s * STATE_COUNT + st.stateCode[s]] += now - st.stateSinceUs[s];
      st.stateSinceUs[s] = now;
    }
    for (let n = 0; n < this.m.nodeCount; n++) this.touchBuffer(n);
    this.touchWip();
  }

  fire(slot: number, nowUs: number): void {
    const st = this.st;
    this.now = nowUs;
    const owner = st.slotOwner[slot];
    switch (st.slotKind[slot]) {
      case SlotKind.server:
        this.onServerTimer(owner);
        break;
      case SlotKind.failure:
        this.onFailureTimer(owner);
        break;
      case SlotKind.source:
        this.onArrival(owner);
        break;
      case SlotKind.calendar:
        this.onCalendar(owner);
        break;
      case SlotKind.conveyorHead:
        this.conveyorHeadArrived(owner, nowUs);
        break;
      case SlotKind.conveyorEntry:
        this.pullInto(owner);
        break;
      default:
        this.closeAccounts();
        this.resetCounters();
    }
  }

  // --- servers: progress, preemption, failures -------------------------------------------------

  protected override resume(s: number): void {
    const st = this.st;
    if (st.running[s] === 1) return;
    const phase = st.phase[s];
    if (phase !== Phase.setup && phase !== Phase.process) return;
    const n = this.m.serverNode[s];
    if (st.failedCount[s] > 0 || st.stationOn[n] === 0) return;
    if (this.m.operatorCount[n] > 0 && st.heldPool[s] < 0) return; // waits for operators
    st.running[s] = 1;
    st.progressSinceUs[s] = this.now;
    let dt = st.remainingUs[s];
    if (phase === Phase.process) {
      for (let k = st.serverFailureStart[s]; k < st.serverFailureStart[s + 1]; k++) {
        if (this.m.failureBasis[st.failureMode[k]] === 0 && st.ttfRemainingUs[k] < dt) dt = st.ttfRemainingUs[k];
      }
    }
    this.kernel.queue.schedule(s, this.now + dt, PRIORITY_SERVER);
  }

  private pause(s: number): void {
    const st = this.st;
    if (st.running[s] === 0) return;
    st.running[s] = 0;
    this.kernel.queue.cancel(s);
    this.spendProgress(s, this.now - st.progressSinceUs[s]);
  }

  private spendProgress(s: number, elapsedUs: number): void {
    const st = this.st;
    st.remainingUs[s] -= elapsedUs;
    if (st.phase[s] !== Phase.process) return;
    for (let k = st.serverFailureStart[s]; k < st.serverFailureStart[s + 1]; k++) {
      if (this.m.failureBasis[st.failureMode[k]] === 0) st.ttfRemainingUs[k] -= elapsedUs;
    }
  }

  private onServerTimer(s: number): void {
    const st = this.st;
    st.running[s] = 0;
    this.spendProgress(s, this.now - st.progressSinceUs[s]);
    if (st.remainingUs[s] > 0) {
      // An operating-time failure came due before the job's end.
      for (let k = st.serverFailureStart[s]; k < st.serverFailureStart[s + 1]; k++) {
        if (this.m.failureBasis[st.failureMode[k]] === 0 && st.ttfRemainingUs[k] <= 0) {
          this.beginFailure(k);
          return;
        }
      }
      this.resume(s);
      return;
    }
    if (st.phase[s] === Phase.setup) {
      st.firstAfterStart[s] = 1;
      this.beginProcess(s);
    } else {
      this.completeJob(s);
    }
  }

  private beginFailure(f: number): void {
    const st = this.st;
    const s = st.failureServer[f];
    st.failureActive[f] = 1;
    st.failedCount[s]++;
    this.pause(s);
    const ttr = this.drawUs(this.m.failureTtrDist[st.failureMode[f]], st.failureStream0 + 2 * f + 1);
    this.kernel.queue.schedule(st.failureSlot0 + f, this.now + ttr, PRIORITY_FAILURE);
    this.refresh(s);
  }

  private onFailureTimer(f: number): void {
    const st = this.st;
    if (st.failureActive[f] === 0) {
      this.beginFailure(f); // a calendar-time failure comes due
      return;
    }
    const s = st.failureServer[f];
    const mode = st.failureMode[f];
    st.failureActive[f] = 0;
    st.failedCount[s]--;
    const ttf = this.drawUs(this.m.failureTtfDist[mode], st.failureStream0 + 2 * f);
    if (this.m.failureBasis[mode] === 0) st.ttfRemainingUs[f] = ttf;
    else this.kernel.queue.schedule(st.failureSlot0 + f, this.now + ttf, PRIORITY_FAILURE);
    this.resume(s);
    this.refresh(s);
    if (st.failedCount[s] === 0) {
      if (st.waitCount > 0) this.dispatchOperators();
      if (st.phase[s] === Phase.idle) this.pullInto(this.m.serverNode[s]);
      else if (st.phase[s] === Phase.done) this.pushFromServer(s);
    }
  }

  // --- sources and calendars -------------------------------------------------------------------

  private scheduleArrival(n: number): void {
    const gap = this.drawUs(this.m.interarrivalDist[n], n * STREAMS_PER_NODE + Purpose.arrival);
    this.kernel.queue.schedule(this.st.sourceSlot0 + n, this.now + gap, PRIORITY_SOURCE);
  }

  private onArrival(n: number): void {
    const st = this.st;
    const part = this.newPart(n);
    const target = this.routeTarget(n);
    const dest = this.chooseDestination(n, target);
    if (dest >= 0) {
      this.deliver(part, dest);
      this.scheduleArrival(n);
    } else {
      // Blocked: the source holds the part and its arrival clock stops until it leaves.
      st.sourcePart[n] = part;
      st.sourceTarget[n] = target;
      st.sourceReadySinceUs[n] = this.now;
    }
  }

  protected override onSourceReleased(n: number): void {
    this.scheduleArrival(n);
  }

  private scheduleCalendar(c: number): void {
    const next = nextTransitionUs(this.m, c, this.now);
    if (next < Infinity) this.kernel.queue.schedule(this.st.calendarSlot0 + c, next, PRIORITY_CALENDAR);
  }

  private onCalendar(c: number): void {
    const m = this.m;
    const st = this.st;
    st.calendarOn[c] ^= 1;
    this.scheduleCalendar(c);
    const on = st.calendarOn[c];
    for (let p = 0; p < m.poolCount; p++) if (m.poolCalendar[p] === c) st.poolOn[p] = on;
    for (let n = 0; n < m.nodeCount; n++) {
      if (m.nodeCalendar[n] !== c) continue;
      st.stationOn[n] = on;
      const first = m.firstServer[n];
      for (let s = first; s < first + m.stationCapacity[n]; s++) {
        if (on === 1) {
          st.firstAfterStart[s] = 1;
          this.resume(s);
        } else {
          this.pause(s);
          // Operators do not wait out a machine's off shift: they go back to their pool, and
          // the interrupted job waits for operators again when the station is back on shift.
          if (st.heldPool[s] >= 0) {
            this.releaseOperators(s);
            st.waitList[st.waitCount++] = s;
          }
        }
      }
    }
    if (on === 1) this.dispatchOperators();
    for (let s = 0; s < m.serverCount; s++) this.refresh(s);
    if (on === 1) for (let n = 0; n < m.nodeCount; n++) if (m.nodeCalendar[n] === c) this.pullInto(n);
  }

  protected override poolCanStart(p: number): boolean {
    if (this.st.poolOn[p] === 0) return false;
    const c = this.m.poolCalendar[p];
    if (c < 0) return true;
    // A shift that ends at this very instant (its event is due now) starts no new job.
    const slot = this.st.calendarSlot0 + c;
    const queue = this.kernel.queue;
    return !(queue.isScheduled(slot) && queue.timeUs[slot] === this.now);
  }

  protected override conveyorHasRoom(n: number): boolean {
    return this.transport.hasRoom(n, this.now);
  }

  protected override conveyorEntered(n: number, part: number): void {
    this.transport.entered(n, part, this.now);
  }

  protected override conveyorHeadTaken(n: number): void {
    this.transport.headTaken(n, this.now);
  }

  protected override conveyorHeadWaits(n: number): void {
    this.transport.headWaits(n, this.now);
  }

  /** One draw in whole microseconds (the DES clock's unit). */
  protected override drawUs(dist: number, stream: number): number {
    const table = this.m.distributions;
    // Fast path for the most common case (the same draw as sample()).
    if (table.kind[dist] === DistCode.exponential) {
      return Math.round(table.a[dist] * 1e6 * standardExponential(this.st.rng, stream));
    }
    return Math.round(sample(table, dist, this.st.rng, stream) * 1e6);
  }

  protected override uniform(stream: number): number {
    return nextUniform(this.st.rng, stream);
  }
}
