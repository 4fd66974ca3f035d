/**
 * Colours of the 3D view. Station states use the page's palette (web/ui/states.ts: one CSS custom
 * property `--state-<name>` per StationState, defined in web/styles.css for light and dark themes),
 * read once from the document; STATE_HEX is the light theme's values, used where no stylesheet
 * defines them (Node tests, a page without styles.css). Everything else has fixed colours, the
 * same as the physics preview's 2D drawing (web/physics/main.ts) where it draws the same thing.
 */
import { STATE_LIGHT_HEX, STATE_NAMES, type StateName } from '../ui/states';

/** web/styles.css, light theme (the test checks they stay equal). */
export const STATE_HEX: Readonly<Record<StateName, string>> = STATE_LIGHT_HEX;

/** Fixed colours of everything that is not a station state. */
export const MARK_HEX = {
  belt: '#8a94a6',
  beltBlocked: '#5c6370',
  part: '#f59f00',
  robot: '#1864ab',
  humanoid: '#c2255c',
  /** A station whose frame code is not a state (no server, unknown). */
  station: '#dee2e6',
  source: '#a5b4c4',
  buffer: '#c9bfa8',
  sink: '#b4a5c4',
  unknown: '#dee2e6',
  floor: '#e9ecef',
  gridMinor: '#ced4da',
  gridMajor: '#adb5bd',
  background: '#f8f9fa',
  selection: '#0bc5ea',
} as const;

export type Rgb = [number, number, number];

/** '#rrggbb' or '#rgb' as sRGB components 0…1 (what Babylon's Color3 and instance colours take). */
export function hexToRgb(hex: string): Rgb {
  let h = hex.trim().replace(/^#/, '');
  if (h.length === 3) h = h.split('').map((c) => c + c).join('');
  if (!/^[0-9a-fA-F]{6}$/.test(h)) throw new RangeError(`not a hex colour: ${hex}`);
  const n = parseInt(h, 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** RGBA per state code (4 floats each, state code k at 4k), as the instance colour buffers take them. */
export type StatePalette = Float32Array;

/**
 * The state palette: `read(name)` gives a CSS value for `--state-<name>` (e.g. from
 * getComputedStyle); an empty or unparsable value falls back to STATE_HEX.
 */
export function statePalette(read: (cssVar: string) => string = () => ''): StatePalette {
  const out = new Float32Array(4 * STATE_NAMES.length);
  STATE_NAMES.forEach((name, k) => {
    let rgb: Rgb;
    try {
      rgb = hexToRgb(read(`--state-${name}`) || STATE_HEX[name]);
    } catch {
      rgb = hexToRgb(STATE_HEX[name]);
    }
    out.set([rgb[0], rgb[1], rgb[2], 1], 4 * k);
  });
  return out;
}

/** The palette of the document's stylesheet (the current theme), or STATE_HEX without one. */
export function documentStatePalette(): StatePalette {
  if (typeof document === 'undefined' || typeof getComputedStyle === 'undefined') return statePalette();
  const style = getComputedStyle(document.documentElement);
  return statePalette((name) => style.getPropertyValue(name).trim());
}

/** Node kinds that have a template mesh of their own. */
export type NodeTemplate = 'machine' | 'manual' | 'robot' | 'buffer' | 'source' | 'sink';
export const NODE_TEMPLATES: readonly NodeTemplate[] = ['machine', 'manual', 'robot', 'buffer', 'source', 'sink'];

/** The template of a node: a station by its kind (machine when none), else its type. */
export function templateOf(type: string, kind?: string): NodeTemplate {
  if (type === 'station') return kind === 'manual' || kind === 'robot' ? kind : 'machine';
  if (type === 'buffer' || type === 'source' || type === 'sink') return type;
  return 'machine';
}

const FIXED_RGB: Record<'source' | 'buffer' | 'sink' | 'station' | 'unknown', Rgb> = {
  source: hexToRgb(MARK_HEX.source),
  buffer: hexToRgb(MARK_HEX.buffer),
  sink: hexToRgb(MARK_HEX.sink),
  station: hexToRgb(MARK_HEX.station),
  unknown: hexToRgb(MARK_HEX.unknown),
};

/**
 * Writes the RGBA of a placed node into out[o..o+3]: a station by its state code (0…6, the frame
 * entry's code; anything else is the neutral station colour), other nodes by their type.
 */
export function writeNodeColour(type: string, code: number, palette: StatePalette, out: Float32Array, o: number): void {
  if (type === 'station') {
    if (code >= 0 && code < STATE_NAMES.length && Number.isInteger(code)) {
      const p = 4 * code;
      out[o] = palette[p]; out[o + 1] = palette[p + 1]; out[o + 2] = palette[p + 2]; out[o + 3] = 1;
      return;
    }
    const c = FIXED_RGB.station;
    out[o] = c[0]; out[o + 1] = c[1]; out[o + 2] = c[2]; out[o + 3] = 1;
    return;
  }
  const c = type === 'source' || type === 'buffer' || type === 'sink' ? FIXED_RGB[type] : FIXED_RGB.unknown;
  out[o] = c[0]; out[o + 1] = c[1]; out[o + 2] = c[2]; out[o + 3] = 1;
}
