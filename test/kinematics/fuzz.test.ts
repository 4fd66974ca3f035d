/** Property tests: the URDF reader never throws, and every issue points at a real place in the text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPoseBuffer, forwardKinematics } from '../../engine/kinematics/fk';
import type { RobotModel } from '../../engine/kinematics/model';
import { parseUrdf } from '../../engine/kinematics/urdf';
import type { Result } from '../../engine/model/types';
import { robotText } from './robots';

const RUNS = { numRuns: 1000 };
const ur5 = robotText('ur5.urdf');
const panda = robotText('panda_arm.urdf');

/** Runs the reader and checks the shape of what it returns; never lets an exception through. */
function check(text: string, file = 'fuzz.urdf'): Result<RobotModel> {
  let r: Result<RobotModel> | undefined;
  expect(() => { r = parseUrdf(text, file); }).not.toThrow();
  const result = r!;
  if (result.ok) {
    const m = result.value;
    for (let j = 0; j < m.jointCount; j++) expect(m.jointParentLink[j]).toBeLessThan(m.jointChildLink[j]);
    const out = createPoseBuffer(m);
    forwardKinematics(m, new Float64Array(m.dofCount).fill(0.5), out);
    expect(out.every(Number.isFinite)).toBe(true);
    return result;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  const lines = text.split(/\r\n|\r|\n/);
  for (const e of result.errors) {
    expect(e.message.length).toBeGreaterThan(0);
    const m = /^fuzz\.urdf(?::(\d+):(\d+))?$/.exec(e.path);
    expect(m, e.path).not.toBeNull();
    if (m && m[1] !== undefined) {
      const line = Number(m[1]);
      expect(line).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(lines.length);
      expect(Number(m[2])).toBeGreaterThanOrEqual(1);
      expect(Number(m[2])).toBeLessThanOrEqual(lines[line - 1].length + 1);
    }
  }
  return result;
}

const TOKENS = [
  '<', '>', '/>', '</', '<robot>', '</robot>', '<link name="a"/>', '<link name="b"/>', '<joint name="j" type="revolute">',
  '</joint>', '<parent link="a"/>', '<child link="b"/>', '<origin xyz="0 0 1" rpy="0 0 0"/>', '<axis xyz="0 0 1"/>',
  '<limit lower="-1" upper="1" effort="1" velocity="1"/>', 'name=', '"', "'", '=', '&', '&amp;', '&#x41;', '&#xD800;',
  '<!--', '-->', '<![CDATA[', ']]>', '<?xml version="1.0"?>', '?>', '<!DOCTYPE', '<!ENTITY', ' ', '\n', '\r\n', 'x', '1e999',
  'NaN', 'type="continuous"', 'type="floating"', '\uFEFF', '😀',
];
const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(''));

const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapName' as const), at: fc.nat(), to: fc.nat() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

/** Applies an edit at a position taken modulo the text length. */
function apply(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  switch (e.kind) {
    case 'delete': return text.slice(0, at) + text.slice(at + e.length);
    case 'insert': return text.slice(0, at) + e.text + text.slice(at);
    case 'duplicate': return text.slice(0, at + e.length) + text.slice(at);
    case 'truncate': return text.slice(0, at);
    case 'swapName': {
      // Point a link reference somewhere else: breaks the tree (cycles, two parents, roots).
      const names = [...text.matchAll(/link="([^"]*)"/g)];
      if (names.length < 2) return text;
      const from = names[e.at % names.length];
      const to = names[e.to % names.length][1];
      const start = from.index! + 6;
      return text.slice(0, start) + to + text.slice(start + from[1].length);
    }
  }
}

describe('parseUrdf never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => { check(s); }), RUNS);
  });

  it('on token soup that looks like URDF', () => {
    fc.assert(fc.property(soup, (s) => { check(s); }), RUNS);
  });

  it('on random mutations of the UR5 and Panda files', () => {
    fc.assert(fc.property(fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 4 }), (useUr5, edits) => {
      check(edits.reduce(apply, useUr5 ? ur5 : panda));
    }), RUNS);
  });

  it('on structural rewiring of the UR5 tree', () => {
    const swap = fc.record({ kind: fc.constant('swapName' as const), at: fc.nat(), to: fc.nat() });
    let rejected = 0;
    fc.assert(fc.property(fc.array(swap, { minLength: 1, maxLength: 3 }), (edits) => {
      if (!check(edits.reduce(apply, ur5)).ok) rejected++;
    }), RUNS);
    expect(rejected).toBeGreaterThan(RUNS.numRuns / 2);
  });
});
