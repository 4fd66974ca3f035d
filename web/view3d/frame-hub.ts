/**
 * How frames reach the 3D view, without loading the view: a page can create the hub and publish
 * the worker's frames into it before (or without) importing View3D, which pulls in Babylon.js.
 */

/** Anything that hands out frames: a FrameHub, or a `Signal<Float32Array | null>`. */
export interface FrameSource {
  subscribe(listener: (frame: Float32Array | null) => void): () => void;
}

export interface FrameHub extends FrameSource {
  /** Calls every listener with the frame, synchronously: the buffer may be released right after. */
  publish(frame: Float32Array): void;
}

export function createFrameHub(): FrameHub {
  const listeners = new Set<(frame: Float32Array | null) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(frame) {
      for (const listener of listeners) listener(frame);
    },
  };
}
