/** The compiled conveyor frames and the frame buffer layout (engine/physics/frame.ts). */
import { describe, expect, it } from 'vitest';
import { BeltCode, FRAME_STRIDE, PartCode, fnv1a32 } from '../../engine/physics/frame';
import { BELT_THICKNESS_M, compileLayout } from '../../engine/physics/model';
import { createPhysicsWorld } from '../../engine/physics/world';
import { conveyor, layoutWith, PART } from './fixtures';

/** Rotates v by the unit quaternion q = (x, y, z, w): v + 2w(u×v) + 2u×(u×v), u = (x, y, z). */
function rotate(q: ArrayLike<number>, v: number[]): number[] {
  const [x, y, z, w] = [q[0], q[1], q[2], q[3]];
  const t = [2 * (y * v[2] - z * v[1]), 2 * (z * v[0] - x * v[2]), 2 * (x * v[1] - y * v[0])];
  return [v[0] + w * t[0] + (y * t[2] - z * t[1]), v[1] + w * t[1] + (z * t[0] - x * t[2]), v[2] + w * t[2] + (x * t[1] - y * t[0])];
}

describe('conveyor frames', () => {
  const directions: [number, number, number][] = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [3, 4, 0], [-2, -1, 0.5], [1, 1, -0.3]];
  it.each(directions)('the belt orientation takes x to the belt direction (%s, %s, %s) and z to its normal', (dx, dy, dz) => {
    const m = compileLayout(layoutWith(conveyor('c', { from: [1, 2, 0.8], to: [1 + dx, 2 + dy, 0.8 + dz] })));
    const q = m.quat.subarray(0, 4);
    expect(Math.hypot(...q)).toBeCloseTo(1, 12);
    const len = Math.hypot(dx, dy, dz);
    rotate(q, [1, 0, 0]).forEach((v, k) => expect(v).toBeCloseTo([dx, dy, dz][k] / len, 12));
    rotate(q, [0, 0, 1]).forEach((v, k) => expect(v).toBeCloseTo(m.normal[k], 12));
    expect(rotate(q, [0, 1, 0])[2]).toBeCloseTo(0, 12); // across the belt stays level
    expect(m.normal[2]).toBeGreaterThan(0);
    expect(m.lengthM[0]).toBeCloseTo(len, 12);
  });
});

describe('frame buffer', () => {
  it('holds belts then part slots, FRAME_STRIDE floats each; empty slots are zero', async () => {
    const world = await createPhysicsWorld(layoutWith(conveyor('a'), conveyor('b', { from: [0, 2, 1], to: [0, 4, 1] })), { maxParts: 3 });
    expect(world.frameLength).toBe(FRAME_STRIDE * (2 + 3));
    const p = world.spawnPart('b');
    world.setConveyorBlocked('a', true);
    world.step();
    const frame = new Float32Array(world.frameLength).fill(7);
    world.writeFrame(frame);
    const belt = (c: number) => Array.from(frame.subarray(FRAME_STRIDE * c, FRAME_STRIDE * (c + 1)));
    expect(belt(0)[7]).toBe(BeltCode.blocked);
    expect(belt(1)[7]).toBe(BeltCode.running);
    expect(belt(1)[2]).toBeCloseTo(1 - BELT_THICKNESS_M / 2, 6); // centre of the belt body
    const slot = (h: number) => Array.from(frame.subarray(FRAME_STRIDE * (2 + h), FRAME_STRIDE * (3 + h)));
    expect(p).toBe(0);
    expect(slot(0)[1]).toBeCloseTo(2 + 0.5 / 60, 5); // moved one step along +y
    expect(slot(0)[2]).toBeCloseTo(1 + PART.heightM / 2, 5);
    expect(slot(0)[7]).toBe(PartCode.carried);
    expect(slot(1)).toEqual(new Array(FRAME_STRIDE).fill(0));
    expect(slot(2)).toEqual(new Array(FRAME_STRIDE).fill(0));
    expect(() => world.writeFrame(new Float32Array(world.frameLength - 1))).toThrow(RangeError);
    world.free();
  });

  it('FNV-1a matches the published test vectors', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a32(bytes(''))).toBe(0x811c9dc5);
    expect(fnv1a32(bytes('a'))).toBe(0xe40c292c);
    expect(fnv1a32(bytes('foobar'))).toBe(0xbf9cf968);
  });
});
