/**
 * The browser worker hosting the simulation (DESIGN §2): exposes SimulationService over comlink.
 * Frames cross as structured clones with their nodeStates array transferred (not copied), and
 * at most one frame is in flight: while the page has not yet taken the last one, newer frames
 * replace each other in a one-slot mailbox, so a busy page never builds a backlog.
 */
import './zod-jitless';
import * as Comlink from 'comlink';
import {
  SimulationService,
  type Frame,
  type FrameListener,
  type ProgressListener,
  type SimulationApi,
} from './simulation-api';

const service = new SimulationService();

/** Delivers frames to a comlink-proxied listener, latest wins while one is in flight. */
function mailbox(listener: FrameListener): FrameListener {
  let inFlight = false;
  let waiting: Frame | null = null;
  const send = (frame: Frame): void => {
    inFlight = true;
    const delivered = listener(Comlink.transfer(frame, [frame.nodeStates.buffer])) as unknown;
    Promise.resolve(delivered)
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        const next = waiting;
        waiting = null;
        if (next) send(next);
      });
  };
  return (frame) => {
    if (inFlight) waiting = frame;
    else send(frame);
  };
}

const endpoint: SimulationApi = {
  load: (text, fileName) => service.load(text, fileName),
  subscribe: (listener) => service.subscribe(mailbox(listener)),
  play: () => service.play(),
  pause: () => service.pause(),
  restart: () => service.restart(),
  setSpeed: (speed) => service.setSpeed(speed),
  runReplications: (overrides, onProgress?: ProgressListener) => service.runReplications(overrides, onProgress),
};

Comlink.expose(endpoint);
