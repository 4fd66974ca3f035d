/**
 * The frame buffers of the physics worker and their accounting (the protocol is in
 * physics-api.ts). A fixed handful of buffers circulates between worker and page, so publishing a
 * frame never allocates once the pool is full; when every buffer is with the page the caller skips
 * the frame instead of allocating another.
 */

/** Buffers per frame length: one being drawn, one arriving, one being written. */
export const FRAME_POOL_SIZE = 3;

export class FramePool {
  private readonly free: Float32Array[] = [];
  private out = 0;
  length = 0;
  allocated = 0;

  /** Switches to frames of `length` floats; buffers of another length are let go. */
  resize(length: number): void {
    if (length === this.length) return;
    this.length = length;
    this.free.length = 0;
    this.out = 0;
  }

  /** A buffer for the next frame, or null when all FRAME_POOL_SIZE are with the page. */
  acquire(): Float32Array | null {
    let frame = this.free.pop() ?? null;
    if (!frame && this.out < FRAME_POOL_SIZE) {
      frame = new Float32Array(this.length);
      this.allocated++;
    }
    if (frame) this.out++;
    return frame;
  }

  release(frame: Float32Array): void {
    if (!(frame instanceof Float32Array) || frame.length !== this.length || this.free.length >= FRAME_POOL_SIZE) return;
    this.free.push(frame);
    if (this.out > 0) this.out--;
  }

  /** The current listener will not return the buffers out (a new listener replaced it). */
  writeOffOutstanding(): void {
    this.out = 0;
  }
}
