/**
 * Locating a JSON syntax error as LINE:COL. JSON.parse reports positions differently per engine:
 * Node 20 (V8 11) says "... in JSON at position 8" but for an unexpected token only quotes a
 * snippet; newer Chromium adds "(line 1 column 9)"; Firefox says "at line 1 column 9". We read
 * whichever is there, and otherwise find the error with a small scanner of the JSON grammar.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export interface JsonSyntaxError {
  /** Engine text without its position and snippet, e.g. "Expected ',' or ']' after array element". */
  reason: string;
  position?: TextPosition;
}

export function describeJsonError(text: string, message: string): JsonSyntaxError {
  const reason = cleanReason(message);
  let m = /\(line (\d+) column (\d+)\)/.exec(message) ?? /at line (\d+) column (\d+)/.exec(message);
  if (m) return { reason, position: { line: Number(m[1]), column: Number(m[2]) } };
  m = /at position (\d+)/.exec(message);
  if (m) return { reason, position: positionAt(text, Math.min(Number(m[1]), text.length)) };
  if (/unexpected end of (JSON )?input|unexpected end of data/i.test(message)) {
    return { reason, position: positionAt(text, text.length) };
  }
  let offset: number | undefined;
  try {
    offset = findSyntaxError(text);
  } catch {
    offset = undefined; // no position is better than no answer
  }
  return offset === undefined ? { reason } : { reason, position: positionAt(text, offset) };
}

function cleanReason(message: string): string {
  const reason = message
    .replace(/^JSON(\.parse| Parse error):\s*/i, '')
    .replace(/,\s*(\.\.\.)?".*"(\.\.\.)?\s*is not valid JSON$/s, '')
    .replace(/\s+(in|after) JSON at position \d+.*$/s, '')
    .replace(/\s+at line \d+ column \d+.*$/s, '')
    .trim();
  return reason.length > 120 ? `${reason.slice(0, 120)}…` : reason || 'syntax error';
}

/** 1-based line and column (in UTF-16 units) of an offset; \n, \r\n and \r each end a line. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

/**
 * Offset of the first character where `text` stops being JSON (RFC 8259), or undefined if it is
 * valid. Iterative with an explicit stack, so deeply nested input cannot overflow the call stack.
 */
export function findSyntaxError(text: string): number | undefined {
  let i = 0;
  const stack: number[] = []; // char codes of the open brackets: 123 '{' or 91 '['
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  // A hand loop rather than a regex: a regex over a multi-megabyte string can exhaust its stack.
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c !== 92) {
        i++;
        continue;
      }
      const escape = text[++i];
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 5;
      else if (escape !== undefined && escape !== 'u' && '"\\/bfnrt'.includes(escape)) i++;
      else return false;
    }
    return false;
  };
  const match = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.exec(text)) return false;
    i = re.lastIndex;
    return true;
  };
  for (;;) {
    // Expecting a value.
    ws();
    if (text[i] === '{' || text[i] === '[') {
      const open = text.charCodeAt(i++);
      ws();
      if (text[i] === (open === 123 ? '}' : ']')) i++;
      else {
        stack.push(open);
        if (open === 123 && !(string() && (ws(), text[i] === ':'))) return i;
        if (open === 123) i++;
        continue;
      }
    } else if (!(string() || match(NUMBER) || match(LITERAL))) return i;
    // After a value: close brackets or find the next value.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < text.length ? i : undefined;
      if (text[i] === (top === 123 ? '}' : ']')) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return i;
      i++;
      if (top === 123) {
        ws();
        if (!(string() && (ws(), text[i] === ':'))) return i;
        i++;
      }
      break;
    }
  }
}

export interface DuplicateKey {
  key: string;
  /** Offsets of the key's opening quote: the repeat, and the first occurrence in the same object. */
  offset: number;
  firstOffset: number;
}

/**
 * The first key that appears twice in one object of valid JSON `text`, or undefined. JSON.parse
 * keeps the last value silently, so a repeated key ("capacity": 5, … "capacity": 50) would
 * override the user's first edit without a word. One linear pass with an explicit stack; keys
 * are compared decoded ("a" and "\u0061" are the same key).
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: (Map<string, number> | null)[] = []; // one Map of keys per open object, null per array
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const start = i;
      let escaped = false;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 34) break;
        if (d === 92) {
          escaped = true;
          i++;
        }
      }
      const keys = stack.length ? stack[stack.length - 1] : null;
      if (expectKey && keys) {
        const raw = text.slice(start, i + 1);
        const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        const first = keys.get(key);
        if (first !== undefined) return { key, offset: start, firstOffset: first };
        keys.set(key, start);
        expectKey = false;
      }
    } else if (c === 123) {
      stack.push(new Map());
      expectKey = true;
    } else if (c === 91) {
      stack.push(null);
      expectKey = false;
    } else if (c === 125 || c === 93) {
      stack.pop();
    } else if (c === 44) {
      expectKey = stack.length > 0 && stack[stack.length - 1] !== null;
    }
  }
  return undefined;
}
