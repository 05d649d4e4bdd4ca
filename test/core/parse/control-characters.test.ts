// Door checks: a published value with a control, line-separator or bidi character is refused
// with a note before it can become a candidate, whether written raw or as a character reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandUsername } from '@autoconf/core/internal/address.js';
import { parseClientConfig, type ParseContext } from '@autoconf/core/internal/parse/client-config.js';
import { AUTODISCOVER_RESPONSE_SCHEMA, parseAutodiscover } from '@autoconf/core/internal/parse/autodiscover.js';
import { isHostName, normalizeHostname } from '@autoconf/core/internal/parse/server-fields.js';
import { showControlCharacters, showControlCharactersDeep } from '@autoconf/core/internal/text/control-characters.js';
import type { LintNote } from '@autoconf/core/internal/types.js';

const address = { localPart: 'jane', domain: 'example.test', address: 'jane@example.test' };
const autoconfig: ParseContext = { address, source: 'autoconfig', evidence: 'https://autoconfig.example.test/mail/config-v1.1.xml', trust: 'published' };
const autodiscover: ParseContext = { address, source: 'autodiscover', evidence: 'https://autodiscover.example.test/autodiscover/autodiscover.xml', trust: 'published' };

function clientConfig(servers: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="example.test">
  <domain>example.test</domain><displayName>Example</displayName>${extra}
  ${servers}
</emailProvider></clientConfig>`;
}

const smtp = (fields: string) => `<outgoingServer type="smtp">${fields}</outgoingServer>`;
const imap = (fields: string) => `<incomingServer type="imap">${fields}</incomingServer>`;
const GOOD_SMTP = smtp('<hostname>smtp.example.test</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>');

function parse(xml: string) {
  const result = parseClientConfig(xml, autoconfig);
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  return result;
}

const refusals = (notes: LintNote[]) => notes.filter((note) => note.code === 'control-characters');

test('a username holding ESC as the reference &#27; is refused, and its server with it', () => {
  const result = parse(clientConfig(`${imap('<hostname>imap.example.test</hostname><port>993</port><socketType>SSL</socketType><username>jane&#27;]52;c;ZXZpbA==&#7;</username>')}${GOOD_SMTP}`));
  assert.deepEqual(result.candidates.map((c) => `${c.protocol} ${c.host}`), ['smtp smtp.example.test']);
  const [note] = refusals(result.notes);
  assert.equal(note?.severity, 'high');
  assert.equal(note?.at, 'clientConfig/emailProvider/incomingServer[1]/username');
  assert.match(note?.message ?? '', /U\+001B/);
  assert.ok(!JSON.stringify(result).includes('\x1b'), 'the ESC reached the parse result');
});

test('a newline in a username (raw or &#10;) never yields a candidate: no msmtp "passwordeval" line can follow', () => {
  for (const username of ['jane\npasswordeval "touch /tmp/pwned"', 'jane&#10;passwordeval x', 'jane&#13;x', 'jane&#x85;x', 'jane&#x2028;x']) {
    const result = parse(clientConfig(smtp(`<hostname>smtp.example.test</hostname><port>465</port><socketType>SSL</socketType><username>${username}</username>`)));
    assert.deepEqual(result.candidates, [], username);
    assert.equal(refusals(result.notes).length, 1, username);
  }
});

test('a bidi override in the username template is refused', () => {
  const result = parse(clientConfig(smtp('<hostname>smtp.example.test</hostname><port>465</port><socketType>SSL</socketType><username>&#x202E;%EMAILADDRESS%</username>')));
  assert.deepEqual(result.candidates, []);
  assert.match(refusals(result.notes)[0]?.message ?? '', /U\+202E/);
});

test('a newline in a hostname is not a host name, even where IDNA mapping would delete it', () => {
  // url.domainToASCII('smtp\nexample.test') quietly returns "smtpexample.test".
  assert.equal(normalizeHostname('smtp\nexample.test'), undefined);
  assert.equal(normalizeHostname('smtp.example.test\n'), undefined);
  assert.equal(normalizeHostname('smtp.\u202eexample.test'), undefined);
  assert.equal(normalizeHostname('SMTP.Example.test.'), 'smtp.example.test');
  const result = parse(clientConfig(smtp('<hostname>smtp&#10;.example.test</hostname><port>587</port><socketType>STARTTLS</socketType>')));
  assert.deepEqual(result.candidates, []);
  assert.ok(result.notes.some((note) => note.code === 'server-incomplete' || note.code === 'bad-hostname'));
});

test('display names, auth values and instructions with controls are refused; layout newlines in prose are not', () => {
  const result = parse(clientConfig(
    `${smtp('<hostname>smtp.example.test</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>password-&#27;[2Jcleartext</authentication>')}`,
    '<displayShortName>Ex&#27;[31mample</displayShortName><enable visiturl="https://example.test/&#7;"><instruction>Turn on\n   IMAP first</instruction></enable>',
  ));
  const at = refusals(result.notes).map((note) => note.at);
  assert.ok(at.includes('clientConfig/emailProvider/displayShortName'), at.join());
  assert.ok(at.includes('clientConfig/emailProvider/enable@visiturl'), at.join());
  assert.ok(at.some((path) => path?.startsWith('clientConfig/emailProvider/outgoingServer[1]/authentication')), at.join());
  assert.deepEqual(result.candidates, [], 'a server with a refused value yields no candidate');
  assert.equal(result.config.displayShortName, undefined);
  assert.equal(result.config.enable[0]?.instructions[0]?.text, 'Turn on IMAP first');
  assert.ok(!/[\x00-\x1f\x7f]/.test(JSON.stringify(result).replace(/\\[nrt]/g, '')), 'no control character left anywhere');
});

test('a clean document is untouched by the door check', () => {
  const result = parse(clientConfig(GOOD_SMTP));
  assert.equal(usernameOf(result.candidates[0]), 'jane@example.test');
  assert.deepEqual(refusals(result.notes), []);
});

function autodiscoverResponse(account: string, user = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="${AUTODISCOVER_RESPONSE_SCHEMA}">${user}<Account>${account}</Account></Response>
</Autodiscover>`;
}

test('a hostile Autodiscover: LoginName with CR LF, DisplayName with OSC 52, Server with ESC', () => {
  const result = parseAutodiscover(autodiscoverResponse(
    '<AccountType>email</AccountType><Action>settings</Action>'
      + '<Protocol><Type>SMTP</Type><Server>smtp.example.test</Server><Port>587</Port><Encryption>TLS</Encryption><LoginName>jane&#13;&#10;PassCmd "touch /tmp/pwned"</LoginName></Protocol>'
      + '<Protocol><Type>IMAP</Type><Server>imap.example.test&#27;[2K</Server><Port>993</Port><SSL>on</SSL></Protocol>'
      + '<Protocol><Type>POP3</Type><Server>pop.example.test</Server><Port>995</Port><SSL>on</SSL><LoginName>jane</LoginName></Protocol>',
    '<User><DisplayName>Jane&#27;]52;c;cm0gLXJmIH4=&#7;</DisplayName></User>',
  ), autodiscover);
  assert.ok(result.ok && result.kind === 'settings');
  if (!result.ok || result.kind !== 'settings') return;
  assert.deepEqual(result.candidates.map((c) => `${c.protocol} ${c.host} ${usernameOf(c)}`), ['pop3 pop.example.test jane']);
  assert.equal(result.displayName, undefined);
  assert.equal(refusals(result.notes).length, 3);
  assert.ok(!/[\x00-\x1f]/.test(JSON.stringify(result).replace(/\\[nrt]/g, '')));
});

test('an Autodiscover RedirectUrl must name a host; RedirectAddr must be free of controls', () => {
  for (const url of ['https://evil&#27;[2J.example/autodiscover.xml', 'https://a&#x202E;b.example/x', 'https://exa%0ample.test/x']) {
    const result = parseAutodiscover(autodiscoverResponse(`<Action>redirectUrl</Action><RedirectUrl>${url}</RedirectUrl>`), autodiscover);
    assert.equal(result.ok, false, url);
  }
  const fine = parseAutodiscover(autodiscoverResponse('<Action>redirectUrl</Action><RedirectUrl>https://autodiscover.example.test/autodiscover/autodiscover.xml</RedirectUrl>'), autodiscover);
  assert.ok(fine.ok && fine.kind === 'redirect-url');
  const address = parseAutodiscover(autodiscoverResponse('<Action>redirectAddr</Action><RedirectAddr>jane&#27;@example.test</RedirectAddr>'), autodiscover);
  assert.equal(address.ok, false);
});

test('DNS answers (MX exchange, SRV target) count as host names only when they are', () => {
  assert.equal(isHostName('mx1.example.test'), true);
  assert.equal(isHostName('192.0.2.1'), true);
  for (const name of ['mx1.example.test\x1b[2J', 'mx\n.example.test', 'mx .example.test', 'mx1.example.test\u202e', '']) {
    assert.equal(isHostName(name), false, JSON.stringify(name));
  }
});

test('showControlCharacters names every control instead of dropping it, and is idempotent', () => {
  const shown = showControlCharacters('a\x1b[2Jb\rc\nd\x07e\x7ff\x9bg\u202eh\u2028i\u0000');
  assert.equal(shown, 'a␛[2Jb␍c␊d␇e␡f<U+009B>g<U+202E>h<U+2028>i␀');
  assert.equal(showControlCharacters(shown), shown);
  assert.equal(showControlCharacters('plain ünïcödé ☃'), 'plain ünïcödé ☃');
  const deep = showControlCharactersDeep({ n: 3, list: ['\x1b'], nested: { at: new Date(0), s: '\u202e' } });
  assert.deepEqual(deep, { n: 3, list: ['␛'], nested: { at: new Date(0), s: '<U+202E>' } });
});

/** What the report shows: candidates carry only the template, expanded for one address. */
function usernameOf(candidate: { usernameTemplate?: string } | undefined): string | undefined {
  return candidate?.usernameTemplate === undefined ? undefined : expandUsername(candidate.usernameTemplate, address);
}
