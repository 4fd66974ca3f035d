/**
 * The Node worker_threads entry of the physics twin: the same endpoint as the browser worker
 * (physics-endpoint.ts) over comlink's Node adapter, so tests and the CLI drive the API the page
 * uses, across a real thread boundary. Started by startPhysicsWorkerInNode (physics-node.ts).
 * Robots' URDF files are read from scenes/ (urdf-source-node.ts).
 */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { PhysicsService } from './physics-api';
import { createPhysicsEndpoint } from './physics-endpoint';
import { readUrdfFromScenes } from './urdf-source-node';

if (!parentPort) throw new Error('physics.node-worker.ts must run in a worker thread (see physics-node.ts)');
Comlink.expose(createPhysicsEndpoint(new PhysicsService({ readUrdf: readUrdfFromScenes })), nodeEndpoint(parentPort));
