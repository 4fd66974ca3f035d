/**
 * Safe by default (issue 5 item 6): the built pages run under the strict Content-Security-Policy
 * (no inline script, no eval; only 'wasm-unsafe-eval' for Rapier) with no violation while they
 * load and run, request nothing from other origins, and show a scenario's name as text even when
 * it is markup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../vite.config';
import { repoRoot, screenshot, startBuiltHarness, type Harness } from './harness';

const WAIT = { timeout: 60_000, interval: 250 };
let h: Harness;

beforeAll(async () => {
  h = await startBuiltHarness();
  // Before any page script: record every policy violation (the init script itself is exempt).
  await h.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}, 180_000);
afterAll(async () => {
  await h?.close();
});

async function watchRequests(page: Page, origin: string): Promise<string[]> {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}

describe('the built page', () => {
  it('carries the policy, runs the default scene without a violation, and stays on its origin', async () => {
    const { page, errors } = await h.open('');
    const foreign = await watchRequests(page, new URL(h.url).origin);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(meta).not.toMatch(/unsafe-inline|'unsafe-eval'/);
    // The simulation worker runs: the simulated clock moves.
    const clock = page.getByTestId('sim-time');
    const first = await clock.textContent();
    await expect.poll(() => clock.textContent(), WAIT).not.toBe(first);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'e2e-csp-built-page');
    await page.close();
  }, 120_000);

  it('shows markup in a scenario name as text: no element is created from it', async () => {
    const { page, errors } = await h.open('');
    await expect.poll(() => page.getByTestId('scene-name').textContent(), WAIT).not.toBe('Loading…');
    const doc = JSON.parse(readFileSync(join(repoRoot, 'scenes/benchmarks/serial-10.json'), 'utf8'));
    doc.name = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    await page.getByLabel('Load scenario').setInputFiles({ name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await expect.poll(() => page.getByTestId('scene-name').textContent(), WAIT).toBe(doc.name);
    expect(await page.locator('header img, header b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('runs the physics page (Rapier WebAssembly in a worker) under the same policy', async () => {
    const { page, errors } = await h.open('physics.html?steps=120');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    expect(await page.getByTestId('physics-step').textContent()).toBe('120');
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
