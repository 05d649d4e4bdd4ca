import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandUsername } from '@autoconf/core/internal/address.js';
import { parseClientConfig, type ParseContext } from '@autoconf/core/internal/parse/client-config.js';
import { parseXml } from '@autoconf/core/internal/parse/xml.js';

const ctx: ParseContext = {
  address: { localPart: 'jane', domain: 'example.test', address: 'jane@example.test' },
  source: 'autoconfig',
  evidence: 'https://autoconfig.example.test/mail/config-v1.1.xml',
  trust: 'published',
};

function config(provider: string, outside = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <domain>Example.ORG</domain>
    <displayName>Example &amp; Co</displayName>
    ${provider}
  </emailProvider>
  ${outside}
</clientConfig>`;
}

function server(direction: 'incoming' | 'outgoing', type: string, fields: string): string {
  return `<${direction}Server type="${type}">${fields}</${direction}Server>`;
}

function mustParse(xml: string) {
  const result = parseClientConfig(xml, ctx);
  if (!result.ok) assert.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result;
}

const codes = (notes: { code: string }[]) => notes.map((note) => note.code);

test('servers become candidates in file order per protocol, placeholders expanded', () => {
  const result = mustParse(config(`
    ${server('incoming', 'imap', '<hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication>')}
    ${server('incoming', 'pop3', '<hostname>pop.example.test</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-encrypted</authentication><pop3><leaveMessagesOnServer>true</leaveMessagesOnServer><checkInterval minutes="15"/></pop3>')}
    ${server('incoming', 'imap', '<hostname>IMAP2.Example.Test.</hostname><port>143</port><socketType>STARTTLS</socketType><username>%EMAILLOCALPART%.%EMAILDOMAIN%</username><authentication>password-cleartext</authentication>')}
    ${server('outgoing', 'smtp', '<hostname>smtp.example.test</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication><addThisServer>true</addThisServer><useGlobalPreferredServer>false</useGlobalPreferredServer>')}
  `));
  assert.equal(result.config.providerId, 'example.test');
  assert.equal(result.config.displayName, 'Example & Co');
  assert.deepEqual(result.config.domains, ['example.test', 'example.org']);
  assert.deepEqual(
    result.candidates.map((c) => [c.protocol, c.host, c.port, c.security, usernameOf(c), c.usernameTemplate, c.rank]),
    [
      ['imap', 'imap.example.test', 993, 'tls', 'jane@example.test', '%EMAILADDRESS%', 0],
      ['pop3', 'pop.example.test', 995, 'tls', 'jane', '%EMAILLOCALPART%', 0],
      ['imap', 'imap2.example.test', 143, 'starttls', 'jane.example.test', '%EMAILLOCALPART%.%EMAILDOMAIN%', 1],
      ['smtp', 'smtp.example.test', 587, 'starttls', 'jane@example.test', '%EMAILADDRESS%', 0],
    ],
  );
  assert.deepEqual(result.candidates[0]?.authMethods, ['oauth2', 'password-cleartext']);
  assert.deepEqual(result.candidates[1]?.authMethods, ['password-encrypted']);
  for (const candidate of result.candidates) {
    assert.equal(candidate.source, 'autoconfig');
    assert.equal(candidate.trust, 'published');
    assert.equal(candidate.evidence, ctx.evidence);
  }
  assert.equal(result.config.incoming[0]?.hostnameTemplate, 'imap.%EMAILDOMAIN%');
  assert.deepEqual(result.config.incoming[1]?.pop3, { leaveMessagesOnServer: true, downloadOnBiff: undefined, daysToLeaveMessagesOnServer: undefined, checkIntervalMinutes: 15 });
  assert.equal(result.config.outgoing[0]?.addThisServer, true);
  assert.equal(result.config.outgoing[0]?.useGlobalPreferredServer, false);
  assert.deepEqual(result.notes, []);
});

test('plain sockets, unknown socket types and every auth value are mapped with notes', () => {
  const result = mustParse(config(`
    ${server('incoming', 'pop3', '<hostname>pop.example.test</hostname><port>110</port><socketType>plain</socketType><authentication>password-cleartext</authentication><authentication>NTLM</authentication><authentication>GSSAPI</authentication><authentication>TLS-client-cert</authentication>')}
    ${server('outgoing', 'smtp', '<hostname>smtp.example.test</hostname><port>25</port><socketType>QUANTUM</socketType><authentication>client-IP-address</authentication><authentication>smtp-after-pop</authentication><authentication>none</authentication><authentication>plain</authentication><authentication>secure</authentication><authentication>kerberos-magic</authentication><authentication system="sasl">SCRAM-SHA-256-PLUS</authentication><restriction>client-IP-address</restriction>')}
  `));
  const [pop, smtp] = result.candidates;
  assert.equal(pop?.security, 'none');
  assert.deepEqual(pop?.authMethods, ['password-cleartext', 'ntlm', 'gssapi', 'client-cert']);
  assert.equal(smtp?.security, 'unspecified');
  assert.deepEqual(smtp?.authMethods, ['client-ip', 'smtp-after-pop', 'none', 'password-cleartext', 'password-encrypted']);
  const plain = result.notes.find((note) => note.code === 'plain-socket');
  assert.equal(plain?.severity, 'high');
  assert.equal(plain?.at, 'clientConfig/emailProvider/incomingServer[1]/socketType');
  assert.deepEqual(codes(pop?.notes ?? []), ['plain-socket']);
  assert.deepEqual(codes(smtp?.notes ?? []).sort(), ['auth-deprecated', 'auth-deprecated', 'auth-unknown', 'server-restriction', 'socket-type-unknown']);
  assert.deepEqual(
    codes(result.notes).sort(),
    ['auth-deprecated', 'auth-deprecated', 'auth-unknown', 'plain-socket', 'server-restriction', 'socket-type-unknown'].sort(),
  );
  assert.deepEqual(result.config.outgoing[0]?.restrictions, ['client-IP-address']);
});

test('port and security contradictions are noted and the candidate kept for the probe', () => {
  const result = mustParse(config(`
    ${server('incoming', 'imap', '<hostname>a.example.test</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>password-cleartext</authentication>')}
    ${server('incoming', 'pop3', '<hostname>b.example.test</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>')}
    ${server('outgoing', 'smtp', '<hostname>c.example.test</hostname><port>587</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>')}
    ${server('outgoing', 'smtp', '<hostname>d.example.test</hostname><port>586</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>')}
    ${server('outgoing', 'smtp', '<hostname>e.example.test</hostname><port>465</port><socketType>STARTTLS</socketType><authentication>password-cleartext</authentication>')}
    ${server('outgoing', 'smtp', '<hostname>f.example.test</hostname><port>465</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>')}
  `));
  assert.equal(result.candidates.length, 6);
  const mismatched = result.candidates.filter((c) => codes(c.notes ?? []).includes('port-security-mismatch')).map((c) => c.host);
  assert.deepEqual(mismatched, ['a.example.test', 'b.example.test', 'c.example.test', 'e.example.test']);
  // A port no protocol registers is its own, milder code (one severity per code: notes.ts).
  assert.deepEqual(codes(result.candidates.find((c) => c.host === 'd.example.test')?.notes ?? []), ['port-unusual']);
  // Security stays as published: never inferred from the port.
  assert.deepEqual(result.candidates.map((c) => c.security), ['starttls', 'tls', 'tls', 'tls', 'starttls', 'tls']);
  assert.equal(result.candidates.find((c) => c.host === 'd.example.test')?.notes?.[0]?.severity, 'low');
});

test('broken placeholders are left as published; bad hosts and ports give notes, not candidates', () => {
  const result = mustParse(config(`
    ${server('incoming', 'imap', '<hostname>imap.example.test</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS</username><authentication>password-cleartext</authentication>')}
    ${server('incoming', 'imap', '<hostname>imap.%FOO%.test</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>')}
    ${server('incoming', 'imap', '<hostname>imap.example.test</hostname><port>99999</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>')}
    ${server('outgoing', 'smtp', '<port>465</port><socketType>SSL</socketType>')}
  `));
  assert.equal(result.candidates.length, 1);
  assert.equal(usernameOf(result.candidates[0]), '%EMAILADDRESS');
  assert.equal(result.candidates[0]?.usernameTemplate, '%EMAILADDRESS');
  assert.deepEqual(codes(result.candidates[0]?.notes ?? []), ['broken-placeholder']);
  assert.deepEqual(
    codes(result.notes),
    ['broken-placeholder', 'bad-hostname', 'server-incomplete', 'server-incomplete', 'auth-missing'],
  );
});

test('non-mail server types are skipped with notes; enable, oAuth2, webMail and documentation are kept', () => {
  const result = mustParse(
    config(
      `
    ${server('incoming', 'ews', '<username>%EMAILADDRESS</username><authentication>OAuth2</authentication><url>https://mail.example.test/ews/exchange.asmx</url>')}
    ${server('incoming', 'exchange', '<hostname>mail.example.test</hostname><port>443</port><socketType>SSL</socketType><owaURL>https://mail.example.test/owa/</owaURL><useGlobalPreferredServer>true</useGlobalPreferredServer>')}
    ${server('incoming', 'imap', '<hostname>imap.example.test</hostname><port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication>')}
    ${server('outgoing', 'smtp', '<hostname>smtp.example.test</hostname><port>465</port><socketType>SSL</socketType><authentication>OAuth2</authentication>')}
    <displayNameShort>Ex</displayNameShort>
    <documentation url="https://help.example.test/?a=1&amp;b=2"><descr lang="en">Set up</descr><descr lang="de">Einrichten</descr></documentation>
    <instruction url="https://help.example.test/imap"><descr>Configure IMAP</descr></instruction>
    <enable visiturl="https://settings.example.test/inside"><instruction>Turn on IMAP</instruction></enable>`,
      `<oAuth2><issuer>login.example.test</issuer><scope>mail offline</scope><authURL>https://login.example.test/auth</authURL><tokenURL>https://login.example.test/token</tokenURL><clientID>abc</clientID></oAuth2>
       <enable visiturl="https://settings.example.test/outside"><instruction lang="de">IMAP einschalten</instruction></enable>
       <webMail><loginPage url="https://webmail.%EMAILDOMAIN%/"/><loginPageInfo url="https://webmail.example.test/login"><username>%EMAILADDRESS%</username><usernameField id="user"/><passwordField name="pass"/><loginButton id="go"/></loginPageInfo></webMail>`,
    ),
  );
  assert.deepEqual(result.candidates.map((c) => `${c.protocol}:${c.host}`), ['imap:imap.example.test', 'smtp:smtp.example.test']);
  assert.deepEqual(result.candidates.map((c) => c.rank), [0, 0]);
  const skipped = result.notes.filter((note) => note.code === 'server-type-skipped');
  assert.deepEqual(skipped.map((note) => note.at), ['clientConfig/emailProvider/incomingServer[1]', 'clientConfig/emailProvider/incomingServer[2]']);
  assert.equal(result.config.incoming[0]?.urls.url, 'https://mail.example.test/ews/exchange.asmx');
  assert.equal(result.config.incoming[1]?.urls.owaURL, 'https://mail.example.test/owa/');
  assert.equal(result.config.incoming[1]?.useGlobalPreferredServer, true);
  assert.equal(result.config.displayShortName, 'Ex');
  assert.ok(codes(result.notes).includes('misspelled-element'));
  assert.deepEqual(result.config.documentation, [
    { url: 'https://help.example.test/?a=1&b=2', descriptions: [{ lang: 'en', text: 'Set up' }, { lang: 'de', text: 'Einrichten' }] },
  ]);
  assert.deepEqual(result.config.instructions, [{ url: 'https://help.example.test/imap', descriptions: [{ text: 'Configure IMAP' }] }]);
  const enable = result.notes.filter((note) => note.code === 'enable-first');
  assert.deepEqual(enable.map((note) => note.at), ['https://settings.example.test/inside', 'https://settings.example.test/outside']);
  assert.match(enable[0]?.message ?? '', /Turn on IMAP/);
  assert.deepEqual(result.config.oAuth2, {
    issuer: 'login.example.test', scope: 'mail offline', authUrl: 'https://login.example.test/auth',
    tokenUrl: 'https://login.example.test/token', clientId: 'abc', clientSecret: undefined,
  });
  assert.equal(result.config.webMail?.loginPageUrl, 'https://webmail.example.test/');
  assert.deepEqual(result.config.webMail?.loginPageInfo?.usernameField, { id: 'user' });
  assert.deepEqual(result.config.webMail?.loginPageInfo?.passwordField, { name: 'pass' });
});

test('unknown elements and attributes are ignored; a wrong root or no provider is an error', () => {
  const lenient = mustParse(config(`<futureThing a="1"><nested/></futureThing>
    ${server('incoming', 'imap', '<hostname>imap.example.test</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication><shiny>yes</shiny>')}`));
  assert.equal(lenient.candidates.length, 1);

  const wrongRoot = parseClientConfig('<html><body>Not found</body></html>', ctx);
  assert.equal(wrongRoot.ok, false);
  assert.equal(!wrongRoot.ok && wrongRoot.error.code, 'not-client-config');
  const noProvider = parseClientConfig('<clientConfig version="1.1"></clientConfig>', ctx);
  assert.equal(!noProvider.ok && noProvider.error.code, 'no-email-provider');
  const broken = parseClientConfig('<clientConfig><emailProvider></clientConfig>', ctx);
  assert.equal(!broken.ok && broken.error.code, 'xml-invalid');
  assert.equal(!broken.ok && broken.notes[0]?.severity, 'high');
});

test('XML bombs are refused before any expansion, quickly', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n  ')}
]>
<clientConfig version="1.1"><emailProvider id="x"><displayName>&lol9;</displayName></emailProvider></clientConfig>`;
  const started = performance.now();
  const bomb = parseClientConfig(laughs, ctx);
  assert.equal(!bomb.ok && bomb.error.code, 'xml-entities');
  assert.equal(!bomb.ok && bomb.notes[0]?.code, 'xml-entities');

  const external = parseClientConfig('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><clientConfig>&xxe;</clientConfig>', ctx);
  assert.equal(!external.ok && external.error.code, 'xml-entities');

  const deep = `<clientConfig>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</clientConfig>`;
  const deepResult = parseClientConfig(deep, ctx);
  assert.equal(!deepResult.ok && deepResult.error.code, 'xml-too-deep');

  const huge = `<clientConfig><emailProvider id="x">${'<domain>a.example.test</domain>'.repeat(350_000)}</emailProvider></clientConfig>`;
  assert.ok(huge.length > 10 * 1_048_576);
  const hugeResult = parseClientConfig(huge, ctx);
  assert.equal(!hugeResult.ok && hugeResult.error.code, 'xml-too-large');
  assert.ok(performance.now() - started < 2_000, 'bombs must be refused fast');
});

test('the XML reader decodes only the predefined entities and character references', () => {
  const parsed = parseXml('<a t="&lt;&#x41;&#66;">x &amp;amp;</a>');
  assert.ok(parsed.ok);
  assert.equal(parsed.root.attributes.t, '<AB');
  assert.equal(parsed.root.text, 'x &amp;');
  // Anything else is not well-formed (XML 1.0 §4.1 WFC Entity Declared, §4.1 WFC Legal Character):
  // never expanded, never kept as text; the document is refused.
  for (const xml of ['<a t="&unknown;"/>', '<a>&unknown;</a>', '<a>&#0;</a>', '<a>&#xD800;</a>']) {
    const refused = parseXml(xml);
    assert.equal(!refused.ok && refused.error.code, 'xml-invalid', xml);
  }
  const multibyte = parseXml(`<a>${'é'.repeat(600_000)}</a>`);
  assert.equal(!multibyte.ok && multibyte.error.code, 'xml-too-large');
});

/** What the report shows: candidates carry only the template, expanded for one address. */
function usernameOf(candidate: { usernameTemplate?: string } | undefined): string | undefined {
  return candidate?.usernameTemplate === undefined ? undefined : expandUsername(candidate.usernameTemplate, ctx.address);
}

test('a host name is the domain\'s: %EMAILDOMAIN% is expanded in it, a host naming the user is refused', () => {
  const result = mustParse(config(`
    ${server('incoming', 'imap', '<hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>')}
    ${server('incoming', 'imap', '<hostname>%EMAILLOCALPART%.imap.example.test</hostname><port>993</port><socketType>SSL</socketType>')}
  `));
  // One detection serves every address of the domain: no host may carry this one's local part.
  assert.deepEqual(result.candidates.map((c) => c.host), ['imap.example.test']);
  assert.ok(result.notes.some((n) => n.code === 'bad-hostname' && n.message.includes('%EMAILLOCALPART%.imap.example.test')), JSON.stringify(result.notes));
});
