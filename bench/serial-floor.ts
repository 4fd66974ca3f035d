/**
 * The baseline of des.serial-10: the same 10-station line (buffers of 5, exponential cycles with
 * mean 10 s, operating-time failures TTF 7200 s / TTR 600 s, 8 hours) hand-written for this one
 * shape on the same kernel queue, random streams and ziggurat sampler, with no state accounting,
 * KPIs, routing, operators or calendars. It bounds what the general engine could reach with this
 * kernel; des.serial-10 reports the engine's time as a ratio to it, measured in the same run.
 */
import { TimerQueue } from '../engine/des/timer-queue';
import { createStreamTable, seedStream } from '../engine/random/rng';
import { standardExponential } from '../engine/random/ziggurat';

const STATIONS = 10;
const CAPACITY = 5;
const END_US = 28_800e6;

export class SerialFloor {
  private readonly queue = new TimerQueue(2 * STATIONS);
  private readonly rng = createStreamTable(3 * STATIONS);
  private readonly busy = new Uint8Array(STATIONS);
  private readonly blocked = new Uint8Array(STATIONS);
  private readonly failed = new Uint8Array(STATIONS);
  /** Parts in the buffer in front of station i (i ≥ 1). */
  private readonly buffer = new Int32Array(STATIONS);
  private readonly remainingUs = new Float64Array(STATIONS);
  private readonly sinceUs = new Float64Array(STATIONS);
  private readonly ttfUs = new Float64Array(STATIONS);
  produced = 0;
  events = 0;

  private draw(stream: number, meanSeconds: number): number {
    return Math.round(meanSeconds * 1e6 * standardExponential(this.rng, stream));
  }

  private start(i: number, now: number): void {
    this.busy[i] = 1;
    this.remainingUs[i] = this.draw(i, 10);
    this.sinceUs[i] = now;
    this.queue.schedule(i, now + Math.min(this.remainingUs[i], this.ttfUs[i]), 1);
  }

  private tryStart(i: number, now: number): void {
    if (this.busy[i] || this.blocked[i] || this.failed[i]) return;
    if (i === 0) return this.start(0, now);
    if (this.buffer[i] === 0) return;
    this.buffer[i]--;
    this.start(i, now);
    if (this.blocked[i - 1]) {
      this.blocked[i - 1] = 0;
      this.buffer[i]++;
      this.tryStart(i - 1, now);
    }
  }

  private finish(i: number, now: number): void {
    this.busy[i] = 0;
    if (i === STATIONS - 1) this.produced++;
    else if (this.buffer[i + 1] < CAPACITY) {
      this.buffer[i + 1]++;
      this.tryStart(i + 1, now);
    } else {
      this.blocked[i] = 1;
      return;
    }
    this.tryStart(i, now);
  }

  run(replication: number): void {
    const q = this.queue;
    q.clear();
    this.produced = 0;
    this.events = 0;
    for (let s = 0; s < 3 * STATIONS; s++) seedStream(this.rng, s, 1, replication, s, 1, 0);
    this.busy.fill(0);
    this.blocked.fill(0);
    this.failed.fill(0);
    this.buffer.fill(0);
    for (let i = 0; i < STATIONS; i++) this.ttfUs[i] = this.draw(STATIONS + i, 7200);
    this.start(0, 0);
    for (;;) {
      const slot = q.peek();
      if (slot < 0 || q.timeUs[slot] > END_US) break;
      const t = q.timeUs[slot];
      const ticket = q.ticket(slot);
      this.events++;
      if (slot < STATIONS) {
        const elapsed = t - this.sinceUs[slot];
        this.remainingUs[slot] -= elapsed;
        this.ttfUs[slot] -= elapsed;
        this.sinceUs[slot] = t;
        if (this.remainingUs[slot] <= 0) this.finish(slot, t);
        else {
          this.failed[slot] = 1; // an operating-time failure came due: repair, then resume
          q.schedule(STATIONS + slot, t + this.draw(2 * STATIONS + slot, 600), 2);
        }
      } else {
        const i = slot - STATIONS;
        this.failed[i] = 0;
        this.ttfUs[i] = this.draw(STATIONS + i, 7200);
        this.sinceUs[i] = t;
        q.schedule(i, t + Math.min(this.remainingUs[i], this.ttfUs[i]), 1);
      }
      q.retire(slot, ticket);
    }
  }
}
