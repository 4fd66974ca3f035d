/**
 * The event queue of the discrete-event kernel: an indexed binary min-heap of timer slots.
 *
 * Each slot (a station's server, a failure mode, a source, a calendar…) has at most one pending
 * event, so "rescheduling" is a key update in place and "cancelling" removes the slot: no event
 * objects, no tombstones, no allocation after construction. Order is (time, priority, sequence):
 * equal times fire by priority, then in the order they were scheduled (FIFO), which makes a run
 * deterministic. Time is integer microseconds held in a Float64Array (exact to 2^53 µs ≈ 285 years).
 *
 * Indexed heap with decrease/increase-key as in Sedgewick & Wayne, Algorithms 4th ed., §2.4
 * ("IndexMinPQ").
 */
const SEQUENCE_SPAN = 2 ** 40;

export class TimerQueue {
  /** Due time of each slot in µs (meaningful only while scheduled). */
  readonly timeUs: Float64Array;
  /**
   * Tie-break key: priority · 2^40 + sequence, one number so a comparison loads two values, not
   * four. Exact while priorities are small integers (|p| < 2^12) and fewer than 2^40 events are
   * scheduled between clears.
   */
  private readonly order: Float64Array;
  /** heap[k] = slot at heap position k. */
  private readonly heap: Int32Array;
  /** position[slot] = heap position, or -1 when the slot is not scheduled. */
  private readonly position: Int32Array;
  private count = 0;
  private nextSequence = 0;

  constructor(readonly slotCount: number) {
    this.timeUs = new Float64Array(slotCount);
    this.order = new Float64Array(slotCount);
    this.heap = new Int32Array(Math.max(1, slotCount));
    this.position = new Int32Array(slotCount).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** Everything the queue holds, as arrays (snapshots); the last one is [count, nextSequence]. */
  stateArrays(): ArrayBufferView[] {
    return [this.timeUs, this.order, this.heap, this.position, Float64Array.of(this.count, this.nextSequence)];
  }

  /** Loads arrays taken by stateArrays from a queue of the same slot count. */
  loadState(arrays: readonly ArrayBufferView[]): void {
    const [timeUs, order, heap, position, counters] = arrays as [Float64Array, Float64Array, Int32Array, Int32Array, Float64Array];
    this.timeUs.set(timeUs);
    this.order.set(order);
    this.heap.set(heap);
    this.position.set(position);
    this.count = counters[0];
    this.nextSequence = counters[1];
  }

  clear(): void {
    for (let k = 0; k < this.count; k++) this.position[this.heap[k]] = -1;
    this.count = 0;
    this.nextSequence = 0;
  }

  isScheduled(slot: number): boolean {
    return this.position[slot] >= 0;
  }

  /** Schedules `slot` at `timeUs`, replacing its pending event if it has one. */
  schedule(slot: number, timeUs: number, priority: number): void {
    this.timeUs[slot] = timeUs;
    this.order[slot] = priority * SEQUENCE_SPAN + this.nextSequence++;
    const at = this.position[slot];
    if (at < 0) {
      const k = this.count++;
      this.heap[k] = slot;
      this.position[slot] = k;
      this.siftUp(k);
    } else {
      // The new key may be smaller or larger than the old one.
      this.siftDown(this.siftUp(at));
    }
  }

  cancel(slot: number): void {
    const at = this.position[slot];
    if (at < 0) return;
    const last = --this.count;
    this.position[slot] = -1;
    if (at !== last) {
      const moved = this.heap[last];
      this.heap[at] = moved;
      this.position[moved] = at;
      this.siftDown(this.siftUp(at));
    }
  }

  /** Slot of the next event, or -1 when the queue is empty. */
  peek(): number {
    return this.count > 0 ? this.heap[0] : -1;
  }

  /** Due time of the next event, or +Infinity when the queue is empty. */
  peekTimeUs(): number {
    return this.count > 0 ? this.timeUs[this.heap[0]] : Infinity;
  }

  /** The scheduling ticket of a slot: it changes whenever the slot is scheduled again. */
  ticket(slot: number): number {
    return this.order[slot];
  }

  /**
   * Removes `slot` if it still holds `ticket`, i.e. if nothing rescheduled it since. The kernel
   * fires the head event in place and retires it afterwards: an event that reschedules its own
   * slot (the common case, a server starting its next job) then costs one key update instead of
   * a pop and a push.
   */
  retire(slot: number, ticket: number): void {
    if (this.position[slot] >= 0 && this.order[slot] === ticket) this.cancel(slot);
  }

  /** Removes and returns the slot of the next event (-1 when empty). */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.heap[0];
    this.position[top] = -1;
    const last = --this.count;
    if (last > 0) {
      const moved = this.heap[last];
      this.heap[0] = moved;
      this.position[moved] = 0;
      this.siftDown(0);
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ta = this.timeUs[a];
    const tb = this.timeUs[b];
    return ta < tb || (ta === tb && this.order[a] < this.order[b]);
  }

  private siftUp(k: number): number {
    const heap = this.heap;
    const slot = heap[k];
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const other = heap[parent];
      if (!this.less(slot, other)) break;
      heap[k] = other;
      this.position[other] = k;
      k = parent;
    }
    heap[k] = slot;
    this.position[slot] = k;
    return k;
  }

  private siftDown(k: number): void {
    const heap = this.heap;
    const slot = heap[k];
    const n = this.count;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(heap[child + 1], heap[child])) child++;
      const other = heap[child];
      if (!this.less(other, slot)) break;
      heap[k] = other;
      this.position[other] = k;
      k = child;
    }
    heap[k] = slot;
    this.position[slot] = k;
  }
}
