/**
 * JSON paths as users read them: `nodes[3].cycle.mean`, `links[2][1]`, `calendars["day shift"]`.
 * One formatter for zod issues and semantic checks, so every message points the same way, and a
 * parser so an editor (or a test) can find the location a path names.
 */

export type PathSegment = string | number;

/** The path of the whole document; never empty, so every issue has a printable location. */
export const ROOT_PATH = '(root)';

// Dotted form only for plain identifiers; everything else (spaces, ':', '-', digits first) is
// quoted so the path can be parsed back without ambiguity.
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = typeof seg === 'symbol' ? String(seg.description ?? '') : seg;
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out === '' ? ROOT_PATH : out;
}

/** Parses a path made by formatPath back into segments; null when it is not such a path. */
export function parsePath(path: string): PathSegment[] | null {
  if (path === ROOT_PATH) return [];
  const segments: PathSegment[] = [];
  const token = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let i = 0;
  while (i < path.length) {
    token.lastIndex = i;
    const m = token.exec(path);
    if (!m) return null;
    // A dot separates identifiers from what precedes them, and never starts the path.
    if (m[1] !== undefined && (i === 0) !== (path[i] !== '.')) return null;
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(JSON.parse(m[3]!) as string);
    i = token.lastIndex;
  }
  return segments.length ? segments : null;
}
