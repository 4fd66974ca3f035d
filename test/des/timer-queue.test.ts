import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue } from '../../engine/des/timer-queue';
import { Kernel } from '../../engine/des/kernel';

describe('TimerQueue', () => {
  it('pops in (time, priority, sequence) order against a sorted reference, with updates and cancels', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('schedule' as const), slot: fc.nat(15), time: fc.nat(50), priority: fc.nat(3) }),
      fc.record({ kind: fc.constant('cancel' as const), slot: fc.nat(15) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new TimerQueue(16);
        const reference = new Map<number, [number, number, number]>();
        let sequence = 0;
        for (const o of ops) {
          if (o.kind === 'schedule') {
            q.schedule(o.slot, o.time, o.priority);
            reference.set(o.slot, [o.time, o.priority, sequence++]);
          } else {
            q.cancel(o.slot);
            reference.delete(o.slot);
          }
        }
        const expected = [...reference.entries()]
          .sort(([, a], [, b]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])
          .map(([slot]) => slot);
        const popped: number[] = [];
        while (q.size > 0) popped.push(q.pop());
        expect(popped).toEqual(expected);
        expect(q.pop()).toBe(-1);
      }),
      { numRuns: 500 },
    );
  });

  it('equal times and priorities fire first-scheduled first', () => {
    const q = new TimerQueue(4);
    q.schedule(3, 10, 0);
    q.schedule(1, 10, 0);
    q.schedule(2, 10, 0);
    q.schedule(0, 10, -1);
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([0, 3, 1, 2]);
  });
});

describe('Kernel', () => {
  it('advances the clock to each event and stops at the horizon', () => {
    const kernel = new Kernel(3);
    const seen: [number, number][] = [];
    const handler = {
      fire(slot: number, now: number) {
        seen.push([slot, now]);
        if (slot === 0 && now < 30) kernel.scheduleIn(0, 10.4, 0); // rounds to whole µs
      },
    };
    kernel.queue.schedule(0, 0, 0);
    kernel.queue.schedule(1, 25, 0);
    kernel.queue.schedule(2, 100, 0);
    kernel.runUntil(50, handler);
    expect(seen).toEqual([[0, 0], [0, 10], [0, 20], [1, 25], [0, 30]]);
    expect(kernel.nowUs).toBe(50);
    expect(kernel.events).toBe(5);
    expect(kernel.queue.peek()).toBe(2);
  });
});
