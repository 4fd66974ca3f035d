/**
 * Bad input through the front door (DESIGN §8, §10): `main()` of the command line with the flags
 * and the files a user can give it. Every bad input exits 2 with a located message on stderr
 * (`--flag`, `file`, `file:LINE:COL` or `file: json.path`), nothing on stdout and no stack trace;
 * every valid scenario, however extreme, runs to a report with finite numbers.
 *
 * Cases that reach the engine or could block (a FIFO, /dev/zero, lines that used to hang or
 * overflow) run in one child process with a timeout (isolated-main.ts), so a regression fails
 * with the case named instead of hanging the test run. The rest run in-process.
 */
import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { terminalSafe } from '../../cli/io';
import { LIMITS } from '../../engine/model/schema';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twin-badinput-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Doc = Record<string, any>;
interface Outcome { code: number; stdout: string; stderr: string; ms?: number }

let fileCount = 0;
function file(content: string | Buffer | Doc, name = `f${fileCount++}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 1));
  return path;
}

async function twin(...argv: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTty: false });
  return { code, stdout, stderr };
}

// C0 controls but newline, DEL, C1: none may reach the terminal raw.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Exit 2, nothing on stdout, one `twin: ` message with each fragment, no stack, no raw controls. */
function expectBadInput(r: Outcome, ...fragments: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.startsWith('twin: ')).toBe(true);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at \S+ \(|\.ts:\d+:\d+\)/);
  expect(r.stderr).not.toMatch(RAW_CONTROL);
  for (const f of fragments) expect(r.stderr).toContain(f);
}

/** An invalid scenario: every line after the first names the file, then a position or a path. */
function expectInvalidScenario(r: Outcome, path: string, located: string, fragment: string): void {
  expectBadInput(r, 'invalid scenario');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toBe('twin: invalid scenario');
  for (const line of lines.slice(1)) expect(line.startsWith(`${path}:`), line).toBe(true);
  expect(lines.slice(1).some((l) => l.startsWith(`${path}${located}`) && l.includes(fragment)), r.stderr).toBe(true);
}

/** A successful --json run: one JSON document whose numbers are all finite. */
function expectReport(r: Outcome): Doc {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout.endsWith('\n') && r.stdout.indexOf('\n') === r.stdout.length - 1).toBe(true);
  const report = JSON.parse(r.stdout) as Doc;
  const walk = (v: unknown, key: string): void => {
    if (v === null) expect(['ci95', 'bottleneck'], `${key} is null`).toContain(key);
    else if (typeof v === 'number') expect(Number.isFinite(v), `${key} = ${v}`).toBe(true);
    else if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) walk(x, Array.isArray(v) ? key : k);
  };
  walk(report, '');
  return report;
}

// --- scenario builders -----------------------------------------------------------------------------

const C = (value: number) => ({ dist: 'constant', value });
const EXP = (mean: number) => ({ dist: 'exponential', mean });
const source = (extra: Doc = {}) => ({ id: 'in', type: 'source', ...extra });
const station = (id: string, cycle: Doc, extra: Doc = {}) => ({ id, type: 'station', cycle, ...extra });
const buffer = (id: string, capacity?: number, extra: Doc = {}) => ({ id, type: 'buffer', ...(capacity === undefined ? {} : { capacity }), ...extra });
const sink = { id: 'out', type: 'sink' };

function scenario(nodes: Doc[], links: [string, string][], run: Doc = {}, extra: Doc = {}): Doc {
  return {
    format: 'line-twin/scenario', version: 1, name: 'bad input',
    run: { warmupSeconds: 0, lengthSeconds: 100, replications: 1, seed: 1, ...run }, nodes, links, ...extra,
  };
}
const serial = (run: Doc = {}) => scenario([source(), station('s1', EXP(10)), sink], [['in', 's1'], ['s1', 'out']], run);

// --- the flags ---------------------------------------------------------------------------------------

describe('command line flags', () => {
  const ok = file(serial({ warmupSeconds: 10 }));

  it('no command: usage on stderr, exit 2, stdout empty', async () => {
    const r = await twin();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: npm run -s twin');
  });

  it.each([
    [['simulat', ok], 'unknown command "simulat"'],
    [['\u001b[2Jsimulate'], 'unknown command "\\u001b[2Jsimulate"'],
    [['simulate'], 'simulate takes exactly one scenario FILE'],
    [['simulate', ok, ok], 'simulate takes exactly one scenario FILE'],
    [['simulate', ok, '--foo'], "'--foo'"],
    [['simulate', ok, '-x'], "'-x'"],
    [['simulate', ok, '--json=1'], "'--json' does not take an argument"],
    [['simulate', ok, '--length'], "'--length <value>' argument missing"],
    [['simulate', ok, '--length', '--json'], "'--length' argument is ambiguous"],
    [['simulate', ok, '--seed', '0x10'], '--seed "0x10": must be a decimal number'],
    [['simulate', ok, '--replications', '0b11'], '--replications "0b11": must be a decimal number'],
    [['simulate', ok, '--replications', ' 5'], '--replications " 5": must be a decimal number'],
    [['simulate', ok, '--length', ''], '--length "": must be a decimal number'],
    [['simulate', ok, '--length', 'Infinity'], '--length "Infinity": must be a decimal number'],
    [['simulate', ok, '--length', 'NaN'], '--length "NaN": must be a decimal number'],
    [['simulate', ok, '--replications', '1.5'], '--replications "1.5": must be a whole number'],
    [['simulate', ok, '--replications', '0'], '--replications "0": must be >= 1'],
    [['simulate', ok, '--replications=100001'], '--replications "100001": must be <= 100000'],
    [['simulate', ok, '--seed=-1'], '--seed "-1": must be >= 0'],
    [['simulate', ok, '--seed', '4294967296'], '--seed "4294967296": must be <= 4294967295'],
    [['simulate', ok, '--length=0'], '--length "0": must be >= 0.000001'],
    [['simulate', ok, '--length=1e-7'], '--length "1e-7": must be >= 0.000001'],
    [['simulate', ok, '--length', '1e10'], '--length "1e10": must be <= 1000000000'],
    [['simulate', ok, '--warmup=-1'], '--warmup "-1": must be >= 0'],
    [['simulate', ok, '--warmup', '100'], `--warmup 100 must be below run.lengthSeconds 100 (from ${ok})`],
    [['simulate', ok, '--length', '5'], `--length 5 must be above run.warmupSeconds 10 (from ${ok})`],
    [['simulate', ok, '--length', '20', '--warmup', '20'], '--warmup 20 must be below --length 20'],
    // Both round to 1 µs on the engine's clock: no time would be left to measure.
    [['simulate', ok, '--length=0.0000014', '--warmup=0.0000011'], '--warmup 0.0000011 must be below --length 0.0000014 by at least 1 µs'],
  ])('%j → exit 2 naming the flag', async (argv, fragment) => {
    expectBadInput(await twin(...argv), fragment);
  });

  it('any value of a numeric flag: a decimal in range reaches the file, anything else is refused naming the flag', async () => {
    const missing = join(dir, 'missing.json');
    const rules: Record<string, { integer: boolean; min: number; max: number }> = {
      replications: { integer: true, min: 1, max: LIMITS.replications },
      seed: { integer: true, min: 0, max: LIMITS.seed },
      length: { integer: false, min: LIMITS.tick, max: LIMITS.seconds },
      warmup: { integer: false, min: 0, max: LIMITS.seconds },
    };
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.double().map(String),
      fc.integer({ min: -10, max: 5_000_000_000 }).map(String),
      fc.constantFrom('0x10', '0b1', '0o7', '1e3', '.5', '5.', '+3', '-0', '1_000', '١٢', '1e-7', '1e400', ' 1', '1 '),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...Object.keys(rules)), value, async (flag, text) => {
      const r = await twin('simulate', missing, `--${flag}=${text}`);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(RAW_CONTROL);
      const rule = rules[flag];
      const n = Number(text);
      const valid = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && Number.isFinite(n)
        && (!rule.integer || Number.isInteger(n)) && n >= rule.min && n <= rule.max;
      if (valid) expect(r.stderr).toBe(`twin: ${missing}: cannot read: no such file\n`);
      else expect(r.stderr.startsWith(`twin: --${flag} ${terminalSafe(JSON.stringify(text))}: `), r.stderr).toBe(true);
    }), { numRuns: 400 });
  });
});

// --- the file ------------------------------------------------------------------------------------------

describe('the scenario file', () => {
  it('a directory, a missing file, a file inside a file', async () => {
    expectBadInput(await twin('simulate', dir, '--json'), `twin: ${dir}: cannot read: a directory, not a regular file`);
    expectBadInput(await twin('simulate', join(dir, 'nope.json')), 'cannot read: no such file');
    const f = file('{}');
    expectBadInput(await twin('simulate', join(f, 'x.json')), `${join(f, 'x.json')}: cannot read: a part of the path is not a directory`);
  });

  it('a file name with control characters is quoted safely', async () => {
    expectBadInput(await twin('simulate', join(dir, 'a\u001b[31mb\u202e.json')), 'a\\u001b[31mb\\u202e.json: cannot read: no such file');
  });

  it('empty, truncated, and syntax errors are located as file:LINE:COL (CRLF counts as one line end)', async () => {
    const empty = file('');
    expectInvalidScenario(await twin('simulate', empty, '--json'), empty, ':1:1', 'invalid JSON');
    const crlf = file('{\r\n  "format": "line-twin/scenario",\r\n  "version": 1,,\r\n}\r\n');
    expectInvalidScenario(await twin('simulate', crlf, '--json'), crlf, ':3:16', 'invalid JSON');
    const nul = file(JSON.stringify(serial()) + '\u0000');
    const r = await twin('simulate', nul, '--json');
    expectInvalidScenario(r, nul, ':1:', 'invalid JSON (Unexpected non-whitespace character)');
    expect(r.stderr).not.toContain('at position'); // the position is the file:LINE:COL
  });

  it('a raw control character in the text is reported escaped, never sent to the terminal', async () => {
    const f = file('{"format": \u001b[2J}');
    expectInvalidScenario(await twin('simulate', f), f, ':1:12', '\\u001b');
  });

  it('a byte order mark and CRLF line ends are fine', async () => {
    const f = file('\ufeff' + JSON.stringify(serial(), null, 2).replace(/\n/g, '\r\n'));
    expectReport(await twin('simulate', f, '--json'));
  });

  it('bytes that are not UTF-8 are located; UTF-16 is named', async () => {
    const bad = file(Buffer.concat([Buffer.from('{\n  "name": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}')]));
    expectBadInput(await twin('simulate', bad, '--json'), `${bad}:2:15: is not UTF-8 text (byte 0xE9); save it as UTF-8`);
    const utf16 = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(serial()), 'utf16le')]));
    expectBadInput(await twin('simulate', utf16, '--json'), `${utf16}: is UTF-16 text; save it as UTF-8`);
  });

  it('a repeated key is refused where it is repeated (JSON would keep the last one silently)', async () => {
    const text = JSON.stringify(serial(), null, 2).replace('"seed": 1', '"seed": 1,\n    "seed": 2');
    const f = file(text);
    expectInvalidScenario(await twin('simulate', f, '--json'), f, ':10:5', 'duplicate key "seed" (first at 9:5)');
    // The same key written with an escape is the same key.
    const g = file('{"format": "line-twin/scenario", "version": 1, "n\\u0061me": "a", "name": "b"}');
    expectInvalidScenario(await twin('simulate', g), g, ':1:', 'duplicate key "name"');
  });

  it('a file over 20 MB is refused before it is parsed; one just under is read', async () => {
    const big = file(Buffer.alloc(20 * 1024 * 1024 + 1, 0x20));
    expectBadInput(await twin('simulate', big, '--json'), `${big}: larger than 20 MB`);
    const doc = serial();
    const padding = 20 * 1024 * 1024 - JSON.stringify(doc).length - 100;
    const near = file(JSON.stringify({ ...doc, 'x-padding': 'a'.repeat(padding) }));
    const started = performance.now();
    expectReport(await twin('simulate', near, '--json'));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('nesting 100 000 levels deep is validated in linear time', async () => {
    const depth = 100_000;
    const { links: _, ...noLinks } = serial();
    const deep = file(JSON.stringify({ ...noLinks, 'x-deep': 0 }).replace('"x-deep":0', `"x-deep":${'['.repeat(depth)}${']'.repeat(depth)}`));
    const started = performance.now();
    expectInvalidScenario(await twin('simulate', deep, '--json'), deep, ': links', 'required');
    expect(performance.now() - started).toBeLessThan(2000);
    const open = file('['.repeat(depth));
    expectInvalidScenario(await twin('simulate', open), open, `:1:${depth + 1}`, 'invalid JSON');
  });

  it('control characters in the name reach the text report escaped, and the JSON report intact', async () => {
    const name = 'line \u001b]0;pwned\u0007\u001b[2J\u202e';
    const f = file({ ...serial(), name });
    const text = await twin('simulate', f);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(RAW_CONTROL);
    expect(text.stdout).toContain('line \\u001b]0;pwned\\u0007\\u001b[2J\\u202e:');
    expect(expectReport(await twin('simulate', f, '--json')).name).toBe(name);
  });
});

// --- cases that reach the engine or could block: one child process with a timeout ------------------------

interface Case {
  title: string;
  argv: string[];
  check: (r: Outcome) => void;
  /** Wall-clock budget of the case; 2 s unless set. */
  maxMs?: number;
}

const cases: Case[] = [];
function rejects(title: string, doc: Doc | string, located: string, fragment: string, argv: string[] = ['--json']): void {
  const path = typeof doc === 'string' ? doc : file(doc);
  cases.push({ title, argv: ['simulate', path, ...argv], check: (r) => expectInvalidScenario(r, path, located, fragment) });
}
function runs(title: string, doc: Doc, check: (report: Doc) => void = () => {}, argv: string[] = [], maxMs?: number): void {
  const path = file(doc);
  cases.push({ title, argv: ['simulate', path, '--json', ...argv], check: (r) => check(expectReport(r)), maxMs });
}

// Lines that used to run forever at one instant, fill the memory, or draw NaN times.
rejects('saturated source linked to a sink', scenario([source(), station('s1', C(1)), sink], [['in', 's1'], ['s1', 'out'], ['in', 'out']]),
  ': nodes[0]', 'saturated source "in" sends parts to sink "out": they would leave without end at one instant');
rejects('saturated source through a zero-time station to a sink', scenario([source(), station('s1', C(0)), sink], [['in', 's1'], ['s1', 'out']]),
  ': nodes[0]', 'sends parts to sink "out" through "s1", where nothing takes time');
rejects('a cycle under the clock resolution takes no time', scenario([source(), station('s1', C(1e-7)), sink], [['in', 's1'], ['s1', 'out']]),
  ': nodes[0]', 'through "s1", where nothing takes time');
rejects('saturated source into a zero-time station that scraps', scenario([source(), station('s1', C(0), { scrap: 1 }), station('s2', C(1)), sink],
  [['in', 's1'], ['s1', 's2'], ['s2', 'out']]), ': nodes[0]', 'sends parts to station "s1", which takes no time and scraps every part');
rejects('a saturated source ignores its route: a weight-0 link to a sink still floods it', scenario(
  [source({ route: { rule: 'probability', weights: { s1: 1, out: 0 } } }), station('s1', C(1)), sink], [['in', 's1'], ['in', 'out'], ['s1', 'out']]),
  ': nodes[0]', 'saturated source "in" sends parts to sink "out"');
rejects('interarrival 0 into an unbounded buffer', scenario([source({ interarrival: C(0) }), buffer('b'), station('s1', C(1)), sink],
  [['in', 'b'], ['b', 's1'], ['s1', 'out']]), ': nodes[0]', 'source "in", whose interarrival takes no time');
rejects('saturated source through a capacity-0 buffer into an unbounded one', scenario([source(), buffer('z', 0), buffer('b'), station('s1', C(1)), sink],
  [['in', 'z'], ['z', 'b'], ['b', 's1'], ['s1', 'out']]), ': nodes[0]', 'feeds unbounded buffer "b" through "z"');
rejects('a loop of zero-time stations behind a timed source', scenario(
  [source({ interarrival: EXP(5) }), buffer('b1', 2), station('s1', C(0)), buffer('b2', 2), station('s2', C(0)), sink],
  [['in', 'b1'], ['b1', 's1'], ['s1', 'b2'], ['b2', 's2'], ['s2', 'b1'], ['s2', 'out']]), ': nodes[1]', '"b1" → "s1" → "b2" → "s2" form a loop');
rejects('a loop of buffers', scenario([source({ interarrival: EXP(5) }), buffer('b1', 2), buffer('b2', 2), station('s1', C(1)), sink],
  [['in', 'b1'], ['b1', 'b2'], ['b2', 'b1'], ['b2', 's1'], ['s1', 'out']]), ': nodes[1]', '"b1" → "b2" form a loop');
rejects('zero-time rework that always loops', scenario([source({ interarrival: EXP(5) }), buffer('b', 2), station('s1', C(0), { rework: { probability: 1, to: 'b' } }), sink],
  [['in', 'b'], ['b', 's1'], ['s1', 'out']]), ': nodes[1]', 'form a loop');
rejects('a failure with zero ttf and ttr', scenario([source(), station('s1', C(1), { failures: [{ basis: 'operating', ttf: C(0), ttr: C(0) }] }), sink],
  [['in', 's1'], ['s1', 'out']]), ': nodes[1].failures[0]', 'ttf and ttr both take no time');
rejects('lognormal with a mean of 1e-300 s (NaN draws)', scenario([source(), station('s1', { dist: 'lognormal', mean: 1e-300, sd: 1 }), sink],
  [['in', 's1'], ['s1', 'out']]), ': nodes[1].cycle.mean', 'must be 0.000001 or more');
rejects('gamma interarrival with a mean of 1e-300 s (NaN draws)', scenario([source({ interarrival: { dist: 'gamma', mean: 1e-300, sd: 1e9 } }), station('s1', C(1)), sink],
  [['in', 's1'], ['s1', 'out']]), ': nodes[0].interarrival.mean', 'must be 0.000001 or more');
rejects('weibull shape 0.001 (mean beyond 1e9 s, NaN KPIs)', scenario([source(), station('s1', { dist: 'weibull', shape: 0.001, scale: 1 }), sink],
  [['in', 's1'], ['s1', 'out']]), ': nodes[1].cycle.shape', 'is too small for this scale');
rejects('a run shorter than a microsecond', serial({ lengthSeconds: 1e-7 }), ': run.lengthSeconds', 'must be 0.000001 or more');
rejects('a warm-up that rounds to the run length', serial({ warmupSeconds: 1.1e-6, lengthSeconds: 1.4e-6 }), ': run.warmupSeconds', 'by at least 1 µs');

const devZero = '/dev/zero';
cases.push({ title: '/dev/zero is not read', argv: ['simulate', devZero, '--json'], check: (r) => expectBadInput(r, `twin: ${devZero}: cannot read: a character device, not a regular file`) });
const fifo = join(dir, 'fifo.json');
let haveFifo = true;
try {
  execFileSync('mkfifo', [fifo]);
} catch {
  haveFifo = false;
}
if (haveFifo) {
  cases.push({ title: 'a FIFO with no writer is not opened', argv: ['simulate', fifo, '--json'], check: (r) => expectBadInput(r, `twin: ${fifo}: cannot read: a pipe (FIFO), not a regular file`) });
}

// Valid but extreme: every one must run to a finite report.
const proto = ['constructor', '__defineGetter__', 'toString', 'hasOwnProperty', 'valueOf'];
runs('ids that are Object.prototype names', scenario(
  [{ id: proto[1], type: 'source', productMix: { toString: 1, constructor: 0 } }, buffer(proto[0], 3, { route: { rule: 'probability', weights: { toString: 1, hasOwnProperty: 0 } } }),
    station('toString', EXP(5), { cycleByProduct: { constructor: C(3) } }), station('hasOwnProperty', C(5)), { id: 'valueOf', type: 'sink' }],
  [[proto[1], proto[0]], [proto[0], 'toString'], [proto[0], 'hasOwnProperty'], ['toString', 'valueOf'], ['hasOwnProperty', 'valueOf']],
  {}, { products: [{ id: 'toString' }, { id: 'constructor' }] }), (r) => expect(r.stations.map((s: Doc) => s.id)).toEqual(['toString', 'hasOwnProperty']));
runs('unicode everywhere it is allowed', { ...serial(), name: 'Linie Ü — 組立ライン 🚗 \ud800', description: 'שלום' },
  (r) => expect(r.name).toBe('Linie Ü — 組立ライン 🚗 \ud800'));
runs('capacity-0 buffers in a row', scenario([source(), buffer('z1', 0), buffer('z2', 0), station('s1', C(5)), buffer('z3', 0), station('s2', C(4)), sink],
  [['in', 'z1'], ['z1', 'z2'], ['z2', 's1'], ['s1', 'z3'], ['z3', 's2'], ['s2', 'out']]), (r) => expect(r.throughputPerHour.mean).toBeGreaterThan(600));
runs('calendars with no time on shift', scenario([source(), station('s1', C(1), { calendar: 'never' }), station('s2', C(1), { kind: 'manual', operators: { pools: ['crew'] } }), sink],
  [['in', 's1'], ['s1', 's2'], ['s2', 'out']], {}, {
    calendars: {
      never: { shifts: [{ start: '08:00', end: '09:00', breaks: [{ start: '08:00', end: '09:00' }] }] },
      down: { shifts: [{ start: '00:00', end: '24:00' }], plannedDowntime: [{ start: '00:00', end: '24:00' }] },
    },
    workers: [{ id: 'crew', kind: 'human', count: 1, calendar: 'down' }],
  }), (r) => expect(r.stations[0].stateSeconds.offShift).toBe(100));
runs('more operators than any one pool has', scenario([source(), station('s1', C(10), { kind: 'manual', operators: { pools: ['a', 'b'], count: 3 } }), sink],
  [['in', 's1'], ['s1', 'out']], {}, { workers: [{ id: 'a', kind: 'human', count: 2 }, { id: 'b', kind: 'humanoid', count: 2 }] }));
runs('rework loops that deadlock', scenario([source(), station('s1', C(1)), station('s2', C(1), { rework: { probability: 0.5, to: 's1' } }), sink],
  [['in', 's1'], ['s1', 's2'], ['s2', 'out']], { lengthSeconds: 1000 }));
runs('rework in place', scenario([source(), station('s1', C(1), { rework: { probability: 0.9, to: 's1' } }), sink], [['in', 's1'], ['s1', 'out']]));
// Zero-time stations that are not floods: a part that cannot go on holds them, and time passes.
runs('a zero-time station that scraps half its parts, before a slow one', scenario([source(), station('z', C(0), { scrap: 0.5 }), station('s1', C(5)), sink],
  [['in', 'z'], ['z', 's1'], ['s1', 'out']]), (r) => expect(r.stations[1].produced).toBe(20));
runs('round robin from a saturated buffer to a sink and a slow station', scenario(
  [source(), buffer('b', 2, { route: { rule: 'roundRobin' } }), station('s1', C(5)), sink], [['in', 'b'], ['b', 'out'], ['b', 's1'], ['s1', 'out']]),
  (r) => expect(r.throughputPerHour.mean).toBeGreaterThan(1000));
runs('a zero-time station with a probability split behind a saturated source', scenario(
  [source(), station('z', C(0), { route: { rule: 'probability', weights: { out: 1, s1: 1 } } }), station('s1', C(5)), sink],
  [['in', 'z'], ['z', 'out'], ['z', 's1'], ['s1', 'out']]));
runs('a zero-time station behind a timed source', scenario([source({ interarrival: C(1) }), station('s1', C(0)), sink], [['in', 's1'], ['s1', 'out']]),
  (r) => expect(r.throughputPerHour.mean).toBe(3600));
runs('an unbounded buffer fed faster than its station (bounded run)', scenario([source({ interarrival: C(1) }), buffer('b'), station('s1', C(2)), sink],
  [['in', 'b'], ['b', 's1'], ['s1', 'out']], { lengthSeconds: 2000 }), (r) => expect(r.buffers[0].meanContent).toBeGreaterThan(400));
runs('lengthSeconds 1e9 with slow stations', scenario([source(), station('s1', C(1e8), { failures: [{ basis: 'calendar', ttf: EXP(1e8), ttr: EXP(1e7) }] }), sink],
  [['in', 's1'], ['s1', 'out']], { lengthSeconds: 1e9, replications: 3 }));
// ~1.5 s, nearly all of it building the report (objects per replication and station), not simulating.
runs('100 000 replications', serial({ lengthSeconds: 10 }), (r) => expect(r.replications).toBe(100_000), ['--replications', '100000'], 5000);
runs('two 100 000-value empirical distributions', scenario(
  [source(), station('s1', { dist: 'empirical', values: Array.from({ length: 100_000 }, (_, i) => i % 10) }),
    station('s2', { dist: 'empirical', values: Array.from({ length: 100_000 }, (_, i) => 1 + (i % 7)) }), sink],
  [['in', 's1'], ['s1', 's2'], ['s2', 'out']]));
runs('heavy and degenerate but valid distributions', scenario(
  [source({ interarrival: { dist: 'weibull', shape: 0.1, scale: 1e-6 } }), buffer('b', 5), station('s1', { dist: 'normal', mean: 0, sd: 1e9 }, { capacity: 3 }),
    station('s2', { dist: 'gamma', mean: 1e-6, sd: 1e9 }), station('s3', { dist: 'lognormal', mean: 1e9, sd: 1e9 }), sink],
  [['in', 'b'], ['b', 's1'], ['b', 's2'], ['b', 's3'], ['s1', 'out'], ['s2', 'out'], ['s3', 'out']], { startTime: '24:00' }));

// Random lines, valid or not, with extreme numbers: located errors or finite reports, never a hang.
const num = fc.constantFrom(0, 1e-7, 1e-3, 0.5, 1, 3, 10, 100, 1e4, 1e9);
const pos = fc.constantFrom(1e-7, 1e-3, 0.5, 1, 3, 10, 100, 1e4, 1e9);
const dist = fc.oneof(
  num.map((value) => ({ dist: 'constant', value })),
  pos.map((mean) => ({ dist: 'exponential', mean })),
  fc.tuple(num, num).map(([a, b]) => ({ dist: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
  fc.tuple(num, num).map(([mean, sd]) => ({ dist: 'normal', mean, sd })),
  fc.tuple(pos, num).map(([mean, sd]) => ({ dist: 'lognormal', mean, sd: Math.min(sd, 5 * mean) })),
  fc.tuple(pos, pos).map(([mean, sd]) => ({ dist: 'gamma', mean, sd: Math.min(sd, 5 * mean) })),
  fc.tuple(fc.constantFrom(1e-7, 0.08, 0.5, 3, 1e9), pos).map(([shape, scale]) => ({ dist: 'weibull', shape, scale })),
  fc.array(num, { minLength: 1, maxLength: 4 }).map((values) => ({ dist: 'empirical', values })),
);
const middle = fc.record({
  kind: fc.constantFrom('buffer', 'station', 'station'),
  capacity: fc.constantFrom(undefined, 0, 1, 2),
  cycle: dist,
  failures: fc.array(fc.record({ basis: fc.constantFrom('operating', 'calendar'), ttf: dist, ttr: dist }), { maxLength: 1 }),
  scrap: fc.constantFrom(0, 0.5, 1),
  rework: fc.option(fc.record({ probability: fc.constantFrom(0, 0.5, 1), to: fc.nat(5) }), { nil: undefined }),
  rule: fc.constantFrom('firstAvailable', 'roundRobin', 'probability'),
  weights: fc.array(fc.constantFrom(0, 1, 2), { minLength: 6, maxLength: 6 }),
});
const randomLine = fc.record({
  interarrival: fc.option(dist, { nil: undefined }),
  middle: fc.array(middle, { minLength: 1, maxLength: 5 }),
  extra: fc.array(fc.tuple(fc.nat(6), fc.nat(6)), { maxLength: 3 }),
  lengthSeconds: fc.constantFrom(1e-6, 20, 100),
}).map((g) => {
  const ids = g.middle.map((_, i) => `n${i}`);
  const links: [string, string][] = [['in', ids[0]], ...ids.map((id, i): [string, string] => [id, ids[i + 1] ?? 'out'])];
  for (const [x, y] of g.extra) {
    const from = x % (ids.length + 1) === 0 ? 'in' : ids[(x % (ids.length + 1)) - 1];
    const to = y % (ids.length + 1) === ids.length ? 'out' : ids[y % (ids.length + 1)];
    if (from !== to && !links.some(([a, b]) => a === from && b === to)) links.push([from, to]);
  }
  const nodes: Doc[] = [source(g.interarrival ? { interarrival: g.interarrival } : {})];
  g.middle.forEach((m, i) => {
    const outs = links.filter(([a]) => a === ids[i]).map(([, b]) => b);
    const route = outs.length < 2 ? {} : {
      route: m.rule === 'probability' ? { rule: 'probability', weights: Object.fromEntries(outs.map((o, k) => [o, m.weights[k]])) } : { rule: m.rule },
    };
    if (m.kind === 'buffer') nodes.push(buffer(ids[i], m.capacity, route));
    else {
      nodes.push(station(ids[i], m.cycle, {
        ...route, ...(m.capacity ? { capacity: m.capacity } : {}), failures: m.failures, scrap: m.scrap,
        ...(m.rework && m.scrap + m.rework.probability <= 1 ? { rework: { probability: m.rework.probability, to: ids[m.rework.to % ids.length] } } : {}),
      }));
    }
  });
  nodes.push(sink);
  return scenario(nodes, links, { lengthSeconds: g.lengthSeconds, replications: 2 });
});
fc.sample(randomLine, { seed: 20261125, numRuns: 120 }).forEach((doc, k) => {
  const path = file(doc);
  cases.push({
    title: `random line ${k}`,
    argv: ['simulate', path, '--json'],
    check: (r) => {
      if (r.code === 0) expectReport(r);
      else expectInvalidScenario(r, path, ':', '');
    },
  });
});

// The valid serial scenario's text with bytes deleted, inserted or replaced (including bytes that are not UTF-8).
const serialText = Buffer.from(JSON.stringify(serial({ lengthSeconds: 50 }), null, 2));
fc.sample(fc.array(fc.tuple(fc.nat(serialText.length - 1), fc.constantFrom('del', 'ins', 'rep'), fc.constantFrom(...Buffer.from(',:{}[]"\\ \n0-9e.a\u0000'), 0xff, 0xc3)), { minLength: 1, maxLength: 3 }),
  { seed: 7, numRuns: 120 }).forEach((edits, k) => {
  let bytes = serialText;
  for (const [at, op, byte] of edits) {
    const i = Math.min(at, bytes.length);
    bytes = Buffer.concat([bytes.subarray(0, i), op === 'del' ? Buffer.alloc(0) : Buffer.from([byte]), bytes.subarray(op === 'ins' ? i : i + 1)]);
  }
  const path = file(bytes);
  cases.push({
    title: `corrupted text ${k}`,
    argv: ['simulate', path, '--json'],
    check: (r) => {
      if (r.code === 0) return void expectReport(r);
      expectBadInput(r);
      const lines = r.stderr.trimEnd().split('\n');
      if (lines[0] === 'twin: invalid scenario') for (const l of lines.slice(1)) expect(l).toMatch(new RegExp(`^${escapeRegExp(path)}(:\\d+:\\d+)?: \\S`));
      else expect(lines[0]).toMatch(new RegExp(`^twin: ${escapeRegExp(path)}:\\d+:\\d+: is not UTF-8 text`));
    },
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('engine-reaching and blocking cases (child process, 15 s budget)', () => {
  const results = new Map<number, Outcome>();
  let hung: string | undefined;

  beforeAll(() => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/badinput/isolated-main.ts'], {
      cwd: REPO, input: JSON.stringify(cases.map((c) => c.argv)), timeout: 15_000, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8',
    });
    let started = -1;
    for (const line of child.stdout.split('\n')) {
      if (!line) continue;
      const row = JSON.parse(line) as Outcome & { i: number; started?: boolean };
      if (row.started) started = row.i;
      else results.set(row.i, row);
    }
    if (child.error || child.status !== 0) {
      hung = `child ${child.error ? child.error.message : `exited ${child.status}`} during "${cases[started]?.title}": ${child.stderr.slice(0, 2000)}`;
    }
  }, 20_000);

  it('the batch finished in time, and the random lines exercised the engine', () => {
    expect(hung).toBeUndefined();
    expect(results.size).toBe(cases.length);
    const random = cases.flatMap((c, i) => (c.title.startsWith('random line') ? [results.get(i)!] : []));
    const ran = random.filter((r) => r.code === 0).length;
    expect(ran).toBeGreaterThan(random.length / 5);
    expect(ran).toBeLessThan(random.length);
  });

  it.each(cases.map((c, i) => [c.title, i] as const))('%s', (_, i) => {
    const r = results.get(i);
    expect(r, hung ?? 'not run').toBeDefined();
    cases[i].check(r!);
    expect(r!.ms).toBeLessThan(cases[i].maxMs ?? 2000);
  });
});
