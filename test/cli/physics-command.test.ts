/**
 * `npm run -s twin -- physics FILE --json` on the default scene (issue 4): one JSON document with
 * the documented fields, the twin's steps for the simulated seconds, the same frame hash on every
 * run (in-process main(), the real entry in a child process) and the hash of the same run through
 * PhysicsService in-process — the CLI drives the page's API.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { PhysicsService } from '../../workers/physics-api';
import { readUrdfFromScenes } from '../../workers/urdf-source-node';

const REPO = join(import.meta.dirname, '..', '..');
const SCENE = 'scenes/assembly-line/scenario.json';
const FIELDS = ['steps', 'simulatedSeconds', 'wallSeconds', 'realtimeFactor', 'partsCompleted', 'frameHash'];

async function twin(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTty: false });
  return { code, stdout, stderr };
}

function report(stdout: string): Record<string, number> {
  expect(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1).toBe(true);
  const r = JSON.parse(stdout) as Record<string, number>;
  expect(Object.keys(r)).toEqual(FIELDS);
  for (const k of FIELDS) expect(typeof r[k] === 'number' && Number.isFinite(r[k]), k).toBe(true);
  return r;
}

describe('twin physics', () => {
  it('runs the default scene for 30 s: 1800 steps, the documented fields, one frame hash everywhere', async () => {
    const first = await twin('physics', join(REPO, SCENE), '--seconds', '30', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const a = report(first.stdout);
    expect(a.steps).toBe(1800);
    expect(a.simulatedSeconds).toBe(30);
    expect(a.wallSeconds).toBeGreaterThan(0);
    expect(a.realtimeFactor).toBeCloseTo(a.simulatedSeconds / a.wallSeconds, 6);
    expect(Number.isInteger(a.partsCompleted) && a.partsCompleted >= 0).toBe(true);
    expect(Number.isInteger(a.frameHash) && a.frameHash >= 0 && a.frameHash < 2 ** 32).toBe(true);

    // The real entry point (npm run -s twin), in its own process, from the repository root.
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/twin.ts', 'physics', SCENE, '--seconds=30', '--json'],
      { cwd: REPO, timeout: 60_000 });
    expect(child.stderr).toBe('');
    const b = report(child.stdout);
    expect({ ...b, wallSeconds: 0, realtimeFactor: 0 }).toEqual({ ...a, wallSeconds: 0, realtimeFactor: 0 });

    // The page's API in-process gives the same hash.
    const service = new PhysicsService({ readUrdf: readUrdfFromScenes });
    const loaded = await service.loadScenario(readFileSync(join(REPO, SCENE), 'utf8'), { seconds: 30 });
    expect(loaded.ok).toBe(true);
    expect(service.step(1800)).toBe(1800);
    expect(service.frameHash()).toBe(a.frameHash);
    expect(service.stats().partsCompleted).toBe(a.partsCompleted);
  });

  it('prints a short text report without --json, and another seed gives another run', async () => {
    const text = await twin('physics', join(REPO, SCENE), '--seconds', '2');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^physics twin: .+\n {2}steps {12}120 \(2 s simulated at 60 Hz\)\n {2}wall time {8}\d+\.\d\d s \(\d+\.\d× real time\)\n {2}parts completed {2}\d+\n {2}frame hash {7}\d+\n$/);
    const json = report((await twin('physics', join(REPO, SCENE), '--seconds', '2', '--json')).stdout);
    expect(text.stdout).toContain(`frame hash       ${json.frameHash}\n`);
    const seeded = report((await twin('physics', join(REPO, SCENE), '--seconds', '120', '--seed', '7', '--json')).stdout);
    const unseeded = report((await twin('physics', join(REPO, SCENE), '--seconds', '120', '--json')).stdout);
    expect(seeded.steps).toBe(7200);
    expect(seeded.frameHash).not.toBe(unseeded.frameHash);
  });
});
