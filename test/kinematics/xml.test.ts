/** The XML reader: the subset it reads, and one located error for each way of breaking it. */
import { describe, expect, it } from 'vitest';
import { attributeOf, childrenNamed, parseXml, type XmlElement } from '../../engine/kinematics/xml';

function tree(text: string): XmlElement {
  const r = parseXml(text, 'f.xml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function error(text: string, limits?: { maxChars: number; maxDepth: number }): { path: string; message: string } {
  const r = parseXml(text, 'f.xml', limits);
  if (r.ok) throw new Error('expected an error');
  expect(r.errors).toHaveLength(1);
  return r.errors[0];
}

describe('parseXml: what it reads', () => {
  it('elements, attributes, self-closing tags and positions', () => {
    const root = tree('<?xml version="1.0" encoding="utf-8"?>\n<a x="1">\n  <b y = \'2\'/>\n  <c></c >\n</a>\n');
    expect(root).toMatchObject({ name: 'a', line: 2, column: 1 });
    expect(attributeOf(root, 'x')).toEqual({ name: 'x', value: '1', line: 2, column: 4 });
    expect(root.children.map((c) => [c.name, c.line, c.column])).toEqual([['b', 3, 3], ['c', 4, 3]]);
    expect(attributeOf(root.children[0], 'y')?.value).toBe('2');
    expect(childrenNamed(root, 'c')).toHaveLength(1);
  });

  it('comments, CDATA, processing instructions and a byte order mark', () => {
    const root = tree('\uFEFF<?xml version="1.0"?><!-- <not> & a tag --><a><?pi x?>t<![CDATA[<raw> & ]]>u<!---->v</a><!-- end -->');
    expect(root.text).toBe('t<raw> & uv');
    expect(root.children).toEqual([]);
  });

  it('the five predefined entities and numeric references', () => {
    const root = tree('<a v="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;">&amp;lt;</a>');
    expect(attributeOf(root, 'v')?.value).toBe('<>&"\'AB😀');
    expect(root.text).toBe('&lt;');
  });

  it('normalises tabs and line breaks in attribute values to spaces (XML §3.3.3)', () => {
    expect(attributeOf(tree('<a v="1\t2\r\n3\n4"/>'), 'v')?.value).toBe('1 2 3 4');
  });

  it('counts lines after \\n, \\r\\n and \\r', () => {
    expect(error('<a>\r\n<b>\r<c>\n</a>').path).toBe('f.xml:4:1');
  });
});

describe('parseXml: located errors', () => {
  const cases: [string, string, string, string][] = [
    ['DOCTYPE', '<!DOCTYPE a SYSTEM "file:///etc/passwd">\n<a/>', 'f.xml:1:1', '<!DOCTYPE> declarations are not allowed (no DTDs or entity definitions)'],
    ['lower-case doctype', '<a>\n<!doctype a></a>', 'f.xml:2:1', '<!doctype> declarations are not allowed (no DTDs or entity definitions)'],
    ['other markup declaration', '<a><!ELEMENT a ANY></a>', 'f.xml:1:4', 'unsupported markup "<!ELEMENT"'],
    ['bare ampersand', '<a>\n  fish & chips</a>', 'f.xml:2:8', '"&" must be written as &amp; (or start an entity such as &lt;)'],
    ['invalid character reference', '<a v="&#0;"/>', 'f.xml:1:7', '&#0; is not a valid XML character'],
    ['surrogate reference', '<a>&#xD800;</a>', 'f.xml:1:4', '&#xD800; is not a valid XML character'],
    ['mismatched end tag', '<a>\n<b>\n</c>', 'f.xml:3:1', 'closing tag </c> does not match <b> opened at 2:1'],
    ['end tag without start', '<a/>\n</a>', 'f.xml:2:1', 'closing tag </a> has no opening tag'],
    ['unclosed element at the end', '<a>\n  <b>\n', 'f.xml:2:3', '<b> is not closed (the file ends at 3:1)'],
    ['end inside a tag', '<a>\n<b x="1"', 'f.xml:2:9', 'unexpected end of file inside the tag <b> opened at 2:1'],
    ['end inside an end tag', '<a></a', 'f.xml:1:7', 'expected ">" to end </a, found the end of the file'],
    ['unquoted attribute', '<a x=1/>', 'f.xml:1:6', 'value of attribute "x" must be in quotes, found "1"'],
    ['attribute without value', '<a x/>', 'f.xml:1:5', 'attribute "x" has no value (expected "=", found "/")'],
    ['no space between attributes', '<a x="1"y="2"/>', 'f.xml:1:9', 'expected a space before the next attribute of <a>, found "y"'],
    ['duplicate attribute', '<a x="1" x="2"/>', 'f.xml:1:10', 'attribute "x" appears twice in <a>'],
    ['"<" in an attribute value', '<a x="1>\n<b/>', 'f.xml:2:1', '"<" in the value of attribute "x" (is a closing " missing?)'],
    ['bad element name', '<a><1/></a>', 'f.xml:1:5', 'expected an element name after "<", found "1"'],
    ['second root', '<a/>\n<b/>', 'f.xml:2:1', 'second root element <b> (the root is <a> at 1:1)'],
    ['text outside the root', '<a/>\nhello', 'f.xml:2:1', 'text outside the root element'],
    ['empty document', '  \n', 'f.xml:2:1', 'no root element'],
    ['unclosed comment', '<a><!-- no end </a>', 'f.xml:1:4', 'comment is not closed (missing -->)'],
    ['unclosed CDATA', '<a><![CDATA[ x </a>', 'f.xml:1:4', 'CDATA section is not closed (missing ]]>)'],
    ['late XML declaration', '<a/>\n<?xml version="1.0"?>', 'f.xml:2:1', 'the XML declaration <?xml ...?> must be at the very start of the file'],
  ];
  for (const [name, text, path, message] of cases) {
    it(name, () => expect(error(text)).toEqual({ path, message }));
  }

  it('bounds the element depth', () => {
    const deep = `${'<a>'.repeat(5)}${'</a>'.repeat(5)}`;
    expect(parseXml(deep, 'f.xml', { maxChars: 100, maxDepth: 5 }).ok).toBe(true);
    expect(error(`${'<a>'.repeat(5)}<b/>${'</a>'.repeat(5)}`, { maxChars: 100, maxDepth: 5 }))
      .toEqual({ path: 'f.xml:1:16', message: 'elements are nested deeper than 5 levels' });
    // The default bound (64) holds for a million levels too, without recursion.
    expect(error('<a>'.repeat(1_000_000)).message).toBe('elements are nested deeper than 64 levels');
  });

  it('bounds the size and locates the first character beyond the limit', () => {
    expect(error('<a>\n0123456789</a>', { maxChars: 10, maxDepth: 5 }))
      .toEqual({ path: 'f.xml:2:7', message: 'file is too large (0.0 MB; the limit is 0.0 MB)' });
  });

  it('reads entity references once: no expansion of one into many', () => {
    const root = tree(`<a>${'&amp;lt;'.repeat(1000)}</a>`);
    expect(root.text).toBe('&lt;'.repeat(1000));
  });
});
