// One hardened XML reader for every document that arrives from the network (clientConfig,
// Autodiscover), built on saxes: a strict streaming parser that checks well-formedness and
// knows only the five predefined entities and character references. Anything large or
// carrying a DTD is refused before parsing, so no entity expansion can happen (billion
// laughs, XXE). The tree is built from saxes's events on an explicit stack: depth is checked
// as each tag opens, so deep input stops early and cannot overflow our own stack.
import { SaxesParser, type SaxesTagPlain } from 'saxes';

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
// Most elements are leaves without attributes: they share these instead of allocating their own.
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

interface OpenElement {
  element: XmlElement;
  /** Past a `maxRepeats` limit (or inside such an element): read, not kept. */
  discard: boolean;
  /** Children seen so far with a limited name. */
  repeats?: Map<string, number>;
}

// Every element inside a dropped one shares this frame: a dropped subtree builds nothing.
const DISCARDED: OpenElement = { element: { name: '', attributes: NO_ATTRIBUTES, children: NO_CHILDREN, text: '' }, discard: true };

class Refused extends Error {
  constructor(
    readonly code: XmlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function parseXml(xml: string, limits: XmlLimits = {}): XmlParseResult {
  const maxBytes = limits.maxBytes ?? MAX_XML_BYTES;
  // A UTF-16 length above the cap means at least as many bytes: skip the O(n) count.
  if (xml.length > maxBytes || Buffer.byteLength(xml, 'utf8') > maxBytes) {
    return fail('xml-too-large', `The document is larger than ${maxBytes} bytes.`);
  }
  if (DOCTYPE.test(xml)) {
    return ENTITY_DECLARATION.test(xml)
      ? fail('xml-entities', 'The document declares entities (<!DOCTYPE … <!ENTITY>); refused unparsed.')
      : fail('xml-doctype', 'The document has a <!DOCTYPE>; neither format uses one, so it is refused.');
  }
  // XML 1.1's character rules (XML 1.1 §2.2, forced even where a document says 1.0): a
  // reference such as &#27; is then read rather than failing the whole document, so the
  // door checks in server-fields.ts can refuse that one value and name the character.
  // No `xmlns`: names are read by local name, prefixes are not resolved.
  const parser = new SaxesParser({ xmlns: false, defaultXMLVersion: '1.1', forceXMLVersion: true, position: false } as const);
  // Invalid XML means the whole file is ignored (draft-ietf-mailmaint-autoconfig, "Parsing"):
  // throwing from saxes's first error ends the parse there.
  parser.on('error', (error) => {
    throw new Refused('xml-invalid', `Not well-formed XML (line ${parser.line}): ${error.message}`);
  });
  const tree = new TreeBuilder(limits.maxDepth ?? MAX_XML_DEPTH, limits.maxRepeats ?? {});
  parser.on('opentag', (tag) => tree.open(tag));
  parser.on('closetag', () => tree.close());
  parser.on('text', (text) => tree.addText(text));
  parser.on('cdata', (text) => tree.addText(text));
  try {
    parser.write(xml).close();
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return fail(error.code, error.message);
  }
  return { ok: true, root: tree.root(), dropped: tree.dropped };
}

class TreeBuilder {
  readonly dropped: Record<string, number> = {};
  // The document itself is the bottom of the stack: its child is the root element.
  private readonly stack: OpenElement[] = [{ element: { name: '', attributes: NO_ATTRIBUTES, children: [], text: '' }, discard: false }];

  // A Map, so that names like `constructor` are plain names.
  private readonly maxRepeats: ReadonlyMap<string, number>;

  constructor(
    private readonly maxDepth: number,
    maxRepeats: Readonly<Record<string, number>>,
  ) {
    this.maxRepeats = new Map(Object.entries(maxRepeats));
  }

  open(tag: SaxesTagPlain): void {
    if (this.stack.length > this.maxDepth) throw new Refused('xml-too-deep', `The document nests deeper than ${this.maxDepth} elements.`);
    const parent = this.stack[this.stack.length - 1]!;
    if (parent.discard) {
      this.stack.push(DISCARDED);
      return;
    }
    const name = localName(tag.name);
    if (this.isRepeatTooMany(parent, name)) {
      this.stack.push(DISCARDED);
      return;
    }
    const element: XmlElement = { name, attributes: readAttributes(tag.attributes), children: NO_CHILDREN, text: '' };
    if (parent.element.children === NO_CHILDREN) parent.element.children = [element];
    else parent.element.children.push(element);
    this.stack.push({ element, discard: false });
  }

  close(): void {
    this.stack.pop();
  }

  /** Each run of text between tags is trimmed, as layout whitespace around children is. */
  addText(text: string): void {
    const top = this.stack[this.stack.length - 1]!;
    // Outside the root only white space gets here (saxes refuses the rest).
    if (top.discard || this.stack.length === 1) return;
    const trimmed = text.trim();
    if (trimmed !== '') top.element.text += trimmed;
  }

  root(): XmlElement {
    return this.stack[0]!.element.children[0]!;
  }

  /** Counts a child named `name` of `parent`; true when it is past its `maxRepeats` limit. */
  private isRepeatTooMany(parent: OpenElement, name: string): boolean {
    const limit = this.maxRepeats.get(name);
    if (limit === undefined) return false;
    parent.repeats ??= new Map();
    const seen = (parent.repeats.get(name) ?? 0) + 1;
    parent.repeats.set(name, seen);
    if (seen <= limit) return false;
    this.dropped[name] = (this.dropped[name] ?? 0) + 1;
    return true;
  }
}

/** By local name, values trimmed; namespace declarations are dropped, and so is `__proto__`,
 *  which could not be kept as an own property of the plain object callers get. */
function readAttributes(written: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  let attributes: Record<string, string> | undefined;
  for (const qualified in written) {
    if (qualified === 'xmlns' || qualified.startsWith('xmlns:')) continue;
    const name = localName(qualified);
    if (name === '' || name === '__proto__') continue;
    attributes ??= {};
    // Two prefixes on one local name: the first written counts.
    if (!Object.hasOwn(attributes, name)) attributes[name] = written[qualified]!.trim();
  }
  return attributes ?? NO_ATTRIBUTES;
}

/** Namespaces are not resolved: both formats are read by local name. */
function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
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
