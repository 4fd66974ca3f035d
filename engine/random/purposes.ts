/**
 * The `purpose` part of a random-stream key (see rng.ts): what a draw is for. A station's cycle
 * times and its failures use different streams, so adding a failure to a station leaves its cycle
 * times, and every other station's draws, unchanged (common random numbers across variants).
 * These numbers are part of the determinism contract: never renumber, only append.
 */
export const Purpose = {
  cycle: 1,
  failureTtf: 2,
  failureTtr: 3,
  scrap: 4,
  route: 5,
  setup: 6,
  arrival: 7,
  product: 8,
  rework: 9,
} as const;

export type PurposeCode = (typeof Purpose)[keyof typeof Purpose];
