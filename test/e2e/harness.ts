/**
 * Browser test harness: the page served by Vite's dev server (the repository's vite.config.ts, as
 * `npm start` serves it) and Debian's Chromium driven by playwright-core, with a fresh profile.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, createServer, preview, type ViteDevServer } from 'vite';

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
  /**
   * Opens the page (or `path` under it); uncaught page errors are collected in `errors`. The
   * origin's IndexedDB (the editor's autosaved session) is cleared first, so each test starts on
   * the default scene, unless `keepSession`.
   */
  open(path?: string, options?: { keepSession?: boolean }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** A server the harness drives: Vite's dev server or its preview of a build. */
interface Served {
  url: string;
  close(): Promise<void>;
}

/** The page as `npm start` serves it (Vite's dev server). */
export async function startHarness(): Promise<Harness> {
  // Its own dependency cache: test files run side by side, and a server that re-optimises a
  // dependency found late (Babylon's deep imports) must not invalidate another's ("504 Outdated
  // Optimize Dep").
  const cacheDir = mkdtempSync(join(tmpdir(), 'line-twin-vite-'));
  const server: ViteDevServer = await createServer({
    configFile: join(repoRoot, 'vite.config.ts'),
    cacheDir,
    logLevel: 'warn',
    // No file watching and no hot reload: an edit elsewhere in the repository during a run must
    // not reload the page under test.
    server: { host: '127.0.0.1', port: 0, strictPort: false, open: false, hmr: false, watch: null },
  });
  try {
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the dev server did not report its address');
    return await withChromium({
      url,
      close: async () => {
        await server.close();
        rmSync(cacheDir, { recursive: true, force: true });
      },
    });
  } catch (e) {
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The built page (`vite build` into a temporary directory, never dist/) served by Vite's preview
 * server: what a deployment serves, with the build-only Content-Security-Policy.
 */
export async function startBuiltHarness(): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'line-twin-build-'));
  const configFile = join(repoRoot, 'vite.config.ts');
  try {
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const server = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the preview server did not report its address');
    return await withChromium({
      url,
      close: async () => {
        await server.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    });
  } catch (e) {
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}

async function withChromium(served: Served): Promise<Harness> {
  const url = served.url;
  let userDataDir: string | null = null;
  try {
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
      async open(path = '', options = {}) {
        const page = await context.newPage();
        if (!options.keepSession) {
          const cdp = await context.newCDPSession(page);
          await cdp.send('Storage.clearDataForOrigin', { origin: new URL(url).origin, storageTypes: 'indexeddb' });
          await cdp.detach();
        }
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
        await served.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await served.close();
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
