/**
 * The scene the page opens on (DESIGN §1): scenes/assembly-line/scenario.json, or the serial-line
 * benchmark while the assembly line is not there yet. Both are bundled as text at build time and
 * go through the same validation as a file the user picks.
 */
const scenes = import.meta.glob<string>(
  ['../../scenes/assembly-line/scenario.json', '../../scenes/benchmarks/serial-10.json'],
  { query: '?raw', import: 'default', eager: true },
);

const PREFERRED = ['../../scenes/assembly-line/scenario.json', '../../scenes/benchmarks/serial-10.json'];

export interface SceneText {
  /** Path from the repository root, shown in messages. */
  fileName: string;
  text: string;
}

export function defaultScene(): SceneText | null {
  for (const key of PREFERRED) {
    const text = scenes[key];
    if (typeof text === 'string') return { fileName: key.replace(/^(\.\.\/)+/, ''), text };
  }
  return null;
}
