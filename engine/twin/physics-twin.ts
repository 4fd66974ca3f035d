/**
 * The physics twin of a scenario (DESIGN §4, issue 4): the line simulator decides what happens,
 * the Rapier world (engine/physics) carries the parts on the layout's belts, and the belts' end
 * sensors raise the simulator's arrival events (engine/twin/physics-conveyors.ts).
 *
 * One tick, from step k to k + 1, always in this order (the only place it is written down); the
 * line simulator has fired every event due at or before t(k) = stepTimeUs(k) when it begins:
 *   1. agents: robot arms and humanoids take their poses for the stations' states at t(k);
 *   2. physics: PhysicsWorld.step (drive belts, Rapier step, drain sensors) to t(k + 1), then
 *      the arms' contact and near-miss checks on the poses the step ended with;
 *   3. reports: each part that reached the end of a conveyor becomes that conveyor's "head
 *      arrived" event at t(k + 1), and entries refused earlier that would now succeed are retried
 *      at t(k + 1);
 *   4. line: the simulator fires every event due at or before t(k + 1) — these among them — so
 *      parts get on belts (bodies spawned), come off them (bodies removed) and non-accumulating
 *      belts stop or run. After a tick, line and world are both at t(k + 1).
 * Time is integer µs on both sides: the simulator's clock and t(k) = ⌊k·10⁶/60⌋ (physics/time.ts),
 * so there is no drift between them after any number of steps.
 */
import { compileScenario } from '../model/compile';
import { NodeCode, StationState, US_PER_SECOND, type LineModel } from '../model/compiled';
import { compileLayout, type CompiledLayout } from '../model/layout-compile';
import type { Result, Scenario } from '../model/types';
import { LineSimulator } from '../line/simulator';
import { FRAME_STRIDE, fnv1a32 } from '../physics/frame';
import { compileLayout as compilePhysicsModel } from '../physics/model';
import { initPhysics, type Rapier } from '../physics/rapier';
import { stepAtOrAfterUs, stepTimeUs } from '../physics/time';
import { PhysicsWorld } from '../physics/world';
import { LINK_COUNT } from '../physics/humanoid';
import { buildAgents, TwinAgents, type UrdfSource } from './agents';
import { PhysicsConveyors } from './physics-conveyors';
import { decodeTwinSnapshot, encodeTwinSnapshot } from './twin-snapshot';

export interface PhysicsTwinOptions {
  /** Simulated seconds the line runs (default: the scenario's run.lengthSeconds). */
  seconds?: number;
  /** Random seed (default run.seed) and replication index (default 0) of the line's streams. */
  seed?: number;
  replication?: number;
  /** Reads the robots' URDF files, named relative to scenes/ (needed when the layout has robots). */
  readUrdf?: UrdfSource;
}

/** Node entry codes in the twin frame besides station states (0…6, engine/model/compiled.ts). */
export const NodeEntryCode = { none: -1 } as const;

/**
 * What a renderer needs to read a twin frame: which FRAME_STRIDE entries are what. Entries are
 * numbered from 0 at the start of the frame; `firstEntry` + k is the k-th entry of a group.
 */
export interface TwinFrameLayout {
  frameStride: number;
  frameLength: number;
  /** Belt sections: a box of (length + part length) × width × belt thickness at the entry pose. */
  belts: { firstEntry: number; ids: string[]; lengthM: number[]; widthM: number[] };
  /** Part slots (code 0 = empty). */
  parts: { firstEntry: number; count: number; sizeM: [number, number, number] };
  /** Placed nodes: the entry pose is the footprint's centre on the floor and its heading. */
  nodes: { firstEntry: number; ids: string[]; types: string[]; footprints: ([number, number] | null)[] };
  /** Robot arms and humanoids: one entry per link body (capsules; see the agents' own docs). */
  robots: { id: string; station: string; firstEntry: number; links: number }[];
  humanoids: { id: string; pool: string; firstEntry: number; links: number }[];
}

/**
 * The physics twin of a validated scenario (validateScenario). A layout that does not compile or
 * a robot whose URDF cannot be read or parsed is a located error (`layout.robots[0].urdf: …`).
 */
export async function createPhysicsTwin(scenario: Scenario, options: PhysicsTwinOptions = {}): Promise<Result<PhysicsTwin>> {
  const layout = compileLayout(scenario);
  if (!layout.ok) return layout;
  const R = await initPhysics();
  let agentErrors: Result<never> | null = null;
  const twin = new PhysicsTwin(R, scenario, layout.value, options, (built) => {
    if (!built.ok) agentErrors = built;
  });
  if (agentErrors) {
    twin.free();
    return agentErrors;
  }
  return { ok: true, value: twin };
}

export class PhysicsTwin {
  readonly model: LineModel;
  readonly layout: CompiledLayout;
  readonly world: PhysicsWorld;
  readonly sim: LineSimulator;
  readonly conveyors: PhysicsConveyors;
  /** The step at which the line's run ends (the simulator stops at its run length). */
  readonly lastStep: number;
  /** Floats in a twin frame: the world's frame, then one entry per placed node. */
  readonly frameLength: number;
  private readonly placedNodes: Int32Array;
  private readonly nodePose: Float32Array;
  private readonly frame: Float32Array;
  private readonly fingerprint: number;

  readonly agents: TwinAgents;

  /** Use createPhysicsTwin; `onAgents` sees whether the robots could be built. */
  constructor(R: Rapier, scenario: Scenario, layout: CompiledLayout, options: PhysicsTwinOptions = {},
    onAgents: (built: Result<TwinAgents>) => void = () => {}) {
    const seed = options.seed ?? scenario.run.seed;
    this.model = compileScenario(scenario, {
      conveyors: true, walking: true, seed, replications: 1, warmupSeconds: 0, lengthSeconds: options.seconds ?? scenario.run.lengthSeconds,
    });
    this.layout = layout;
    const m = this.model;
    let slots = 0;
    for (let n = 0; n < m.nodeCount; n++) if (m.nodeType[n] === NodeCode.conveyor) slots += m.bufferCapacity[n];
    this.world = new PhysicsWorld(R, compilePhysicsModel(layout.physics), { maxParts: Math.max(1, slots), holdAtEnds: true });
    this.sim = new LineSimulator(m);
    this.conveyors = new PhysicsConveyors(m, layout, this.world, this.sim);
    this.sim.useTransport(this.conveyors);
    try {
      const agents = buildAgents(scenario, layout, m, this.world, options.readUrdf);
      onAgents(agents);
      this.agents = agents.ok ? agents.value : new TwinAgents(this.world, [], []);
      this.sim.reset(options.replication ?? 0, seed);
      this.sim.advanceTo(0);
      this.agents.start(this.sim);
    } catch (e) {
      // The Rapier world lives in WebAssembly memory: never leave it behind a failed build.
      this.world.free();
      throw e;
    }
    this.lastStep = stepAtOrAfterUs(m.lengthUs);

    const index = new Map(m.nodeIds.map((id, n) => [id, n]));
    this.placedNodes = Int32Array.from(layout.nodes.map((node) => index.get(node.id) ?? -1));
    this.nodePose = new Float32Array(FRAME_STRIDE * layout.nodes.length);
    layout.nodes.forEach((node, i) => {
      const o = FRAME_STRIDE * i;
      this.nodePose.set(node.position, o);
      // A rotation by the heading about z: (0, 0, sin θ/2, cos θ/2).
      this.nodePose[o + 5] = Math.sin(node.headingRad / 2);
      this.nodePose[o + 6] = Math.cos(node.headingRad / 2);
    });
    this.frameLength = this.world.frameLength + this.nodePose.length + FRAME_STRIDE * this.agents.entryCount;
    this.frame = new Float32Array(this.frameLength);
    this.fingerprint = fnv1a32(new TextEncoder().encode(JSON.stringify([scenario, seed, options.replication ?? 0, m.lengthUs])));
  }

  get stepCount(): number {
    return this.world.stepCount;
  }

  get timeUs(): number {
    return this.world.timeUs;
  }

  /** Good parts that have left the line (reached a sink). */
  get partsCompleted(): number {
    return this.sim.st.goodOut;
  }

  /** True once the line's run length is reached. */
  get finished(): boolean {
    return this.world.stepCount >= this.lastStep;
  }

  /** One tick, in the order of the file comment. */
  step(): void {
    this.agents.beforeStep(this.sim, stepTimeUs(this.world.stepCount) / US_PER_SECOND);
    const arrivals = this.world.step(this.conveyors.arrivals);
    this.agents.afterStep();
    this.conveyors.afterStep(arrivals, this.world.timeUs);
    this.sim.advanceTo(this.world.timeUs);
  }

  /** Runs `steps` ticks (fewer if the run ends first); returns how many ran. */
  run(steps: number): number {
    let done = 0;
    while (done < steps && !this.finished) {
      this.step();
      done++;
    }
    return done;
  }

  /**
   * The frame: the world's (belts, part slots; physics/frame.ts), then one FRAME_STRIDE entry per
   * placed node in layout order: its floor pose and, for a station, the state of its first
   * server (StationState), for a buffer the parts in it, else -1.
   */
  writeFrame(out: Float32Array): void {
    if (out.length < this.frameLength) throw new RangeError(`frame needs ${this.frameLength} floats`);
    this.world.writeFrame(out);
    const o0 = this.world.frameLength, m = this.model, st = this.sim.st;
    out.set(this.nodePose, o0);
    for (let i = 0; i < this.placedNodes.length; i++) {
      const n = this.placedNodes[i];
      let code: number = NodeEntryCode.none;
      if (n >= 0 && m.nodeType[n] === NodeCode.station) code = st.stateCode[m.firstServer[n]];
      else if (n >= 0 && m.nodeType[n] === NodeCode.buffer) code = st.bufferCount[n];
      out[o0 + FRAME_STRIDE * i + 7] = code;
    }
    this.agents.writeFrame(out, (o0 + this.nodePose.length) / FRAME_STRIDE);
  }

  /** Which entries of the frame are what (for renderers). */
  describeFrame(): TwinFrameLayout {
    const pm = this.world.model, L = this.layout, m = this.model;
    const partsFirst = pm.conveyorCount;
    const nodesFirst = partsFirst + this.world.maxParts;
    const typeNames = ['source', 'buffer', 'station', 'sink', 'conveyor'];
    return {
      frameStride: FRAME_STRIDE,
      frameLength: this.frameLength,
      belts: {
        firstEntry: 0, ids: [...pm.conveyorIds], lengthM: Array.from(pm.lengthM), widthM: Array.from(pm.widthM),
      },
      parts: { firstEntry: partsFirst, count: this.world.maxParts, sizeM: pm.partHalfM.map((h) => 2 * h) as [number, number, number] },
      nodes: {
        firstEntry: nodesFirst,
        ids: L.nodes.map((n) => n.id),
        types: Array.from(this.placedNodes, (n) => (n >= 0 ? typeNames[m.nodeType[n]] : 'unknown')),
        footprints: L.nodes.map((n) => n.footprint),
      },
      robots: this.robotEntries(nodesFirst + L.nodes.length),
      humanoids: this.agents.humanoids.map((h, k) => ({
        id: L.humanoids[h.walk.humanoid].id, pool: h.walk.pool, links: LINK_COUNT,
        firstEntry: nodesFirst + L.nodes.length + this.agents.arms.reduce((n, a) => n + a.arm.bodyCount, 0) + LINK_COUNT * k,
      })),
    };
  }

  private robotEntries(first: number): TwinFrameLayout['robots'] {
    let e = first;
    return this.agents.arms.map((a, k) => {
      const r = this.layout.robots[k];
      const entry = { id: r.id, station: r.station, firstEntry: e, links: a.arm.bodyCount };
      e += a.arm.bodyCount;
      return entry;
    });
  }

  /** FNV-1a of the frame's bytes. */
  frameHash(): number {
    this.writeFrame(this.frame);
    return fnv1a32(new Uint8Array(this.frame.buffer));
  }

  /** Everything needed to continue exactly from here: world, line, transport. */
  snapshot(): Uint8Array {
    return encodeTwinSnapshot(this.fingerprint, this.world.snapshot(), [...this.ownState(), ...this.sim.saveState()]);
  }

  /**
   * Continues from a snapshot of a twin of the same scenario and options. Damaged bytes or another
   * twin's snapshot are refused with a RangeError before anything changes.
   */
  restore(bytes: Uint8Array): void {
    const decoded = decodeTwinSnapshot(bytes, this.fingerprint);
    const own = this.ownState();
    const line = decoded.arrays.slice(own.length);
    // Check the line's part before the world changes (loadState checks as it goes).
    const probe = new LineSimulator(this.model);
    probe.loadState(line);
    this.world.restore(decoded.world);
    this.sim.loadState(line);
    own.forEach((a, i) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(
      new Uint8Array(decoded.arrays[i].buffer, decoded.arrays[i].byteOffset, decoded.arrays[i].byteLength)));
  }

  free(): void {
    this.world.free();
  }

  /** The transport's and the agents' own state (the agents' bodies are in the world's snapshot). */
  private ownState(): ArrayBufferView[] {
    return [...this.conveyors.stateArrays(), ...this.agents.stateArrays()];
  }
}

export { StationState };
