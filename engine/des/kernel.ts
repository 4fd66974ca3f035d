import { TimerQueue } from './timer-queue';

/**
 * What the kernel calls when a slot's event is due. The kernel knows nothing else about it. While
 * it fires, the slot counts as no longer scheduled: the handler may schedule it again or leave it.
 */
export interface EventHandler {
  fire(slot: number, nowUs: number): void;
}

/**
 * The discrete-event kernel (after SimPy's Environment): a clock in integer microseconds and a
 * queue of timer slots. Everything about lines lives in the handler.
 */
export class Kernel {
  nowUs = 0;
  /** Events fired since the last reset. */
  events = 0;
  readonly queue: TimerQueue;

  constructor(slotCount: number) {
    this.queue = new TimerQueue(slotCount);
  }

  reset(): void {
    this.queue.clear();
    this.nowUs = 0;
    this.events = 0;
  }

  /** Schedules `slot` `delayUs` from now (delays are rounded to whole microseconds). */
  scheduleIn(slot: number, delayUs: number, priority: number): void {
    this.queue.schedule(slot, this.nowUs + Math.round(delayUs), priority);
  }

  /** Fires every event due at or before `untilUs` in (time, priority, sequence) order. */
  runUntil(untilUs: number, handler: EventHandler): void {
    const queue = this.queue;
    for (;;) {
      const slot = queue.peek();
      if (slot < 0) break;
      const t = queue.timeUs[slot];
      if (t > untilUs) break;
      const ticket = queue.ticket(slot);
      this.nowUs = t;
      this.events++;
      // The slot stays at the head while it fires (see TimerQueue.retire).
      handler.fire(slot, t);
      queue.retire(slot, ticket);
    }
    if (untilUs > this.nowUs && untilUs !== Infinity) this.nowUs = untilUs;
  }
}
