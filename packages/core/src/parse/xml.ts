// One hardened XML reader for every document that arrives from the network (clientConfig,
// Autodiscover). The documents are small and flat, so anything large, deep or carrying a
// DTD is refused before parsing: no entity expansion can happen (billion laughs, XXE).
// The reader is one forward scan with an explicit stack: each character is looked at a
// bounded number of times, so the largest document we accept (1 MiB) costs milliseconds
// whatever its shape, and deep input cannot overflow our own stack.

export const MAX_XML_BYTES = 1_048_576;
// clientConfig nests 5 levels, Autodiscover 7; leave room for extensions, not for bombs.
export const MAX_XML_DEPTH = 32;

/** A namespace-free element tree: every child list is an array, text is trimmed. */
export interface XmlElement {
  /** Local name, namespace prefix removed. */
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entities decoded, trimmed. */
  text: string;
}

export type XmlErrorCode = 'xml-too-large' | 'xml-entities' | 'xml-doctype' | 'xml-too-deep' | 'xml-invalid';

export type XmlParseResult =
  | { ok: true; root: XmlElement; /** Elements not kept under `maxRepeats`, by local name. */ dropped: Readonly<Record<string, number>> }
  | { ok: false; error: { code: XmlErrorCode; message: string } };

export interface XmlLimits {
  maxBytes?: number;
  maxDepth?: number;
  /** By local name: how many children of one parent with that name are kept. Later ones are
   *  still checked for well-formedness, but never built: a document of thousands costs the
   *  scan, not a tree. */
  maxRepeats?: Readonly<Record<string, number>>;
}

const DOCTYPE = /<!DOCTYPE/i;
const ENTITY_DECLARATION = /<!ENTITY/i;
const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_REFERENCE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g;
const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
// Most elements are leaves without attributes: they share these instead of allocating their own.
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];
const NOT_WHITESPACE = /[^ \t\r\n]/;
const BYTE_ORDER_MARK = '\uFEFF';

interface OpenElement {
  element: XmlElement;
  /** The name as written, prefix included: the end tag must repeat it. */
  qualifiedName: string;
  /** Trimmed text segments, joined; decoded once when the element closes. */
  text: string;
  /** Past a `maxRepeats` limit (or inside such an element): read, not kept. */
  discard: boolean;
  /** Children seen so far with a limited name. */
  repeats?: Map<string, number>;
}

interface ScanLimits {
  maxDepth: number;
  maxRepeats: Readonly<Record<string, number>>;
  dropped: Record<string, number>;
}

class NotWellFormed extends Error {
  constructor(
    readonly code: XmlErrorCode,
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

export function parseXml(xml: string, limits: XmlLimits = {}): XmlParseResult {
  const maxBytes = limits.maxBytes ?? MAX_XML_BYTES;
  const maxDepth = limits.maxDepth ?? MAX_XML_DEPTH;
  // A UTF-16 length above the cap means at least as many bytes: skip the O(n) count.
  if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
    return fail('xml-too-large', `The document is larger than ${maxBytes} bytes.`);
  }
  if (DOCTYPE.test(xml)) {
    return ENTITY_DECLARATION.test(xml)
      ? fail('xml-entities', 'The document declares entities (<!DOCTYPE … <!ENTITY>); refused unparsed.')
      : fail('xml-doctype', 'The document has a <!DOCTYPE>; neither format uses one, so it is refused.');
  }
  // Invalid XML means the whole file is ignored (draft-ietf-mailmaint-autoconfig, "Parsing").
  const scanLimits: ScanLimits = { maxDepth, maxRepeats: limits.maxRepeats ?? {}, dropped: {} };
  try {
    return { ok: true, root: scan(xml, scanLimits), dropped: scanLimits.dropped };
  } catch (error) {
    if (!(error instanceof NotWellFormed)) throw error;
    if (error.code !== 'xml-invalid') return fail(error.code, error.message);
    return fail('xml-invalid', `Not well-formed XML (line ${lineOf(xml, error.index)}): ${error.message}`);
  }
}

function scan(xml: string, limits: ScanLimits): XmlElement {
  // The document itself is the bottom of the stack: its children are the root elements.
  const documentNode: OpenElement = { element: { name: '', attributes: NO_ATTRIBUTES, children: [], text: '' }, qualifiedName: '', text: '', discard: false };
  const stack: OpenElement[] = [documentNode];
  let index = xml.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  while (index < xml.length) {
    const open = xml.indexOf('<', index);
    const textEnd = open === -1 ? xml.length : open;
    if (textEnd > index) addText(xml, stack, index, textEnd);
    if (open === -1) break;
    const next = xml.charCodeAt(open + 1);
    if (next === QUESTION) {
      // The XML declaration and processing instructions carry nothing either format uses.
      index = skipPast(xml, open + 2, '?>', 'An unterminated processing instruction.');
    } else if (next === BANG) {
      if (xml.startsWith('<!--', open)) {
        index = skipPast(xml, open + 4, '-->', 'An unterminated comment.');
      } else if (xml.startsWith('<![CDATA[', open)) {
        index = skipPast(xml, open + 9, ']]>', 'An unterminated CDATA section.');
        addText(xml, stack, open + 9, index - 3, true);
      } else {
        throw new NotWellFormed('xml-invalid', 'A markup declaration neither format uses.', open);
      }
    } else if (next === SLASH) {
      index = closeElement(xml, open, stack);
    } else {
      if (stack.length === 1 && documentNode.element.children.length > 0) {
        throw new NotWellFormed('xml-invalid', 'The document has more than one root element.', open);
      }
      index = openElement(xml, open, stack, limits);
    }
  }
  const unclosed = stack[stack.length - 1]!;
  if (unclosed !== documentNode) throw new NotWellFormed('xml-invalid', `<${unclosed.qualifiedName}> is never closed.`, xml.length);
  const root = documentNode.element.children[0];
  if (root === undefined) throw new NotWellFormed('xml-invalid', 'The document has no root element.', xml.length);
  return root;
}

/** Reads `<name attr="…" …>` or `<name …/>` at `open`; returns the index after it. */
function openElement(xml: string, open: number, stack: OpenElement[], limits: ScanLimits): number {
  const nameEnd = scanName(xml, open + 1);
  if (nameEnd === open + 1) throw new NotWellFormed('xml-invalid', 'A "<" that starts no tag.', open);
  if (stack.length > limits.maxDepth) throw new NotWellFormed('xml-too-deep', `The document nests deeper than ${limits.maxDepth} elements.`, open);
  const name = xml.slice(open + 1, nameEnd);
  const local = localName(name);
  const parent = stack[stack.length - 1]!;
  const discard = parent.discard || isRepeatTooMany(parent, local, limits);
  let attributes: Record<string, string> | undefined;
  let position = nameEnd;
  for (;;) {
    const spaced = skipSpace(xml, position);
    const code = xml.charCodeAt(spaced);
    if (code === GT || (code === SLASH && xml.charCodeAt(spaced + 1) === GT)) {
      const next = spaced + (code === GT ? 1 : 2);
      if (discard) {
        if (code === GT) stack.push({ element: parent.element, qualifiedName: name, text: '', discard });
        return next;
      }
      const element: XmlElement = { name: local, attributes: attributes ?? NO_ATTRIBUTES, children: NO_CHILDREN, text: '' };
      if (parent.element.children === NO_CHILDREN) parent.element.children = [element];
      else parent.element.children.push(element);
      if (code === GT) stack.push({ element, qualifiedName: name, text: '', discard });
      return next;
    }
    // XML 1.0 §3.1: attributes are separated from the name and each other by white space.
    const attributeEnd = spaced > position ? scanName(xml, spaced) : spaced;
    if (attributeEnd === spaced) throw new NotWellFormed('xml-invalid', `The tag <${name}> is malformed.`, open);
    const written = xml.slice(spaced, attributeEnd);
    const equals = skipSpace(xml, attributeEnd);
    const quoteAt = skipSpace(xml, equals + 1);
    const quote = xml.charCodeAt(quoteAt);
    if (xml.charCodeAt(equals) !== EQUALS || (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE)) {
      throw new NotWellFormed('xml-invalid', `The attribute "${written}" of <${name}> has no quoted value.`, open);
    }
    const valueEnd = xml.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", quoteAt + 1);
    if (valueEnd === -1) throw new NotWellFormed('xml-invalid', `The attribute "${written}" of <${name}> is never closed.`, open);
    const value = xml.slice(quoteAt + 1, valueEnd);
    if (value.includes('<')) throw new NotWellFormed('xml-invalid', `The attribute "${written}" of <${name}> holds a "<".`, open);
    const attribute = attributeName(written);
    if (attribute !== undefined) {
      // XML 1.0 §3.1: an attribute appears once per tag.
      attributes ??= {};
      if (Object.hasOwn(attributes, attribute)) throw new NotWellFormed('xml-invalid', `<${name}> repeats the attribute "${written}".`, open);
      attributes[attribute] = discard ? '' : decodeXmlEntities(value).trim();
    }
    position = valueEnd + 1;
  }
}

function closeElement(xml: string, open: number, stack: OpenElement[]): number {
  const nameEnd = scanName(xml, open + 2);
  const end = skipSpace(xml, nameEnd);
  if (nameEnd === open + 2 || xml.charCodeAt(end) !== GT) throw new NotWellFormed('xml-invalid', 'A malformed end tag.', open);
  const name = xml.slice(open + 2, nameEnd);
  const top = stack.length > 1 ? stack.pop() : undefined;
  if (top === undefined) throw new NotWellFormed('xml-invalid', `</${name}> closes nothing.`, open);
  if (top.qualifiedName !== name) throw new NotWellFormed('xml-invalid', `</${name}> closes <${top.qualifiedName}>.`, open);
  if (!top.discard) top.element.text = decodeXmlEntities(top.text).trim();
  return end + 1;
}

/** The end of an XML name (§2.3) starting at `from`, approximated: the ASCII rules exactly,
 *  any non-ASCII character allowed. `from` itself when no name starts there. */
function scanName(xml: string, from: number): number {
  let at = from;
  for (; at < xml.length; at++) {
    const code = xml.charCodeAt(at);
    const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a || code >= 0xc0;
    const other = (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e || code === 0xb7;
    if (!letter && !(other && at > from)) break;
  }
  return at;
}

function skipSpace(xml: string, from: number): number {
  let at = from;
  for (;;) {
    const code = xml.charCodeAt(at);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return at;
    at++;
  }
}

/** Text between tags: each segment trimmed, as layout whitespace around child elements is. */
function addText(xml: string, stack: OpenElement[], start: number, end: number, cdata = false): void {
  const top = stack[stack.length - 1]!;
  if (stack.length === 1) {
    if (cdata || NOT_WHITESPACE.test(xml.slice(start, end))) throw new NotWellFormed('xml-invalid', 'Text outside the root element.', start);
    return;
  }
  // Not even sliced when it would be thrown away.
  if (top.discard) return;
  const trimmed = xml.slice(start, end).trim();
  // Entities in CDATA are literal text: escape the ampersands so the decode at close keeps them.
  if (trimmed !== '') top.text += cdata ? trimmed.replaceAll('&', '&amp;') : trimmed;
}

/** Counts a child named `local` of `parent`; true when it is past its `maxRepeats` limit. */
function isRepeatTooMany(parent: OpenElement, local: string, limits: ScanLimits): boolean {
  if (!Object.hasOwn(limits.maxRepeats, local)) return false;
  const limit = limits.maxRepeats[local]!;
  parent.repeats ??= new Map();
  const seen = (parent.repeats.get(local) ?? 0) + 1;
  parent.repeats.set(local, seen);
  if (seen <= limit) return false;
  limits.dropped[local] = (limits.dropped[local] ?? 0) + 1;
  return true;
}

function skipPast(xml: string, from: number, terminator: string, message: string): number {
  const end = xml.indexOf(terminator, from);
  if (end === -1) throw new NotWellFormed('xml-invalid', message, from);
  return end + terminator.length;
}

/** Namespaces are not resolved: both formats are read by local name. */
function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

/** Namespace declarations are dropped; `__proto__` could not be kept as an own property. */
function attributeName(qualified: string): string | undefined {
  if (qualified === 'xmlns' || qualified.startsWith('xmlns:')) return undefined;
  const local = localName(qualified);
  return local === '' || local === '__proto__' ? undefined : local;
}

function lineOf(xml: string, index: number): number {
  let line = 1;
  for (let at = xml.indexOf('\n'); at !== -1 && at < index; at = xml.indexOf('\n', at + 1)) line++;
  return line;
}

export function findChildren(parent: XmlElement | undefined, name: string): XmlElement[] {
  return parent === undefined ? [] : parent.children.filter((child) => child.name === name);
}

export function findChild(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return parent?.children.find((child) => child.name === name);
}

/** The trimmed text of the first child called `name`; undefined when absent or empty. */
export function readChildText(parent: XmlElement | undefined, name: string): string | undefined {
  const text = findChild(parent, name)?.text;
  return text === undefined || text === '' ? undefined : text;
}

/** Replace the five predefined entities and character references. Nothing else is expanded. */
export function decodeXmlEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY_REFERENCE, (whole, decimal?: string, hex?: string, named?: string) => {
    if (named !== undefined) return PREDEFINED_ENTITIES[named] ?? whole;
    const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    const valid = codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
    return valid ? String.fromCodePoint(codePoint) : whole;
  });
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function fail(code: XmlErrorCode, message: string): XmlParseResult {
  return { ok: false, error: { code, message } };
}
