/**
 * The URDF files shipped in scenes/robots/, bundled as text at build time (Vite `?raw`) for the
 * browser worker, which cannot read files (urdf-source.ts). Node does not understand `?raw`
 * imports: Node code uses urdf-source-node.ts instead.
 */
import pandaArm from '../scenes/robots/panda_arm.urdf?raw';
import ur5 from '../scenes/robots/ur5.urdf?raw';
import type { UrdfSource } from './urdf-source';

const BUNDLED: ReadonlyMap<string, string> = new Map([
  ['robots/ur5.urdf', ur5],
  ['robots/panda_arm.urdf', pandaArm],
]);

/** Paths (relative to scenes/) of the bundled files. */
export const BUNDLED_URDF_PATHS: readonly string[] = [...BUNDLED.keys()];

export const readBundledUrdf: UrdfSource = (path) => {
  const text = BUNDLED.get(path);
  if (text === undefined) {
    throw new Error(`not bundled with the page (bundled: ${BUNDLED_URDF_PATHS.join(', ')})`);
  }
  return text;
};
