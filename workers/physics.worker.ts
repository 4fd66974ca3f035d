/**
 * The browser worker hosting the physics twin (DESIGN §2, §4): the Rapier world steps here, off
 * the page's thread, and frames cross as transferred Float32Arrays (protocol in physics-api.ts).
 * Robots' URDF files come bundled with the page (urdf-source-bundled.ts).
 * Start it as an ES-module worker:
 *   new Worker(new URL('../workers/physics.worker.ts', import.meta.url), { type: 'module', name: 'physics' })
 * and wrap it with `Comlink.wrap<PhysicsApi>(worker)`.
 */
import './zod-jitless';
import * as Comlink from 'comlink';
import { PhysicsService } from './physics-api';
import { createPhysicsEndpoint } from './physics-endpoint';
import { readBundledUrdf } from './urdf-source-bundled';

Comlink.expose(createPhysicsEndpoint(new PhysicsService({ readUrdf: readBundledUrdf })));
