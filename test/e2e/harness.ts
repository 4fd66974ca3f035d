/**
 * Browser test harness: the page served by Vite's dev server (the repository's vite.config.ts, as
 * `npm start` serves it) and Debian's Chromium driven by playwright-core, with a fresh profile.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const resultsDir = join(repoRoot, 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Harness {
  url: string;
  context: BrowserContext;
  /** Opens the page (or `path` under it); uncaught page errors are collected in `errors`. */
  open(path?: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server: ViteDevServer = await createServer({
    configFile: join(repoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    // No file watching and no hot reload: an edit elsewhere in the repository during a run must
    // not reload the page under test.
    server: { host: '127.0.0.1', port: 0, strictPort: false, open: false, hmr: false, watch: null },
  });
  let userDataDir: string | null = null;
  try {
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the dev server did not report its address');
    userDataDir = mkdtempSync(join(tmpdir(), 'line-twin-e2e-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 720 },
      timeout: 60_000,
    });
    const dir = userDataDir;
    return {
      url,
      context,
      async open(path = '') {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        await page.goto(new URL(path, url).href, { waitUntil: 'load', timeout: 60_000 });
        return { page, errors };
      },
      async close() {
        await context.close().catch(() => undefined);
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
