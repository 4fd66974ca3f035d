/**
 * Bare-Rapier replay, the baseline of the physics.reference-line benchmark (DESIGN §7): the same
 * bodies and colliders as a running twin, moved exactly as the twin moved them, with nothing but
 * Rapier calls. Record the twin's kinematic bodies for a window of steps (KinematicRecording),
 * then replay: a fresh World restored from the Rapier snapshot taken at the window's start gets,
 * per step, each recorded body's next kinematic pose and `world.step`. What the twin spends beyond
 * that (line simulator, conveyor queues, forward kinematics, gaits, sensors, contact checks) is its
 * overhead. Bodies the twin spawns or removes inside the window are not replayed (they are few:
 * a handful of parts per window).
 */
import type { RigidBody, World } from '@dimforge/rapier3d-deterministic-compat';
import type { Rapier } from './rapier';
import { STEP_SECONDS } from './time';

const POSE = 7;

export class KinematicRecording {
  /** Rapier's snapshot of the world when recording began. */
  readonly start: Uint8Array;
  /** Handles of the kinematic bodies alive at the start. */
  readonly handles: Float64Array;
  /** steps × bodies × [x, y, z, qx, qy, qz, qw]: each body's pose at the end of each step. */
  readonly poses: Float64Array;
  private readonly bodies: RigidBody[] = [];
  private recorded = 0;

  constructor(world: World, readonly steps: number) {
    this.start = world.takeSnapshot();
    const handles: number[] = [];
    world.bodies.forEach((b) => {
      if (b.isKinematic()) {
        handles.push(b.handle);
        this.bodies.push(b);
      }
    });
    this.handles = Float64Array.from(handles);
    this.poses = new Float64Array(steps * handles.length * POSE);
  }

  get full(): boolean {
    return this.recorded >= this.steps;
  }

  /** After each of the twin's steps: the poses the step ended with (a removed body keeps its last). */
  record(world: World): void {
    if (this.full) return;
    let o = this.recorded * this.bodies.length * POSE;
    for (let i = 0; i < this.bodies.length; i++, o += POSE) {
      if (!world.bodies.raw.contains(this.handles[i])) {
        this.poses.copyWithin(o, o - this.bodies.length * POSE, o - this.bodies.length * POSE + POSE);
        continue;
      }
      const t = this.bodies[i].translation(), q = this.bodies[i].rotation();
      this.poses[o] = t.x; this.poses[o + 1] = t.y; this.poses[o + 2] = t.z;
      this.poses[o + 3] = q.x; this.poses[o + 4] = q.y; this.poses[o + 5] = q.z; this.poses[o + 6] = q.w;
    }
    this.recorded++;
  }
}

export interface ReplayWorld {
  /** Restores the recording's start (untimed part of a round). */
  prepare(): void;
  /** Steps the whole recording once from the start (call prepare() first). */
  run(): void;
  free(): void;
}

export function createReplayWorld(R: Rapier, recording: KinematicRecording): ReplayWorld {
  if (!recording.full) throw new RangeError('replay: the recording is not complete');
  const events = new R.EventQueue(true);
  const vec = { x: 0, y: 0, z: 0 }, rot = { x: 0, y: 0, z: 0, w: 1 };
  let world: World | null = null;
  let bodies: RigidBody[] = [];
  const prepare = () => {
    world?.free();
    world = R.World.restoreSnapshot(recording.start);
    world.timestep = STEP_SECONDS;
    bodies = Array.from(recording.handles, (h) => world!.getRigidBody(h));
  };
  return {
    prepare,
    run() {
      const w = world!, P = recording.poses, B = bodies.length, stride = B * POSE;
      for (let k = 0, o = 0; k < recording.steps; k++) {
        for (let i = 0; i < B; i++, o += POSE) {
          // Like the twin, give targets only to bodies that move (a still body may sleep).
          if (k > 0 && P[o] === P[o - stride] && P[o + 1] === P[o + 1 - stride] && P[o + 2] === P[o + 2 - stride]
            && P[o + 3] === P[o + 3 - stride] && P[o + 4] === P[o + 4 - stride] && P[o + 5] === P[o + 5 - stride]
            && P[o + 6] === P[o + 6 - stride]) continue;
          vec.x = P[o]; vec.y = P[o + 1]; vec.z = P[o + 2];
          rot.x = P[o + 3]; rot.y = P[o + 4]; rot.z = P[o + 5]; rot.w = P[o + 6];
          bodies[i].setNextKinematicTranslation(vec);
          bodies[i].setNextKinematicRotation(rot);
        }
        w.step(events);
        events.clear();
      }
    },
    free() {
      world?.free();
      events.free();
    },
  };
}
