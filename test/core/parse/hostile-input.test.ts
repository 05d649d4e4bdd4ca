// Documents built to cost CPU (bench/parse.bench.ts times them): the parsers keep a bounded
// number of servers and notes, say what they dropped, and the XML reader stays strict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAutodiscover } from '@autoconf/core/internal/parse/autodiscover.js';
import { MAX_NOTES_PER_DOCUMENT, MAX_NOTES_PER_SERVER, MAX_SERVERS_PER_PROTOCOL } from '@autoconf/core/internal/parse/caps.js';
import { parseClientConfig } from '@autoconf/core/internal/parse/client-config.js';
import { MAX_XML_DEPTH, parseXml } from '@autoconf/core/internal/parse/xml.js';
import { countServers, hostileAutodiscover, hostileClientConfig } from './hostile-documents.js';

const ctx = {
  address: { localPart: 'jane', domain: 'hostile.test', address: 'jane@hostile.test' },
  source: 'autoconfig' as const,
  evidence: 'https://autoconfig.hostile.test/mail/config-v1.1.xml',
  trust: 'published' as const,
};

test('a 1 MiB clientConfig with thousands of servers: 50 per protocol kept, the rest counted in a note', () => {
  const xml = hostileClientConfig({ domain: 'hostile.test' });
  const published = countServers(xml);
  assert.ok(xml.length > 900_000 && published.imap > 1_000, `${xml.length} bytes, ${published.imap} imap`);
  const result = parseClientConfig(xml, ctx);
  if (!result.ok) assert.fail(result.error.message);
  const byProtocol = (protocol: string) => result.candidates.filter((c) => c.protocol === protocol);
  for (const protocol of ['imap', 'pop3', 'smtp']) assert.equal(byProtocol(protocol).length, MAX_SERVERS_PER_PROTOCOL, protocol);
  // The first ones, in document order, keep their place in the document as their path.
  assert.deepEqual(byProtocol('imap').slice(0, 2).map((c) => c.host), ['h0.hostile.test', 'h3.hostile.test']);
  assert.equal(byProtocol('smtp').at(-1)?.notes?.[0]?.at, `clientConfig/emailProvider/outgoingServer[${MAX_SERVERS_PER_PROTOCOL}]/socketType`);
  const capped = result.notes.filter((note) => note.code === 'servers-capped');
  assert.deepEqual(capped.map((note) => note.message.match(/lists (\d+) <(\w+)>.* (\d+) dropped/)?.slice(1)), [
    [String(published.imap + published.pop3), 'incomingServer', String(published.imap + published.pop3 - 2 * MAX_SERVERS_PER_PROTOCOL)],
    [String(published.smtp), 'outgoingServer', String(published.smtp - MAX_SERVERS_PER_PROTOCOL)],
  ]);
  assert.equal(capped[0]?.severity, 'medium');
  // Notes: the document's list is cut with a count of the rest; each server's list too.
  assert.equal(result.notes.length, MAX_NOTES_PER_DOCUMENT + 1);
  assert.equal(result.notes.at(-1)?.code, 'notes-capped');
  assert.match(result.notes.at(-1)?.message ?? '', /^\d+ more notes \(.*\) were not kept/);
  // The cap keeps the most severe: the flood of lesser notes never pushes a high one out.
  assert.doesNotMatch(result.notes.at(-1)?.message ?? '', /high/);
  assert.ok(result.notes.slice(0, -1).some((note) => note.severity === 'high'));
  for (const candidate of result.candidates) {
    assert.ok((candidate.notes?.length ?? 0) <= MAX_NOTES_PER_SERVER + 1, `${candidate.host}: ${candidate.notes?.length}`);
    assert.ok(candidate.notes?.some((note) => note.code === 'plain-socket'), `${candidate.host} keeps its plain-socket note`);
  }
});

test('a server with hundreds of values keeps a bounded list of notes, counted', () => {
  const restrictions = '<restriction>client-IP-address</restriction>'.repeat(300);
  const xml = `<clientConfig version="1.1"><emailProvider id="x"><incomingServer type="imap"><hostname>imap.hostile.test</hostname>` +
    `<port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>${restrictions}</incomingServer></emailProvider></clientConfig>`;
  const result = parseClientConfig(xml, ctx);
  if (!result.ok) assert.fail(result.error.message);
  const notes = result.candidates[0]?.notes ?? [];
  assert.equal(notes.length, MAX_NOTES_PER_SERVER + 1);
  assert.equal(notes.at(-1)?.code, 'notes-capped');
  assert.match(notes.at(-1)?.message ?? '', /^284 more notes \(284 info\)/);
});

test('documents under the caps lose nothing and get no cap note', () => {
  const servers = Array.from({ length: MAX_SERVERS_PER_PROTOCOL }, (_, i) =>
    `<outgoingServer type="smtp"><hostname>s${i}.hostile.test</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>password-cleartext</authentication></outgoingServer>`).join('');
  const result = parseClientConfig(`<clientConfig version="1.1"><emailProvider id="x">${servers}</emailProvider></clientConfig>`, ctx);
  if (!result.ok) assert.fail(result.error.message);
  assert.equal(result.candidates.length, MAX_SERVERS_PER_PROTOCOL);
  assert.deepEqual(result.notes.filter((note) => note.code.endsWith('-capped')), []);
});

test('a 1 MiB Autodiscover answer: three protocols\' worth of blocks kept, the rest counted', () => {
  const result = parseAutodiscover(hostileAutodiscover({ domain: 'hostile.test' }), { ...ctx, source: 'autodiscover' });
  if (!result.ok || result.kind !== 'settings') assert.fail(JSON.stringify(result).slice(0, 300));
  assert.equal(result.protocols.length, 3 * MAX_SERVERS_PER_PROTOCOL);
  for (const protocol of ['imap', 'pop3', 'smtp']) {
    assert.equal(result.candidates.filter((c) => c.protocol === protocol).length, MAX_SERVERS_PER_PROTOCOL, protocol);
  }
  const capped = result.notes.find((note) => note.code === 'servers-capped');
  assert.match(capped?.message ?? '', /lists \d{4} <Protocol> elements; only the first 150 are read/);
  assert.ok(result.notes.length <= MAX_NOTES_PER_DOCUMENT + 1);
});

test('the XML reader: nesting up to the limit is read, one level more is refused', () => {
  const nest = (levels: number) => `${'<x>'.repeat(levels)}${'</x>'.repeat(levels)}`;
  assert.equal(parseXml(nest(MAX_XML_DEPTH)).ok, true);
  const deeper = parseXml(nest(MAX_XML_DEPTH + 1));
  assert.equal(!deeper.ok && deeper.error.code, 'xml-too-deep');
  // Far deeper than any call stack: refused by the explicit stack, not a RangeError.
  const abyss = parseXml(nest(100_000));
  assert.equal(!abyss.ok && abyss.error.code, 'xml-too-deep');
});

test('the XML reader refuses what is not well-formed, naming the line', () => {
  const refused: Array<[string, RegExp]> = [
    ['<a>\n<b>\n</a>', /line 3\): unexpected close tag/],
    ['<a b="1" b="2"/>', /duplicate attribute: b/],
    ['<a b=1/>', /unquoted attribute value/],
    ['<a b="<"/>', /disallowed character/],
    ['<a b="1"c="2"/>', /no whitespace between attributes/],
    ['<a/>trailing', /text data outside of root node/],
    ['<a/><b/>', /only one root/],
    ['<a><!-- never closed</a>', /unclosed tag: a/],
    ['<a><![CDATA[x</a>', /unclosed tag: a/],
    ['<a>', /unclosed tag: a/],
    ['</a>', /unmatched closing tag: a/],
    ['<a><!ELEMENT x ANY></a>', /incorrect syntax/],
    ['< a/>', /disallowed character in tag name/],
    ['', /must contain a root element/],
  ];
  for (const [xml, message] of refused) {
    const result = parseXml(xml);
    assert.equal(!result.ok && result.error.code, 'xml-invalid', xml);
    assert.match(!result.ok ? result.error.message : '', message, xml);
  }
});

test('the XML reader: prefixes dropped, xmlns ignored, CDATA literal, comments and declarations skipped', () => {
  const parsed = parseXml(
    '\uFEFF<?xml version="1.0"?>\n<!-- head --><p:root xmlns:p="urn:x" xmlns="urn:y" p:kind=\'a "b"\' plain = "&amp;x">' +
      '<p:item>one <!-- c --> two</p:item><item><![CDATA[<&amp;>]]></item><empty/><?pi ignored?></p:root>\n',
  );
  if (!parsed.ok) assert.fail(parsed.error.message);
  assert.equal(parsed.root.name, 'root');
  assert.deepEqual(parsed.root.attributes, { kind: 'a "b"', plain: '&x' });
  assert.deepEqual(parsed.root.children.map((child) => [child.name, child.text]), [['item', 'onetwo'], ['item', '<&amp;>'], ['empty', '']]);
  const proto = parseXml('<a __proto__="x" constructor="y"/>');
  assert.ok(proto.ok);
  assert.deepEqual(Object.keys(proto.root.attributes), ['constructor']);
  assert.equal(Object.getPrototypeOf(proto.root.attributes), Object.prototype);
});

test('the XML reader: children past maxRepeats are counted and checked, never built', () => {
  const xml = `<r><s n="1"><t>a</t></s><s n="2"/><s n="3"><t>c</t></s><other/><s n="4"><t>d</t></s></r>`;
  const parsed = parseXml(xml, { maxRepeats: { s: 2 } });
  if (!parsed.ok) assert.fail(parsed.error.message);
  assert.deepEqual(parsed.root.children.map((child) => child.attributes.n ?? child.name), ['1', '2', 'other']);
  assert.deepEqual(parsed.dropped, { s: 2 });
  // A dropped element must still be well-formed: the whole document is refused otherwise.
  const broken = parseXml('<r><s/><s><t></s></t></r>', { maxRepeats: { s: 1 } });
  assert.equal(!broken.ok && broken.error.code, 'xml-invalid');
  // Limits are per parent, and names that are Object.prototype's own are plain names.
  const perParent = parseXml('<r><p><s/><s/></p><p><s/><s/></p><__proto__/><constructor/></r>', { maxRepeats: { s: 1 } });
  if (!perParent.ok) assert.fail(perParent.error.message);
  assert.deepEqual(perParent.root.children.map((p) => p.children.length), [1, 1, 0, 0]);
  assert.deepEqual(perParent.dropped, { s: 2 });
});
