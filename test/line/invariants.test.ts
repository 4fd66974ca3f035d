/**
 * Property test: on random line layouts (series of stages, parallel pairs behind splits, finite
 * buffers, failures, scrap, timed or saturated sources, belt conveyors) the line is work-conserving at every
 * checkpoint, parts are conserved, and state times add up to the window.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../engine/model/compile';
import { LineSimulator } from '../../engine/line/simulator';
import { findFlowViolation } from '../../engine/line/invariants';
import { STATE_COUNT } from '../../engine/model/compiled';
import { buildScenario, stage } from '../support/random-lines';

describe('random lines', () => {
  it('are work-conserving, conserve parts, and account for all time', () => {
    fc.assert(
      fc.property(fc.array(stage, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.nat(1000), fc.boolean(), (stages, timed, seed, belts) => {
        // With belts, every link between stages is a layout conveyor modelled in the line.
        const model = compileScenario(buildScenario(stages, timed, seed, belts), { conveyors: belts });
        const sim = new LineSimulator(model);
        sim.reset(0, seed);
        for (let t = 37; t <= 2000; t += 97) {
          sim.advanceTo(t * 1e6);
          expect(findFlowViolation(sim)).toBeNull();
        }
        sim.advanceTo(model.lengthUs);
        sim.closeAccounts();
        for (let s = 0; s < model.serverCount; s++) {
          let total = 0;
          for (let j = 0; j < STATE_COUNT; j++) total += sim.st.stateUs[s * STATE_COUNT + j];
          expect(total).toBe(model.lengthUs - model.warmupUs);
        }
      }),
      { numRuns: 150 },
    );
  });
});
