/**
 * Sub-step 1 of PhysicsWorld.step: move what the conveyors move, before Rapier steps.
 *
 * Carriage method: each conveyor's queue is walked from the part nearest the end backwards; a part
 * advances by v·dt but never past its limit: the end (L) when the end is blocked, and on an
 * accumulating conveyor also one part length behind the part ahead (zero-pressure accumulation: a
 * queued part stops touching the one ahead, without pushing it). A part whose centre reaches the
 * end of an unblocked conveyor is handed to dynamics with the belt's velocity. Kinematic targets
 * are set only for parts that move, so a stopped queue falls asleep (≈20× cheaper, DESIGN §4).
 *
 * Belt method: each running belt body is put back at rest and given rest + d·v·dt as its next
 * kinematic position, i.e. velocity v·d for the step; friction drags the dynamic parts. A stopped
 * belt is reset once and then left alone, so parts on it can sleep.
 */
import type { RigidBody } from '@dimforge/rapier3d-deterministic-compat';
import { alongBelt } from './build';
import type { PhysicsModel } from './model';
import { NO_PART, type PartTable } from './parts';
import type { Rapier } from './rapier';
import { STEP_SECONDS } from './time';

/** What the drive functions read and write of a PhysicsWorld. */
export interface DriveContext {
  readonly R: Rapier;
  readonly model: PhysicsModel;
  readonly parts: PartTable;
  readonly blocked: Uint8Array;
  readonly beltIdle: Uint8Array;
  readonly partBodies: (RigidBody | null)[];
  readonly belts: RigidBody[];
}

const vec = { x: 0, y: 0, z: 0 };

function setVec(p: Float64Array): typeof vec {
  vec.x = p[0]; vec.y = p[1]; vec.z = p[2];
  return vec;
}

export function driveCarriage(ctx: DriveContext): void {
  const m = ctx.model, P = ctx.parts;
  const pitch = 2 * m.partHalfM[0], hh = m.partHalfM[2];
  for (let c = 0; c < m.conveyorCount; c++) {
    const blocked = ctx.blocked[c] === 1, accumulating = m.accumulating[c] === 1;
    const advance = blocked && !accumulating ? 0 : m.speedMps[c] * STEP_SECONDS;
    const L = m.lengthM[c];
    let limit = blocked ? L : Infinity;
    for (let p = P.head[c]; p !== NO_PART;) {
      const next = P.behind[p];
      const s0 = P.sM[p];
      const s = Math.min(s0 + advance, limit);
      if (s > s0) {
        P.sM[p] = s;
        const body = ctx.partBodies[p]!;
        if (P.idle[p] === 1) {
          body.wakeUp(); // a kinematic body left still falls asleep and ignores new targets
          P.idle[p] = 0;
        }
        setVec(alongBelt(m, c, s, hh));
        if (s >= L && !blocked) handOver(ctx, p, c, body);
        else body.setNextKinematicTranslation(vec);
      } else P.idle[p] = 1;
      if (accumulating) limit = P.sM[p] - pitch;
      p = next;
    }
  }
}

/** The part leaves the carriage: dynamic from now on, at belt velocity (pose already in `vec`). */
function handOver(ctx: DriveContext, p: number, c: number, body: RigidBody): void {
  const m = ctx.model, v = m.speedMps[c];
  ctx.parts.unlink(p);
  body.setTranslation(vec, true);
  body.setBodyType(ctx.R.RigidBodyType.Dynamic, true);
  body.setLinvel({ x: m.dir[3 * c] * v, y: m.dir[3 * c + 1] * v, z: m.dir[3 * c + 2] * v }, true);
}

export function driveBelts(ctx: DriveContext): void {
  const m = ctx.model;
  for (let c = 0; c < m.conveyorCount; c++) {
    const running = ctx.blocked[c] === 0 || m.accumulating[c] === 1;
    if (!running && ctx.beltIdle[c] === 1) continue;
    const belt = ctx.belts[c];
    const i = 3 * c, rest = m.beltCentreM;
    vec.x = rest[i]; vec.y = rest[i + 1]; vec.z = rest[i + 2];
    belt.setTranslation(vec, false);
    if (running) {
      const step = m.speedMps[c] * STEP_SECONDS;
      vec.x += m.dir[i] * step; vec.y += m.dir[i + 1] * step; vec.z += m.dir[i + 2] * step;
      if (ctx.beltIdle[c] === 1) wakeQueue(ctx, c);
      ctx.beltIdle[c] = 0;
    } else ctx.beltIdle[c] = 1;
    belt.setNextKinematicTranslation(vec);
  }
}

/** A belt restarting under sleeping parts: wake the parts it carries. */
function wakeQueue(ctx: DriveContext, c: number): void {
  const P = ctx.parts;
  for (let p = P.head[c]; p !== NO_PART; p = P.behind[p]) ctx.partBodies[p]!.wakeUp();
}
