/**
 * The line's live view, shared by the two workers that run a line live: the simulation worker
 * (pure DES) and the physics worker (the physics twin's line simulator). SceneInfo says what to
 * draw; a Frame is one snapshot of the running replication, built from the simulator's typed
 * arrays (no per-event work). Conveyor nodes of a line modelled with its layout are not scene
 * nodes: the schematic shows a link a → b where the model has a → conveyor → b (the 3D view
 * draws the belts).
 */
import { NodeCode, STATE_COUNT, US_PER_SECOND, type LineModel } from '../engine/model/compiled';
import type { Scenario } from '../engine/model/types';
import type { LineSimulator } from '../engine/line/simulator';
import { recordLayout, writeRecord, type RecordLayout } from '../engine/line/record';
import { replicationKpis, type ReplicationKpis } from '../engine/experiments/report';

export type SceneNodeType = 'source' | 'buffer' | 'station' | 'sink';

export interface SceneNode {
  id: string;
  type: SceneNodeType;
  /** Display name from the scenario, when it has one. */
  name?: string;
  /** Station kind (machine, manual, robot). */
  kind?: string;
  /** Buffer: capacity in parts, null when unbounded. Station: parallel servers. Else null. */
  capacity: number | null;
}

/** What the page needs to draw a loaded scenario. Node order is the index order of Frame.nodeStates. */
export interface SceneInfo {
  /** Increases with every successful load; frames carry it so stale frames can be dropped. */
  generation: number;
  name: string;
  fileName: string;
  description?: string;
  nodes: SceneNode[];
  /** Directed links as [from id, to id], after compilation (capacity-0 buffers spliced out). */
  links: [string, string][];
  /** Where a station sends parts for rework (not a link of the flow), with the probability. */
  rework: { from: string; to: string; probability: number }[];
  run: { replications: number; seed: number; lengthSeconds: number; warmupSeconds: number };
}

/** Value of Frame.nodeStates for nodes that have no state of their own (sources, sinks). */
export const NO_STATE = -1;

/** One snapshot of the live replication. */
export interface Frame {
  generation: number;
  timeSeconds: number;
  lengthSeconds: number;
  warmupSeconds: number;
  playing: boolean;
  /** The live replication reached its run length. */
  finished: boolean;
  /** Speed the frame was produced at, simulated seconds per wall second. */
  speed: number;
  /**
   * Per node (scene order): a station's state code (StationState, 0..6: the most common state
   * among its servers, ties to the lower code), a buffer's content in parts, NO_STATE otherwise.
   */
  nodeStates: Int32Array;
  /** KPIs of the live replication so far (after warm-up). */
  kpis: ReplicationKpis;
}

const TYPE_NAMES: Record<number, SceneNodeType> = {
  [NodeCode.source]: 'source', [NodeCode.buffer]: 'buffer', [NodeCode.station]: 'station', [NodeCode.sink]: 'sink',
};

/** The model nodes a scene shows (all but conveyors), in model order. */
export function sceneNodeIndices(model: LineModel): Int32Array {
  const out: number[] = [];
  for (let n = 0; n < model.nodeCount; n++) if (model.nodeType[n] !== NodeCode.conveyor) out.push(n);
  return Int32Array.from(out);
}

/** The node a link leads to, through any conveyor node. */
function throughConveyors(model: LineModel, n: number): number {
  while (model.nodeType[n] === NodeCode.conveyor) n = model.outNode[model.outStart[n]];
  return n;
}

export function describeScene(scenario: Scenario, model: LineModel, fileName: string, generation: number): SceneInfo {
  const byId = new Map(scenario.nodes.map((n) => [n.id, n]));
  const shown = sceneNodeIndices(model);
  const nodes: SceneNode[] = Array.from(shown, (n) => {
    const id = model.nodeIds[n];
    const type = TYPE_NAMES[model.nodeType[n]];
    const spec = byId.get(id);
    const node: SceneNode = { id, type, capacity: null };
    if (spec?.name) node.name = spec.name;
    if (spec?.type === 'station' && spec.kind) node.kind = spec.kind;
    if (type === 'station') node.capacity = model.stationCapacity[n];
    if (type === 'buffer') node.capacity = Number.isFinite(model.bufferCapacity[n]) ? model.bufferCapacity[n] : null;
    return node;
  });
  const links: [string, string][] = [];
  for (const n of shown) {
    for (let k = model.outStart[n]; k < model.outStart[n + 1]; k++) {
      links.push([model.nodeIds[n], model.nodeIds[throughConveyors(model, model.outNode[k])]]);
    }
  }
  const rework: SceneInfo['rework'] = [];
  for (const n of shown) {
    const to = model.reworkTarget[n];
    if (to >= 0) rework.push({ from: model.nodeIds[n], to: model.nodeIds[throughConveyors(model, to)], probability: model.reworkProbability[n] });
  }
  const scene: SceneInfo = {
    generation,
    name: scenario.name,
    fileName,
    nodes,
    links,
    rework,
    run: {
      replications: model.replications,
      seed: model.seed,
      lengthSeconds: model.lengthUs / US_PER_SECOND,
      warmupSeconds: model.warmupUs / US_PER_SECOND,
    },
  };
  if (scenario.description) scene.description = scenario.description;
  return scene;
}

/** Builds Frames of one model's live replication; its buffers are reused between frames. */
export class LineFrameBuilder {
  private readonly layout: RecordLayout;
  private readonly row: Float64Array;
  private readonly votes = new Int32Array(STATE_COUNT);
  private readonly shown: Int32Array;

  constructor(private readonly model: LineModel) {
    this.layout = recordLayout(model);
    this.row = new Float64Array(this.layout.size);
    this.shown = sceneNodeIndices(model);
  }

  build(sim: LineSimulator, generation: number, playing: boolean, speed: number): Frame {
    const m = this.model, st = sim.st, votes = this.votes;
    sim.closeAccounts();
    writeRecord(m, st, this.layout, sim.nowUs, sim.kernel.events, this.row, 0);
    const nodeStates = new Int32Array(this.shown.length);
    for (let i = 0; i < this.shown.length; i++) {
      const n = this.shown[i], type = m.nodeType[n];
      if (type === NodeCode.buffer) nodeStates[i] = st.bufferCount[n];
      else if (type !== NodeCode.station) nodeStates[i] = NO_STATE;
      else if (m.stationCapacity[n] === 1) nodeStates[i] = st.stateCode[m.firstServer[n]];
      else {
        votes.fill(0);
        const first = m.firstServer[n];
        for (let s = first; s < first + m.stationCapacity[n]; s++) votes[st.stateCode[s]]++;
        let best = 0;
        for (let j = 1; j < STATE_COUNT; j++) if (votes[j] > votes[best]) best = j;
        nodeStates[i] = best;
      }
    }
    return {
      generation,
      timeSeconds: sim.nowUs / US_PER_SECOND,
      lengthSeconds: m.lengthUs / US_PER_SECOND,
      warmupSeconds: m.warmupUs / US_PER_SECOND,
      playing,
      finished: sim.nowUs >= m.lengthUs,
      speed,
      nodeStates,
      kpis: replicationKpis(m, this.layout, this.row, 0),
    };
  }
}
