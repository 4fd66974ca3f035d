/**
 * What the physics service (physics-api.ts) steps: either a bare physical layout with the demo
 * feeder (`load`) or a scenario's physics twin (`loadScenario`, engine/twin/physics-twin.ts). Both
 * implement Runner, so play/pause/step/speed/snapshot/restore/frames/stats are written once.
 */
import { ARRIVAL_STRIDE, type PhysicsWorld } from '../engine/physics/world';
import type { PhysicsTwin } from '../engine/twin/physics-twin';
import { layoutFingerprint, sealSnapshot, unsealSnapshot } from './physics-snapshot-seal';

export interface Runner {
  /** Floats per frame, fixed for the runner's life. */
  readonly frameLength: number;
  readonly stepCount: number;
  /** Integer µs at the end of the last step (stepTimeUs(stepCount)). */
  readonly timeUs: number;
  /** Parts in the world now. */
  readonly partCount: number;
  /** Good parts that left the line (twin); 0 for a bare layout. */
  readonly partsCompleted: number;
  /** No step left: a twin at its lastStep. A bare layout never finishes. */
  readonly finished: boolean;
  /** One step (the caller checks `finished` first). */
  advance(): void;
  writeFrame(out: Float32Array): void;
  frameHash(): number;
  snapshot(): Uint8Array;
  /** Continues from `bytes`, or throws (RangeError) and changes nothing. */
  restore(bytes: Uint8Array): void;
  free(): void;
}

/** A bare layout: PhysicsWorld plus the demo feeder (rule in PhysicsLoadOptions). */
export class BareRunner implements Runner {
  readonly frameLength: number;
  readonly partsCompleted = 0;
  readonly finished = false;
  private readonly arrivals: Int32Array;
  /** Names the layout in snapshots (physics-snapshot-seal.ts). */
  private readonly fingerprint: number;

  constructor(
    readonly world: PhysicsWorld,
    /** Feeder period in steps, 0 when off. */
    readonly spawnEverySteps: number,
    private readonly sinkAtEnds: boolean,
  ) {
    this.frameLength = world.frameLength;
    this.arrivals = new Int32Array(ARRIVAL_STRIDE * world.maxParts);
    this.fingerprint = layoutFingerprint(world);
  }

  get stepCount(): number {
    return this.world.stepCount;
  }

  get timeUs(): number {
    return this.world.timeUs;
  }

  get partCount(): number {
    return this.world.partCount;
  }

  advance(): void {
    const { world, arrivals } = this;
    const every = this.spawnEverySteps;
    if (every > 0 && world.stepCount % every === 0) {
      for (let c = 0; c < world.model.conveyorCount; c++) world.spawnPart(c);
    }
    const n = world.step(arrivals);
    if (every > 0 && this.sinkAtEnds) for (let i = 0; i < n; i++) world.removePart(arrivals[ARRIVAL_STRIDE * i]);
  }

  writeFrame(out: Float32Array): void {
    this.world.writeFrame(out);
  }

  frameHash(): number {
    return this.world.frameHash();
  }

  snapshot(): Uint8Array {
    return sealSnapshot(this.world.snapshot(), this.fingerprint);
  }

  restore(bytes: Uint8Array): void {
    // The seal names the layout in the worker's own terms; PhysicsWorld.restore checks its own
    // checksum and fingerprint again before it changes anything (docs/physics.md).
    const unsealed = unsealSnapshot(bytes, this.fingerprint);
    if (!unsealed.ok) throw new RangeError(unsealed.message);
    this.world.restore(unsealed.payload);
  }

  free(): void {
    this.world.free();
  }
}

/** A scenario's physics twin; it stops at its lastStep. */
export class TwinRunner implements Runner {
  readonly frameLength: number;

  constructor(readonly twin: PhysicsTwin) {
    this.frameLength = twin.frameLength;
  }

  get stepCount(): number {
    return this.twin.stepCount;
  }

  get timeUs(): number {
    return this.twin.timeUs;
  }

  get partCount(): number {
    return this.twin.world.partCount;
  }

  get partsCompleted(): number {
    return this.twin.partsCompleted;
  }

  get finished(): boolean {
    return this.twin.finished;
  }

  advance(): void {
    this.twin.step();
  }

  writeFrame(out: Float32Array): void {
    this.twin.writeFrame(out);
  }

  frameHash(): number {
    return this.twin.frameHash();
  }

  snapshot(): Uint8Array {
    return this.twin.snapshot();
  }

  restore(bytes: Uint8Array): void {
    // PhysicsTwin.restore checks magic, fingerprint, checksum and lengths before anything changes.
    this.twin.restore(bytes);
  }

  free(): void {
    this.twin.free();
  }
}
