/**
 * The physics endpoint behind the page (DESIGN §2, §4; issue 4 item 6). Plain TypeScript over
 * engine/physics and engine/twin: no DOM, no comlink, no `self`, only `setTimeout` and
 * `performance.now()`, so one PhysicsService runs in a browser worker (physics.worker.ts), in Node
 * worker_threads (physics.node-worker.ts) and in-process (tests, CLI). physics-endpoint.ts adds the
 * comlink transfers; the worker files only expose it.
 *
 * Two things can be loaded, and everything else (play, pause, step, speed, snapshots, frames,
 * stats) works the same for both (physics-runners.ts):
 *   - `load(layout, options)`: a bare physical layout with an optional demo feeder;
 *   - `loadScenario(json, options)`: a scenario's physics twin (engine/twin/physics-twin.ts), the
 *     line simulator driving the Rapier world. It stops at its last step (`finished`); a playing
 *     twin pauses itself there.
 * A load that fails (located errors as values) leaves the running world or twin untouched.
 *
 * Frame protocol (zero copy, no allocation per frame in steady state):
 *   - a frame is one Float32Array of `scene.frameLength` floats: for a bare layout exactly
 *     PhysicsWorld.writeFrame's layout (docs/physics.md "Frame layout"), for a twin
 *     PhysicsTwin.writeFrame's, whose entries `scene.frameLayout` (describeFrame()) names;
 *   - the listener is called as (frame, stepCount, generation) after load, restore, step(n) and
 *     every play slice; across a worker the frame's buffer is transferred, not copied;
 *   - frames come from a pool of FRAME_POOL_SIZE buffers. The page owns a frame until it hands the
 *     buffer back with `releaseFrame(frame)` (transferred back across a worker). It must release
 *     every frame it receives, stale generations included, once it has read it;
 *   - when no buffer is free the frame is not published (`stats().framesSkipped` counts them): a
 *     slow page sees fewer frames, never a backlog, and the worker never allocates to keep up;
 *   - buffers are allocated only while the pool has fewer than FRAME_POOL_SIZE of the current
 *     frame length (`stats().framesAllocated` counts every allocation). A new listener, or a load
 *     that changes the frame length, writes off the buffers still out; a released buffer of another
 *     length is dropped.
 *
 * Determinism: everything the state depends on is a function of the step count (the feeder spawns
 * on step multiples; the twin's line fires its events at step times), so play/pause, speed and
 * frame skipping change how fast steps happen, never what they compute, and a snapshot carries the
 * whole state (PhysicsWorld.snapshot, PhysicsTwin.snapshot).
 *
 * Modules: physics-contract.ts holds PhysicsApi and the types that cross it, physics-service.ts
 * the PhysicsService that implements it. This module is the one import path for both (callers and
 * tests import from here), and re-exports every name it always exported.
 */
import type { Issue } from '../engine/model/types';
import type { PhysicalLayout } from '../engine/physics/layout';
import type { BeltMethod } from '../engine/physics/world';
import type { TwinFrameLayout } from '../engine/twin/physics-twin';
import { FRAME_POOL_SIZE } from './physics-frame-pool';
import type { UrdfSource } from './urdf-source';
import type { Frame as LineFrame, SceneInfo } from './line-frame';

export type { LineFrame, SceneInfo };

export type { BeltMethod, Issue, PhysicalLayout, TwinFrameLayout, UrdfSource };
export { FRAME_POOL_SIZE };

export type {
  FrameListener, LineFrameListener, PhysicsApi, PhysicsLoadOptions, PhysicsLoadResult, PhysicsRestoreResult, PhysicsSceneInfo,
  PhysicsSpeed, PhysicsStats, PhysicsTwinSceneInfo, ScenarioLoadOptions, ScenarioLoadResult,
} from './physics-contract';
export { LINE_FRAME_MS, MAX_SPEED, PhysicsService, TICK_MS, type PhysicsServiceOptions } from './physics-service';
