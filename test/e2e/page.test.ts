/**
 * The page in a real browser (issue 3, item 9): it opens running on the default scene, rejects a
 * bad scenario file with located errors while the running scene stays, loads a good one, and its
 * replications report is byte for byte what the command line prints.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, screenshot, startHarness, type Harness } from './harness';

interface SceneDoc {
  name: string;
  nodes: { id: string; type: string; cycle?: { mean?: number } }[];
  links: [string, string][];
}

const SERIAL_10 = join(repoRoot, 'scenes/benchmarks/serial-10.json');
const ASSEMBLY = join(repoRoot, 'scenes/assembly-line/scenario.json');
/** The page opens on the assembly line, or on the benchmark line while that is not written yet. */
const DEFAULT_SCENE = existsSync(ASSEMBLY) ? ASSEMBLY : SERIAL_10;

const readScene = (file: string): SceneDoc => JSON.parse(readFileSync(file, 'utf8'));
const stationIds = (doc: SceneDoc) => doc.nodes.filter((n) => n.type === 'station').map((n) => n.id);

const WAIT = { timeout: 20_000, interval: 100 };

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? '';

/** Waits (bounded) until the page shows the named scene. */
async function expectScene(page: Page, doc: SceneDoc): Promise<void> {
  await expect.poll(() => text(page, 'scene-name'), WAIT).toBe(doc.name);
  // A scene with a layout opens in 3D: switch to the schematic, as a person would.
  if ((await page.getByTestId('schematic').count()) === 0) await page.getByTestId('tab-schematic').click();
  const schematic = page.getByTestId('schematic');
  for (const id of stationIds(doc)) {
    expect(await schematic.getByTestId(`node-${id}`).isVisible(), `station ${id} drawn`).toBe(true);
  }
}

/** Reads a displayed value, then waits (bounded) until it shows something else. */
async function expectChanging(page: Page, testId: string): Promise<[string, string]> {
  const first = await text(page, testId);
  let second = first;
  await expect
    .poll(async () => {
      second = await text(page, testId);
      return second;
    }, WAIT)
    .not.toBe(first);
  return [first, second];
}

const clockSeconds = (clock: string) => clock.split(':').reduce((s, part) => s * 60 + Number(part), 0);

async function chooseFile(page: Page, name: string, content: string): Promise<void> {
  await page.getByLabel('Load scenario').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
}

describe('the page', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('opens on the default scene, running, with its stations drawn and live KPIs that change', async () => {
    const { page, errors } = await h.open();
    const doc = readScene(DEFAULT_SCENE);
    await expectScene(page, doc);
    expect(await page.getByTestId('legend').getByRole('listitem').allTextContents()).toEqual([
      'Working',
      'Starved',
      'Blocked',
      'Failed',
      'Setup',
      'Waiting for operator',
      'Off shift',
    ]);
    expect(await page.getByTestId('play-pause').textContent()).toContain('Pause');

    // Simulated time moves on its own.
    const [t1, t2] = await expectChanging(page, 'sim-time');
    expect(clockSeconds(t2)).toBeGreaterThan(clockSeconds(t1));

    // Faster, as a person would to get past the warm-up, then the throughput itself moves.
    await page.getByLabel('Speed').selectOption({ label: '1 h / s' });
    await expect.poll(() => text(page, 'kpi-throughput'), WAIT).toMatch(/^[\d,]+\.\d$/);
    const [q1, q2] = await expectChanging(page, 'kpi-throughput');
    expect(Number(q1.replace(/,/g, ''))).not.toBe(Number(q2.replace(/,/g, '')));
    expect(await text(page, 'kpi-oee')).toMatch(/^\d+\.\d%$/);

    // Every station shows a state in the schematic and in the KPI table.
    for (const id of stationIds(doc)) {
      const state = await page.getByTestId(`node-${id}`).getAttribute('data-state');
      expect(['working', 'starved', 'blocked', 'failed', 'setup', 'waitingOperator', 'offShift']).toContain(state);
      expect(await page.getByTestId(`station-row-${id}`).isVisible()).toBe(true);
    }
    await page.getByLabel('Speed').selectOption({ label: '1 min / s' });
    await screenshot(page, 'e2e-default-scene');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('rejects a bad scenario file with its JSON paths, and the running scene stays', async () => {
    const { page, errors } = await h.open();
    const current = readScene(DEFAULT_SCENE);
    await expectScene(page, current);

    const bad = readScene(SERIAL_10);
    bad.name = 'Must not load';
    bad.nodes[1].cycle!.mean = -1;
    await chooseFile(page, 'bad-line.json', JSON.stringify(bad, null, 2));
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible', timeout: 10_000 });
    const message = (await alert.textContent()) ?? '';
    expect(message).toContain('bad-line.json');
    expect(message).toContain('nodes[1].cycle.mean');

    // Still the previous scene, still running.
    await expectScene(page, current);
    await expectChanging(page, 'sim-time');
    await screenshot(page, 'e2e-bad-file');

    // File content is data: markup in it is shown as text, never rendered.
    const hostile = readScene(SERIAL_10);
    hostile.links.push(['s10', '<img src=x onerror=window.__pwned=1>']);
    await chooseFile(page, 'hostile.json', JSON.stringify(hostile));
    await expect.poll(async () => (await alert.textContent()) ?? '', WAIT).toContain('hostile.json');
    expect(await alert.textContent()).toContain('unknown node "<img src=x onerror=window.__pwned=1>"');
    expect(await alert.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Not JSON at all: located by line and column.
    await chooseFile(page, 'broken.json', '{\n  "format": "line-twin/scenario",,\n}');
    await expect.poll(async () => (await alert.textContent()) ?? '', WAIT).toMatch(/broken\.json:2:\d+/);
    await expectScene(page, current);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('replaces the scene when a good scenario file is loaded', async () => {
    const { page, errors } = await h.open();
    const before = readScene(DEFAULT_SCENE);
    await expectScene(page, before);
    let next = readScene(SERIAL_10);
    let content = readFileSync(SERIAL_10, 'utf8');
    if (next.name === before.name) {
      // The benchmark is the default scene: load a renamed copy so the change is visible.
      next = { ...next, name: 'Serial line (copy)' };
      content = JSON.stringify({ ...JSON.parse(content), name: next.name });
    }
    await chooseFile(page, 'serial-10.json', content);
    await expectScene(page, next);
    expect(await text(page, 'scene-file')).toBe('serial-10.json');
    expect(await page.getByRole('alert').count()).toBe(0);
    for (const id of stationIds(before).filter((id) => !stationIds(next).includes(id))) {
      expect(await page.getByTestId(`node-${id}`).count(), `old station ${id} gone`).toBe(0);
    }
    expect(await page.getByTestId('schematic').locator('[data-type="buffer"]').count()).toBe(9);
    await expectChanging(page, 'sim-time');
    await expectChanging(page, 'kpi-throughput');
    await screenshot(page, 'e2e-good-file');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs replications in the worker with the same report as the command line, byte for byte', async () => {
    const { page, errors } = await h.open();
    await expectScene(page, readScene(DEFAULT_SCENE));
    await page.getByLabel('Load scenario').setInputFiles(SERIAL_10);
    await expectScene(page, readScene(SERIAL_10));

    await page.getByLabel('Replications', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Run replications' }).click();
    const pre = page.getByTestId('report-json');
    await pre.waitFor({ state: 'attached', timeout: 60_000 });
    const fromPage = (await pre.textContent()) ?? '';

    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'cli/twin.ts', 'simulate', 'scenes/benchmarks/serial-10.json', '--replications', '3', '--json'],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(cli.status, cli.stderr).toBe(0);
    // wallSeconds is the one field that depends on the machine; everything else must match.
    const withoutWall = (json: string) => json.trim().replace(/,"wallSeconds":[^,}]*/, '');
    expect(fromPage).toMatch(/"wallSeconds":/);
    expect(withoutWall(fromPage)).toBe(withoutWall(cli.stdout));

    // The summary shows the same numbers.
    const report = JSON.parse(fromPage);
    expect(report.replications).toBe(3);
    const throughput = report.throughputPerHour.mean.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(await text(page, 'report-throughput')).toContain(`${throughput} ± `);
    expect(await text(page, 'report-oee')).toContain(`${(report.oee.mean * 100).toFixed(1)}% ± `);
    expect(await page.getByTestId('report-stations').locator('tbody tr').count()).toBe(10);
    await pre.scrollIntoViewIfNeeded();
    await screenshot(page, 'e2e-replications');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is usable from the keyboard, in the dark theme too', async () => {
    const { page, errors } = await h.open();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectScene(page, readScene(DEFAULT_SCENE));
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect(r + g + b).toBeLessThan(150);

    // From the top of the page (expectScene may have clicked a tab).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached: string[] = [];
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? ''));
    }
    for (const id of ['scenario-file', 'play-pause', 'restart', 'speed', 'replications', 'seed', 'run-replications']) {
      expect(reached, `${id} reachable with Tab`).toContain(id);
    }
    await page.getByTestId('play-pause').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => text(page, 'run-status'), WAIT).toBe('Paused');
    const paused = await text(page, 'sim-time');
    await page.waitForTimeout(400);
    expect(await text(page, 'sim-time')).toBe(paused);
    await page.keyboard.press('Space');
    await expect.poll(() => text(page, 'run-status'), WAIT).not.toBe('Paused');
    await screenshot(page, 'e2e-dark');
    expect(errors).toEqual([]);
    await page.close();
  });
});
