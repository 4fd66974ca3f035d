/**
 * The physics preview page in Chromium: the default scenario's physics twin (line simulator +
 * Rapier world) steps in a web worker, frames are drawn, and the frame hash after N steps equals
 * the hash of the same run in Node (DESIGN §2 determinism; issue 4 item 7).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhysicsService } from '../../workers/physics-api';
import { readUrdfFromScenes } from '../../workers/urdf-source-node';
import { repoRoot, screenshot, startHarness, type Harness } from './harness';

const SCENARIO = readFileSync(join(repoRoot, 'scenes/assembly-line/scenario.json'), 'utf8');
/** 2 simulated minutes: parts have left the source, belts carry some, robots and stations work. */
const STEPS = 7200;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('physics preview', () => {
  it(`gives the same twin frame hash after ${STEPS} steps in a Chromium worker as in Node`, async () => {
    const node = new PhysicsService({ readUrdf: readUrdfFromScenes });
    const loaded = await node.loadScenario(SCENARIO, { fileName: 'scenes/assembly-line/scenario.json' });
    expect(loaded.ok).toBe(true);
    node.step(STEPS);
    const expected = String(node.frameHash());
    const stats = node.stats();

    const { page, errors } = await harness.open(`physics.html?steps=${STEPS}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
    expect(await page.getByTestId('physics-hash').textContent()).toBe(expected);
    expect(await page.getByTestId('physics-step').textContent()).toBe(String(STEPS));
    expect(await page.getByTestId('physics-completed').textContent()).toBe(String(stats.partsCompleted));
    expect(Number(await page.getByTestId('physics-parts').textContent())).toBe(stats.partCount);
    expect(stats.partCount).toBeGreaterThan(0);
    expect(await page.getByTestId('physics-status').textContent()).toMatch(/3 robots, 1 humanoid$/);
    await screenshot(page, 'e2e-physics-twin');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('plays: the step counter advances, and pauses on the button', async () => {
    const { page, errors } = await harness.open('physics.html');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
    const stepAt = async () => Number(await page.getByTestId('physics-step').textContent());
    const first = await stepAt();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="physics-step"]')?.textContent) > n + 30, first, { timeout: 20_000 });
    await page.getByTestId('physics-play').click();
    await expect.poll(async () => page.getByTestId('physics-play').textContent()).toBe('Play');
    // Paused: the counter holds still.
    await page.waitForTimeout(200);
    const paused = await stepAt();
    await page.waitForTimeout(300);
    expect(await stepAt()).toBe(paused);
    expect(errors).toEqual([]);
    await page.close();
  });
});
