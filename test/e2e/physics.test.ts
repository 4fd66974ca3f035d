/**
 * The physics preview page in Chromium: the Rapier world steps in a web worker, frames are drawn,
 * and the frame hash after N steps equals the hash of the same run in Node (DESIGN §2
 * determinism; issue 4 item 7).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhysicsService } from '../../workers/physics-api';
import type { PhysicalLayout } from '../../engine/physics/layout';
import { repoRoot, screenshot, startHarness, type Harness } from './harness';

const layout = JSON.parse(readFileSync(join(repoRoot, 'scenes/physics-demo/layout.json'), 'utf8')) as PhysicalLayout;
const OPTIONS = { maxParts: 64, spawnEverySeconds: 0.5 };

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('physics preview', () => {
  it('gives the same frame hash after 240 steps in a Chromium worker as in Node', async () => {
    const node = new PhysicsService();
    const loaded = await node.load(layout, OPTIONS);
    expect(loaded.ok).toBe(true);
    node.step(240);
    const expected = String(node.frameHash());

    const { page, errors } = await harness.open('physics.html?steps=240');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.getByTestId('physics-hash').textContent()).toBe(expected);
    expect(await page.getByTestId('physics-step').textContent()).toBe('240');
    // Parts spawn every 30 steps on both conveyors and leave at the ends: some are on the belts.
    expect(Number(await page.getByTestId('physics-parts').textContent())).toBeGreaterThan(0);
    await screenshot(page, 'e2e-physics-preview');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('plays: the step counter advances and the canvas shows parts moving', async () => {
    const { page, errors } = await harness.open('physics.html');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const stepAt = async () => Number(await page.getByTestId('physics-step').textContent());
    const first = await stepAt();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="physics-step"]')?.textContent) > n + 30, first, { timeout: 20_000 });
    await page.getByTestId('physics-play').click();
    await expect.poll(async () => page.getByTestId('physics-play').textContent()).toBe('Play');
    expect(errors).toEqual([]);
    await page.close();
  });
});
