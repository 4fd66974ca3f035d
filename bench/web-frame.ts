/**
 * web.frame: main-thread milliseconds per frame of the 3D view (web/view3d) with PARTS moving
 * parts. Vite's dev server and Debian's Chromium (headless, SwiftShader WebGL, as the e2e harness
 * test/e2e/harness.ts starts them, but with a private dependency cache so a dev server running at
 * the same time cannot re-optimise the page's modules under it) open view3d.html?synthetic=PARTS,
 * which feeds synthetic twin frames at 60 Hz with no worker (web/view3d/synthetic.ts). Each frame
 * handler — LineView3D.update (matrices
 * into the thin-instance buffers, uploads) plus the render that shows it — is one 'frame'
 * performance measure; a PerformanceObserver in the page collects them for WINDOW_MS after a
 * WARMUP_MS warm-up. updateMedianMs / renderMedianMs split the same frames (LineView3D.timings());
 * updatesPerFrame is how many 60 Hz synthetic frames one render showed (renders follow
 * requestAnimationFrame, which SwiftShader's rasterising holds well below 60 Hz here).
 * Target: medianMs ≤ 4. With SwiftShader the GPU work runs on the CPU in Chromium's GPU process,
 * outside these figures; on a 2-core VM it competes with the page for the cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM, repoRoot } from '../test/e2e/harness';
import type { Benchmark } from './run';

const PARTS = 1000;
const WARMUP_MS = 1000;
const WINDOW_MS = 5000;

declare global {
  interface Window {
    __frameMs?: number[];
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

async function collect(page: Page): Promise<{ durations: number[]; updatesPerFrame: number }> {
  await page.evaluate(() => {
    window.__frameMs = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'frame') window.__frameMs!.push(entry.duration);
    }).observe({ type: 'measure' });
  });
  await page.waitForTimeout(WARMUP_MS);
  const counts = () => page.evaluate(() => [window.__view3d!.view.frames, window.__view3d!.view.renders]);
  await page.evaluate(() => { window.__frameMs!.length = 0; });
  const [frames0, renders0] = await counts();
  await page.waitForTimeout(WINDOW_MS);
  const durations = await page.evaluate(() => window.__frameMs!.slice());
  const [frames1, renders1] = await counts();
  return { durations, updatesPerFrame: (frames1 - frames0) / Math.max(1, renders1 - renders0) };
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

export const webFrame: Benchmark = {
  name: 'web.frame',
  async run() {
    const scratch = mkdtempSync(join(tmpdir(), 'line-twin-web-frame-'));
    const server = await createServer({
      configFile: join(repoRoot, 'vite.config.ts'),
      logLevel: 'error',
      cacheDir: join(scratch, 'vite'),
      server: { host: '127.0.0.1', port: 0, strictPort: false, open: false, hmr: false, watch: null },
    });
    try {
      await server.listen();
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error('web.frame: the dev server did not report its address');
      const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
        executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 720 }, timeout: 60_000,
      });
      try {
        return await measure(await context.newPage(), new URL(`view3d.html?synthetic=${PARTS}`, url).href);
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      await server.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

async function measure(page: Page, href: string): Promise<Record<string, unknown>> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text().slice(0, 200));
  });
  await page.goto(href, { waitUntil: 'load', timeout: 60_000 });
  const ready = await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 }).then(() => true, () => false);
  if (!ready) {
    const status = await page.evaluate(() => document.getElementById('status')?.textContent ?? '');
    throw new Error(`web.frame: the page did not draw a frame in 90 s (status: ${status}; errors: ${errors.slice(0, 3).join('; ') || 'none'})`);
  }
  const { durations, updatesPerFrame } = await collect(page);
  const n = durations.length;
  const split = await page.evaluate((count) => window.__view3d!.view.timings(count), Math.min(n, 512));
  await page.close();
  if (errors.length) throw new Error(`web.frame: page errors: ${errors.slice(0, 3).join('; ')}`);
  const sorted = [...durations].sort((a, b) => a - b);
  const med = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
  return {
    medianMs: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    frames: n,
    parts: PARTS,
    framesPerSecond: round(n / (WINDOW_MS / 1000)),
    updatesPerFrame: round(updatesPerFrame),
    updateMedianMs: round(med(split.update)),
    renderMedianMs: round(med(split.render)),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
  };
}
