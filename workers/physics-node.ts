/**
 * Starts the physics worker in Node worker_threads (tests, CLI) and wraps it with comlink, so Node
 * code drives the same API as the page (physics-api.ts) across a real thread boundary.
 *
 * Running TypeScript in the worker: `new Worker(url, { execArgv: ['--import', 'tsx'] })` does not
 * work on Node 20 (measured on 20.20: the entry module is resolved before tsx's hooks are in place,
 * ERR_UNKNOWN_FILE_EXTENSION). So the worker starts from a two-line bootstrap that registers tsx's
 * ESM hooks in that thread and then imports the .ts entry. tsx is resolved from this file, not from
 * the working directory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { PhysicsApi } from './physics-api';

export interface NodePhysicsWorker {
  api: Comlink.Remote<PhysicsApi>;
  worker: Worker;
  /** Releases the comlink proxy and stops the thread (its Rapier world goes with it). */
  terminate(): Promise<void>;
}

/** How long the worker may take to load its modules and answer the first call, ms. */
const START_TIMEOUT_MS = 30_000;

/** File URL of tsx's public ESM API (`tsx/esm/api`, its `import` condition), found from here. */
function tsxEsmApiUrl(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api'].import.default)).href;
}

function spawn(entry: URL): Worker {
  // Not the CommonJS build of the API: in a worker it resolves its hooks module to a path that
  // does not exist (measured, tsx 4.23).
  const boot = `import(${JSON.stringify(tsxEsmApiUrl())})
    .then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })
    .catch((e) => setTimeout(() => { throw e; }));`;
  return new Worker(boot, { eval: true });
}

export async function startPhysicsWorkerInNode(): Promise<NodePhysicsWorker> {
  const worker = spawn(new URL('./physics.node-worker.ts', import.meta.url));
  const api = Comlink.wrap<PhysicsApi>(nodeEndpoint(worker));
  const terminate = async (): Promise<void> => {
    api[Comlink.releaseProxy]();
    await worker.terminate();
  };
  // A worker that fails to load would leave every call pending: wait for a first answer, an
  // error or a bounded time, and never hand out a worker that did not answer.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onError: ((e: Error) => void) | undefined;
  let onExit: ((code: number) => void) | undefined;
  try {
    await Promise.race([
      api.stats(),
      new Promise<never>((_, reject) => {
        onError = (e) => reject(new Error(`physics worker failed to start: ${e.message}`));
        onExit = (code) => reject(new Error(`physics worker exited with code ${code} while starting`));
        worker.once('error', onError);
        worker.once('exit', onExit);
        timer = setTimeout(() => reject(new Error(`physics worker did not answer within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    await terminate();
    throw e;
  } finally {
    clearTimeout(timer);
    if (onError) worker.off('error', onError);
    if (onExit) worker.off('exit', onExit);
  }
  return { api, worker, terminate };
}
