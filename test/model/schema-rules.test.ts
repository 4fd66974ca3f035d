/** One test per shape rule of format v1: exact path and a fragment of the message. */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../engine/model/validate';
import { changed, designExample, validScenario, type Doc } from './fixtures';
import { expectIssue, expectValid, issuesOf } from './helpers';

describe('valid documents', () => {
  it('accepts the full example and returns it unchanged', () => {
    const result = validateScenario(validScenario());
    expect(result).toEqual({ ok: true, value: validScenario() });
  });
  it('accepts the example of DESIGN §9', () => expectValid(designExample()));
  it('does not change its input', () => {
    const doc = deepFreeze(validScenario());
    expect(validateScenario(doc).ok).toBe(true);
  });
});

const cycle = (dist: object) => changed((d) => { d.nodes[2].cycle = dist; });

describe('distributions', () => {
  it.each([
    ['constant value >= 0', { dist: 'constant', value: -1 }, 'value', 'must be >= 0'],
    ['exponential mean > 0', { dist: 'exponential', mean: 0 }, 'mean', 'must be > 0'],
    ['uniform min >= 0', { dist: 'uniform', min: -1, max: 2 }, 'min', 'must be >= 0'],
    ['uniform min <= max', { dist: 'uniform', min: 3, max: 2 }, 'max', 'must be >= min'],
    ['triangular min >= 0', { dist: 'triangular', min: -1, mode: 1, max: 2 }, 'min', 'must be >= 0'],
    ['triangular mode in [min, max]', { dist: 'triangular', min: 1, mode: 3, max: 2 }, 'mode', 'between min and max'],
    ['triangular min < max', { dist: 'triangular', min: 2, mode: 2, max: 2 }, 'max', 'must be > min'],
    ['normal sd >= 0', { dist: 'normal', mean: 5, sd: -1 }, 'sd', 'must be >= 0'],
    ['normal mean >= 0', { dist: 'normal', mean: -5, sd: 1 }, 'mean', 'must be >= 0'],
    ['lognormal mean > 0', { dist: 'lognormal', mean: 0, sd: 1 }, 'mean', 'must be > 0'],
    ['gamma mean > 0', { dist: 'gamma', mean: 0, sd: 1 }, 'mean', 'must be > 0'],
    ['gamma sd > 0', { dist: 'gamma', mean: 1, sd: 0 }, 'sd', 'must be > 0'],
    ['weibull shape > 0', { dist: 'weibull', shape: 0, scale: 1 }, 'shape', 'must be > 0'],
    ['weibull scale > 0', { dist: 'weibull', shape: 1, scale: -2 }, 'scale', 'must be > 0'],
    ['empirical values non-empty', { dist: 'empirical', values: [] }, 'values', 'at least 1 item'],
    ['empirical values >= 0', { dist: 'empirical', values: [1, -2] }, 'values[1]', 'must be >= 0'],
    ['empirical at most 100000 values', { dist: 'empirical', values: new Array(100001).fill(1) }, 'values', 'at most 100000 items'],
    ['times are bounded', { dist: 'exponential', mean: 2e9 }, 'mean', 'must be <= 1000000000'],
    ['NaN is not a number', { dist: 'exponential', mean: NaN }, 'mean', 'must be a number, got NaN'],
    ['Infinity is not finite', { dist: 'constant', value: Infinity }, 'value', 'must be a finite number'],
    ['a missing parameter is required', { dist: 'exponential' }, 'mean', 'required'],
    ['a string is not a number', { dist: 'exponential', mean: '10' }, 'mean', 'must be a number, got "10"'],
  ])('%s', (_rule, dist, key, fragment) => void expectIssue(cycle(dist), `nodes[2].cycle.${key}`, fragment));

  it('reports an unknown dist as one issue listing the kinds', () => {
    const errors = expectIssue(cycle({ dist: 'exp', mean: 3 }), 'nodes[2].cycle.dist',
      'must be one of constant, exponential, uniform, triangular, normal, lognormal, gamma, weibull, empirical');
    expect(errors).toHaveLength(1);
  });
  it('accepts the boundary values', () => {
    expectValid(cycle({ dist: 'constant', value: 0 }));
    expectValid(cycle({ dist: 'uniform', min: 0, max: 0 }));
    expectValid(cycle({ dist: 'triangular', min: 0, mode: 0, max: 1 }));
    expectValid(cycle({ dist: 'normal', mean: 0, sd: 0 }));
  });
});

describe('probabilities, capacities, counts', () => {
  it.each([
    ['scrap <= 1', (d: Doc) => { d.nodes[2].scrap = 1.5; }, 'nodes[2].scrap', 'must be <= 1'],
    ['rework probability >= 0', (d: Doc) => { d.nodes[10].rework.probability = -0.1; }, 'nodes[10].rework.probability', 'must be >= 0'],
    ['route weight >= 0', (d: Doc) => { d.nodes[3].route.weights.weldA = -1; }, 'nodes[3].route.weights.weldA', 'must be >= 0'],
    ['station capacity >= 1', (d: Doc) => { d.nodes[2].capacity = 0; }, 'nodes[2].capacity', 'must be >= 1'],
    ['station capacity integer', (d: Doc) => { d.nodes[2].capacity = 1.5; }, 'nodes[2].capacity', 'must be an integer'],
    ['buffer capacity >= 0', (d: Doc) => { d.nodes[1].capacity = -1; }, 'nodes[1].capacity', 'must be >= 0'],
    ['buffer capacity integer', (d: Doc) => { d.nodes[1].capacity = 2.5; }, 'nodes[1].capacity', 'must be an integer'],
    ['worker count integer >= 1', (d: Doc) => { d.workers[0].count = 0; }, 'workers[0].count', 'must be >= 1'],
    ['operator count integer', (d: Doc) => { d.nodes[8].operators.count = 1.5; }, 'nodes[8].operators.count', 'must be an integer'],
    ['operator pools non-empty', (d: Doc) => { d.nodes[8].operators.pools = []; }, 'nodes[8].operators.pools', 'at least 1 item'],
    ['idealCycleSeconds > 0', (d: Doc) => { d.nodes[2].idealCycleSeconds = 0; }, 'nodes[2].idealCycleSeconds', 'must be > 0'],
    ['worker kind', (d: Doc) => { d.workers[1].kind = 'robot'; }, 'workers[1].kind', 'must be one of human, humanoid'],
    ['station kind', (d: Doc) => { d.nodes[2].kind = 'press'; }, 'nodes[2].kind', 'must be one of machine, manual, robot'],
    ['failure basis', (d: Doc) => { d.nodes[2].failures[0].basis = 'time'; }, 'nodes[2].failures[0].basis', 'must be one of operating, calendar'],
  ])('%s', (_rule, edit, path, fragment) => void expectIssue(changed(edit), path, fragment));
});

describe('run settings', () => {
  it.each([
    ['lengthSeconds > 0', (d: Doc) => { d.run.lengthSeconds = 0; }, 'run.lengthSeconds', 'must be > 0'],
    ['warmupSeconds >= 0', (d: Doc) => { d.run.warmupSeconds = -1; }, 'run.warmupSeconds', 'must be >= 0'],
    ['warmup < length', (d: Doc) => { d.run.warmupSeconds = d.run.lengthSeconds; }, 'run.warmupSeconds', 'must be < lengthSeconds'],
    ['replications >= 1', (d: Doc) => { d.run.replications = 0; }, 'run.replications', 'must be >= 1'],
    ['replications <= 100000', (d: Doc) => { d.run.replications = 100001; }, 'run.replications', 'must be <= 100000'],
    ['replications integer', (d: Doc) => { d.run.replications = 2.5; }, 'run.replications', 'must be an integer'],
    ['seed >= 0', (d: Doc) => { d.run.seed = -1; }, 'run.seed', 'must be >= 0'],
    ['seed <= 2^32 - 1', (d: Doc) => { d.run.seed = 4294967296; }, 'run.seed', 'must be <= 4294967295'],
    ['seed integer', (d: Doc) => { d.run.seed = 1.5; }, 'run.seed', 'must be an integer'],
    ['huge numbers', (d: Doc) => { d.run.seed = 1e300; }, 'run.seed', 'must be <= 4294967295'],
    ['startTime is HH:MM', (d: Doc) => { d.run.startTime = '7:00'; }, 'run.startTime', 'must be a time "HH:MM"'],
    ['startTime <= 24:00', (d: Doc) => { d.run.startTime = '24:01'; }, 'run.startTime', 'must be a time'],
    ['minutes < 60', (d: Doc) => { d.calendars.ghost.shifts[0].end = '05:60'; }, 'calendars.ghost.shifts[0].end', 'must be a time'],
    ['run is required', (d: Doc) => { delete d.run; }, 'run', 'required'],
  ])('%s', (_rule, edit, path, fragment) => void expectIssue(changed(edit), path, fragment));
  it('accepts 24:00 and the edges of the ranges', () => {
    expectValid(changed((d) => {
      d.run = { warmupSeconds: 0, lengthSeconds: 1e9, replications: 100000, seed: 4294967295, startTime: '24:00' };
    }));
  });
});

describe('ids', () => {
  it.each([
    ['non-empty', '', 'must not be empty'],
    ['at most 64 characters', 'a'.repeat(65), 'at most 64 characters'],
    ['letters, digits and _ . : -', 's 1', 'may only contain letters, digits and _ . : -'],
    ['"__proto__" is reserved', '__proto__', 'is reserved'],
    ['a string', 7, 'must be a string, got 7'],
  ])('node ids: %s', (_rule, id, fragment) => void expectIssue(changed((d) => { d.nodes[13].id = id; }), 'nodes[13].id', fragment));
  it('accepts every allowed character', () => {
    const id = 'Aa0_.:-'.repeat(9).slice(0, 64);
    expectValid(changed((d) => { d.nodes[13].id = id; d.links[14][1] = id; }));
  });
  it('checks calendar names (record keys) and quotes them in the path', () => {
    expectIssue(changed((d) => { d.calendars['day shift'] = d.calendars.ghost; }), 'calendars["day shift"]', 'may only contain');
  });
  it('checks product and pool ids', () => {
    expectIssue(changed((d) => { d.products[1].id = 'B!'; }), 'products[1].id', 'may only contain');
    expectIssue(changed((d) => { d.workers[0].id = ''; }), 'workers[0].id', 'must not be empty');
  });
});

describe('unknown and extension keys', () => {
  it('reports a misspelt key on its object, with a suggestion', () => {
    const errors = expectIssue(changed((d) => { d.nodes[2].cylce = d.nodes[2].cycle; delete d.nodes[2].cycle; }),
      'nodes[2]', 'unknown key "cylce" (did you mean "cycle"?)');
    expect(errors).toContainEqual({ path: 'nodes[2].cycle', message: 'required' });
  });
  it.each([
    ['top level', (d: Doc) => { d.nodez = []; }, '(root)', 'unknown key "nodez"'],
    ['run', (d: Doc) => { d.run.lenghtSeconds = 5; }, 'run', 'unknown key "lenghtSeconds" (did you mean "lengthSeconds"?)'],
    ['distribution', (d: Doc) => { d.nodes[0].interarrival.sd = 1; }, 'nodes[0].interarrival', 'unknown key "sd"'],
    ['optional key on the wrong node type', (d: Doc) => { d.nodes[1].cycle = d.nodes[2].cycle; }, 'nodes[1]', 'unknown key "cycle"'],
    ['calendar period', (d: Doc) => { d.calendars.ghost.shifts[0].stop = '06:00'; }, 'calendars.ghost.shifts[0]', 'unknown key "stop"'],
    ['a "__proto__" key', (d: Doc) => { Object.defineProperty(d.nodes[2], '__proto__', { value: {}, enumerable: true }); },
      'nodes[2]', 'key "__proto__" is not allowed'],
  ])('%s', (_where, edit, path, fragment) => void expectIssue(changed(edit), path, fragment));
  it('allows x-*, layout and notes on any object and keeps them', () => {
    // The top-level `layout` is defined now (the physical layout, test/model/layout*.test.ts);
    // on every other object it is still an opaque extension key.
    const doc = changed((d) => {
      d['x-editor'] = { zoom: 2 };
      d.notes = 'draft';
      d.nodes[2].layout = { x: 3, y: 4 };
      d.nodes[2].cycle['x-source'] = 'stopwatch';
      d.run.notes = ['shift plan'];
    });
    const result = validateScenario(doc);
    expect(result.ok && result.value).toEqual(doc);
  });
});

describe('types, discriminators, sizes', () => {
  it('reports a bad node type as one issue listing the types', () => {
    const errors = issuesOf(changed((d) => { d.nodes[2].type = 'machine'; }));
    expect(errors).toEqual([{ path: 'nodes[2].type', message: 'must be one of source, buffer, station, sink' }]);
  });
  it('says which types exist when type is missing', () => {
    expectIssue(changed((d) => { delete d.nodes[2].type; }), 'nodes[2].type', 'required: one of source, buffer, station, sink');
  });
  it('reports a bad route rule', () => {
    expectIssue(changed((d) => { d.nodes[6].route.rule = 'random'; }), 'nodes[6].route.rule',
      'must be one of firstAvailable, roundRobin, probability');
  });
  it.each([
    ['nodes must be an array', (d: Doc) => { d.nodes = {}; }, 'nodes', 'must be an array, got an object'],
    ['a node must be an object', (d: Doc) => { d.nodes[4] = 'weldA'; }, 'nodes[4]', 'must be an object, got "weldA"'],
    ['name must not be empty', (d: Doc) => { d.name = ''; }, 'name', 'must not be empty'],
    ['products non-empty when present', (d: Doc) => { d.products = []; }, 'products', 'at least 1 item'],
    ['a calendar has a shift', (d: Doc) => { d.calendars.ghost.shifts = []; }, 'calendars.ghost.shifts', 'at least 1 item'],
    ['a link is a pair', (d: Doc) => { d.links[3] = ['split']; }, 'links[3]', 'must be a link ["from", "to"]'],
    ['a link is an array', (d: Doc) => { d.links[3] = 'split'; }, 'links[3]', 'must be a link ["from", "to"]'],
    ['link ends are strings', (d: Doc) => { d.links[3] = ['split', 4]; }, 'links[3][1]', 'must be a string'],
    ['at most 1000 nodes', (d: Doc) => { d.nodes = new Array(1001).fill(d.nodes[1]); }, 'nodes', 'must have at most 1000 items'],
    ['at most 20000 links', (d: Doc) => { d.links = new Array(20001).fill(d.links[0]); }, 'links', 'must have at most 20000 items'],
  ])('%s', (_rule, edit, path, fragment) => void expectIssue(changed(edit), path, fragment));
});

describe('format and version', () => {
  it('needs the format marker', () => {
    expect(issuesOf(changed((d) => { delete d.format; }))).toEqual([{ path: 'format', message: 'must be "line-twin/scenario"' }]);
    expectIssue(changed((d) => { d.format = 'flexsim'; }), 'format', 'must be "line-twin/scenario"');
  });
  it('refuses a newer version', () => {
    expect(issuesOf(changed((d) => { d.version = 2; }))).toEqual([
      { path: 'version', message: '2 is newer than this twin supports (1)' },
    ]);
  });
  it.each([0, 1.5, '1', null])('refuses version %j', (v) => {
    expectIssue(changed((d) => { d.version = v; }), 'version', 'must be an integer from 1 to 1');
  });
  it.each([null, [], 5, 'scenario', undefined])('refuses a document that is %j', (v) => {
    expect(issuesOf(v)).toEqual([{ path: '(root)', message: 'must be a JSON object' }]);
  });
});

describe('hostile input never throws', () => {
  it('handles cycles', () => {
    const doc = changed((d) => { d.nodes[2].self = d; d['x-loop'] = d; });
    expect(issuesOf(doc)).toEqual([{ path: 'nodes[2]', message: 'unknown key "self"' }]);
  });
  it('reports every problem at once', () => {
    const errors = issuesOf(changed((d) => { d.run.seed = -1; d.nodes[2].cycle.value = -1; d.links[0] = []; }));
    expect(errors.map((e) => e.path)).toEqual(['run.seed', 'nodes[2].cycle.value', 'links[0]']);
  });
  it('does not pollute prototypes', () => {
    const doc = JSON.parse(JSON.stringify(validScenario()).replace('{"id":"src"', '{"__proto__":{"polluted":1},"id":"src"'));
    expectIssue(doc, 'nodes[0]', 'key "__proto__" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('ignores inherited properties', () => {
    const doc = Object.create({ format: 'line-twin/scenario', version: 1 });
    Object.assign(doc, changed((d) => { delete d.format; delete d.version; }));
    expectIssue(doc, 'format', 'must be "line-twin/scenario"');
  });
  it('survives a throwing getter', () => {
    const doc = changed((d) => { Object.defineProperty(d.nodes, 0, { get() { throw new Error('boom'); }, enumerable: true }); });
    expect(issuesOf(doc)).toEqual([{ path: '(root)', message: 'cannot be read: boom' }]);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
