/**
 * The comlink face of PhysicsService, shared by the browser worker (physics.worker.ts) and the
 * Node worker_threads entry (physics.node-worker.ts), so both expose exactly the same API.
 * Its one job is zero-copy transfer (DESIGN §2): each frame's buffer and each snapshot's bytes are
 * handed over with `Comlink.transfer`, never structured-cloned. Frame buffers come back through
 * `releaseFrame` (protocol in physics-api.ts); the page transfers them back the same way:
 *
 *   await api.subscribe(Comlink.proxy((frame, step, generation) => {
 *     draw(frame);                                            // read it, copy what must persist
 *     void api.releaseFrame(Comlink.transfer(frame, [frame.buffer]));
 *   }));
 */
import * as Comlink from 'comlink';
import { PhysicsService, type FrameListener, type LineFrameListener, type PhysicsApi } from './physics-api';

export function createPhysicsEndpoint(service = new PhysicsService()): PhysicsApi {
  let remoteListener: FrameListener | null = null;
  const dropListener = (): void => {
    // A comlink proxy holds a MessagePort open until released.
    const proxy = remoteListener as (FrameListener & { [Comlink.releaseProxy]?: () => void }) | null;
    proxy?.[Comlink.releaseProxy]?.();
    remoteListener = null;
  };
  let remoteLineListener: LineFrameListener | null = null;
  const dropLineListener = (): void => {
    const proxy = remoteLineListener as (LineFrameListener & { [Comlink.releaseProxy]?: () => void }) | null;
    proxy?.[Comlink.releaseProxy]?.();
    remoteLineListener = null;
  };
  return {
    load: (layout, options) => service.load(layout, options),
    loadScenario: (json, options) => service.loadScenario(json, options),
    subscribe: (listener) => {
      dropListener();
      remoteListener = listener;
      service.subscribe((frame, stepCount, generation) => {
        const delivered = listener(Comlink.transfer(frame, [frame.buffer]), stepCount, generation) as unknown;
        // A page that went away must not crash the worker with an unhandled rejection.
        Promise.resolve(delivered).catch(() => undefined);
      });
    },
    unsubscribe: () => {
      service.unsubscribe();
      dropListener();
    },
    subscribeLine: (listener) => {
      dropLineListener();
      remoteLineListener = listener;
      service.subscribeLine(listener && ((frame) => {
        // Small objects (a few KB): structured clone is fine.
        Promise.resolve(listener(frame) as unknown).catch(() => undefined);
      }));
    },
    releaseFrame: (frame) => service.releaseFrame(frame),
    play: () => service.play(),
    pause: () => service.pause(),
    step: (n) => service.step(n),
    setSpeed: (speed) => service.setSpeed(speed),
    snapshot: () => {
      const bytes = service.snapshot();
      return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
    },
    restore: (bytes) => service.restore(bytes),
    frameHash: () => service.frameHash(),
    stats: () => service.stats(),
  };
}
