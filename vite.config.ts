/**
 * The page (web/) served by `npm start` and built by `npm run build` into dist/. The simulation
 * runs in an ES-module worker (workers/simulation.worker.ts); scenes/ sit outside web/, so the dev
 * server may read the whole repository.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The built pages' Content-Security-Policy (issue 5, "safe by default"): scripts, workers, styles,
 * data only from the page's own origin; no inline script and no eval — WebAssembly compilation is
 * the one exception Rapier needs ('wasm-unsafe-eval'); images also from data: and blob: (the icon,
 * canvas snapshots). Set as a <meta> in the built HTML only: the dev server injects an inline
 * client for hot reload, which a strict policy would block. frame-ancestors cannot be set by a
 * <meta>, nor can a <meta> reach the workers: a server in front of dist/ should send the policy as a
 * header (vite preview does, below).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'line-twin:csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/** Open a browser tab only for a person at a desktop: never in CI or on a headless machine. */
function hasDisplay(): boolean {
  if (process.env.CI) return false;
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  publicDir: false,
  clearScreen: false,
  server: {
    fs: { allow: [repoRoot] },
    open: hasDisplay(),
  },
  plugins: [contentSecurityPolicy()],
  // `vite preview` serves the build as a deployment should: the policy as a header on every
  // response, so it also covers the workers (a page's <meta> policy does not reach them).
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  worker: { format: 'es' },
  // Pre-bundle everything up front (the worker's imports are not found by the entry scan), so the
  // first visit never triggers a re-optimisation and reload.
  optimizeDeps: {
    include: ['preact', 'preact/hooks', 'preact/jsx-runtime', '@preact/signals', 'comlink', 'zod', '@dimforge/rapier3d-deterministic-compat'],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Two pages: the line (index.html) and the physics preview (physics.html).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        physics: fileURLToPath(new URL('./web/physics.html', import.meta.url)),
        view3d: fileURLToPath(new URL('./web/view3d.html', import.meta.url)),
        dashboard: fileURLToPath(new URL('./web/dashboard.html', import.meta.url)),
      },
    },
    target: 'es2022',
    // The physics worker carries Rapier's WebAssembly inlined as base64 (≈ 5 MB raw, 1.7 MB gzip):
    // one chunk by design, loaded by the worker, never by the page's first paint (web.bundle).
    chunkSizeWarningLimit: 8000,
  },
});
