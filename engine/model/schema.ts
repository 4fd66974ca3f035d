/**
 * The zod schema of scenario format v1 (DESIGN §9). It checks the shape of one document: types,
 * ranges, required keys, unknown keys. Cross-references (links, calendars, pools, products) are
 * checked by semantics.ts once the shape is right. The shipped JSON Schema is generated from here
 * (write-schema.ts), so this file is the single source of the format's shape.
 */
import { z } from 'zod';
import { logGamma } from '../random/distributions';
import type { Scenario } from './types';
import { idSchema, LIMITS, ref, strictObject } from './schema-parts';
import { layoutSchema } from './layout-schema';

export { ID_PATTERN, idSchema, isExtensionKey, LIMITS } from './schema-parts';

/** "HH:MM" from 00:00 to 24:00 (24:00 only as the end of a day). */
export const TIME_PATTERN = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const NODE_TYPES = ['source', 'buffer', 'station', 'sink'] as const;
export const DISTRIBUTION_KINDS = [
  'constant', 'exponential', 'uniform', 'triangular', 'normal', 'lognormal', 'gamma', 'weibull',
  'empirical',
] as const;
export const ROUTE_RULES = ['firstAvailable', 'roundRobin', 'probability'] as const;

const name = z.string().max(LIMITS.nameLength);
export const timeSchema = z.string().regex(TIME_PATTERN, { error: 'must be a time "HH:MM" from 00:00 to 24:00' });

const seconds = z.number().max(LIMITS.seconds);
const positiveSeconds = seconds.gt(0);
/** A time scale of a distribution or the run: > 0 and at least one clock tick (LIMITS.tick). */
const tickSeconds = seconds
  .gt(0, { abort: true }) // a value <= 0 gets "must be > 0" only
  .min(LIMITS.tick, { error: `must be 0.000001 or more (1 µs, the clock's resolution)` });
const nonNegativeSeconds = seconds.min(0);
const probability = z.number().min(0).max(1);
const weight = z.number().min(0).max(LIMITS.weight);
const int = (min: number, max: number) => z.int().min(min).max(max);

const uniform = strictObject({
  dist: z.literal('uniform'), min: nonNegativeSeconds, max: nonNegativeSeconds,
}).superRefine((d, ctx) => {
  if (d.max < d.min) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be >= min' });
});

const triangular = strictObject({
  dist: z.literal('triangular'), min: nonNegativeSeconds, mode: nonNegativeSeconds, max: nonNegativeSeconds,
}).superRefine((d, ctx) => {
  if (d.mode < d.min || d.mode > d.max) {
    ctx.addIssue({ code: 'custom', path: ['mode'], message: 'must be between min and max' });
  }
  if (d.max <= d.min) ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be > min' });
});

/**
 * The mean scale·Γ(1 + 1/shape) grows without bound as the shape goes to 0 (shape 0.01 gives
 * 10^157 s, shape 0.001 overflows): keep it within the limit every other time obeys, so draws and
 * the ideal cycle time derived from the mean stay finite.
 */
const weibull = strictObject({
  dist: z.literal('weibull'), shape: positiveSeconds, scale: tickSeconds,
}).superRefine((d, ctx) => {
  if (!(d.shape > 0 && d.scale > 0 && Number.isFinite(d.shape) && Number.isFinite(d.scale))) return; // reported already
  const logMean = Math.log(d.scale) + logGamma(1 + 1 / d.shape);
  if (!(logMean <= Math.log(LIMITS.seconds))) {
    ctx.addIssue({
      code: 'custom', path: ['shape'],
      message: 'is too small for this scale: the mean scale·Γ(1 + 1/shape) would be more than 10^9 s',
    });
  }
});

export const distributionSchema = z.discriminatedUnion('dist', [
  strictObject({ dist: z.literal('constant'), value: nonNegativeSeconds }),
  strictObject({ dist: z.literal('exponential'), mean: tickSeconds }),
  uniform,
  triangular,
  // mean >= 0: draws below 0 are redrawn, so a negative mean could redraw almost forever.
  strictObject({ dist: z.literal('normal'), mean: nonNegativeSeconds, sd: nonNegativeSeconds }),
  strictObject({ dist: z.literal('lognormal'), mean: tickSeconds, sd: nonNegativeSeconds }),
  strictObject({ dist: z.literal('gamma'), mean: tickSeconds, sd: tickSeconds }),
  weibull,
  strictObject({
    dist: z.literal('empirical'),
    values: z.array(nonNegativeSeconds).min(1).max(LIMITS.empiricalValues),
  }),
]);

export const runSchema = strictObject({
  warmupSeconds: nonNegativeSeconds,
  lengthSeconds: tickSeconds,
  replications: int(1, LIMITS.replications),
  seed: int(0, LIMITS.seed),
  startTime: timeSchema.optional(),
}).superRefine((run, ctx) => {
  const problem = runWindowProblem(run.warmupSeconds, run.lengthSeconds);
  if (problem) ctx.addIssue({ code: 'custom', path: ['warmupSeconds'], message: problem });
});

/**
 * Why a warm-up and a length leave no time to measure, or undefined. The engine's clock counts
 * whole microseconds, so the two are compared as the engine will see them: 0.0000006 s and
 * 0.0000007 s are both 1 µs. Shared with the command line, whose flags override both.
 */
export function runWindowProblem(warmupSeconds: number, lengthSeconds: number): string | undefined {
  if (warmupSeconds >= lengthSeconds) return 'must be < lengthSeconds';
  if (Math.round(warmupSeconds / LIMITS.tick) >= Math.round(lengthSeconds / LIMITS.tick)) {
    return 'must be < lengthSeconds by at least 1 µs (the clock counts whole microseconds)';
  }
  return undefined;
}

const periodShape = { start: timeSchema, end: timeSchema, name: name.optional() };
export const dayPeriodSchema = strictObject(periodShape);
const shift = strictObject({ ...periodShape, breaks: z.array(dayPeriodSchema).max(LIMITS.periods).optional() });
export const calendarSchema = strictObject({
  shifts: z.array(shift).min(1).max(LIMITS.periods),
  plannedDowntime: z.array(dayPeriodSchema).max(LIMITS.periods).optional(),
});

export const workerPoolSchema = strictObject({
  id: idSchema,
  kind: z.enum(['human', 'humanoid']),
  count: int(1, LIMITS.workerCount),
  calendar: ref.optional(),
});

export const productSchema = strictObject({ id: idSchema, name: name.optional() });

export const routeSchema = z.discriminatedUnion('rule', [
  strictObject({ rule: z.literal('firstAvailable') }),
  strictObject({ rule: z.literal('roundRobin') }),
  strictObject({ rule: z.literal('probability'), weights: z.record(idSchema, weight) }),
]);

export const failureSchema = strictObject({
  name: name.optional(),
  basis: z.enum(['operating', 'calendar']),
  ttf: distributionSchema,
  ttr: distributionSchema,
});

const nodeBase = { id: idSchema, name: name.optional(), route: routeSchema.optional() };

export const nodeSchema = z.discriminatedUnion('type', [
  strictObject({
    ...nodeBase,
    type: z.literal('source'),
    interarrival: distributionSchema.optional(),
    productMix: z.record(idSchema, weight).optional(),
  }),
  strictObject({ ...nodeBase, type: z.literal('buffer'), capacity: int(0, LIMITS.bufferCapacity).optional() }),
  strictObject({
    ...nodeBase,
    type: z.literal('station'),
    kind: z.enum(['machine', 'manual', 'robot']).optional(),
    capacity: int(1, LIMITS.stationCapacity).optional(),
    cycle: distributionSchema,
    cycleByProduct: z.record(idSchema, distributionSchema).optional(),
    idealCycleSeconds: positiveSeconds.optional(),
    failures: z.array(failureSchema).max(LIMITS.failures).optional(),
    scrap: probability.optional(),
    rework: strictObject({ probability, to: ref }).optional(),
    setup: distributionSchema.optional(),
    operators: strictObject({
      pools: z.array(ref).min(1).max(LIMITS.pools),
      count: int(1, LIMITS.workerCount).optional(),
    }).optional(),
    calendar: ref.optional(),
  }),
  strictObject({ ...nodeBase, type: z.literal('sink') }),
]);

const link = z.tuple([ref, ref], {
  // The tuple's own problems (not an array, wrong length) get one message; its items keep theirs.
  error: (issue) =>
    issue.code === 'invalid_type' || issue.code === 'too_big' || issue.code === 'too_small'
      ? 'must be a link ["from", "to"]'
      : undefined,
});

export const scenarioSchema = strictObject({
  format: z.literal('line-twin/scenario'),
  version: z.literal(1),
  name: name.min(1),
  description: z.string().max(LIMITS.descriptionLength).optional(),
  run: runSchema,
  products: z.array(productSchema).min(1).max(LIMITS.products).optional(),
  calendars: z.record(idSchema, calendarSchema).superRefine((calendars, ctx) => {
    if (Object.keys(calendars).length > LIMITS.calendars) {
      ctx.addIssue({ code: 'custom', path: [], message: `must have at most ${LIMITS.calendars} calendars` });
    }
  }).optional(),
  workers: z.array(workerPoolSchema).max(LIMITS.workers).optional(),
  nodes: z.array(nodeSchema).max(LIMITS.nodes),
  links: z.array(link).max(LIMITS.links),
  layout: layoutSchema.optional(),
});

// Compile-time proof that the schema and the contract in types.ts describe the same documents.
// Mutual assignability misses a forgotten optional key, so the check is type identity.
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
type Parsed = z.infer<typeof scenarioSchema>;
export type SchemaMatchesContract = [
  Expect<Parsed extends Scenario ? true : false>,
  Expect<Scenario extends Parsed ? true : false>,
  Expect<Identical<Parsed, Scenario>>,
];
