/**
 * Sub-step 1 of PhysicsWorld.step: move what the conveyors move, before Rapier steps.
 *
 * Carriage method: the DES's conveyor (a FIFO with transport time L/v and an accumulating queue
 * with centre-to-centre spacing) at step resolution. Sections are walked downstream first
 * (model.driveOrder), each queue from the part nearest the end backwards, so every limit below
 * sees this step's positions. A part advances by v·dt but never past its limit:
 * - the head: its section's end when the end is blocked or held (PhysicsOptions.holdAtEnds on a
 *   chain's last section); past the end of a chained section, `spacing` behind the rearmost part
 *   further down the chain (arc length across joints), or the end of the first empty section down
 *   there that is blocked or held;
 * - every other part: `spacing` behind the part ahead. This holds for non-accumulating conveyors
 *   too, where it only bites behind a held head (a blocked one stops all its parts).
 * A part whose centre passes the end of an unblocked section with a next one moves onto that
 * section's queue with the remainder carried over (s − L) and the next section's orientation; at
 * a free (unblocked, not held) last end it is handed to dynamics with the belt's velocity.
 * Kinematic targets are set only for parts that move, so a stopped queue falls asleep (≈20×
 * cheaper, DESIGN §4). The trailing part keeps the spacing of the section it is on.
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
  /** PhysicsOptions.holdAtEnds: a chain's last section keeps its head at the end. */
  readonly holdAtEnds: boolean;
}

const vec = { x: 0, y: 0, z: 0 };
const rot = { x: 0, y: 0, z: 0, w: 1 };

function setVec(p: Float64Array): typeof vec {
  vec.x = p[0]; vec.y = p[1]; vec.z = p[2];
  return vec;
}

function setRot(m: PhysicsModel, c: number): typeof rot {
  rot.x = m.quat[4 * c]; rot.y = m.quat[4 * c + 1]; rot.z = m.quat[4 * c + 2]; rot.w = m.quat[4 * c + 3];
  return rot;
}

export function driveCarriage(ctx: DriveContext): void {
  const m = ctx.model, P = ctx.parts, order = m.driveOrder;
  for (let i = 0; i < order.length; i++) {
    const c = order[i];
    const advance = ctx.blocked[c] === 1 && m.accumulating[c] === 0 ? 0 : m.speedMps[c] * STEP_SECONDS;
    const spacing = m.spacingM[c];
    let limit = headLimit(ctx, c);
    for (let p = P.head[c]; p !== NO_PART;) {
      const behind = P.behind[p];
      const s0 = P.sM[p];
      const s = Math.min(s0 + advance, limit);
      if (s > s0) carry(ctx, p, c, s);
      else P.idle[p] = 1;
      // In c's coordinate, even when the part has just moved on to the next section.
      limit = (s > s0 ? s : s0) - spacing;
      p = behind;
    }
  }
}

/**
 * The farthest coordinate along section c that its head may reach this step: c's end when it is
 * blocked or held, else down the chain past c's end, `spacing` behind the first part found, or
 * the end of an empty section that is blocked or held. Infinity past a free last end.
 */
function headLimit(ctx: DriveContext, c: number): number {
  const m = ctx.model, P = ctx.parts, spacing = m.spacingM[c];
  let offset = 0;
  for (let x = c; ;) {
    const L = m.lengthM[x];
    if (ctx.blocked[x] === 1 || (ctx.holdAtEnds && m.nextSection[x] < 0)) return offset + L;
    offset += L;
    x = m.nextSection[x];
    if (x < 0) return Infinity;
    const t = P.tail[x];
    if (t !== NO_PART) return offset + P.sM[t] - spacing;
  }
}

/** Moves carried part p of section c to coordinate s (> its current one) of c, or beyond c's end. */
function carry(ctx: DriveContext, p: number, c: number, s: number): void {
  const m = ctx.model, P = ctx.parts, body = ctx.partBodies[p]!;
  if (P.idle[p] === 1) {
    body.wakeUp(); // a kinematic body left still falls asleep and ignores new targets
    P.idle[p] = 0;
  }
  let x = c;
  // A loop, not one hop, so a section shorter than one step of travel cannot strand a part.
  while (s >= m.lengthM[x] && m.nextSection[x] >= 0 && ctx.blocked[x] === 0) {
    s -= m.lengthM[x];
    x = m.nextSection[x];
  }
  if (x !== c) {
    // Appended behind x's tail: headLimit kept it `spacing` behind.
    P.unlink(p);
    P.enqueue(p, x, s);
    body.setNextKinematicRotation(setRot(m, x));
  } else P.sM[p] = s;
  setVec(alongBelt(m, x, s, m.partHalfM[2]));
  if (s >= m.lengthM[x] && m.nextSection[x] < 0 && ctx.blocked[x] === 0 && !ctx.holdAtEnds) handOver(ctx, p, x, body);
  else body.setNextKinematicTranslation(vec);
}

/** The part leaves the carriage: dynamic from now on, at belt velocity (pose already in `vec`). */
function handOver(ctx: DriveContext, p: number, c: number, body: RigidBody): void {
  const m = ctx.model, v = m.speedMps[c];
  ctx.parts.unlink(p);
  body.setTranslation(vec, true);
  body.setRotation(setRot(m, c), true); // the part may have changed sections in this step
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
