import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeOee, computeSixBigLosses } from '../../engine/kpi/oee';

describe('OEE per ISO 22400-2', () => {
  it('worked example: PBT 450 min, 45 min down, ideal cycle 60 s, 360 produced, 342 good', () => {
    const oee = computeOee({
      plannedBusySeconds: 450 * 60,
      actualProductionSeconds: (450 - 45) * 60,
      producedQuantity: 360,
      goodQuantity: 342,
      idealSeconds: 360 * 60,
    });
    expect(oee.availability).toBeCloseTo(0.9, 12);
    expect(oee.performance).toBeCloseTo(0.8889, 4);
    expect(oee.quality).toBeCloseTo(0.95, 12);
    expect(oee.oee).toBeCloseTo(0.76, 12);
  });

  it('OEE = PRI × GQ / PBT, and the six big losses add up to PBT minus the ideal time of good parts', () => {
    fc.assert(
      fc.property(
        fc.record({
          working: fc.double({ min: 1, max: 1e5, noNaN: true }),
          failed: fc.double({ min: 0, max: 1e4, noNaN: true }),
          setup: fc.double({ min: 0, max: 1e4, noNaN: true }),
          idle: fc.double({ min: 0, max: 1e4, noNaN: true }),
          produced: fc.integer({ min: 1, max: 5000 }),
          goodShare: fc.double({ min: 0, max: 1, noNaN: true }),
          startupShare: fc.double({ min: 0, max: 1, noNaN: true }),
          ideal: fc.double({ min: 0.1, max: 100, noNaN: true }),
        }),
        (x) => {
          const good = Math.floor(x.produced * x.goodShare);
          const startupRejects = Math.floor((x.produced - good) * x.startupShare);
          const inputs = {
            plannedBusySeconds: x.working + x.failed + x.setup + x.idle,
            actualProductionSeconds: x.working,
            producedQuantity: x.produced,
            goodQuantity: good,
            idealSeconds: x.produced * x.ideal,
          };
          const oee = computeOee(inputs);
          expect(oee.oee).toBeCloseTo((x.ideal * good) / inputs.plannedBusySeconds, 9);
          const losses = computeSixBigLosses({
            ...inputs,
            failedSeconds: x.failed,
            setupSeconds: x.setup,
            idleSeconds: x.idle,
            startupRejects,
          });
          const total = Object.values(losses).reduce((a, b) => a + b, 0);
          expect(total + good * x.ideal).toBeCloseTo(inputs.plannedBusySeconds, 6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is 0, not NaN, when nothing was planned or produced', () => {
    const oee = computeOee({ plannedBusySeconds: 0, actualProductionSeconds: 0, producedQuantity: 0, goodQuantity: 0, idealSeconds: 0 });
    expect(oee).toEqual({ availability: 0, performance: 0, quality: 0, oee: 0 });
  });
});
