// One hardened XML reader for every document that arrives from the network (clientConfig,
// Autodiscover). The documents are small and flat, so anything large, deep or carrying a
// DTD is refused before parsing: no entity expansion can happen (billion laughs, XXE).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

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
  | { ok: true; root: XmlElement }
  | { ok: false; error: { code: XmlErrorCode; message: string } };

export interface XmlLimits {
  maxBytes?: number;
  maxDepth?: number;
}

type OrderedNode = Record<string, unknown>;

const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';
const DOCTYPE = /<!DOCTYPE/i;
const ENTITY_DECLARATION = /<!ENTITY/i;
const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_REFERENCE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g;

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
  // The validator walks the text with an explicit stack, so deep input cannot overflow ours.
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line } = validation.err;
    return fail('xml-invalid', `Not well-formed XML (line ${line}): ${msg}`);
  }
  let ordered: unknown;
  try {
    ordered = createParser(maxDepth).parse(xml);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return /nested/i.test(message)
      ? fail('xml-too-deep', `The document nests deeper than ${maxDepth} elements.`)
      : fail('xml-invalid', `Not well-formed XML: ${message}`);
  }
  const roots = toElements(ordered as OrderedNode[]);
  const root = roots[0];
  if (root === undefined) return fail('xml-invalid', 'The document has no root element.');
  if (roots.length > 1) return fail('xml-invalid', 'The document has more than one root element.');
  return { ok: true, root };
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

function createParser(maxDepth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Off: entities are decoded by decodeXmlEntities, which knows only the predefined five.
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: maxDepth,
  });
}

function toElements(nodes: OrderedNode[]): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ATTRIBUTES_KEY);
    if (name === undefined || name === TEXT_KEY) continue;
    const content = node[name];
    if (!Array.isArray(content)) continue;
    const texts: string[] = [];
    for (const child of content as OrderedNode[]) {
      const text = child[TEXT_KEY];
      if (text !== undefined) texts.push(String(text));
    }
    elements.push({
      name,
      attributes: readAttributes(node[ATTRIBUTES_KEY]),
      children: toElements(content as OrderedNode[]),
      text: decodeXmlEntities(texts.join('')).trim(),
    });
  }
  return elements;
}

function readAttributes(raw: unknown): Record<string, string> {
  if (raw === null || typeof raw !== 'object') return {};
  return Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).map(([key, value]) => [key, decodeXmlEntities(String(value)).trim()]),
  );
}

function fail(code: XmlErrorCode, message: string): XmlParseResult {
  return { ok: false, error: { code, message } };
}
