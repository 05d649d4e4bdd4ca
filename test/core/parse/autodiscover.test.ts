import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUTODISCOVER_RESPONSE_SCHEMA,
  buildAutodiscoverRequest,
  parseAutodiscover,
} from '@autoconf/core/internal/parse/autodiscover.js';
import { expandUsername } from '@autoconf/core/internal/address.js';
import type { ParseContext } from '@autoconf/core/internal/parse/client-config.js';
import { parseXml, findChild, readChildText } from '@autoconf/core/internal/parse/xml.js';

const ctx: ParseContext = {
  address: { localPart: 'jane', domain: 'example.test', address: 'jane@example.test' },
  source: 'autodiscover',
  evidence: 'https://autodiscover.example.test/autodiscover/autodiscover.xml',
  trust: 'published',
};

function response(account: string, user = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="${AUTODISCOVER_RESPONSE_SCHEMA}">
    ${user}
    <Account>${account}</Account>
  </Response>
</Autodiscover>`;
}

function protocol(fields: Record<string, string>): string {
  return `<Protocol>${Object.entries(fields).map(([name, value]) => `<${name}>${value}</${name}>`).join('')}</Protocol>`;
}

const codes = (notes: { code: string }[] = []) => notes.map((note) => note.code);

test('settings: IMAP, POP3 and SMTP blocks become candidates; security follows Encryption, then SSL', () => {
  const result = parseAutodiscover(
    response(
      `<AccountType>email</AccountType><Action>settings</Action>
      ${protocol({ Type: 'IMAP', Server: 'imap.example.test', Port: '993', SSL: 'on', SPA: 'off', AuthRequired: 'on', LoginName: 'jane@example.test' })}
      ${protocol({ Type: 'IMAP', Server: 'imap.example.test', Port: '143', Encryption: 'TLS', SPA: 'on', LoginName: '%EMAILLOCALPART%' })}
      ${protocol({ Type: 'POP3', Server: 'pop.example.test', Port: '995', Encryption: 'SSL' })}
      ${protocol({ Type: 'POP3', Server: 'pop.example.test', Port: '110', SSL: 'off' })}
      ${protocol({ Type: 'SMTP', Server: 'smtp.example.test', Port: '587', Encryption: 'Auto', AuthRequired: 'off' })}
      ${protocol({ Type: 'SMTP', Server: 'smtp.example.test', Port: '25', Encryption: 'None', SMTPLast: 'on', DomainRequired: 'on', DomainName: 'CORP' })}
      ${protocol({ Type: 'EXCH', Server: 'exch.example.test', ASUrl: 'https://exch.example.test/EWS/Exchange.asmx' })}
      ${protocol({ Type: 'WEB' })}`,
      '<User><DisplayName>Jane Doe</DisplayName></User>',
    ),
    ctx,
  );
  if (!result.ok || result.kind !== 'settings') assert.fail(`unexpected ${JSON.stringify(result)}`);
  assert.equal(result.displayName, 'Jane Doe');
  assert.equal(result.protocols.length, 8);
  assert.deepEqual(
    result.candidates.map((c) => [c.protocol, c.host, c.port, c.security, c.rank, c.authMethods]),
    [
      ['imap', 'imap.example.test', 993, 'unspecified', 0, ['password-cleartext']],
      ['imap', 'imap.example.test', 143, 'starttls', 1, ['ntlm']],
      ['pop3', 'pop.example.test', 995, 'tls', 0, ['password-cleartext']],
      ['pop3', 'pop.example.test', 110, 'none', 1, ['password-cleartext']],
      ['smtp', 'smtp.example.test', 587, 'unspecified', 0, ['none']],
      ['smtp', 'smtp.example.test', 25, 'none', 1, ['password-cleartext', 'smtp-after-pop']],
    ],
  );
  assert.deepEqual(codes(result.candidates[0]?.notes), ['ssl-ambiguous']);
  assert.equal(usernameOf(result.candidates[0]), 'jane@example.test');
  assert.equal(result.candidates[1]?.usernameTemplate, '%EMAILLOCALPART%');
  assert.equal(usernameOf(result.candidates[1]), 'jane');
  assert.deepEqual(codes(result.candidates[3]?.notes), ['plain-socket']);
  assert.deepEqual(codes(result.candidates[4]?.notes), ['encryption-unspecific']);
  assert.deepEqual(codes(result.candidates[5]?.notes), ['plain-socket', 'domain-required']);
  assert.equal(result.candidates[0]?.source, 'autodiscover');
  assert.equal(result.candidates[0]?.evidence, ctx.evidence);
  const skipped = result.notes.filter((note) => note.code === 'protocol-type-skipped');
  assert.deepEqual(skipped.map((note) => note.at), ['Account/Protocol[7]', 'Account/Protocol[8]']);
});

test('contradictory ports are noted, incomplete blocks skipped with a note', () => {
  const result = parseAutodiscover(
    response(`<Action>settings</Action>
      ${protocol({ Type: 'SMTP', Server: 'smtp.example.test', Port: '465', Encryption: 'TLS' })}
      ${protocol({ Type: 'IMAP', Server: 'imap.example.test' })}
      ${protocol({ Type: 'POP3', Server: 'not a host!', Port: '995' })}`),
    ctx,
  );
  if (!result.ok || result.kind !== 'settings') assert.fail('expected settings');
  assert.equal(result.candidates.length, 1);
  assert.deepEqual(codes(result.candidates[0]?.notes), ['port-security-mismatch']);
  assert.deepEqual(codes(result.notes), ['port-security-mismatch', 'server-incomplete', 'bad-hostname']);
});

test('redirects: an address, an https URL; http URLs and garbage are refused', () => {
  const address = parseAutodiscover(response('<Action>redirectAddr</Action><RedirectAddr>jane@corp.example.test</RedirectAddr>'), ctx);
  assert.deepEqual(address, { ok: true, kind: 'redirect-address', address: 'jane@corp.example.test', notes: [] });

  const url = parseAutodiscover(response('<Action>redirectUrl</Action><RedirectUrl>https://ad.example.test/autodiscover/autodiscover.xml</RedirectUrl>'), ctx);
  assert.deepEqual(url, { ok: true, kind: 'redirect-url', url: 'https://ad.example.test/autodiscover/autodiscover.xml', notes: [] });

  const http = parseAutodiscover(response('<Action>redirectUrl</Action><RedirectUrl>http://ad.example.test/autodiscover/autodiscover.xml</RedirectUrl>'), ctx);
  assert.equal(!http.ok && http.error.code, 'redirect-not-https');
  const badAddress = parseAutodiscover(response('<Action>redirectAddr</Action><RedirectAddr>nobody</RedirectAddr>'), ctx);
  assert.equal(!badAddress.ok && badAddress.error.code, 'bad-redirect');
  const badUrl = parseAutodiscover(response('<Action>redirectUrl</Action><RedirectUrl>::::</RedirectUrl>'), ctx);
  assert.equal(!badUrl.ok && badUrl.error.code, 'bad-redirect');
});

test('an Autodiscover <Error> is a typed result; other documents are errors', () => {
  const error = parseAutodiscover(
    `<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
      <Response><Error Time="16:56:32" Id="1"><ErrorCode>600</ErrorCode><Message>Invalid Request</Message><DebugData /></Error></Response>
    </Autodiscover>`,
    ctx,
  );
  if (!error.ok || error.kind !== 'error') assert.fail('expected an error result');
  assert.equal(error.errorCode, '600');
  assert.equal(error.message, 'Invalid Request');

  const html = parseAutodiscover('<html><body>Login</body></html>', ctx);
  assert.equal(!html.ok && html.error.code, 'not-autodiscover');
  const empty = parseAutodiscover('', ctx);
  assert.equal(!empty.ok && empty.error.code, 'xml-invalid');
  const bomb = parseAutodiscover('<!DOCTYPE a [<!ENTITY b "c">]><Autodiscover>&b;</Autodiscover>', ctx);
  assert.equal(!bomb.ok && bomb.error.code, 'xml-entities');
  const deep = parseAutodiscover(`<Autodiscover>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</Autodiscover>`, ctx);
  assert.equal(!deep.ok && deep.error.code, 'xml-too-deep');
});

test('namespace prefixes are ignored', () => {
  const result = parseAutodiscover(
    `<a:Autodiscover xmlns:a="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006" xmlns:b="${AUTODISCOVER_RESPONSE_SCHEMA}">
      <b:Response><b:Account><b:Action>settings</b:Action>
        <b:Protocol><b:Type>IMAP</b:Type><b:Server>imap.example.test</b:Server><b:Port>993</b:Port><b:Encryption>SSL</b:Encryption></b:Protocol>
      </b:Account></b:Response></a:Autodiscover>`,
    ctx,
  );
  assert.ok(result.ok && result.kind === 'settings');
  assert.equal(result.candidates[0]?.security, 'tls');
});

test('the request body escapes the address and round-trips through the XML reader', () => {
  const hostile = 'a</EMailAddress><Injected/>&"\'@example.test';
  const body = buildAutodiscoverRequest(hostile);
  assert.ok(!body.includes('<Injected/>'));
  const parsed = parseXml(body);
  assert.ok(parsed.ok);
  const request = findChild(parsed.root, 'Request');
  assert.equal(parsed.root.name, 'Autodiscover');
  assert.equal(readChildText(request, 'EMailAddress'), hostile);
  assert.equal(readChildText(request, 'AcceptableResponseSchema'), AUTODISCOVER_RESPONSE_SCHEMA);
});

/** What the report shows: candidates carry only the template, expanded for one address. */
function usernameOf(candidate: { usernameTemplate?: string } | undefined): string | undefined {
  return candidate?.usernameTemplate === undefined ? undefined : expandUsername(candidate.usernameTemplate, ctx.address);
}
