/**
 * PhysicsWorld: the physics twin of a layout (DESIGN §4). Owns one Rapier world; everything that
 * crosses its boundary is a number: part handles are slot indices into PartTable, conveyors are
 * layout indices, frames are caller-provided Float32Arrays (STYLE habits 4, 8).
 *
 * One step, in this order (Drake's declared sub-step order; STYLE "Drake"):
 *   1. drive conveyors: reset kinematic belts (belt method) or advance carried parts and hand
 *      over those at the end (carriage method), see drive.ts;
 *   2. Rapier step at the fixed 1/60 s (time.ts);
 *   3. drain Rapier's collision events: end-sensor intersections become arrivals, written as
 *      (part, conveyor) pairs into the caller's Int32Array. Only a chain's last section reports,
 *      and only for a part it carries (or just handed over): two conveyors meeting at a point
 *      both see a part put down there, and a joint inside a chain is no arrival in the DES;
 *   4. stepCount += 1; simulated time is stepTimeUs(stepCount).
 * Structural changes (spawn, remove, block) are made between steps by the caller.
 */
import type { Collider, EventQueue, RigidBody, World } from '@dimforge/rapier3d-deterministic-compat';
import { createConveyorPart, createFreePart, createScene, type BeltMethod } from './build';
import { driveBelts, driveCarriage, type DriveContext } from './drive';
import { FRAME_STRIDE, PartCode, fnv1a32, writeBeltEntries } from './frame';
import type { PhysicalLayout } from './layout';
import { compileLayout, type PhysicsModel } from './model';
import type { AgentState } from './agent-state';
import { NO_PART, PartTable } from './parts';
import { initPhysics, type Rapier } from './rapier';
import { decodeSnapshot, encodeSnapshot, modelFingerprint, type SnapshotShape } from './snapshot';
import { STEP_SECONDS, stepTimeUs } from './time';

export { NO_PART } from './parts';
export type { BeltMethod } from './build';

/** Standard gravity, m/s², along −z. */
export const GRAVITY_MPS2 = 9.81;
/** Arrivals are written as pairs: [part handle, conveyor index]. */
export const ARRIVAL_STRIDE = 2;

export interface PhysicsOptions {
  /**
   * How belts carry parts (build.ts). Default 'carriage': 3–6× cheaper per step than 'belt' (100 to
   * 5000 parts), exact transport time and zero-pressure accumulation; docs/physics.md has the
   * measurements. 'belt' is for parts that must be pushed around physically on the belt.
   */
  beltMethod?: BeltMethod;
  /** Part slots; spawning fails (NO_PART) when all are live. Default 1024. */
  maxParts?: number;
  /**
   * Default false: a part reaching the free end of a chain's last section is handed to dynamics.
   * True: the head stops with its centre at the end and stays carried until the caller removes
   * it (removePart), as a DES conveyor's head waits for the next node to take it; the parts behind
   * queue at their spacing. Carriage method only, like section chains (ConveyorLayout.next).
   */
  holdAtEnds?: boolean;
}

export async function createPhysicsWorld(layout: PhysicalLayout, options: PhysicsOptions = {}): Promise<PhysicsWorld> {
  return new PhysicsWorld(await initPhysics(), compileLayout(layout), options);
}

export class PhysicsWorld {
  readonly model: PhysicsModel;
  readonly method: BeltMethod;
  readonly maxParts: number;
  readonly holdAtEnds: boolean;
  /** Floats in a frame: FRAME_STRIDE · (conveyors + maxParts). */
  readonly frameLength: number;
  private readonly R: Rapier;
  private readonly parts: PartTable;
  /** Per conveyor: 1 while its end is blocked. */
  private readonly blocked: Uint8Array;
  /** Per part slot: its Rapier body, or null (rebuilt from handles on restore). */
  private readonly partBodies: (RigidBody | null)[];
  private readonly belts: RigidBody[] = [];
  private readonly stops: Collider[] = [];
  /** What drive.ts reads and writes; the same arrays as above. */
  private readonly drive: DriveContext;
  private world: World;
  private stepsDone = 0;
  private readonly events: EventQueue;
  /** Rapier handles of each conveyor's belt body, sensor and stop (fixed by the layout). */
  private readonly sceneHandles: Float64Array;
  /** Collider handle → part handle (≥ 0) or −(conveyor + 1) for an end sensor. */
  private readonly owner = new Map<number, number>();
  private readonly state: ArrayBufferView[];
  private readonly agents: AgentState[] = [];
  private readonly shape: SnapshotShape;
  private readonly frame: Float32Array;
  private readonly frameBytes: Uint8Array;
  private arrivalsOut: Int32Array | undefined;
  private arrivalCount = 0;
  private readonly onCollision: (h1: number, h2: number, started: boolean) => void;
  private readonly vec = { x: 0, y: 0, z: 0 };
  private readonly rot = { x: 0, y: 0, z: 0, w: 1 };

  constructor(R: Rapier, model: PhysicsModel, options: PhysicsOptions = {}) {
    this.R = R;
    this.model = model;
    this.method = options.beltMethod ?? 'carriage';
    this.maxParts = options.maxParts ?? 1024;
    this.holdAtEnds = options.holdAtEnds ?? false;
    const n = model.conveyorCount;
    if (this.method === 'belt') {
      // Friction cannot hand a part from one belt's queue to the next, nor hold it at a moving end.
      const chained = model.nextSection.findIndex((j) => j >= 0);
      if (chained >= 0) throw new RangeError(`conveyor "${model.conveyorIds[chained]}": section chains (next) need the carriage method`);
      if (this.holdAtEnds) throw new RangeError('holdAtEnds needs the carriage method');
    }
    this.frameLength = FRAME_STRIDE * (n + this.maxParts);
    this.parts = new PartTable(this.maxParts, n);
    this.blocked = new Uint8Array(n);
    this.partBodies = new Array<RigidBody | null>(this.maxParts).fill(null);
    const beltIdle = new Uint8Array(n);
    this.drive = {
      R, model, parts: this.parts, blocked: this.blocked, beltIdle, partBodies: this.partBodies, belts: this.belts,
      holdAtEnds: this.holdAtEnds,
    };
    this.state = [...this.parts.arrays(), this.blocked, beltIdle];
    this.shape = {
      capacity: this.maxParts, conveyorCount: n, optionsCode: (this.method === 'belt' ? 0 : 1) | (this.holdAtEnds ? 2 : 0),
      layoutFingerprint: modelFingerprint(model),
    };
    this.frame = new Float32Array(this.frameLength);
    this.frameBytes = new Uint8Array(this.frame.buffer);
    this.world = new R.World({ x: 0, y: 0, z: -GRAVITY_MPS2 });
    this.world.timestep = STEP_SECONDS;
    this.events = new R.EventQueue(true);
    const scene = createScene(R, this.world, model, this.method);
    this.sceneHandles = new Float64Array(3 * n);
    for (let c = 0; c < n; c++) {
      this.sceneHandles[3 * c] = scene.belts[c].handle;
      this.sceneHandles[3 * c + 1] = scene.sensors[c].handle;
      this.sceneHandles[3 * c + 2] = scene.stops[c].handle;
    }
    this.rebind();
    this.onCollision = (h1, h2, started) => {
      if (started) this.recordArrival(this.owner.get(h1), this.owner.get(h2));
    };
  }

  get stepCount(): number {
    return this.stepsDone;
  }

  /** Simulated time at the end of the last step, integer µs (DESIGN §4). */
  get timeUs(): number {
    return stepTimeUs(this.stepsDone);
  }

  get partCount(): number {
    return this.parts.liveCount;
  }

  /** Rapier's solver substeps per step (its integrator runs this many symplectic-Euler substeps). */
  get substeps(): number {
    return this.world.numSolverIterations;
  }

  conveyorIndex(conveyor: number | string): number {
    const c = typeof conveyor === 'number' ? conveyor : this.model.conveyorIndex.get(conveyor);
    if (c === undefined || !(c >= 0 && c < this.model.conveyorCount)) throw new RangeError(`no conveyor ${conveyor}`);
    return c;
  }

  /**
   * Advances one fixed step (order in the file comment). Arrivals at conveyor ends are written to
   * `arrivals` as ARRIVAL_STRIDE pairs (part, conveyor); returns how many. A part arrives at most
   * once per conveyor, so 2 · maxParts entries always suffice (checked).
   */
  step(arrivals?: Int32Array): number {
    if (arrivals && arrivals.length < ARRIVAL_STRIDE * this.maxParts) {
      throw new RangeError(`arrivals buffer needs ${ARRIVAL_STRIDE * this.maxParts} entries`);
    }
    if (this.method === 'carriage') driveCarriage(this.drive);
    else driveBelts(this.drive);
    this.world.step(this.events);
    this.arrivalsOut = arrivals;
    this.arrivalCount = 0;
    this.events.drainCollisionEvents(this.onCollision);
    this.arrivalsOut = undefined;
    this.stepsDone++;
    return this.arrivalCount;
  }

  /**
   * Puts a part on conveyor `conveyor` with its centre `atM` metres from the start (0 ≤ atM ≤
   * length), behind every part already on it. Returns its handle, or NO_PART when the slots are
   * full or it would come closer than the spacing to a part ahead or behind along its chain.
   */
  spawnPart(conveyor: number | string, atM = 0): number {
    const c = this.conveyorIndex(conveyor);
    const P = this.parts;
    if (!this.clearAt(c, atM)) return NO_PART;
    const p = P.allocate();
    if (p === NO_PART) return NO_PART;
    const moving = this.blocked[c] === 0 || this.model.accumulating[c] === 1;
    const [body, collider] = createConveyorPart(this.R, this.world, this.model, this.method, c, atM, moving);
    this.register(p, body, collider);
    P.enqueue(p, c, atM);
    return p;
  }

  /** A free dynamic part at `pos` (m) with velocity `vel` (m/s), axes along the world's. */
  spawnFreePart(pos: ArrayLike<number>, vel: ArrayLike<number> = [0, 0, 0]): number {
    const p = this.parts.allocate();
    if (p === NO_PART) return NO_PART;
    const [body, collider] = createFreePart(this.R, this.world, this.model, pos, vel);
    this.register(p, body, collider);
    return p;
  }

  /** Whether spawnPart(conveyor, atM) would succeed now: exactly its check, without side effects. */
  canSpawn(conveyor: number | string, atM = 0): boolean {
    const c = this.conveyorIndex(conveyor);
    return this.parts.counts[0] > 0 && this.clearAt(c, atM);
  }

  /** The part nearest the end of `conveyor`'s queue, or NO_PART when it carries none. */
  headPart(conveyor: number | string): number {
    return this.parts.head[this.conveyorIndex(conveyor)];
  }

  /** The conveyor whose queue holds `part`, or −1 (a free part, or not live). */
  partConveyor(part: number): number {
    return this.isLive(part) ? this.parts.conveyor[part] : -1;
  }

  /** Distance of a carried part's centre from its conveyor's start (m); NaN when not carried. */
  partCoordinate(part: number): number {
    const c = this.partConveyor(part);
    return c < 0 ? NaN : this.carriageCoordinate(part, c);
  }

  /** Removes a live part (a sink took it); returns false if `part` is not live. */
  removePart(part: number): boolean {
    const P = this.parts;
    if (!this.isLive(part)) return false;
    this.owner.delete(P.colliderHandle[part]);
    this.world.removeRigidBody(this.partBodies[part]!);
    this.partBodies[part] = null;
    P.release(part);
    return true;
  }

  /**
   * Blocks or frees a conveyor's end (the next node is full). Accumulating: a stop holds the first
   * part and the others queue behind it; non-accumulating: the whole belt stops.
   */
  setConveyorBlocked(conveyor: number | string, blocked: boolean): void {
    const c = this.conveyorIndex(conveyor);
    this.blocked[c] = blocked ? 1 : 0;
    if (this.method === 'belt' && this.model.accumulating[c] === 1) this.stops[c].setEnabled(blocked);
  }

  /** Writes the frame (frame.ts) into `out`; no allocation. */
  writeFrame(out: Float32Array): void {
    if (out.length < this.frameLength) throw new RangeError(`frame needs ${this.frameLength} floats`);
    writeBeltEntries(this.model, this.blocked, out);
    for (let p = 0; p < this.maxParts; p++) {
      const o = FRAME_STRIDE * (this.model.conveyorCount + p);
      if (this.parts.alive[p] === 0) out.fill(0, o, o + FRAME_STRIDE);
      else this.readPartPose(p, out, o);
    }
  }

  /** Writes live part `part`'s [x, y, z, qx, qy, qz, qw, code] at `out[o…]`. */
  readPartPose(part: number, out: Float32Array | Float64Array, o = 0): void {
    const body = this.partBodies[part];
    if (!body) throw new RangeError(`part ${part} is not live`);
    const t = body.translation(this.vec), q = body.rotation(this.rot);
    out[o] = t.x; out[o + 1] = t.y; out[o + 2] = t.z;
    out[o + 3] = q.x; out[o + 4] = q.y; out[o + 5] = q.z; out[o + 6] = q.w;
    out[o + 7] = this.partCode(part);
  }

  partCode(part: number): number {
    if (!(this.parts.alive[part] === 1)) return PartCode.empty;
    if (this.method === 'carriage' && this.parts.conveyor[part] >= 0) return PartCode.carried;
    return this.partBodies[part]!.isSleeping() ? PartCode.asleep : PartCode.moving;
  }

  /** Whether Rapier has put a live part's body to sleep (carried parts included). */
  isAsleep(part: number): boolean {
    return this.partBodies[part]?.isSleeping() ?? false;
  }

  /** FNV-1a of the current frame's bytes: equal hashes ⇔ (almost surely) identical frames. */
  frameHash(): number {
    this.writeFrame(this.frame);
    return fnv1a32(this.frameBytes);
  }

  snapshot(): Uint8Array {
    return encodeSnapshot(this.shape, this.stepsDone, this.state, this.world.takeSnapshot());
  }

  /** The Rapier world, to build agents in (a restore replaces it: agents are rebound, see addAgent). */
  get rapierWorld(): World {
    return this.world;
  }

  get rapier(): Rapier {
    return this.R;
  }

  /**
   * Registers an agent (robot arm, humanoid) whose bodies live in this world: its state arrays
   * join the snapshot and it is rebound to the restored Rapier world (agent-state.ts). Register
   * every agent before the first snapshot, in the same order in every twin built alike.
   */
  addAgent(agent: AgentState): void {
    this.agents.push(agent);
    this.state.push(...agent.stateArrays());
  }

  /** Restores a snapshot taken from a world with the same layout, options and agents. */
  restore(bytes: Uint8Array): void {
    const decoded = decodeSnapshot(bytes, this.shape, this.state);
    const restored = this.R.World.restoreSnapshot(decoded.rapier);
    if (!restored) throw new RangeError('physics snapshot: Rapier could not read its part');
    decoded.copyArrays();
    this.world.free();
    this.world = restored;
    this.world.timestep = STEP_SECONDS;
    this.stepsDone = decoded.stepCount;
    this.events.clear();
    this.rebind();
    for (const agent of this.agents) agent.rebind(this.world);
  }

  /** Frees the WASM memory of the world; the object is unusable afterwards. */
  free(): void {
    this.world.free();
    this.events.free();
  }

  /** Distance of part `p`'s centre from conveyor `c`'s start, metres. */
  carriageCoordinate(p: number, c: number): number {
    if (this.method === 'carriage') return this.parts.sM[p];
    const t = this.partBodies[p]!.translation(this.vec);
    const m = this.model, i = 3 * c;
    return (t.x - m.fromM[i]) * m.dir[i] + (t.y - m.fromM[i + 1]) * m.dir[i + 1] + (t.z - m.fromM[i + 2]) * m.dir[i + 2];
  }

  private isLive(part: number): boolean {
    return part >= 0 && part < this.maxParts && this.parts.alive[part] === 1;
  }

  /**
   * Whether a part centred `atM` along conveyor c keeps the spacing to the rearmost part ahead of
   * it and the foremost part behind it along c's chain (spawnPart and canSpawn), and is behind
   * every part on c (queues are ordered). The 1e-9 m tolerance lets a caller spawn exactly one
   * spacing behind a part.
   */
  private clearAt(c: number, atM: number): boolean {
    const m = this.model, P = this.parts;
    let offset = -atM;
    for (let x = c; x >= 0; x = m.nextSection[x]) {
      const t = P.tail[x];
      if (t !== NO_PART) {
        if (offset + this.carriageCoordinate(t, x) < m.spacingM[c] - 1e-9) return false;
        break;
      }
      offset += m.lengthM[x];
    }
    offset = atM;
    for (let x = m.prevSection[c]; x >= 0; x = m.prevSection[x]) {
      offset += m.lengthM[x];
      const h = P.head[x];
      if (h !== NO_PART) return offset - this.carriageCoordinate(h, x) >= m.spacingM[x] - 1e-9;
    }
    return true;
  }

  private register(p: number, body: RigidBody, collider: Collider): void {
    this.partBodies[p] = body;
    this.parts.bodyHandle[p] = body.handle;
    this.parts.colliderHandle[p] = collider.handle;
    this.owner.set(collider.handle, p);
  }

  private recordArrival(a: number | undefined, b: number | undefined): void {
    if (a === undefined || b === undefined || (a < 0) === (b < 0)) return;
    const part = a >= 0 ? a : b, c = -(a < 0 ? a : b) - 1;
    const P = this.parts;
    if (this.model.nextSection[c] >= 0) return; // a joint inside a chain
    // The carriage hands a part over in the step its report comes in, hence carriedBy; a belt
    // also drags parts it never carried (dropped on it), so there only another queue excludes.
    if (this.method === 'carriage' ? P.carriedBy[part] !== c : P.conveyor[part] >= 0 && P.conveyor[part] !== c) return;
    if (P.arrivedOn[part] === c) return;
    P.arrivedOn[part] = c;
    // Belt method: the part has left the carried queue; carriage unlinks at hand-over instead.
    if (this.method === 'belt' && P.conveyor[part] === c) P.unlink(part);
    const out = this.arrivalsOut;
    if (out) {
      out[ARRIVAL_STRIDE * this.arrivalCount] = part;
      out[ARRIVAL_STRIDE * this.arrivalCount + 1] = c;
    }
    this.arrivalCount++;
  }

  /** Rebuilds every handle → object map from the stored handles (construction and restore). */
  private rebind(): void {
    const w = this.world, n = this.model.conveyorCount, h = this.sceneHandles;
    this.belts.length = 0;
    this.stops.length = 0;
    this.owner.clear();
    for (let c = 0; c < n; c++) {
      this.belts.push(w.getRigidBody(h[3 * c]));
      this.stops.push(w.getCollider(h[3 * c + 2]));
      this.owner.set(h[3 * c + 1], -(c + 1));
    }
    const P = this.parts;
    for (let p = 0; p < this.maxParts; p++) {
      this.partBodies[p] = P.alive[p] ? w.getRigidBody(P.bodyHandle[p]) : null;
      if (P.alive[p]) this.owner.set(P.colliderHandle[p], p);
    }
  }
}
