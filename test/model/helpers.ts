import { expect } from 'vitest';
import type { Issue } from '../../engine/model/types';
import { validateScenario } from '../../engine/model/validate';

/** The issues of an invalid document; fails the test if it validates. */
export function issuesOf(doc: unknown): Issue[] {
  const result = validateScenario(doc);
  if (result.ok) throw new Error('expected the document to be invalid');
  return result.errors;
}

/** Asserts an issue at exactly `path` whose message contains `fragment`. */
export function expectIssue(doc: unknown, path: string, fragment: string): Issue[] {
  const errors = issuesOf(doc);
  const hit = errors.find((e) => e.path === path && e.message.includes(fragment));
  expect(hit, `no issue "${path}: …${fragment}…" in\n${errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`)
    .toBeDefined();
  return errors;
}

export function expectValid(doc: unknown): void {
  const result = validateScenario(doc);
  expect(result.ok ? [] : result.errors).toEqual([]);
}
