/** JSON text in: syntax errors located as file:LINE:COL, size bound, issue formatting, migrations. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatIssues, MAX_SCENARIO_CHARS, migrateScenario, migrations, parseScenarioJson,
} from '../../engine/model/validate';
import { describeJsonError, findSyntaxError, positionAt } from '../../engine/model/json-text';
import { formatPath, parsePath } from '../../engine/model/paths';
import { buildJsonSchema, jsonSchemaText, SCHEMA_FILE } from '../../engine/model/write-schema';
import { validScenario } from './fixtures';

const text = () => JSON.stringify(validScenario(), null, 2);
const errorsOf = (t: string, file?: string) => {
  const r = parseScenarioJson(t, file);
  if (r.ok) throw new Error('expected a failure');
  return r.errors;
};

describe('parseScenarioJson', () => {
  it('parses a valid scenario', () => {
    expect(parseScenarioJson(text())).toEqual({ ok: true, value: validScenario() });
  });
  it('locates a trailing comma in an object (Node gives a position)', () => {
    expect(errorsOf('{\n  "a": 1,\n}', 'line.json')).toEqual([
      { path: 'line.json:3:1', message: 'invalid JSON (Expected double-quoted property name)' },
    ]);
  });
  it('locates a trailing comma in an array (Node gives only a snippet)', () => {
    expect(errorsOf('[1,\n2,]', 'line.json')).toEqual([{ path: 'line.json:2:3', message: "invalid JSON (Unexpected token ']')" }]);
    const broken = text().replace('"pack",\n      "out"\n    ]', '"pack",\n      "out",\n    ]');
    const lines = broken.split('\n');
    const line = lines.lastIndexOf('    ]') + 1;
    expect(errorsOf(broken)[0].path).toBe(`scenario:${line}:5`);
  });
  it('locates the end of a truncated file', () => {
    const t = text().slice(0, 100);
    const end = positionAt(t, t.length);
    expect(errorsOf(t)[0].path).toBe(`scenario:${end.line}:${end.column}`);
  });
  it('reports an empty file', () => {
    expect(errorsOf('', 'a.json')).toEqual([{ path: 'a.json:1:1', message: 'invalid JSON (Unexpected end of JSON input)' }]);
  });
  it('accepts a byte order mark', () => {
    expect(parseScenarioJson(`\ufeff${text()}`).ok).toBe(true);
  });
  it('refuses more than 20 MB before parsing', () => {
    const big = ' '.repeat(MAX_SCENARIO_CHARS + 1);
    expect(errorsOf(big, 'big.json')).toEqual([{ path: 'big.json', message: 'is too large (20.0 MB, the limit is 20 MB)' }]);
  });
  it('validates what it parsed', () => {
    expect(errorsOf(text().replace('"mean": 30', '"mean": -30'))).toEqual([
      { path: 'nodes[0].interarrival.mean', message: 'must be > 0' },
    ]);
  });
  it('treats code as text', () => {
    const name = '"); process.exit(1); ("';
    const r = parseScenarioJson(text().replace('"Door line"', JSON.stringify(name)));
    expect(r.ok && r.value.name).toBe(name);
  });
});

describe('JSON error messages of other engines', () => {
  const t = '{\n  "a": [1 2]\n}';
  it.each([
    ['Node 20', "Expected ',' or ']' after array element in JSON at position 12", 2, 11],
    ['Chromium', "Expected ',' or ']' after array element in JSON at position 12 (line 2 column 11)", 2, 11],
    ['Firefox', "JSON.parse: expected ',' or ']' after array element at line 2 column 11 of the JSON data", 2, 11],
    ['older V8', 'Unexpected number in JSON at position 12', 2, 11],
    ['Safari (no position: found by scanning)', "JSON Parse error: Expected ']'", 2, 11],
  ])('%s', (_engine, message, line, column) => {
    const e = describeJsonError(t, message);
    expect(e.position).toEqual({ line, column });
    expect(e.reason).not.toMatch(/position|line \d|JSON\.parse|Parse error/);
  });
  it('falls back to no position', () => {
    expect(describeJsonError('[1]', 'something odd')).toEqual({ reason: 'something odd' });
  });
  it('counts \\r\\n and \\r as one line break', () => {
    expect(positionAt('a\r\nb\rc\nd', 7)).toEqual({ line: 4, column: 1 });
  });
  it('scans nested and escaped input like JSON.parse', () => {
    for (const s of ['{"a":"\\u00e9\\n","b":[true,false,null,-0.5e+3]}', '[[[[]]]]', ' 1 ', '{"a":{}}']) {
      expect(findSyntaxError(s)).toBeUndefined();
    }
    expect(findSyntaxError('{"a":"\\x"}')).toBe(7);
    expect(findSyntaxError('{"a" 1}')).toBe(5);
    expect(findSyntaxError('[01]')).toBe(2);
    expect(findSyntaxError('['.repeat(1e6))).toBe(1e6);
  });
});

describe('formatIssues', () => {
  it('prints file: path: message, one line per issue', () => {
    const errors = [{ path: 'nodes[3].cycle.mean', message: 'must be > 0' }, { path: 'links[2][1]', message: 'unknown node "s9"' }];
    expect(formatIssues(errors, 'line.json')).toBe('line.json: nodes[3].cycle.mean: must be > 0\nline.json: links[2][1]: unknown node "s9"');
    expect(formatIssues(errors)).toBe('nodes[3].cycle.mean: must be > 0\nlinks[2][1]: unknown node "s9"');
  });
  it('does not repeat the file for a text position', () => {
    expect(formatIssues(errorsOf('[1,]', 'line.json'), 'line.json')).toBe("line.json:1:4: invalid JSON (Unexpected token ']')");
  });
});

describe('paths', () => {
  it.each([
    [['nodes', 3, 'cycle', 'mean'], 'nodes[3].cycle.mean'],
    [['links', 2, 1], 'links[2][1]'],
    [['calendars', 'day shift'], 'calendars["day shift"]'],
    [['calendars', 'two-shift', 'shifts', 0], 'calendars["two-shift"].shifts[0]'],
    [['x-editor'], '["x-editor"]'],
    [[], '(root)'],
  ])('%j ⇄ %s', (segments, path) => {
    expect(formatPath(segments)).toBe(path);
    expect(parsePath(path)).toEqual(segments);
  });
  it.each(['', '.a', 'a..b', 'a[x]', 'a]', '[1]b'])('rejects %j', (p) => expect(parsePath(p)).toBeNull());
});

describe('migrations', () => {
  it('has none yet: v1 is current and passes through', () => {
    expect(migrations).toEqual({});
    const doc = validScenario();
    expect(migrateScenario(doc)).toEqual({ ok: true, value: doc });
  });
  const v1 = { format: 'line-twin/scenario', version: 1, title: 'old name' };
  const registry = { 1: ({ title, ...rest }: Record<string, unknown>) => ({ ...rest, name: title }) };
  it('runs each step from the document version to the current one', () => {
    const r = migrateScenario(v1, { registry, currentVersion: 2 });
    expect(r).toEqual({ ok: true, value: { format: 'line-twin/scenario', version: 2, name: 'old name' } });
    expect(v1.title).toBe('old name');
  });
  it('reports a missing or failing step instead of throwing', () => {
    expect(migrateScenario(v1, { registry: {}, currentVersion: 2 })).toEqual({
      ok: false, errors: [{ path: 'version', message: 'no migration from version 1 to 2' }],
    });
    const broken = { 1: () => { throw new Error('no title'); } };
    expect(migrateScenario(v1, { registry: broken, currentVersion: 2 })).toEqual({
      ok: false, errors: [{ path: 'version', message: 'migration from version 1 to 2 failed: no title' }],
    });
  });
});

describe('shipped JSON Schema', () => {
  it('equals a fresh generation (run `npx tsx engine/model/write-schema.ts` after changing schema.ts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(jsonSchemaText());
  });
  it('has an id, a title, a description and strict objects with extension keys', () => {
    const schema = buildJsonSchema() as Record<string, any>;
    expect(schema).toMatchObject({ $id: 'urn:line-twin:scenario:v1', title: expect.any(String), description: expect.any(String) });
    expect(schema.additionalProperties).toBe(false);
    expect(schema.patternProperties).toEqual({ '^x-': {}, '^(layout|notes)$': {} });
    expect(schema.properties.nodes.maxItems).toBe(1000);
    expect(schema.properties.links.maxItems).toBe(20000);
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['Distribution', 'StationNode', 'Calendar']));
  });
});
