/**
 * Turns zod's issues into the twin's: a path users can read and a short message in the same voice
 * as the semantic checks ("must be > 0", "required"), instead of zod's default text, which names
 * zod's internals ("Invalid input: expected number, received NaN").
 */
import type { z } from 'zod';
import type { Issue } from './types';
import { formatPath } from './paths';

type RawIssue = z.core.$ZodRawIssue;

/**
 * Message for each issue zod raises itself. Passed per parse, so messages written into the schema
 * (ids, times, links, the custom checks) take precedence over it.
 */
export function zodMessage(issue: RawIssue): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'required';
      if (issue.expected === 'number' && typeof input === 'number') {
        return Number.isNaN(input) ? 'must be a number, got NaN' : 'must be a finite number';
      }
      return `must be ${expectedType(issue.expected)}, got ${describe(input)}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive !== false, 'min');
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive !== false, 'max');
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      if (issue.discriminator !== undefined && 'options' in issue && Array.isArray(issue.options)) {
        const given = discriminatorValue(input, issue.discriminator);
        const list = (issue.options as unknown[]).map(String).join(', ');
        return given === undefined ? `required: one of ${list}` : `must be one of ${list}`;
      }
      return 'is not valid here';
    case 'invalid_format':
      return 'has the wrong format';
    case 'invalid_key':
      return 'is not a valid key';
    default:
      return 'is not valid';
  }
}

function bound(origin: string, limit: number | bigint, inclusive: boolean, side: 'min' | 'max'): string {
  const n = Number(limit);
  if (origin === 'string') {
    if (side === 'min' && n === 1) return 'must not be empty';
    return side === 'min' ? `must have at least ${n} characters` : `must have at most ${n} characters`;
  }
  if (origin === 'array' || origin === 'set') {
    const items = n === 1 ? 'item' : 'items';
    return side === 'min' ? `must have at least ${n} ${items}` : `must have at most ${n} ${items}`;
  }
  const op = side === 'min' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${op} ${n}`;
}

function expectedType(expected: string): string {
  switch (expected) {
    case 'int': return 'an integer';
    case 'object': case 'record': return 'an object';
    case 'array': case 'tuple': return 'an array';
    default: return `a ${expected}`;
  }
}

/** A short, safe description of a value for messages; never prints a whole object. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length > 32 ? `${JSON.stringify(value.slice(0, 32))}…` : JSON.stringify(value);
    case 'number': case 'boolean': return String(value);
    case 'object': return 'an object';
    default: return typeof value;
  }
}

function discriminatorValue(input: unknown, key: string): unknown {
  if (typeof input !== 'object' || input === null || !Object.hasOwn(input, key)) return undefined;
  return (input as Record<string, unknown>)[key];
}

/** Converts finished zod issues (messages already made by zodMessage or the schema). */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      // A bad record key: the key is the last path segment, the inner issue says what is wrong.
      out.push({ path: formatPath(issue.path), message: `key ${issue.issues[0].message}` });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // A plain (non-discriminated) union: report the branch that got furthest, not all of them.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
      out.push(...fromZodIssues(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))));
    } else {
      out.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return out;
}
