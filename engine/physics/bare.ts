/**
 * The bare-Rapier baseline for benchmarks (DESIGN §7: the baseline is measured in the same run).
 * It builds the same bodies and colliders as PhysicsWorld, through the same builder (build.ts),
 * and steps them with only what Rapier needs to move them — belt resets, or kinematic targets from
 * a plain s += v·dt — and none of the twin's bookkeeping: no queues, limits, hand-over checks,
 * handle maps or arrival records. It lives here because only engine/physics imports Rapier.
 */
import { alongBelt, createConveyorPart, createScene, type BeltMethod } from './build';
import type { PhysicsModel } from './model';
import type { Rapier } from './rapier';
import { STEP_SECONDS } from './time';
import { GRAVITY_MPS2 } from './world';

export interface BareWorld {
  step(): void;
  free(): void;
}

/** Parts at (conveyor[i], sM[i]), created in index order, as PhysicsWorld.spawnPart would. */
export function createBareWorld(R: Rapier, m: PhysicsModel, method: BeltMethod, conveyor: Int32Array,
  sM: Float64Array): BareWorld {
  const world = new R.World({ x: 0, y: 0, z: -GRAVITY_MPS2 });
  world.timestep = STEP_SECONDS;
  const events = new R.EventQueue(true);
  const scene = createScene(R, world, m, method);
  const bodies = Array.from(conveyor, (c, i) => createConveyorPart(R, world, m, method, c, sM[i], true)[0]);
  const s = Float64Array.from(sM);
  const vec = { x: 0, y: 0, z: 0 };
  const hh = m.partHalfM[2];
  const stepBelts = () => {
    for (let c = 0; c < m.conveyorCount; c++) {
      const i = 3 * c, ds = m.speedMps[c] * STEP_SECONDS;
      vec.x = m.beltCentreM[i]; vec.y = m.beltCentreM[i + 1]; vec.z = m.beltCentreM[i + 2];
      scene.belts[c].setTranslation(vec, false);
      vec.x += m.dir[i] * ds; vec.y += m.dir[i + 1] * ds; vec.z += m.dir[i + 2] * ds;
      scene.belts[c].setNextKinematicTranslation(vec);
    }
  };
  const stepCarriage = () => {
    for (let p = 0; p < bodies.length; p++) {
      const c = conveyor[p];
      s[p] += m.speedMps[c] * STEP_SECONDS;
      const at = alongBelt(m, c, s[p], hh);
      vec.x = at[0]; vec.y = at[1]; vec.z = at[2];
      bodies[p].setNextKinematicTranslation(vec);
    }
  };
  return {
    step() {
      if (method === 'belt') stepBelts();
      else stepCarriage();
      world.step(events);
    },
    free() {
      world.free();
      events.free();
    },
  };
}
