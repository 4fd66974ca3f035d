/**
 * A small, safe XML reader: text in, an element tree or one located error out (DESIGN §8).
 *
 * Enough of XML 1.0 (https://www.w3.org/TR/xml/) for URDF: elements, attributes in single or
 * double quotes, self-closing tags, text, comments, CDATA, processing instructions and the XML
 * declaration (skipped), the five predefined entities and numeric character references. No DTDs:
 * a DOCTYPE or ENTITY declaration is rejected, so no entity is ever expanded beyond one character
 * (no "billion laughs", no external entities) and nothing in the text is evaluated. Input size and
 * element depth are bounded; the reader is iterative (no recursion) and linear in the input.
 * Well-formedness errors are fatal in XML (§1.2), so the first one ends the read.
 */
import type { Issue, Result } from '../model/types';

export interface XmlAttribute {
  name: string;
  /** Decoded value: entities replaced, literal tabs and line breaks read as spaces (XML §3.3.3). */
  value: string;
  /** 1-based position of the attribute's name. */
  line: number;
  column: number;
}

export interface XmlElement {
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** The element's own character data (text and CDATA), concatenated, entities decoded. */
  text: string;
  /** 1-based position of the `<` that opens the element. */
  line: number;
  column: number;
}

export interface XmlLimits {
  /** Largest accepted text, in UTF-16 code units. */
  maxChars: number;
  /** Deepest accepted element nesting (the root is depth 1). */
  maxDepth: number;
}

export const XML_LIMITS: XmlLimits = { maxChars: 5 * 1024 * 1024, maxDepth: 64 };

/** The attribute called `name`, or undefined. */
export function attributeOf(element: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of element.attributes) if (a.name === name) return a;
  return undefined;
}

/** The child elements called `name`, in document order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

class XmlError {
  constructor(readonly offset: number, readonly message: string) {}
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses `text`; errors are located as `file:LINE:COL` in the issue's path. Never throws. */
export function parseXml(text: string, file: string, limits: XmlLimits = XML_LIMITS): Result<XmlElement> {
  if (typeof text !== 'string') return { ok: false, errors: [{ path: file, message: 'is not text' }] };
  const lineStarts = findLineStarts(text, Math.min(text.length, limits.maxChars + 1));
  const fail = (offset: number, message: string): { ok: false; errors: Issue[] } => {
    const { line, column } = locate(lineStarts, offset);
    return { ok: false, errors: [{ path: `${file}:${line}:${column}`, message }] };
  };
  if (text.length > limits.maxChars) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return fail(limits.maxChars, `file is too large (${mb(text.length)} MB; the limit is ${mb(limits.maxChars)} MB)`);
  }
  try {
    return { ok: true, value: new Reader(text, lineStarts, limits.maxDepth).read() };
  } catch (e) {
    if (e instanceof XmlError) return fail(e.offset, e.message);
    return { ok: false, errors: [{ path: file, message: `cannot be read: ${String(e)}` }] };
  }
}

/** Offsets where lines start; \n, \r\n and \r each end a line (XML §2.11). */
function findLineStarts(text: string, end: number): number[] {
  const starts = [0];
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function locate(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

// Name characters (XML §2.3), ASCII exactly; every non-ASCII character is accepted.
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 128;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
/** XML §2.2 Char. */
const isXmlChar = (c: number) =>
  c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

class Reader {
  private i = 0;
  private readonly n: number;
  private root: XmlElement | undefined;
  private readonly open: XmlElement[] = [];

  constructor(private readonly s: string, private readonly lineStarts: number[], private readonly maxDepth: number) {
    this.n = s.length;
    if (s.charCodeAt(0) === 0xfeff) this.i = 1; // byte order mark
  }

  read(): XmlElement {
    const start = this.i;
    while (this.i < this.n) {
      if (this.s.charCodeAt(this.i) !== 60 /* < */) this.readText();
      else if (this.s.startsWith('<!--', this.i)) this.skipPast('-->', 4, 'comment is not closed (missing -->)');
      else if (this.s.startsWith('<![CDATA[', this.i)) this.readCdata();
      else if (this.s.startsWith('<!', this.i)) this.rejectDeclaration();
      else if (this.s.startsWith('<?', this.i)) this.readInstruction(start);
      else if (this.s.startsWith('</', this.i)) this.readEndTag();
      else this.readStartTag();
    }
    const unclosed = this.open[this.open.length - 1];
    if (unclosed) {
      const end = locate(this.lineStarts, this.n);
      throw new XmlError(this.offsetOf(unclosed), `<${unclosed.name}> is not closed (the file ends at ${end.line}:${end.column})`);
    }
    if (!this.root) throw new XmlError(this.n, 'no root element');
    return this.root;
  }

  private offsetOf(e: XmlElement): number {
    return this.lineStarts[e.line - 1] + e.column - 1;
  }

  private pos(offset: number): { line: number; column: number } {
    return locate(this.lineStarts, offset);
  }

  private skipPast(terminator: string, from: number, message: string): number {
    const end = this.s.indexOf(terminator, this.i + from);
    if (end < 0) throw new XmlError(this.i, message);
    const contentStart = this.i + from;
    this.i = end + terminator.length;
    return contentStart;
  }

  private readText(): void {
    const start = this.i;
    let end = this.s.indexOf('<', start);
    if (end < 0) end = this.n;
    this.i = end;
    const top = this.open[this.open.length - 1];
    if (top) {
      top.text += this.decode(start, end, false);
      return;
    }
    for (let k = start; k < end; k++) {
      if (!isSpace(this.s.charCodeAt(k))) throw new XmlError(k, 'text outside the root element');
    }
  }

  private readCdata(): void {
    const top = this.open[this.open.length - 1];
    if (!top) throw new XmlError(this.i, 'CDATA section outside the root element');
    const from = this.skipPast(']]>', 9, 'CDATA section is not closed (missing ]]>)');
    top.text += this.s.slice(from, this.i - 3);
  }

  private rejectDeclaration(): void {
    const word = /^<!([A-Za-z]*)/.exec(this.s.slice(this.i, this.i + 12))?.[1] ?? '';
    if (word.toUpperCase() === 'DOCTYPE' || word.toUpperCase() === 'ENTITY') {
      throw new XmlError(this.i, `<!${word}> declarations are not allowed (no DTDs or entity definitions)`);
    }
    throw new XmlError(this.i, `unsupported markup "<!${word}"`);
  }

  private readInstruction(documentStart: number): void {
    const at = this.i;
    const from = this.skipPast('?>', 2, 'processing instruction is not closed (missing ?>)');
    const target = /^[^\s?]*/.exec(this.s.slice(from, from + 16))?.[0] ?? '';
    if (target.toLowerCase() === 'xml' && at !== documentStart) {
      throw new XmlError(at, 'the XML declaration <?xml ...?> must be at the very start of the file');
    }
  }

  private readName(what: string): string {
    const start = this.i;
    if (start >= this.n) throw new XmlError(start, `unexpected end of file: expected ${what}`);
    if (!isNameStart(this.s.charCodeAt(start))) throw new XmlError(start, `expected ${what}, found ${this.describe(start)}`);
    while (this.i < this.n && isNameChar(this.s.charCodeAt(this.i))) this.i++;
    return this.s.slice(start, this.i);
  }

  private describe(offset: number): string {
    return offset >= this.n ? 'the end of the file' : JSON.stringify(String.fromCodePoint(this.s.codePointAt(offset)!));
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.n && isSpace(this.s.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private readEndTag(): void {
    const at = this.i;
    this.i += 2;
    const name = this.readName('an element name after "</"');
    this.skipSpace();
    if (this.s.charCodeAt(this.i) !== 62 /* > */) throw new XmlError(this.i, `expected ">" to end </${name}, found ${this.describe(this.i)}`);
    this.i++;
    const top = this.open.pop();
    if (!top) throw new XmlError(at, `closing tag </${name}> has no opening tag`);
    if (top.name !== name) {
      throw new XmlError(at, `closing tag </${name}> does not match <${top.name}> opened at ${top.line}:${top.column}`);
    }
  }

  private readStartTag(): void {
    const at = this.i;
    this.i++;
    const name = this.readName('an element name after "<"');
    const { line, column } = this.pos(at);
    const element: XmlElement = { name, attributes: [], children: [], text: '', line, column };
    for (;;) {
      const spaced = this.skipSpace();
      if (this.i >= this.n) throw new XmlError(this.n, `unexpected end of file inside the tag <${name}> opened at ${line}:${column}`);
      const c = this.s.charCodeAt(this.i);
      if (c === 62 /* > */) { this.i++; break; }
      if (c === 47 /* / */) {
        if (this.s.charCodeAt(this.i + 1) !== 62) throw new XmlError(this.i, `expected "/>" to end <${name}>, found ${this.describe(this.i + 1)}`);
        this.i += 2;
        this.attach(element, at, true);
        return;
      }
      if (!spaced) throw new XmlError(this.i, `expected a space before the next attribute of <${name}>, found ${this.describe(this.i)}`);
      this.readAttribute(element);
    }
    this.attach(element, at, false);
  }

  private readAttribute(element: XmlElement): void {
    const at = this.i;
    const name = this.readName(`an attribute name or ">" in <${element.name}>`);
    if (element.attributes.some((a) => a.name === name)) throw new XmlError(at, `attribute "${name}" appears twice in <${element.name}>`);
    this.skipSpace();
    if (this.s.charCodeAt(this.i) !== 61 /* = */) throw new XmlError(this.i, `attribute "${name}" has no value (expected "=", found ${this.describe(this.i)})`);
    this.i++;
    this.skipSpace();
    const quote = this.s[this.i];
    if (quote !== '"' && quote !== "'") {
      throw new XmlError(this.i, `value of attribute "${name}" must be in quotes, found ${this.describe(this.i)}`);
    }
    const open = this.i;
    const end = this.s.indexOf(quote, open + 1);
    const lt = this.s.indexOf('<', open + 1);
    if (lt >= 0 && (end < 0 || lt < end)) throw new XmlError(lt, `"<" in the value of attribute "${name}" (is a closing ${quote} missing?)`);
    if (end < 0) throw new XmlError(open, `value of attribute "${name}" is not closed (missing ${quote})`);
    this.i = end + 1;
    const { line, column } = this.pos(at);
    element.attributes.push({ name, value: this.decode(open + 1, end, true), line, column });
  }

  private attach(element: XmlElement, at: number, selfClosed: boolean): void {
    if (this.open.length >= this.maxDepth) throw new XmlError(at, `elements are nested deeper than ${this.maxDepth} levels`);
    const parent = this.open[this.open.length - 1];
    if (parent) parent.children.push(element);
    else if (this.root) throw new XmlError(at, `second root element <${element.name}> (the root is <${this.root.name}> at ${this.root.line}:${this.root.column})`);
    else this.root = element;
    if (!selfClosed) this.open.push(element);
  }

  /** Decodes s[start, end): references (XML §4.1, §4.6); in attributes, whitespace becomes spaces. */
  private decode(start: number, end: number, attribute: boolean): string {
    let out = '';
    let from = start;
    for (let k = start; k < end; k++) {
      const c = this.s.charCodeAt(k);
      if (attribute && (c === 9 || c === 10 || c === 13)) {
        out += this.s.slice(from, k) + (c === 13 && this.s.charCodeAt(k + 1) === 10 ? '' : ' ');
        from = k + 1;
      } else if (c === 38 /* & */) {
        const semi = this.s.indexOf(';', k);
        const ref = semi > k && semi < end && semi - k <= 12 ? this.s.slice(k + 1, semi) : '';
        const ch = this.reference(ref, k);
        out += this.s.slice(from, k) + ch;
        k = semi;
        from = semi + 1;
      }
    }
    return out + this.s.slice(from, end);
  }

  private reference(ref: string, at: number): string {
    if (ref === '') throw new XmlError(at, '"&" must be written as &amp; (or start an entity such as &lt;)');
    if (Object.hasOwn(PREDEFINED, ref)) return PREDEFINED[ref];
    const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (!m) throw new XmlError(at, `unknown entity &${ref}; (only &lt; &gt; &amp; &quot; &apos; and &#...; are defined)`);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
    if (!isXmlChar(code)) throw new XmlError(at, `&${ref}; is not a valid XML character`);
    return String.fromCodePoint(code);
  }
}
