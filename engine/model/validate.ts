/**
 * The edge where a scenario enters the twin (DESIGN §8): text or a parsed value in, a Scenario or
 * every located problem out. Nothing here throws, evaluates content, or changes its input.
 */
import type { Issue, Result, Scenario } from './types';
import { scenarioSchema } from './schema';
import { describe, fromZodIssues, zodMessage } from './issues';
import { checkSemantics } from './semantics';
import { errorText, migrateScenario } from './migrate';
import { describeJsonError, findDuplicateKey, positionAt } from './json-text';
import { formatPath, ROOT_PATH } from './paths';

export { migrateScenario, migrations, CURRENT_VERSION, SCENARIO_FORMAT } from './migrate';

/** Largest scenario text accepted: 20 MiB of characters. */
export const MAX_SCENARIO_CHARS = 20 * 1024 * 1024;

export function validateScenario(input: unknown): Result<Scenario> {
  try {
    const migrated = migrateScenario(input);
    if (!migrated.ok) return migrated;
    const errors = protoKeys(migrated.value);
    const parsed = scenarioSchema.safeParse(migrated.value, { reportInput: true, error: zodMessage });
    if (!parsed.success) errors.push(...fromZodIssues(parsed.error.issues));
    // Cross-references are only meaningful once every piece has the right shape.
    if (errors.length || !parsed.success) return { ok: false, errors };
    const semantic = checkSemantics(parsed.data);
    return semantic.length ? { ok: false, errors: semantic } : { ok: true, value: parsed.data };
  } catch (e) {
    // Last line of defence for inputs no JSON text can produce (throwing getters, proxies).
    return { ok: false, errors: [{ path: ROOT_PATH, message: `cannot be read: ${errorText(e)}` }] };
  }
}

/**
 * zod leaves a "__proto__" key out of its output (copying it would replace the prototype), so it
 * would vanish silently; report it instead. Iterative and cycle-safe: the input may be any value.
 * Each visited value keeps a link to its parent rather than a copy of its path, so a document
 * nested a million levels deep is walked in linear time; paths are built only for the issues.
 */
function protoKeys(root: unknown): Issue[] {
  interface Visit { value: unknown; key: PropertyKey; parent: Visit | null }
  const pathOf = (v: Visit): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let at: Visit | null = v; at && at.parent; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const issues: Issue[] = [];
  const seen = new Set<object>();
  const stack: Visit[] = [{ value: root, key: '', parent: null }];
  while (stack.length && issues.length < 100) {
    const visit = stack.pop()!;
    const value = visit.value;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof item === 'object' && item !== null) stack.push({ value: item, key: i, parent: visit });
      });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') issues.push({ path: formatPath(pathOf(visit)), message: 'key "__proto__" is not allowed' });
      else stack.push({ value: (value as Record<string, unknown>)[key], key, parent: visit });
    }
  }
  return issues;
}

/**
 * Parses scenario JSON text. Problems with the text itself are located as `file:LINE:COL` (or just
 * `file` when no position is known) in the issue's path; problems with the document as JSON paths.
 */
export function parseScenarioJson(text: string, file = 'scenario'): Result<Scenario> {
  if (typeof text !== 'string') return { ok: false, errors: [{ path: file, message: 'is not text' }] };
  if (text.length > MAX_SCENARIO_CHARS) {
    const mb = (text.length / 1024 / 1024).toFixed(1);
    return { ok: false, errors: [{ path: file, message: `is too large (${mb} MB, the limit is 20 MB)` }] };
  }
  // Editors on Windows may save a byte order mark; it is not part of the JSON.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const { reason, position } = describeJsonError(body, errorText(e));
    const path = position ? `${file}:${position.line}:${position.column}` : file;
    return { ok: false, errors: [{ path, message: `invalid JSON (${reason})` }] };
  }
  const duplicate = findDuplicateKey(body);
  if (duplicate) {
    const at = positionAt(body, duplicate.offset);
    const first = positionAt(body, duplicate.firstOffset);
    return {
      ok: false,
      errors: [{
        path: `${file}:${at.line}:${at.column}`,
        message: `duplicate key ${describe(duplicate.key)} (first at ${first.line}:${first.column}): only one value may be given`,
      }],
    };
  }
  return validateScenario(value);
}

/**
 * One line per issue, `file: path: message`. Issues about the text already carry the file in
 * their path (`file:LINE:COL`), so it is not repeated for them.
 */
export function formatIssues(errors: Issue[], file?: string): string {
  return errors
    .map((e) => {
      if (file === undefined || e.path === file || (e.path.startsWith(`${file}:`) && /:\d+:\d+$/.test(e.path))) {
        return `${e.path}: ${e.message}`;
      }
      return `${file}: ${e.path}: ${e.message}`;
    })
    .join('\n');
}

