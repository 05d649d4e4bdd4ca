// A detector shares one detection per domain between callers with different addresses. The
// domain here echoes the address it was asked for (autoconfig's ?emailaddress=…) back in every
// place a server can: the <username>, a redirect URL, an instruction and its link. The second
// caller's report must hold its own address in each of those places, and the first caller's
// nowhere: every string of the serialized report is walked, keys too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createDetector, type Report } from '@autoconf/core';
import { NOT_ROOT, startWorld, xmlRoute, type World } from '../discover/world.js';

const FIRST = 'Alice.Secret+x@echo.test';
const SECOND = 'bob@echo.test';

function echoedConfig(email: string): string {
  const server = (tag: string, type: string, host: string, port: number, socketType: string) =>
    `<${tag} type="${type}"><hostname>${host}</hostname><port>${port}</port><socketType>${socketType}</socketType>` +
    `<username>${email}</username><authentication>password-cleartext</authentication></${tag}>`;
  return `<?xml version="1.0"?>\n<clientConfig version="1.1"><emailProvider id="echo.test"><domain>echo.test</domain>` +
    server('incomingServer', 'imap', 'imap.echo.test', 993, 'SSL') +
    server('outgoingServer', 'smtp', 'smtp.echo.test', 465, 'SSL') +
    // The instruction spells the address in lower case: a server need not keep its case.
    `<enable visiturl="https://echo.test/enable?user=${encodeURIComponent(email)}"><instruction>Turn on IMAP for ${email.toLowerCase()}</instruction></enable>` +
    `</emailProvider></clientConfig>`;
}

let world: World;

before(async () => {
  if (NOT_ROOT) return;
  world = await startWorld({
    ip: '127.68.0.1',
    https: {
      'autoconfig.echo.test': {
        // Redirected to a URL that carries the address on (the evidence records it), and
        // answered there with the address in the document.
        '/mail/config-v1.1.xml': (request) => ({ redirect: `/mail/for.xml?who=${encodeURIComponent(request.query.emailaddress ?? '')}` }),
        '/mail/for.xml': (request) => xmlRoute(echoedConfig(request.query.who ?? '')),
      },
    },
  });
});
after(() => world?.close());

/** Every string in the report, object keys included. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      out.push(key);
      stringsOf(inner, out);
    }
  }
  return out;
}

function spellings(address: string): string[] {
  const local = address.slice(0, address.lastIndexOf('@'));
  return [address, local, encodeURIComponent(address), encodeURIComponent(local), new URLSearchParams({ a: address }).toString().slice(2)]
    .map((form) => form.toLowerCase());
}

function leaks(report: Report, address: string): string[] {
  const forms = spellings(address);
  return stringsOf(JSON.parse(JSON.stringify(report))).filter((text) => forms.some((form) => text.toLowerCase().includes(form)));
}

test('a shared detection, a domain that echoes the address: each report holds its own address only', { skip: NOT_ROOT }, async () => {
  const detector = createDetector({ network: world.network, probe: false, timeoutMs: 8_000 });
  const first = await detector.detect(FIRST);
  const second = await detector.detect(SECOND);
  assert.equal(detector.detections, 1, 'one detection served both');
  // The one detection asked with the first address only: the server never heard the second.
  const asked = world.requests.filter((r) => r.path === '/mail/config-v1.1.xml').map((r) => r.query.emailaddress);
  assert.deepEqual(asked, [FIRST]);

  for (const [report, own, other] of [[first, FIRST, SECOND], [second, SECOND, FIRST]] as const) {
    assert.deepEqual(leaks(report, other), [], `${other} appears in the report for ${own}`);
    // Each place the server echoed the address holds this report's own.
    assert.equal(report.recommended.imap?.username, own);
    assert.equal(report.recommended.smtp?.username, own);
    assert.ok(report.candidates.filter((c) => c.host.endsWith('echo.test') && c.usernameTemplate !== undefined).every((c) => c.username === own));
    const autoconfig = report.sources.find((s) => s.source === 'autoconfig');
    assert.ok(autoconfig?.requests.includes(`GET https://autoconfig.echo.test/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(own)}`), JSON.stringify(autoconfig?.requests));
    const imap = report.candidates.find((c) => c.protocol === 'imap' && c.host === 'imap.echo.test');
    assert.match(imap?.provenance[0]?.evidence ?? '', new RegExp(`for\\.xml\\?who=${encodeURIComponent(own).replace(/[.+]/g, '\\$&')}$`));
    const enable = report.findings.find((f) => f.code === 'enable-first');
    // Matched in any case, the echo is put back as this caller spelled the address.
    assert.ok(enable?.message.includes(`Turn on IMAP for ${own}`), enable?.message);
    assert.ok(enable?.message.includes(`user=${encodeURIComponent(own)}`), enable?.message);
  }
  // The placeholders never reach a report except where a template is shown as a template.
  for (const report of [first, second]) {
    const shown = JSON.parse(JSON.stringify(report), (key, value) => (key === 'usernameTemplate' ? undefined : value));
    assert.ok(!JSON.stringify(shown).includes('EMAILADDRESS'), 'a placeholder left unexpanded');
  }
});
