/**
 * comlink 4.4 ships its Node adapter as dist/esm/node-adapter.mjs with types in node-adapter.d.ts,
 * which TypeScript does not pair with a `.mjs` import; this points the import at those types.
 */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
