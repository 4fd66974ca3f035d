/**
 * URDF files for the physics twin in Node (CLI, Node worker, tests): read from the repository's
 * scenes/ directory (urdf-source.ts). The scenario schema allows only relative paths without `..`;
 * this checks again that the file resolves inside scenes/.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UrdfSource } from './urdf-source';

export const SCENES_DIR = fileURLToPath(new URL('../scenes/', import.meta.url));

export const readUrdfFromScenes: UrdfSource = (path) => {
  const file = resolve(SCENES_DIR, path);
  const inside = relative(SCENES_DIR, file);
  if (typeof path !== 'string' || path === '' || isAbsolute(path) || inside === '' || inside.split(sep)[0] === '..' || isAbsolute(inside)) {
    throw new Error('not a file inside scenes/');
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'no such file in scenes/' : `cannot be read from scenes/ (${code ?? String(e)})`);
  }
};
