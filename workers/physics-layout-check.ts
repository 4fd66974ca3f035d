/**
 * Checks a physical layout and the load options before the physics worker builds a world from
 * them. The engine assumes valid input (DESIGN §2, "errors are values at the edges"): a zero-length
 * or vertical conveyor would compile to NaN directions that Rapier accepts silently, so the worker,
 * which receives layouts from the page, must refuse them first, with a JSON path per problem.
 *
 * Shape and per-value checks only. Layout-level rules (overlapping conveyors or stations,
 * conveyors that do not connect) belong to the scenario's layout validator (issue 4, item 1); when
 * that exists, the worker should call it instead of this file.
 */
import { formatPath } from '../engine/model/paths';
import { LIMITS } from '../engine/model/schema';
import type { Issue } from '../engine/model/types';

/** Upper bound on part slots: a frame is 32·(conveyors + maxParts) bytes, kept ≤ ~2 MB. */
export const MAX_PARTS_LIMIT = 65_536;
/** Least horizontal run of a conveyor, metres: below it the belt is vertical (docs/physics.md). */
const MIN_RUN_M = 1e-6;

type Path = (string | number)[];

class Checker {
  readonly issues: Issue[] = [];

  add(path: Path, message: string): void {
    this.issues.push({ path: formatPath(path), message });
  }

  object(v: unknown, path: Path): v is Record<string, unknown> {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    this.add(path, 'must be an object');
    return false;
  }

  /** A finite number above `min` (or at least `min` when `orEqual`). */
  number(v: unknown, path: Path, min = 0, orEqual = false): v is number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.add(path, 'must be a finite number');
    else if (orEqual ? v < min : v <= min) this.add(path, `must be ${orEqual ? 'at least' : 'above'} ${min}`);
    else return true;
    return false;
  }

  /** A tuple of `n` finite numbers (any sign). */
  vector(v: unknown, path: Path, n: number): v is number[] {
    if (!Array.isArray(v) || v.length !== n) {
      this.add(path, `must be an array of ${n} numbers`);
      return false;
    }
    let ok = true;
    v.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        this.add([...path, i], 'must be a finite number');
        ok = false;
      }
    });
    return ok;
  }
}

/** Problems with `layout` as a PhysicalLayout (engine/physics/layout.ts); empty when valid. */
export function checkPhysicalLayout(layout: unknown): Issue[] {
  const c = new Checker();
  if (!c.object(layout, [])) return c.issues;
  if (c.object(layout.floor, ['floor']) && c.vector(layout.floor.sizeM, ['floor', 'sizeM'], 2)) {
    layout.floor.sizeM.forEach((v, i) => c.number(v, ['floor', 'sizeM', i]));
  }
  if (c.object(layout.part, ['part'])) {
    const p = layout.part;
    for (const key of ['lengthM', 'widthM', 'heightM', 'massKg']) c.number(p[key], ['part', key]);
    if (p.friction !== undefined) c.number(p.friction, ['part', 'friction'], 0, true);
  }
  if (!Array.isArray(layout.conveyors)) {
    c.add(['conveyors'], 'must be an array');
    return c.issues;
  }
  const firstIndex = new Map<string, number>();
  layout.conveyors.forEach((conv: unknown, i) => {
    const at = (...rest: Path): Path => ['conveyors', i, ...rest];
    if (!c.object(conv, at())) return;
    if (typeof conv.id !== 'string' || conv.id === '') c.add(at('id'), 'must be a non-empty string');
    else if (firstIndex.has(conv.id)) c.add(at('id'), `"${conv.id}" is already the id of conveyors[${firstIndex.get(conv.id)}]`);
    else firstIndex.set(conv.id, i);
    const from = c.vector(conv.from, at('from'), 3) ? conv.from : null;
    const to = c.vector(conv.to, at('to'), 3) ? conv.to : null;
    if (from && to) {
      const run = Math.hypot(to[0] - from[0], to[1] - from[1]);
      if (run < MIN_RUN_M) {
        const vertical = Math.abs(to[2] - from[2]) >= MIN_RUN_M;
        c.add(at('to'), vertical ? 'is straight above or below `from`: a conveyor may slope but not stand vertical' : 'is the same point as `from`');
      }
    }
    c.number(conv.width, at('width'));
    c.number(conv.speedMetersPerSecond, at('speedMetersPerSecond'));
    if (typeof conv.accumulating !== 'boolean') c.add(at('accumulating'), 'must be true or false');
  });
  return c.issues;
}

/** Problems with the load options (PhysicsLoadOptions); paths start with `options`. */
export function checkLoadOptions(options: unknown): Issue[] {
  const c = new Checker();
  if (options === undefined) return c.issues;
  if (!c.object(options, ['options'])) return c.issues;
  const { beltMethod, maxParts, spawnEverySeconds, sinkAtEnds } = options;
  if (beltMethod !== undefined && beltMethod !== 'carriage' && beltMethod !== 'belt') {
    c.add(['options', 'beltMethod'], 'must be "carriage" or "belt"');
  }
  if (maxParts !== undefined && !(Number.isInteger(maxParts) && (maxParts as number) >= 1 && (maxParts as number) <= MAX_PARTS_LIMIT)) {
    c.add(['options', 'maxParts'], `must be a whole number from 1 to ${MAX_PARTS_LIMIT}`);
  }
  if (spawnEverySeconds !== undefined) c.number(spawnEverySeconds, ['options', 'spawnEverySeconds']);
  if (sinkAtEnds !== undefined && typeof sinkAtEnds !== 'boolean') c.add(['options', 'sinkAtEnds'], 'must be true or false');
  return c.issues;
}

/** Longest file name loadScenario repeats in its messages. */
const MAX_FILE_NAME = 1000;

/**
 * Problems with loadScenario's options (ScenarioLoadOptions); paths start with `options`. The
 * bounds are the scenario format's own (run.lengthSeconds, run.seed): seconds from 1 µs (the
 * clock's resolution) to LIMITS.seconds, a whole seed from 0 to LIMITS.seed.
 */
export function checkScenarioOptions(options: unknown): Issue[] {
  const c = new Checker();
  if (options === undefined) return c.issues;
  if (!c.object(options, ['options'])) return c.issues;
  const { seconds, seed, fileName } = options;
  if (seconds !== undefined && !(typeof seconds === 'number' && seconds >= LIMITS.tick && seconds <= LIMITS.seconds)) {
    c.add(['options', 'seconds'], `must be a number from ${LIMITS.tick} to ${LIMITS.seconds}`);
  }
  if (seed !== undefined && !(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= LIMITS.seed)) {
    c.add(['options', 'seed'], `must be a whole number from 0 to ${LIMITS.seed}`);
  }
  if (fileName !== undefined && !(typeof fileName === 'string' && fileName.length > 0 && fileName.length <= MAX_FILE_NAME)) {
    c.add(['options', 'fileName'], `must be a non-empty string of at most ${MAX_FILE_NAME} characters`);
  }
  return c.issues;
}
