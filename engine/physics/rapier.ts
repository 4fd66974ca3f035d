/**
 * The one place that loads Rapier (STYLE habit 7: one adapter per third-party engine). Everything
 * else in engine/physics receives the initialised module from here; nothing outside engine/physics
 * imports Rapier at all.
 *
 * We use the deterministic-compat build (DESIGN §4): cross-platform bit-identical stepping, WASM
 * inlined as base64 so `init()` works in Node, workers and browsers without serving an asset
 * (rapier.rs, JavaScript user guide, "Getting started": the -compat packages need `await init()`).
 */
import RAPIER from '@dimforge/rapier3d-deterministic-compat';

/** The initialised Rapier module. */
export type Rapier = typeof RAPIER;

let ready: Promise<Rapier> | undefined;

/** Loads and initialises Rapier once per realm; later calls return the same promise. */
export function initPhysics(): Promise<Rapier> {
  ready ??= RAPIER.init().then(() => RAPIER);
  return ready;
}
