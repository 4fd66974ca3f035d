/**
 * The 3D view (web/view3d) in Chromium with SwiftShader WebGL: the standalone page draws synthetic
 * frames and the default scenario's physics twin; the canvas is not blank; clicking a station's
 * centre selects it, clicking the floor clears the selection; R / Shift+R and dragging report
 * turns and moves of the selected station.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, startHarness, type Harness } from './harness';

/** Luminance variance (0…1 scale) above which the canvas shows something; a cleared canvas is 0. */
const MIN_VARIANCE = 0.001;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function canvasPoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = (await page.getByTestId('view3d-canvas').boundingBox())!;
  const p = await page.evaluate((node) => window.__view3d!.project(node), id);
  expect(p, `${id} is drawn`).not.toBeNull();
  const [x, y] = p!;
  expect(x > 0 && x < box.width && y > 0 && y < box.height, `${id} at ${x}, ${y} is inside the canvas`).toBe(true);
  return { x: box.x + x, y: box.y + y };
}

const text = (page: Page, id: string) => page.getByTestId(id).textContent();

describe('3D view', () => {
  it('draws synthetic frames; picking, turning and dragging a station report it', async () => {
    const { page, errors } = await harness.open('view3d.html?synthetic=200');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
    expect(await text(page, 'view3d-status')).toMatch(/^Synthetic: 200 parts/);
    expect(await page.evaluate(() => window.__view3d!.pixelVariance())).toBeGreaterThan(MIN_VARIANCE);
    // Frames keep arriving at 60 Hz and the view keeps drawing them.
    const frames = await page.evaluate(() => window.__view3d!.view.frames);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.__view3d!.view.frames)).toBeGreaterThan(frames);

    const canvas = page.getByTestId('view3d-canvas');
    expect(await canvas.getAttribute('aria-label')).toMatch(/Arrow keys orbit/);
    expect(await canvas.getAttribute('tabindex')).toBe('0');
    await expect.poll(() => page.getByTestId('view3d-legend').locator('li').count()).toBe(7);

    // Click the machine's centre: it is selected and named in the caption.
    const mill = await canvasPoint(page, 'mill');
    const box = (await canvas.boundingBox())!;
    expect(await page.evaluate(([x, y]) => window.__view3d!.pick(x, y), [mill.x - box.x, mill.y - box.y])).toBe('mill');
    await page.mouse.click(mill.x, mill.y);
    await expect.poll(() => text(page, 'view3d-selected')).toBe('mill');
    expect(await text(page, 'view3d-caption')).toBe('Machine (mill)');

    // R and Shift+R turn the selected station by ±15°.
    await canvas.focus();
    await page.keyboard.press('r');
    await expect.poll(() => text(page, 'view3d-rotate')).toBe('mill +15');
    await page.keyboard.press('Shift+R');
    await expect.poll(() => text(page, 'view3d-rotate')).toBe('mill -15');

    // Drag it 80 px to the right: the camera looks along +y, so the node's x grows.
    await page.mouse.move(mill.x, mill.y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) await page.mouse.move(mill.x + 10 * k, mill.y);
    await expect.poll(() => text(page, 'view3d-drag')).toMatch(/^mill move /);
    await page.mouse.up();
    await expect.poll(() => text(page, 'view3d-drag')).toMatch(/^mill end /);
    const [, , x, y] = (await text(page, 'view3d-drag'))!.split(' ').map(Number);
    // synthetic.ts puts the machine at x = 13, y = −2.1 (200 parts: 5 belts 1.2 m apart, nodes 3 m apart).
    expect(x).toBeGreaterThan(13.3);
    expect(Math.abs(y + 2.1)).toBeLessThan(0.3); // a horizontal drag keeps y

    // The highlight is drawn: the selected view differs from the unselected one.
    await page.mouse.click(mill.x, mill.y);
    await expect.poll(() => text(page, 'view3d-selected')).toBe('mill');
    await screenshot(page, 'e2e-view3d-synthetic');

    // A click on the empty floor clears the selection.
    await page.mouse.click(box.x + 20, box.y + box.height - 12);
    await expect.poll(() => text(page, 'view3d-selected')).toBe('-');

    // Rendering is on demand: with no more frames and no input, nothing is drawn.
    await page.evaluate(() => window.__view3d!.stopFeed!());
    await page.waitForTimeout(300);
    const renders = await page.evaluate(() => window.__view3d!.view.renders);
    await page.waitForTimeout(700);
    expect(await page.evaluate(() => window.__view3d!.view.renders)).toBe(renders);
    // …and a key that moves the camera draws again.
    await canvas.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.evaluate(() => window.__view3d!.view.renders)).toBeGreaterThan(renders);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws the default scenario's physics twin from its worker, and picks its stations", async () => {
    const { page, errors } = await harness.open('view3d.html');
    await page.waitForSelector('body[data-ready]', { timeout: 90_000 });
    expect(await page.evaluate(() => document.body.dataset.ready), await text(page, 'view3d-status') ?? '').toBe('true');
    expect(await text(page, 'view3d-status')).toMatch(/3 robots, 1 humanoid \(physics worker\)/);
    expect(await page.evaluate(() => window.__view3d!.pixelVariance())).toBeGreaterThan(MIN_VARIANCE);
    const frames = await page.evaluate(() => window.__view3d!.view.frames);
    await expect.poll(() => page.evaluate(() => window.__view3d!.view.frames), { timeout: 10_000 }).toBeGreaterThan(frames + 10);

    for (const id of ['press', 'test', 'assembly']) {
      const p = await canvasPoint(page, id);
      await page.mouse.click(p.x, p.y);
      await expect.poll(() => text(page, 'view3d-selected')).toBe(id);
    }
    await screenshot(page, 'e2e-view3d');
    expect(errors).toEqual([]);
    await page.close();
  });
});
