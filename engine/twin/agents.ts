/**
 * Robot arms and humanoids of the physics twin, driven by the line simulator's state (sub-step 2
 * of a tick, physics-twin.ts):
 *
 * - A robot arm works at its station: when a job starts on the station's first server, the arm
 *   follows home → pick → place → home in joint space over exactly the job's duration as the
 *   simulator drew it, so its motion and the DES cycle agree; otherwise it holds home. Home is
 *   q = 0 moved into the joint limits (their midpoint when 0 is outside), pick and place turn the
 *   base ±0.5 rad and lower the shoulder 0.3 rad (clamped to the limits).
 * - A humanoid walks its path (engine/model/layout-walks.ts) from the dock to its station when its
 *   pool's shift starts (the scenario calendar), works there with its hands on the station while
 *   its pool is on shift in the line model — whose calendar already leaves the walking time
 *   (compile.ts `walking`) — and walks back to the dock when that calendar ends, arriving as the
 *   shift, break or charging begins.
 * Contacts and near misses of arm links with parts are counted after each physics step.
 */
import type { LineModel } from '../model/compiled';
import { Phase } from '../line/state';
import type { LineSimulator } from '../line/simulator';
import type { CompiledLayout } from '../model/layout-compile';
import { humanoidWalks, type HumanoidWalk } from '../model/layout-walks';
import type { Issue, Result, Scenario } from '../model/types';
import { formatPath } from '../model/paths';
import { parseUrdf } from '../kinematics/urdf';
import type { RobotModel } from '../kinematics/model';
import { FRAME_STRIDE } from '../physics/frame';
import { createRobotArm, CONTACT_STRIDE, ContactKind, type RobotArm } from '../physics/robot-arm';
import { createHumanoid, LINK_COUNT, type Humanoid } from '../physics/humanoid';
import type { PhysicsWorld } from '../physics/world';
import { BELT_HEIGHT_M } from '../model/layout-schema';

/** Reads a URDF file named relative to scenes/ (the page bundles them, Node reads the disk). */
export type UrdfSource = (path: string) => string;

/** Trajectory of one job: home, pick, place, home at these fractions of the job's duration. */
const JOB_FRACTIONS = [0, 0.3, 0.7, 1];
/** Arm frame entry code. */
export const ArmCode = { holding: 1, working: 2 } as const;

interface ArmAtStation {
  arm: RobotArm;
  /** Its station (node index) and the station's first server. */
  node: number;
  server: number;
  /** home, pick, place, home: 4 · dof joint values. */
  q: Float64Array;
  times: Float64Array;
}

interface WalkingHumanoid {
  body: Humanoid;
  walk: HumanoidWalk;
  there: [number, number][];
  back: [number, number][];
  speed: number;
  pool: number;
  /** Scenario calendar of its pool (index in the line model), -1: always on. */
  calendar: number;
  workPoint: [number, number, number];
}

export class TwinAgents {
  readonly arms: ArmAtStation[] = [];
  readonly humanoids: WalkingHumanoid[] = [];
  /**
   * [per arm: the station's completed jobs when its current motion began (−1: none yet) and
   * whether its server works now; per humanoid: where it goes (0 dock, 1 station), its shift and
   * its pool's working calendar at the last tick; contacts; near misses].
   */
  private readonly memory: Float64Array;
  private readonly contacts: Float64Array;

  constructor(
    world: PhysicsWorld,
    arms: ArmAtStation[],
    humanoids: WalkingHumanoid[],
  ) {
    this.arms = arms;
    this.humanoids = humanoids;
    this.memory = new Float64Array(2 * arms.length + 3 * humanoids.length + 2);
    this.contacts = new Float64Array(Math.max(1, ...arms.map((a) => a.arm.contactBufferLength)));
    for (const a of arms) world.addAgent(a.arm);
    for (const h of humanoids) world.addAgent(h.body);
  }

  /** Frame entries the agents write (arm bodies, then 15 links per humanoid). */
  get entryCount(): number {
    return this.arms.reduce((n, a) => n + a.arm.bodyCount, 0) + LINK_COUNT * this.humanoids.length;
  }

  get contactCount(): number {
    return this.memory[this.memory.length - 2];
  }

  get nearMissCount(): number {
    return this.memory[this.memory.length - 1];
  }

  /** State a twin snapshot carries besides the agents' own (registered with the world). */
  stateArrays(): ArrayBufferView[] {
    return [this.memory];
  }

  /** Places everyone for the line's state at time 0 (humanoids on shift start at their station). */
  start(sim: LineSimulator): void {
    const st = sim.st;
    this.humanoids.forEach((h, k) => {
      const atWork = st.poolOn[h.pool] === 1;
      const o = 2 * this.arms.length + 3 * k;
      const shiftOn = h.calendar < 0 || st.calendarOn[h.calendar] === 1;
      if (atWork) {
        h.body.walkAlong([h.there[h.there.length - 2], h.there[h.there.length - 1]], 1e3, -1);
        h.body.poseArms(h.workPoint);
      }
      h.body.update(0, true);
      if (!atWork && shiftOn) {
        // The run starts while it walks out to work: it sets off now (a little late, not never).
        h.body.walkAlong(h.there, h.speed, 0);
        h.body.poseArms(h.workPoint);
      }
      this.memory[o] = atWork || shiftOn ? 1 : 0;
      this.memory[o + 1] = shiftOn ? 1 : 0;
      this.memory[o + 2] = st.poolOn[h.pool];
    });
    this.arms.forEach((_, k) => {
      this.memory[2 * k] = -1;
      this.memory[2 * k + 1] = 0;
    });
  }

  /** Sub-step 2: poses for the line's state at `timeSeconds` (no allocation). */
  beforeStep(sim: LineSimulator, timeSeconds: number): void {
    const st = sim.st, mem = this.memory;
    for (let k = 0; k < this.arms.length; k++) {
      const a = this.arms[k], s = a.server, working = st.phase[s] === Phase.process;
      // A new job: the station's completed count moved on since the last motion began (a job
      // that follows another at the same instant keeps the phase, so the phase alone misses it);
      // a job resumed after a failure or a break keeps its count and its motion.
      const job = st.produced[a.node];
      if (working && st.running[s] === 1 && mem[2 * k] !== job) {
        const duration = Math.max(st.remainingUs[s] / 1e6, 0.1);
        for (let i = 0; i < JOB_FRACTIONS.length; i++) a.times[i] = JOB_FRACTIONS[i] * duration;
        a.arm.followTrajectory(a.times, a.q);
        mem[2 * k] = job;
      }
      mem[2 * k + 1] = working ? 1 : 0;
      a.arm.applyPoses();
    }
    for (let k = 0; k < this.humanoids.length; k++) {
      const h = this.humanoids[k], o = 2 * this.arms.length + 3 * k;
      const shiftOn = h.calendar < 0 || st.calendarOn[h.calendar] === 1 ? 1 : 0;
      const working = st.poolOn[h.pool];
      // Edges: the shift starts → go to work; the working calendar (or the shift) ends → go back.
      if (mem[o] === 0 && shiftOn === 1 && mem[o + 1] === 0) {
        h.body.walkAlong(h.there, h.speed, timeSeconds);
        h.body.poseArms(h.workPoint);
        mem[o] = 1;
      } else if (mem[o] === 1 && ((working === 0 && mem[o + 2] === 1) || (shiftOn === 0 && mem[o + 1] === 1))) {
        h.body.walkAlong(h.back, h.speed, timeSeconds);
        mem[o] = 0;
      }
      mem[o + 1] = shiftOn;
      mem[o + 2] = working;
      h.body.update(timeSeconds);
    }
  }

  /** Sub-step 3b: counts contacts and near misses of arm links (after the physics step). */
  afterStep(): void {
    const out = this.contacts, mem = this.memory;
    for (const a of this.arms) {
      const n = a.arm.detectContacts(out);
      for (let i = 0; i < n; i++) {
        const o = CONTACT_STRIDE * i;
        if (out[o + 4] !== 1) continue; // count each contact when it starts
        if (out[o] === ContactKind.contact) mem[mem.length - 2]++;
        else mem[mem.length - 1]++;
      }
    }
  }

  /** Writes the agents' entries from entry `first` of `out` (arm bodies, humanoid links). */
  writeFrame(out: Float32Array, first: number): void {
    let e = first;
    for (let k = 0; k < this.arms.length; k++) {
      const a = this.arms[k], code = this.memory[2 * k + 1] === 1 ? ArmCode.working : ArmCode.holding;
      for (let g = 0; g < a.arm.bodyCount; g++, e++) {
        a.arm.readBodyPose(g, out, FRAME_STRIDE * e);
        out[FRAME_STRIDE * e + 7] = code;
      }
    }
    for (const h of this.humanoids) {
      h.body.writeFrame(out, FRAME_STRIDE * e);
      e += LINK_COUNT;
    }
  }
}

/** Builds the agents of a compiled layout; a URDF that is missing or broken is a located error. */
export function buildAgents(scenario: Scenario, layout: CompiledLayout, model: LineModel, world: PhysicsWorld,
  readUrdf: UrdfSource | undefined): Result<TwinAgents> {
  const errors: Issue[] = [];
  const R = world.rapier, rapierWorld = world.rapierWorld;
  const cache = new Map<string, RobotModel>();
  const arms: ArmAtStation[] = [];
  layout.robots.forEach((r, i) => {
    const at = formatPath(['layout', 'robots', i, 'urdf']);
    let robot = cache.get(r.urdf);
    if (!robot) {
      let text: string;
      try {
        if (!readUrdf) throw new Error('no URDF source was given to the physics twin');
        text = readUrdf(r.urdf);
      } catch (e) {
        errors.push({ path: at, message: `cannot read "${r.urdf}": ${e instanceof Error ? e.message : String(e)}` });
        return;
      }
      const parsed = parseUrdf(text, r.urdf);
      if (!parsed.ok) {
        errors.push({ path: at, message: `"${r.urdf}": ${parsed.errors[0].path}: ${parsed.errors[0].message}` });
        return;
      }
      robot = parsed.value;
      cache.set(r.urdf, robot);
    }
    const n = model.nodeIds.indexOf(r.station);
    const q = jobWaypoints(robot);
    const arm = createRobotArm(R, rapierWorld, robot, { position: r.basePosition, yawRad: r.yawRad },
      { q: q.subarray(0, robot.dofCount), maxWaypoints: JOB_FRACTIONS.length, maxWatched: 8 });
    arms.push({ arm, node: n, server: model.firstServer[n], q, times: new Float64Array(JOB_FRACTIONS.length) });
  });
  if (errors.length) return { ok: false, errors };

  const humanoids = humanoidWalks(scenario, layout).map((walk): WalkingHumanoid => {
    const spec = layout.humanoids[walk.humanoid];
    const there = walk.path;
    const start = there[0], next = there[1];
    const body = createHumanoid(R, rapierWorld, {
      // Its walks follow aisle vertices: room for the longest (there and back are the same length).
      maxPathPoints: Math.max(there.length, 2),
      heightM: spec.heightM, position: [start[0], start[1]],
      headingRad: Math.atan2(next[1] - start[1], next[0] - start[0]) || 0,
    });
    const station = layout.nodes.find((n) => n.id === walk.station);
    const workPoint: [number, number, number] = station
      ? [station.position[0], station.position[1], BELT_HEIGHT_M + 0.1]
      : [there[there.length - 1][0], there[there.length - 1][1], BELT_HEIGHT_M];
    const pool = model.poolIds.indexOf(spec.pool);
    const calendarId = scenario.workers?.find((w) => w.id === spec.pool)?.calendar;
    return {
      body, walk, there, back: [...there].reverse(), speed: spec.walkSpeedMetersPerSecond, pool,
      calendar: calendarId ? model.calendarIds.indexOf(calendarId) : -1, workPoint,
    };
  });
  return { ok: true, value: new TwinAgents(world, arms, humanoids) };
}

/** home, pick, place, home for any arm (rule in the module comment): 4 · dof values. */
function jobWaypoints(robot: RobotModel): Float64Array {
  const dof = robot.dofCount;
  const out = new Float64Array(JOB_FRACTIONS.length * dof);
  const clamp = (d: number, v: number) => {
    const j = robot.dofJoint[d], lo = robot.jointLower[j], hi = robot.jointUpper[j];
    return Math.min(hi, Math.max(lo, v));
  };
  for (let d = 0; d < dof; d++) {
    const j = robot.dofJoint[d], lo = robot.jointLower[j], hi = robot.jointUpper[j];
    const home = lo <= 0 && 0 <= hi ? 0 : (lo + hi) / 2;
    const turn = d === 0 ? 0.5 : 0, lower = d === 1 ? 0.3 : 0;
    out[d] = home;
    out[dof + d] = clamp(d, home + turn + lower);
    out[2 * dof + d] = clamp(d, home - turn + lower);
    out[3 * dof + d] = home;
  }
  return out;
}
