/**
 * The web app's flows (issue 5), each clicking as a person would and checking what the page shows,
 * with a screenshot under test-results/: the default scene in 3D (the canvas is not blank), play
 * and pause, dragging a station and undoing it, editing a cycle time and seeing throughput change,
 * saving and loading a scenario, a bad file's message with the session kept, and a reload that
 * restores the autosaved session.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseScenarioJson } from '../../engine/model/validate';
import { screenshot, startHarness, type Harness } from './harness';

const WAIT = { timeout: 60_000, interval: 200 };
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent())?.trim() ?? '';
const value = (page: Page, testId: string) => page.getByTestId(testId).first().inputValue();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** Opens the page and waits until the 3D view draws the default scene's twin. */
async function openIn3D(): Promise<{ page: Page; errors: string[] }> {
  const opened = await h.open();
  const { page } = opened;
  await expect.poll(() => text(page, 'scene-name'), WAIT).toBe('Gear motor assembly line');
  await expect.poll(() => page.evaluate(() => Boolean(window.__lineView)), WAIT).toBe(true);
  await page.evaluate(() => window.__lineView!.firstFrame);
  return opened;
}

/** Luminance variance of what the canvas shows on screen (a blank canvas gives ~0). */
async function canvasVariance(page: Page): Promise<number> {
  const png = await page.locator('.view3d-card canvas').screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let s = 0, s2 = 0;
    for (let i = 0; i < d.length; i += 4) {
      const y = (0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]) / 255;
      s += y;
      s2 += y * y;
    }
    const n = d.length / 4;
    return s2 / n - (s / n) ** 2;
  }, png.toString('base64'));
}

/** Where node `id` is drawn, in page coordinates. */
async function nodeOnScreen(page: Page, id: string): Promise<{ x: number; y: number }> {
  const at = await page.evaluate((node) => window.__lineView!.projectNode(node), id);
  expect(at, `${id} is drawn`).not.toBeNull();
  const box = (await page.locator('.view3d-card canvas').boundingBox())!;
  return { x: box.x + at![0], y: box.y + at![1] };
}

/** Runs 2 replications in the page and returns the new report's mean throughput. */
async function runReplications(page: Page): Promise<number> {
  const previous = (await page.getByTestId('report-json').count()) ? await text(page, 'report-json') : '';
  await page.getByTestId('replications').fill('2');
  await page.getByTestId('run-replications').click();
  await expect.poll(async () => (await page.getByTestId('report-json').count()) > 0 && (await text(page, 'report-json')) !== previous, WAIT).toBe(true);
  await expect.poll(() => text(page, 'batch-status'), WAIT).toBe('Done');
  const report = JSON.parse(await text(page, 'report-json')) as { throughputPerHour: { mean: number }; replications: number };
  expect(report.replications).toBe(2);
  return report.throughputPerHour.mean;
}

describe('the web app', () => {
  it('opens the default scene in 3D, running; the canvas shows the line; play and pause', async () => {
    const { page, errors } = await openIn3D();
    expect(await canvasVariance(page)).toBeGreaterThan(0.002);
    expect(await text(page, 'run-status')).not.toBe('Paused');
    const t0 = await text(page, 'sim-time');
    await expect.poll(() => text(page, 'sim-time'), WAIT).not.toBe(t0);
    await page.getByTestId('play-pause').click();
    await expect.poll(() => text(page, 'run-status'), WAIT).toBe('Paused');
    const paused = await text(page, 'sim-time');
    await page.waitForTimeout(500);
    expect(await text(page, 'sim-time')).toBe(paused);
    // Step: 60 physics steps of 1/60 s are one simulated second.
    const seconds = (clock: string) => clock.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
    for (let i = 0; i < 60; i++) await page.getByTestId('step').click();
    await expect.poll(async () => seconds(await text(page, 'sim-time')) - seconds(paused), WAIT).toBeGreaterThanOrEqual(1);
    expect(seconds(await text(page, 'sim-time')) - seconds(paused)).toBeLessThanOrEqual(2);
    expect(await text(page, 'run-status')).toBe('Paused');
    await page.getByTestId('play-pause').click();
    await expect.poll(() => text(page, 'sim-time'), WAIT).not.toBe(await text(page, 'sim-time'));
    // As fast as the worker can.
    await page.getByLabel('Speed').selectOption({ label: 'max' });
    const fast0 = seconds(await text(page, 'sim-time'));
    await expect.poll(async () => seconds(await text(page, 'sim-time')) - fast0, WAIT).toBeGreaterThan(60);
    await screenshot(page, 'e2e-app-3d');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('drags a station on the floor and undoes it', async () => {
    const { page, errors } = await openIn3D();
    const start = await nodeOnScreen(page, 'press');
    await page.mouse.click(start.x, start.y);
    await expect.poll(() => value(page, 'node-id'), WAIT).toBe('press');
    const x0 = await value(page, 'placement-x');
    expect(Number(x0)).toBeCloseTo(2.8, 6);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 60, start.y + 10, { steps: 8 });
    await page.mouse.move(start.x + 120, start.y + 20, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => value(page, 'placement-x'), WAIT).not.toBe(x0);
    const moved = Number(await value(page, 'placement-x'));
    // Snapped to the 25 cm grid.
    expect(Math.abs(moved * 4 - Math.round(moved * 4))).toBeLessThan(1e-9);
    await screenshot(page, 'e2e-app-dragged');
    await page.getByTestId('undo').click();
    await expect.poll(() => value(page, 'placement-x'), WAIT).toBe(x0);
    await expect.poll(() => page.getByTestId('redo').isEnabled(), WAIT).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('edits a cycle time in the inspector and the throughput responds', async () => {
    const { page, errors } = await openIn3D();
    const before = await runReplications(page);
    // Select the end-of-line test station on the schematic and make it ten times slower (35 → 350 s).
    await page.getByTestId('tab-schematic').click();
    await page.getByTestId('node-test').click();
    await expect.poll(() => value(page, 'node-id'), WAIT).toBe('test');
    const cycle = page.getByTestId('station-cycle').getByLabel(/^Value/);
    await cycle.fill('350');
    await cycle.press('Enter');
    await expect.poll(() => text(page, 'validity'), WAIT).toMatch(/valid/i);
    // The edit reloads the run (the experiment's button waits for it); it measures the slower line.
    const after = await runReplications(page);
    expect(after).toBeLessThan(before * 0.5);
    // About one part per 350 s at the test station, a little less with its rework.
    expect(after).toBeLessThan(3600 / 350 + 0.5);
    await screenshot(page, 'e2e-app-cycle-edit');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('saves the scenario as JSON and opens it again; a bad file is named and the session stays', async () => {
    const { page, errors } = await openIn3D();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-scenario').click()]);
    const saved = readFileSync((await download.path())!, 'utf8');
    const parsed = parseScenarioJson(saved, 'saved.json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.name).toBe('Gear motor assembly line');
    // An edit: a new station (unconnected, so the document has an issue to show).
    await page.getByTestId('add-station').click();
    await expect.poll(() => value(page, 'node-id'), WAIT).toMatch(/^station-/);
    await expect.poll(() => text(page, 'validity'), WAIT).not.toMatch(/^valid$/i);
    // A bad file: the page names the JSON path, and the edit is still there to undo.
    const bad = JSON.parse(saved);
    bad.nodes[1].cycle.sd = -1;
    await page.getByLabel('Load scenario').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await expect.poll(() => text(page, 'load-error'), WAIT).toContain('nodes[1].cycle.sd');
    expect(await page.getByTestId('undo').isEnabled()).toBe(true);
    expect(await value(page, 'node-id')).toMatch(/^station-/);
    await screenshot(page, 'e2e-app-bad-file');
    // The saved file opens as it was: no added station, valid again.
    await page.getByLabel('Load scenario').setInputFiles({ name: 'saved.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
    await expect.poll(() => text(page, 'validity'), WAIT).toMatch(/^valid$/i);
    await expect.poll(() => text(page, 'scene-file'), WAIT).toBe('saved.json');
    expect(await page.getByTestId('load-error').count()).toBe(0);
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-scenario').click()]);
    expect(readFileSync((await again.path())!, 'utf8')).toBe(saved);
    await screenshot(page, 'e2e-app-save-load');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('restores the autosaved session after a reload', async () => {
    const { page, errors } = await openIn3D();
    await page.keyboard.press('Escape');
    const name = page.getByTestId('scenario-name');
    await name.fill('Gear motor line, what-if B');
    await name.press('Enter');
    await expect.poll(() => text(page, 'scene-name'), WAIT).toBe('Gear motor line, what-if B');
    await expect.poll(() => text(page, 'autosave-status'), WAIT).toMatch(/saved/i);
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => text(page, 'scene-name'), WAIT).toBe('Gear motor line, what-if B');
    expect(await value(page, 'scenario-name')).toBe('Gear motor line, what-if B');
    await screenshot(page, 'e2e-app-reload');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
