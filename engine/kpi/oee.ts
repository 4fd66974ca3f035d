/**
 * Overall equipment effectiveness per ISO 22400-2:2014 (Automation systems and integration — KPIs
 * for manufacturing operations management — Part 2), time elements in clause 5 and KPI
 * descriptions in clause 6; the same formulas are restated publicly in OPC 40001-1 Annex C:
 *   Availability  A  = APT / PBT                (actual production time / planned busy time)
 *   Effectiveness P  = PRI × PQ / APT           (planned run time per item × produced quantity)
 *   Quality ratio Q  = GQ / PQ                  (good quantity / produced quantity)
 *   OEE index        = A × P × Q = PRI × GQ / PBT
 * PRI × PQ is given as one sum (`idealSeconds`) so a product mix with different ideal cycle
 * times is handled exactly.
 */
export interface OeeInputs {
  /** PBT: planned busy time = time in the window minus planned downtime (off-shift), s. */
  plannedBusySeconds: number;
  /** APT: time spent producing (state "working"), s. */
  actualProductionSeconds: number;
  /** PQ: parts produced (finished a job), good or not. */
  producedQuantity: number;
  /** GQ: parts produced right first time (not scrapped, not sent to rework). */
  goodQuantity: number;
  /** Σ PRI over the produced parts, s. */
  idealSeconds: number;
}

export interface Oee {
  availability: number;
  performance: number;
  quality: number;
  oee: number;
}

/** A ratio that is 0 when there was nothing to measure (no planned time, nothing produced). */
function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

export function computeOee(x: OeeInputs): Oee {
  const availability = ratio(x.actualProductionSeconds, x.plannedBusySeconds);
  const performance = ratio(x.idealSeconds, x.actualProductionSeconds);
  const quality = ratio(x.goodQuantity, x.producedQuantity);
  return { availability, performance, quality, oee: availability * performance * quality };
}

/**
 * The six big losses (Nakajima 1988, Introduction to TPM, ch. 3) as time lost from planned busy
 * time, in seconds, so they add up with the value-adding time to PBT:
 *   PBT = breakdowns + setupAdjustments + idlingMinorStops + reducedSpeed
 *         + processDefects + reducedYield + (ideal time of the good parts).
 */
export interface SixBigLosses {
  /** Equipment failure: time failed. */
  breakdowns: number;
  /** Setup and adjustments: changeover time. */
  setupAdjustments: number;
  /** Idling and minor stops: starved, blocked, waiting for an operator. */
  idlingMinorStops: number;
  /** Reduced speed: production time beyond the ideal time of the parts made (APT − PRI·PQ). */
  reducedSpeed: number;
  /** Process defects: ideal time spent on parts scrapped or reworked in steady running. */
  processDefects: number;
  /** Reduced yield: ideal time spent on rejects made first after a start-up or changeover. */
  reducedYield: number;
}

export interface LossInputs extends OeeInputs {
  failedSeconds: number;
  setupSeconds: number;
  idleSeconds: number;
  /** Rejects (scrap or rework) that were the first part after a shift start or a setup. */
  startupRejects: number;
}

export function computeSixBigLosses(x: LossInputs): SixBigLosses {
  const idealPerPart = ratio(x.idealSeconds, x.producedQuantity);
  const rejects = x.producedQuantity - x.goodQuantity;
  return {
    breakdowns: x.failedSeconds,
    setupAdjustments: x.setupSeconds,
    idlingMinorStops: x.idleSeconds,
    reducedSpeed: x.actualProductionSeconds - x.idealSeconds,
    processDefects: (rejects - x.startupRejects) * idealPerPart,
    reducedYield: x.startupRejects * idealPerPart,
  };
}
