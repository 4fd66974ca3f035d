/**
 * Versions and migrations (DESIGN §9: a new `version` comes with a migration from the old one).
 * A document is brought up to CURRENT_VERSION one step at a time before it is validated, so old
 * files keep loading and the validator only ever knows the current format.
 */
import type { Issue, Result } from './types';
import { ROOT_PATH } from './paths';

export const SCENARIO_FORMAT = 'line-twin/scenario';
export const CURRENT_VERSION = 1;

export type ScenarioDocument = Record<string, unknown>;

/**
 * migrations[n] turns a version-n document into a version-(n + 1) one. It must return a new object
 * and leave its argument untouched (the caller's document is never changed); migrateScenario sets
 * `version` itself. Empty: v1 is the first and current version.
 */
export const migrations: Record<number, (doc: ScenarioDocument) => ScenarioDocument> = {};

export function isPlainObject(value: unknown): value is ScenarioDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Overrides for tests of the mechanism, which has no real migration to run yet. */
export interface MigrationOptions {
  registry?: Record<number, (doc: ScenarioDocument) => ScenarioDocument>;
  currentVersion?: number;
}

export function migrateScenario(doc: unknown, options: MigrationOptions = {}): Result<unknown> {
  const registry = options.registry ?? migrations;
  const latest = options.currentVersion ?? CURRENT_VERSION;
  if (!isPlainObject(doc)) return fail(ROOT_PATH, 'must be a JSON object');
  const errors: Issue[] = [];
  if (ownValue(doc, 'format') !== SCENARIO_FORMAT) {
    errors.push({ path: 'format', message: `must be ${JSON.stringify(SCENARIO_FORMAT)}` });
  }
  const version = ownValue(doc, 'version');
  if (version === undefined) errors.push({ path: 'version', message: 'required' });
  else if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    errors.push({ path: 'version', message: `must be an integer from 1 to ${latest}` });
  } else if (version > latest) {
    errors.push({ path: 'version', message: `${version} is newer than this twin supports (${latest})` });
  }
  if (errors.length) return { ok: false, errors };

  let current = doc;
  for (let v = version as number; v < latest; v++) {
    const step = Object.hasOwn(registry, v) ? registry[v] : undefined;
    if (!step) return fail('version', `no migration from version ${v} to ${v + 1}`);
    try {
      const next = step(current);
      if (!isPlainObject(next)) return fail('version', `migration from version ${v} returned no document`);
      current = { ...next, version: v + 1 };
    } catch (e) {
      return fail('version', `migration from version ${v} to ${v + 1} failed: ${errorText(e)}`);
    }
  }
  return { ok: true, value: current };
}

/** Own properties only: an inherited "format" (from a crafted prototype) is not the document's. */
function ownValue(doc: ScenarioDocument, key: string): unknown {
  return Object.hasOwn(doc, key) ? doc[key] : undefined;
}

function fail(path: string, message: string): Result<never> {
  return { ok: false, errors: [{ path, message }] };
}

/** An error's message without trusting it: it may be anything a thrower chose. */
export function errorText(e: unknown): string {
  try {
    return e instanceof Error ? String(e.message) : String(e);
  } catch {
    return 'unknown error';
  }
}
