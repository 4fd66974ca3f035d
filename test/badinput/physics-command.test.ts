/**
 * Bad input to `twin physics` (DESIGN §8, §10): every case exits 2 with a located message on
 * stderr, nothing on stdout and no stack trace — flags before any file is read, the file before
 * the worker starts, and the scenario's text, schema and layout as the worker reports them
 * (`file:LINE:COL`, `file: path: message`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';

const SCENE = join(import.meta.dirname, '..', '..', 'scenes', 'assembly-line', 'scenario.json');
const TEXT = readFileSync(SCENE, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'twin-physics-badinput-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function file(content: string): string {
  const path = join(dir, `p${count++}.json`);
  writeFileSync(path, content);
  return path;
}

function edited(change: (doc: Record<string, any>) => void): string {
  const doc = JSON.parse(TEXT) as Record<string, any>;
  change(doc);
  return file(JSON.stringify(doc, null, 1));
}

async function twin(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTty: false });
  return { code, stdout, stderr };
}

async function expectBadInput(argv: string[], ...fragments: string[]): Promise<string> {
  const r = await twin(...argv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.startsWith('twin: ')).toBe(true);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at \S+ \(|\.ts:\d+:\d+\)/);
  expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  for (const f of fragments) expect(r.stderr).toContain(f);
  return r.stderr;
}

describe('twin physics: bad flags', () => {
  it.each([
    [['physics'], 'physics takes exactly one scenario FILE'],
    [['physics', SCENE, SCENE], 'physics takes exactly one scenario FILE'],
    [['physics', SCENE, '--length', '5'], "'--length'"],
    [['physics', SCENE, '--json=1'], "'--json' does not take an argument"],
    [['physics', SCENE, '--seconds'], "'--seconds <value>' argument missing"],
    [['physics', SCENE, '--seconds', '0'], '--seconds "0": must be >= 0.000001'],
    [['physics', SCENE, '--seconds=-5'], '--seconds "-5": must be >= 0.000001'],
    [['physics', SCENE, '--seconds', '86401'], '--seconds "86401": must be <= 86400'],
    [['physics', SCENE, '--seconds', '1e10'], '--seconds "1e10": must be <= 86400'],
    [['physics', SCENE, '--seconds', 'sixty'], '--seconds "sixty": must be a decimal number'],
    [['physics', SCENE, '--seconds', '0x10'], '--seconds "0x10": must be a decimal number'],
    [['physics', SCENE, '--seconds', ''], '--seconds "": must be a decimal number'],
    [['physics', SCENE, '--seconds', 'Infinity'], '--seconds "Infinity": must be a decimal number'],
    [['physics', SCENE, '--seed', '1.5'], '--seed "1.5": must be a whole number'],
    [['physics', SCENE, '--seed=-1'], '--seed "-1": must be >= 0'],
    [['physics', SCENE, '--seed', '4294967296'], '--seed "4294967296": must be <= 4294967295'],
  ])('%j → exit 2 naming the flag', async (argv, fragment) => {
    await expectBadInput(argv, fragment);
  });
});

describe('twin physics: bad files and scenarios', () => {
  it('a missing file, a directory, a name with control characters', async () => {
    const missing = join(dir, 'missing.json');
    await expectBadInput(['physics', missing], `twin: ${missing}: cannot read: no such file`);
    await expectBadInput(['physics', dir, '--json'], `twin: ${dir}: cannot read: a directory, not a regular file`);
    await expectBadInput(['physics', join(dir, 'a\u001b[2Jb.json')], 'a\\u001b[2Jb.json: cannot read: no such file');
  });

  it('invalid JSON is located as file:LINE:COL', async () => {
    const f = file('{\n  "format": "line-twin/scenario",\n  "version": 1,\n  "name": \n}');
    const stderr = await expectBadInput(['physics', f, '--json'], 'twin: invalid scenario\n', `${f}:5:1: invalid JSON`);
    expect(stderr.trimEnd().split('\n').length).toBe(2);
  });

  it('a scenario without a layout: layout: required', async () => {
    const f = edited((d) => delete d.layout);
    await expectBadInput(['physics', f, '--seconds', '5'], 'twin: invalid scenario\n', `${f}: layout: required: the scenario has no physical layout`);
  });

  it('schema, layout and URDF problems are located by JSON path; every line names the file', async () => {
    const cases: [string, string][] = [
      [edited((d) => { d.nodes[1].cycle = { dist: 'exponential', mean: -1 }; }), ': nodes[1].cycle.mean: '],
      [edited((d) => { d.layout.conveyors[2].width = 0; }), ': layout.conveyors[2].width: must be > 0'],
      [edited((d) => { d.layout.conveyors[2].width = 0.1; }), ': layout.conveyors[2].width: is narrower than the part'],
      [edited((d) => { d.layout.robots[0].urdf = 'robots/none.urdf'; }), ': layout.robots[0].urdf: cannot read "robots/none.urdf": no such file in scenes/'],
      [edited((d) => { d.layout.robots[0].urdf = '../package.json'; }), ': layout.robots[0].urdf: must not contain ".."'],
    ];
    for (const [f, fragment] of cases) {
      const stderr = await expectBadInput(['physics', f, '--json'], 'twin: invalid scenario\n', `${f}${fragment}`);
      for (const line of stderr.trimEnd().split('\n').slice(1)) expect(line.startsWith(`${f}:`), line).toBe(true);
    }
  });
});
