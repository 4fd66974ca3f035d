import type { LineModel } from '../model/compiled';
import type { LineState } from './state';

/**
 * How parts ride a conveyor node of the line (NodeCode.conveyor). The flow (flow.ts) keeps the
 * parts on a conveyor as a FIFO (head = nearest the end) and asks the transport the questions
 * below; the pure DES answers them with timers (TimedConveyors), the physics twin with bodies on
 * belts (engine/twin/physics-conveyors.ts). Both follow one kinematic model, so their throughput
 * agrees up to the physics step:
 *
 * - Parts move at the belt speed v and never closer than the spacing s (centre to centre); a
 *   stop holds the head at the end until the next node takes it. T = L / v, σ = s / v.
 * - Accumulating belt (zero-pressure accumulation): the belt keeps running under a held head and
 *   the parts behind close up to s. The head after part i−1 (taken at e) reaches the end at
 *   a = max(entry + T, e + σ): either it never caught up with the queue, or it stood s behind
 *   the end and needs σ once the end is free. With all parts at one speed and instant stops this
 *   is exact (the position of part i is min(free position, position of part i−1 − s)).
 * - Non-accumulating belt: the whole belt stops while its head is held. Positions advance with
 *   the belt clock R(t) = t − (time stood still), so a part reaches the end when R = R(entry) + T.
 * - A part gets on when fewer than floor(L / s) + 1 are on the belt and the last one is s ahead:
 *   R(now) − R(entry of the last) ≥ σ (R = t for an accumulating belt). When the last part stands
 *   queued, it stands at least s from the start unless the belt is full, so this is exact too.
 */
export interface ConveyorTransport {
  reset(): void;
  hasRoom(n: number, nowUs: number): boolean;
  /** `part` just got on conveyor n (it is now the FIFO's tail). */
  entered(n: number, part: number, nowUs: number): void;
  /** The head was taken off the end. */
  headTaken(n: number, nowUs: number): void;
  /** The head reached the end and the next node cannot take it. */
  headWaits(n: number, nowUs: number): void;
}

/** What a transport may ask of the simulator: to be woken at a time. */
export interface ConveyorTimers {
  /** Calls conveyorHeadArrived(n) at `atUs` (replacing an earlier call for n). */
  scheduleHead(n: number, atUs: number): void;
  /** Lets conveyor n's upstream try again at `atUs` (replacing an earlier call for n). */
  scheduleEntry(n: number, atUs: number): void;
}

/** The belt clock R(t) of conveyor n: time minus the time it has stood still (see above). */
export function conveyorClockUs(st: LineState, n: number, nowUs: number): number {
  const since = st.conveyorStoppedSinceUs[n];
  return nowUs - st.conveyorStoppedUs[n] - (since >= 0 ? nowUs - since : 0);
}

/** The part at the tail (nearest the start) of conveyor n; it must hold one. */
export function conveyorTail(st: LineState, n: number): number {
  const ring = st.bufferRing[n];
  let k = st.bufferHead[n] + st.bufferCount[n] - 1;
  if (k >= ring.length) k -= ring.length;
  return ring[k];
}

/** Starts (non-accumulating) conveyor n's belt again if it stood; bookkeeping of the belt clock. */
export function restartBelt(st: LineState, n: number, nowUs: number): void {
  const since = st.conveyorStoppedSinceUs[n];
  if (since < 0) return;
  st.conveyorStoppedUs[n] += nowUs - since;
  st.conveyorStoppedSinceUs[n] = -1;
}

/** The pure-DES transport: every arrival at an end is a timer (model in the comment above). */
export class TimedConveyors implements ConveyorTransport {
  constructor(
    private readonly m: LineModel,
    private readonly st: LineState,
    private readonly timers: ConveyorTimers,
  ) {}

  reset(): void {}

  hasRoom(n: number, nowUs: number): boolean {
    const st = this.st;
    const count = st.bufferCount[n];
    if (count === 0) return true;
    if (count >= this.m.bufferCapacity[n]) return false;
    return conveyorClockUs(st, n, nowUs) - st.partReadyUs[conveyorTail(st, n)] >= this.m.conveyorSpacingUs[n];
  }

  entered(n: number, part: number, nowUs: number): void {
    const st = this.st;
    st.partReadyUs[part] = conveyorClockUs(st, n, nowUs);
    if (st.bufferCount[n] === 1) this.scheduleHead(n, nowUs);
    // Upstream may try again once this part has cleared the spacing (if the belt keeps running;
    // a stopped belt reschedules this when it restarts).
    if (st.conveyorStoppedSinceUs[n] < 0) this.timers.scheduleEntry(n, nowUs + this.m.conveyorSpacingUs[n]);
  }

  headTaken(n: number, nowUs: number): void {
    const st = this.st;
    st.conveyorLastTakenUs[n] = nowUs;
    if (st.conveyorStoppedSinceUs[n] >= 0) {
      restartBelt(st, n, nowUs);
      if (st.bufferCount[n] > 0) {
        const cleared = conveyorClockUs(st, n, nowUs) - st.partReadyUs[conveyorTail(st, n)];
        const wait = this.m.conveyorSpacingUs[n] - cleared;
        if (wait > 0) this.timers.scheduleEntry(n, nowUs + wait);
      }
    }
    if (st.bufferCount[n] > 0) this.scheduleHead(n, nowUs);
  }

  headWaits(n: number, nowUs: number): void {
    if (this.m.conveyorAccumulating[n] === 0) this.st.conveyorStoppedSinceUs[n] = nowUs;
  }

  /** Schedules the arrival of conveyor n's (new) head part at the end. */
  private scheduleHead(n: number, nowUs: number): void {
    const m = this.m, st = this.st;
    const head = st.bufferRing[n][st.bufferHead[n]];
    let at: number;
    if (m.conveyorAccumulating[n] === 1) {
      at = Math.max(st.partReadyUs[head] + m.conveyorTransportUs[n], st.conveyorLastTakenUs[n] + m.conveyorSpacingUs[n]);
    } else {
      // The belt runs now (a held head stops it, and this head is not held yet).
      at = nowUs + st.partReadyUs[head] + m.conveyorTransportUs[n] - conveyorClockUs(st, n, nowUs);
    }
    this.timers.scheduleHead(n, Math.max(at, nowUs));
  }
}
