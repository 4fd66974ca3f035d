/**
 * The physics twin's conveyor transport: the line simulator's conveyor nodes ride real belts in
 * the PhysicsWorld (engine/line/conveyors.ts has the kinematic model both transports follow).
 * The DES decides; physics moves the parts; end sensors report the arrivals back.
 *
 * - A part gets on when the first belt section has room (PhysicsWorld.canSpawn: the last part
 *   is a spacing away); a refused entry is remembered and retried after the next physics step.
 * - It rides the sections of its conveyor (chained in the world, queueing by arc length) to the
 *   end of the last one, where the world holds it (holdAtEnds) and its end sensor reports it:
 *   the arrival becomes the DES event "head reached the end" at the step's end time.
 * - Taking the head off the end removes the body; a non-accumulating belt stops (all sections
 *   blocked) while its head waits, and runs again when it is taken.
 */
import type { LineModel } from '../model/compiled';
import type { CompiledLayout } from '../model/layout-compile';
import type { ConveyorTimers, ConveyorTransport } from '../line/conveyors';
import { ARRIVAL_STRIDE, NO_PART, type PhysicsWorld } from '../physics/world';

export class PhysicsConveyors implements ConveyorTransport {
  /** Per DES node: its conveyor's first and last physics section, -1 for other nodes. */
  private readonly firstSection: Int32Array;
  private readonly lastSection: Int32Array;
  /** Per physics section: the DES conveyor node whose last section it is, else -1. */
  private readonly nodeOfLast: Int32Array;
  /** Per DES node: sections of its conveyor in CSR form (to block a whole belt). */
  private readonly sectionStart: Int32Array;
  private readonly sections: Int32Array;
  /** Per DES node: 1 when an upstream part was refused entry and should try again. */
  private readonly entryWanted: Uint8Array;
  /** Scratch for the world's arrival reports. */
  readonly arrivals: Int32Array;

  constructor(
    private readonly m: LineModel,
    layout: CompiledLayout,
    private readonly world: PhysicsWorld,
    private readonly timers: ConveyorTimers,
  ) {
    const N = m.nodeCount;
    this.firstSection = new Int32Array(N).fill(-1);
    this.lastSection = new Int32Array(N).fill(-1);
    this.nodeOfLast = new Int32Array(world.model.conveyorCount).fill(-1);
    this.sectionStart = new Int32Array(N + 1);
    const all: number[] = [];
    for (let n = 0; n < N; n++) {
      this.sectionStart[n] = all.length;
      const c = m.conveyorLayoutIndex[n];
      if (c < 0) continue;
      const secs = layout.conveyors[c].sections;
      all.push(...secs);
      this.firstSection[n] = secs[0];
      this.lastSection[n] = secs[secs.length - 1];
      this.nodeOfLast[secs[secs.length - 1]] = n;
    }
    this.sectionStart[N] = all.length;
    this.sections = Int32Array.from(all);
    this.entryWanted = new Uint8Array(N);
    this.arrivals = new Int32Array(ARRIVAL_STRIDE * world.maxParts);
  }

  reset(): void {
    this.entryWanted.fill(0);
  }

  hasRoom(n: number): boolean {
    if (this.world.canSpawn(this.firstSection[n])) return true;
    this.entryWanted[n] = 1;
    return false;
  }

  entered(n: number): void {
    if (this.world.spawnPart(this.firstSection[n]) === NO_PART) {
      // hasRoom said yes at this same instant and nothing moved since: a broken invariant.
      throw new Error(`physics twin: no room on ${this.m.nodeIds[n]} right after it had room`);
    }
  }

  headTaken(n: number): void {
    const last = this.lastSection[n];
    const head = this.world.headPart(last);
    if (head === NO_PART || !this.world.removePart(head)) {
      throw new Error(`physics twin: ${this.m.nodeIds[n]} has no part at its end to take`);
    }
    if (this.m.conveyorAccumulating[n] === 0) this.setBlocked(n, false);
  }

  headWaits(n: number): void {
    if (this.m.conveyorAccumulating[n] === 0) this.setBlocked(n, true);
  }

  /**
   * After a physics step ending at `timeUs`: every arrival at the end of a conveyor's last section
   * becomes that conveyor's head event, and every refused entry that would now succeed is retried.
   */
  afterStep(arrivalCount: number, timeUs: number): void {
    const a = this.arrivals;
    for (let i = 0; i < arrivalCount; i++) {
      const n = this.nodeOfLast[a[ARRIVAL_STRIDE * i + 1]];
      if (n >= 0) this.timers.scheduleHead(n, timeUs);
    }
    const wanted = this.entryWanted;
    for (let n = 0; n < wanted.length; n++) {
      if (wanted[n] === 1 && this.world.canSpawn(this.firstSection[n])) {
        wanted[n] = 0;
        this.timers.scheduleEntry(n, timeUs);
      }
    }
  }

  /** The state a snapshot must carry besides the world's and the simulator's. */
  stateArrays(): ArrayBufferView[] {
    return [this.entryWanted];
  }

  private setBlocked(n: number, blocked: boolean): void {
    for (let k = this.sectionStart[n]; k < this.sectionStart[n + 1]; k++) this.world.setConveyorBlocked(this.sections[k], blocked);
  }
}
