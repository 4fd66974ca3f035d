/**
 * The editor's pure helpers (web/editor/): distributions in forms, reading typed numbers, file
 * names for downloads, keyboard shortcuts, and which node an issue path is about.
 */
import { describe, expect, it } from 'vitest';
import type { Distribution, Scenario } from '../../engine/model/types';
import { validateScenario } from '../../engine/model/validate';
import {
  convertDistribution, defaultDistribution, DIST_PARAMS, DISTRIBUTION_KINDS, distributionMean, formatValues,
  parseNumberText, parseValuesText,
} from '../../web/editor/distributions';
import { safeFileName } from '../../web/editor/download';
import { editorKeyAction, isTextEntry } from '../../web/editor/keys';
import { nodeIdForPath } from '../../web/editor/issue-paths';
import { idProblem } from '../../web/editor/ids';
import { newScenario } from '../../web/state/document';

function withCycle(cycle: Distribution): Scenario {
  const s = newScenario();
  return { ...s, nodes: s.nodes.map((n) => (n.type === 'station' ? { ...n, cycle } : n)) };
}

describe('distributions in forms', () => {
  it('each kind lists its parameters; defaults have exactly those keys', () => {
    for (const kind of DISTRIBUTION_KINDS) {
      const d = defaultDistribution(kind) as unknown as Record<string, unknown>;
      const keys = kind === 'empirical' ? ['dist', 'values'] : ['dist', ...DIST_PARAMS[kind].map((p) => p.key)];
      expect(Object.keys(d).sort()).toEqual(keys.sort());
    }
  });

  it.each([0, 1e-7, 0.5, 30, 7200, 1e9])('switching between any two kinds keeps the mean %s and stays valid', (mean) => {
    for (const from of DISTRIBUTION_KINDS) {
      const start = defaultDistribution(from, mean);
      for (const to of DISTRIBUTION_KINDS) {
        const d = convertDistribution(start, to);
        expect(d.dist).toBe(to);
        // Only the distribution's own rules: a cycle of 0 s is a timing issue of the line, not of the form.
        const r = validateScenario(withCycle(d));
        const own = r.ok ? [] : r.errors.filter((e) => e.path.startsWith('nodes[1].cycle'));
        expect(own.map((e) => `${from}→${to}: ${e.path}: ${e.message}`)).toEqual([]);
        const m = distributionMean(d)!;
        // Near the 1e9 s bound the spread is cut off, so the mean shifts a little there.
        if (mean >= 1e-6 && mean <= 1e8 && to !== 'weibull') expect(m).toBeCloseTo(Math.max(distributionMean(start)!, 1e-6), 3);
      }
    }
  });

  it('keeps the same object when the kind does not change; converts from nothing with a default', () => {
    const d: Distribution = { dist: 'normal', mean: 12, sd: 2 };
    expect(convertDistribution(d, 'normal')).toBe(d);
    expect(convertDistribution(undefined, 'exponential')).toEqual({ dist: 'exponential', mean: 30 });
    expect(convertDistribution({ dist: 'triangular', min: 15, mode: 20, max: 45 }, 'constant')).toEqual({ dist: 'constant', value: 26.67 });
  });

  it('the mean of each kind', () => {
    expect(distributionMean({ dist: 'uniform', min: 2, max: 4 })).toBe(3);
    expect(distributionMean({ dist: 'weibull', shape: 1, scale: 10 })).toBeCloseTo(10, 9);
    expect(distributionMean({ dist: 'weibull', shape: 2, scale: 10 })).toBeCloseTo(8.86227, 4);
    expect(distributionMean({ dist: 'empirical', values: [1, 2, 6] })).toBe(3);
    expect(distributionMean({ dist: 'normal', mean: Number.NaN, sd: 1 })).toBe(undefined);
  });

  it('reads typed numbers strictly', () => {
    expect(parseNumberText('')).toEqual({ ok: true, value: undefined });
    expect(parseNumberText('  ')).toEqual({ ok: true, value: undefined });
    expect(parseNumberText(' 3 ')).toEqual({ ok: true, value: 3 });
    expect(parseNumberText('-2.5')).toEqual({ ok: true, value: -2.5 });
    expect(parseNumberText('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumberText('1e3')).toEqual({ ok: true, value: 1000 });
    for (const bad of ['abc', '0x10', 'Infinity', '1,5', '3 4', 'NaN']) expect(parseNumberText(bad).ok).toBe(false);
    expect(parseNumberText('1e400')).toEqual({ ok: false, message: 'must be a finite number' });
  });

  it('reads and prints lists of observed values', () => {
    expect(parseValuesText('1, 2;3\n4  5')).toEqual({ ok: true, values: [1, 2, 3, 4, 5] });
    expect(parseValuesText('')).toEqual({ ok: true, values: [] });
    expect(parseValuesText('1, x')).toEqual({ ok: false, message: 'value 2 ("x") is not a number' });
    expect(formatValues([1, 2.5])).toBe('1, 2.5');
  });
});

describe('download names', () => {
  it('keeps the last path segment, refuses odd characters, ends in .json', () => {
    expect(safeFileName('scenes/assembly-line/scenario.json')).toBe('scenario.json');
    expect(safeFileName('C:\\lines\\a.json')).toBe('a.json');
    expect(safeFileName('a<b>:"|?*.json')).toBe('a_b______.json');
    expect(safeFileName('line')).toBe('line.json');
    expect(safeFileName('')).toBe('scenario.json');
    expect(safeFileName('..')).toBe('scenario.json');
    expect(safeFileName('x\u0000y.JSON')).toBe('x_y.JSON');
  });
});

describe('keyboard', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
    key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
  });
  it('Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (⌘ too), Escape cancels', () => {
    expect(editorKeyAction(key('z', { ctrlKey: true }))).toBe('undo');
    expect(editorKeyAction(key('z', { metaKey: true }))).toBe('undo');
    expect(editorKeyAction(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(editorKeyAction(key('z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(editorKeyAction(key('y', { ctrlKey: true }))).toBe('redo');
    expect(editorKeyAction(key('Escape'))).toBe('cancel');
    expect(editorKeyAction(key('z'))).toBe(null);
    expect(editorKeyAction(key('z', { ctrlKey: true, altKey: true }))).toBe(null);
    expect(editorKeyAction(key('y', { ctrlKey: true, shiftKey: true }))).toBe(null);
  });
  it('leaves text fields their own undo', () => {
    expect(isTextEntry({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'TEXTAREA' } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'DIV', isContentEditable: true } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTextEntry({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});

describe('issue paths and ids', () => {
  const doc: Scenario = {
    ...newScenario(),
    layout: {
      ...newScenario().layout!,
      conveyors: [{ id: 'c1', from: 'source-1', to: 'station-1', width: 0.5, speedMetersPerSecond: 0.3, accumulating: true }],
      robots: [{ id: 'r', station: 'station-1', urdf: 'robots/ur5.urdf', basePose: { position: [0, 0, 0], yaw: 0 } }],
    },
  };
  it('finds the node an issue is about', () => {
    expect(nodeIdForPath(doc, 'nodes[1].cycle.mean')).toBe('station-1');
    expect(nodeIdForPath(doc, 'nodes[9]')).toBe(null);
    expect(nodeIdForPath(doc, 'links[1][1]')).toBe('sink-1');
    expect(nodeIdForPath(doc, 'links[1]')).toBe('station-1');
    expect(nodeIdForPath(doc, 'layout.nodes["sink-1"]')).toBe('sink-1');
    expect(nodeIdForPath(doc, 'layout.conveyors[0].path[0]')).toBe('source-1');
    expect(nodeIdForPath(doc, 'layout.conveyors[0].to')).toBe('station-1');
    expect(nodeIdForPath(doc, 'layout.robots[0].station')).toBe('station-1');
    expect(nodeIdForPath(doc, 'run.seed')).toBe(null);
    expect(nodeIdForPath(doc, 'saved.json:1:2')).toBe(null);
  });
  it('checks new ids before renaming', () => {
    expect(idProblem('ok-id', () => false)).toBe(null);
    expect(idProblem('bad id', () => false)).toMatch(/letters, digits/);
    expect(idProblem('__proto__', () => false)).toMatch(/letters, digits/);
    expect(idProblem('x'.repeat(65), () => false)).toMatch(/letters, digits/);
    expect(idProblem('b1', (id) => id === 'b1')).toBe('"b1" is already used');
  });
});
