/**
 * web.bundle: what the built page costs to download. Runs `vite build` with the repository's
 * vite.config.ts into a temporary directory (never dist/: a user's build stays as it is), with
 * the build manifest switched on for this build only, then measures gzip sizes (node:zlib, level
 * 9) of:
 * - initialJsGzipKB: the JavaScript index.html loads before anything is lazy: its entry chunk and
 *   the chunks it imports statically, transitively (the manifest's `imports`; `dynamicImports`
 *   are left out), i.e. the entry script and its modulepreload links. Budget: 600 KB;
 * - the same for every page of the build (`pages`: index.html, physics.html, dashboard.html, …);
 * - lazyDashboardChartsGzipKB: what web/dashboard/charts.ts (ECharts) adds when it is imported,
 *   beyond what the dashboard page already loaded;
 * - totalJsGzipKB: every .js file of the build (pages, lazy chunks, workers);
 * - wasmKB: raw size of .wasm files, when there are any (Rapier's compat build inlines its
 *   WebAssembly into JavaScript, so there may be none).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Benchmark } from './run';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const INITIAL_JS_BUDGET_KB = 600;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Output files of a manifest key and everything it imports statically, transitively. */
export function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const dep of chunk.imports ?? []) staticClosure(manifest, dep, into);
  return into;
}

export const webBundle: Benchmark = {
  name: 'web.bundle',
  async run() {
    const { build } = await import('vite');
    const outDir = mkdtempSync(join(tmpdir(), 'line-twin-bundle-'));
    try {
      const t0 = performance.now();
      await build({
        configFile: join(repoRoot, 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true, manifest: true, reportCompressedSize: false },
      });
      const buildSeconds = (performance.now() - t0) / 1000;
      const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
      const gz = new Map<string, number>();
      const gzipOf = (file: string) => {
        let size = gz.get(file);
        if (size === undefined) {
          size = gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
          gz.set(file, size);
        }
        return size;
      };
      const jsOnly = (files: Iterable<string>) => [...files].filter((f) => f.endsWith('.js'));
      const sum = (files: Iterable<string>) => jsOnly(files).reduce((a, f) => a + gzipOf(f), 0);

      const pageKey = (html: string) => Object.keys(manifest).find((k) => k === html || k.endsWith(`/${html}`));
      const pages: Record<string, { initialJsGzipKB: number; files: number }> = {};
      for (const key of Object.keys(manifest).filter((k) => k.endsWith('.html')).sort()) {
        const files = jsOnly(staticClosure(manifest, key));
        pages[key] = { initialJsGzipKB: kb(sum(files)), files: files.length };
      }
      const indexKey = pageKey('index.html');
      if (!indexKey) throw new Error('the build manifest has no index.html entry');
      const initial = jsOnly(staticClosure(manifest, indexKey));

      // The lazy ECharts chunk: charts.ts and its static imports not already loaded by the dashboard page.
      const chartsKey = Object.keys(manifest).find((k) => k.endsWith('dashboard/charts.ts'));
      const dashboardKey = pageKey('dashboard.html');
      let lazyDashboardChartsGzipKB: number | null = null;
      if (chartsKey) {
        const already = dashboardKey ? staticClosure(manifest, dashboardKey) : new Set<string>();
        lazyDashboardChartsGzipKB = kb(sum([...staticClosure(manifest, chartsKey)].filter((f) => !already.has(f))));
      }

      const all = filesUnder(outDir).map((f) => relative(outDir, f).split('\\').join('/'));
      const js = all.filter((f) => f.endsWith('.js'));
      const wasm = all.filter((f) => f.endsWith('.wasm'));
      const wasmBytes = wasm.reduce((a, f) => a + statSync(join(outDir, f)).size, 0);
      const largest = js
        .map((file) => ({ file, gzipKB: kb(gzipOf(file)), initial: initial.includes(file) }))
        .sort((a, b) => b.gzipKB - a.gzipKB)
        .slice(0, 6);
      const initialJsGzipKB = kb(sum(initial));
      return {
        initialJsGzipKB,
        budgetKB: INITIAL_JS_BUDGET_KB,
        withinBudget: initialJsGzipKB <= INITIAL_JS_BUDGET_KB,
        totalJsGzipKB: kb(sum(js)),
        chunks: js.length,
        initialChunks: initial.map((file) => ({ file, gzipKB: kb(gzipOf(file)) })),
        pages,
        lazyDashboardChartsGzipKB,
        largestChunks: largest,
        ...(wasm.length > 0 ? { wasmKB: kb(wasmBytes) } : {}),
        buildSeconds: Math.round(buildSeconds * 10) / 10,
      };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
