/**
 * Part state as structure-of-arrays (bitECS; STYLE habit 3): a part handle is a slot index into
 * these arrays, never a Rapier object (STYLE habit 4). Each conveyor keeps the parts it carries as
 * a doubly linked queue, head = the part nearest the end; the carriage step walks it front to back
 * and the spawn check reads its tail. Everything here is plain typed arrays so a snapshot is a copy
 * of them (see snapshot.ts).
 */

/** "No part" in handles and links. */
export const NO_PART = -1;

export class PartTable {
  readonly capacity: number;
  /** 1 if the slot holds a live part. */
  readonly alive: Uint8Array;
  /** Conveyor whose queue holds the part, or −1 (free body, or past the end). */
  readonly conveyor: Int32Array;
  /** Carriage coordinate: distance of the part's centre from the conveyor's start, metres. */
  readonly sM: Float64Array;
  /** Neighbours in the conveyor queue: toward the end (ahead) and toward the start (behind). */
  readonly ahead: Int32Array;
  readonly behind: Int32Array;
  /**
   * Conveyor that carried the part last, kept after hand-over to dynamics, or −1 for a part never
   * carried. A carried part reaching a free end is handed over in the same step its end-sensor
   * report arrives, so the arrival filter cannot use `conveyor` alone (world.ts).
   */
  readonly carriedBy: Int32Array;
  /** Conveyor whose end sensor already reported this part (one arrival per conveyor), or −1. */
  readonly arrivedOn: Int32Array;
  /** 1 if a carried part did not move last step (it may be asleep: wake it before moving it). */
  readonly idle: Uint8Array;
  /** Rapier handles of the part's body and collider (opaque f64 values, kept for restore). */
  readonly bodyHandle: Float64Array;
  readonly colliderHandle: Float64Array;
  /** Free slots as a stack; slot 0 is handed out first. [0] of `counts` is its top. */
  readonly freeStack: Int32Array;
  /** Per conveyor: first (nearest the end) and last part of the queue. */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  /** [freeTop, liveCount]; an array so snapshots copy it with the rest. */
  readonly counts: Int32Array;

  constructor(capacity: number, conveyorCount: number) {
    this.capacity = capacity;
    this.alive = new Uint8Array(capacity);
    this.conveyor = new Int32Array(capacity).fill(-1);
    this.sM = new Float64Array(capacity);
    this.ahead = new Int32Array(capacity).fill(NO_PART);
    this.behind = new Int32Array(capacity).fill(NO_PART);
    this.carriedBy = new Int32Array(capacity).fill(-1);
    this.arrivedOn = new Int32Array(capacity).fill(-1);
    this.idle = new Uint8Array(capacity);
    this.bodyHandle = new Float64Array(capacity);
    this.colliderHandle = new Float64Array(capacity);
    this.freeStack = new Int32Array(capacity);
    for (let k = 0; k < capacity; k++) this.freeStack[k] = capacity - 1 - k;
    this.head = new Int32Array(conveyorCount).fill(NO_PART);
    this.tail = new Int32Array(conveyorCount).fill(NO_PART);
    this.counts = new Int32Array([capacity, 0]);
  }

  get liveCount(): number {
    return this.counts[1];
  }

  /** Every typed array of the state, in a fixed order (snapshot layout). */
  arrays(): ArrayBufferView[] {
    return [this.alive, this.conveyor, this.sM, this.ahead, this.behind, this.arrivedOn, this.idle, this.bodyHandle,
      this.colliderHandle, this.freeStack, this.head, this.tail, this.counts, this.carriedBy];
  }

  /** Takes a free slot, or returns NO_PART when all `capacity` slots are live. */
  allocate(): number {
    if (this.counts[0] === 0) return NO_PART;
    const p = this.freeStack[--this.counts[0]];
    this.alive[p] = 1;
    this.conveyor[p] = -1;
    this.ahead[p] = NO_PART;
    this.behind[p] = NO_PART;
    this.arrivedOn[p] = -1;
    this.carriedBy[p] = -1;
    this.idle[p] = 0;
    this.sM[p] = 0;
    this.counts[1]++;
    return p;
  }

  release(p: number): void {
    this.unlink(p);
    this.alive[p] = 0;
    this.freeStack[this.counts[0]++] = p;
    this.counts[1]--;
  }

  /** Appends `p` at the tail (start end) of conveyor `c`'s queue. */
  enqueue(p: number, c: number, sM: number): void {
    const t = this.tail[c];
    this.conveyor[p] = c;
    this.carriedBy[p] = c;
    this.sM[p] = sM;
    this.ahead[p] = t;
    this.behind[p] = NO_PART;
    if (t === NO_PART) this.head[c] = p;
    else this.behind[t] = p;
    this.tail[c] = p;
  }

  /** Removes `p` from its conveyor queue, if any. */
  unlink(p: number): void {
    const c = this.conveyor[p];
    if (c < 0) return;
    const a = this.ahead[p], b = this.behind[p];
    if (a === NO_PART) this.head[c] = b;
    else this.behind[a] = b;
    if (b === NO_PART) this.tail[c] = a;
    else this.ahead[b] = a;
    this.conveyor[p] = -1;
    this.ahead[p] = NO_PART;
    this.behind[p] = NO_PART;
  }
}
