// TLS is expected from evidence, not from port numbers (issue 9). A loopback world: one domain
// publishes, in its own HTTPS autoconfig (test-made certificate), an internal relay as
// socketType "plain" on port 25; another domain publishes nothing and its relay is only
// guessed. Both relays are the same scripted server with no STARTTLS, reached through the
// network's port map (no real mail ports, no root).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createNetwork, detect, type Network, type Report } from '@autoconf/core';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import { startHttpServer, type TestHttpServer } from '../../helpers/https-server.js';
import { startLineServer, type LineServer } from '../../helpers/line-server.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';
import { CREDENTIAL_COMMAND } from '../probe/fixtures.js';
import { freeClosedPort } from '../../helpers/ports.js';

const PUBLISHED = 'plain-relay.test';
const RELAY = `relay.${PUBLISHED}`;
const GUESSED = 'guessed-relay.test';
const GUESSED_RELAY = `smtp.${GUESSED}`;

const CLIENT_CONFIG = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="${PUBLISHED}"><domain>${PUBLISHED}</domain>
<outgoingServer type="smtp"><hostname>${RELAY}</hostname><port>25</port><socketType>plain</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`;

let ca: TestCa;
let dns: TestDnsServer;
let web: TestHttpServer;
let relay: LineServer;
let closedPort: number;
let network: Network;


before(async () => {
  ca = createTestCa();
  relay = await startLineServer({
    port: 0,
    greeting: '220 relay ESMTP',
    // An internal relay: no STARTTLS, no AUTH; STARTTLS, if asked for, is refused.
    rules: [{ match: 'EHLO', reply: ['250-relay', '250-PIPELINING', '250 8BITMIME'] }, { match: 'QUIT', reply: '221 bye', then: 'close' }],
    fallback: '502 5.5.1 Unrecognized command',
  });
  web = await startHttpServer({
    tls: ca.issue({ names: [`autoconfig.${PUBLISHED}`] }),
    routes: { '/mail/config-v1.1.xml': { body: CLIENT_CONFIG, headers: { 'content-type': 'text/xml' } } },
  });
  closedPort = await freeClosedPort();
  dns = await startDnsServer({
    zone: {
      [PUBLISHED]: { TXT: ['v=spf1 -all'] },
      [GUESSED]: { TXT: ['v=spf1 -all'] },
      [RELAY]: { A: ['127.0.0.1'] },
      [GUESSED_RELAY]: { A: ['127.0.0.1'] },
      [`autoconfig.${PUBLISHED}`]: { A: ['127.0.0.1'] },
    },
  });
  const ports: Record<string, number> = { [`${RELAY}:25`]: relay.port, [`${GUESSED_RELAY}:25`]: relay.port, [`autoconfig.${PUBLISHED}:443`]: web.port };
  network = createNetwork({
    servers: [dns.address],
    timeoutMs: 500,
    attempts: 1,
    extraCa: [ca.cert],
    // Every other port of these domains' hosts is refused, never a real port.
    portMap: (host, port) => ports[`${host}:${port}`] ?? (host.endsWith(PUBLISHED) || host.endsWith(GUESSED) ? closedPort : undefined),
  });
});

after(async () => {
  await Promise.all([relay?.close(), web?.close(), dns?.close()]);
  ca?.dispose();
});

const run = (address: string, allowInsecure: boolean): Promise<Report> =>
  detect(address, { network, allowInsecure, connectTimeoutMs: 1_000, stepTimeoutMs: 2_000, timeoutMs: 8_000 });

function relayFacts(report: Report, host: string) {
  const candidate = report.candidates.find((c) => c.protocol === 'smtp' && c.host === host && c.port === 25);
  const probe = report.probes.find((p) => p.protocol === 'smtp' && p.host === host && p.port === 25);
  return { candidate, probe };
}

test('a relay published as plain on 25, without allowInsecure: not recommended, and the findings say it is cleartext and what would accept it', async () => {
  const report = await run(`alice@${PUBLISHED}`, false);
  assert.equal(report.sources.find((s) => s.source === 'autoconfig')?.status, 'found');
  const { candidate, probe } = relayFacts(report, RELAY);
  assert.equal(candidate?.security, 'none');
  assert.equal(candidate?.trust, 'published');
  // Dialled opportunistically: STARTTLS would have been used had it been offered.
  assert.equal(probe?.requestedSecurity, 'opportunistic');
  assert.equal(probe?.outcome, 'ok', probe?.message);
  assert.equal(probe?.observedSecurity, 'none');
  assert.equal(report.recommended.smtp, undefined);
  assert.ok(!report.alternatives.some((e) => e.host === RELAY));
  assert.equal(report.status, 'not-found');
  const codes = report.findings.map((f) => f.code);
  assert.ok(!codes.includes('starttls-missing'), 'published cleartext is not a downgrade');
  const cleartext = report.findings.find((f) => f.code === 'plaintext-only');
  assert.match(cleartext?.message ?? '', new RegExp(`Published as cleartext, and not recommended unless insecure results are allowed.*${RELAY.replaceAll('.', '\\.')}:25`));
  assert.ok(codes.includes('not-found'));
  assert.doesNotMatch(relay.received(), CREDENTIAL_COMMAND);
});

test('the same relay with allowInsecure: recommended in cleartext, with a plaintext-only finding naming it', async () => {
  const report = await run(`alice@${PUBLISHED}`, true);
  const smtp = report.recommended.smtp;
  assert.deepEqual({ host: smtp?.host, port: smtp?.port, security: smtp?.security, verified: smtp?.verified, sources: smtp?.sources }, { host: RELAY, port: 25, security: 'none', verified: false, sources: ['autoconfig'] });
  assert.match(smtp?.reason ?? '', /works in cleartext only/);
  const cleartext = report.findings.find((f) => f.code === 'plaintext-only');
  assert.equal(cleartext?.severity, 'high');
  assert.deepEqual(cleartext?.endpoint, { protocol: 'smtp', host: RELAY, port: 25, security: 'none' });
  assert.match(cleartext?.message ?? '', /is recommended in cleartext because insecure results are allowed/);
  assert.ok(!report.findings.some((f) => f.code === 'starttls-missing'));
  assert.doesNotMatch(relay.received(), CREDENTIAL_COMMAND);
});

test('the same relay only guessed (nothing published): a downgrade, not recommended even with allowInsecure — a cleartext answer on a STARTTLS port nobody published as plain is what stripping looks like', async () => {
  const before = relay.lines.length;
  const report = await run(`bob@${GUESSED}`, true);
  const { candidate, probe } = relayFacts(report, GUESSED_RELAY);
  assert.deepEqual(candidate?.provenance.map((p) => p.source), ['guess']);
  assert.equal(probe?.requestedSecurity, 'starttls');
  assert.equal(probe?.outcome, 'ok', probe?.message);
  assert.equal(probe?.observedSecurity, 'none');
  assert.ok(relay.lines.slice(before).includes('STARTTLS'), 'asked for STARTTLS although not offered: the refusal is evidence');
  assert.equal(report.recommended.smtp, undefined);
  assert.ok(!report.alternatives.some((e) => e.protocol === 'smtp'));
  assert.equal(report.status, 'not-found');
  const missing = report.findings.find((f) => f.code === 'starttls-missing');
  assert.equal(missing?.severity, 'high');
  assert.deepEqual(missing?.endpoint, { protocol: 'smtp', host: GUESSED_RELAY, port: 25, security: 'starttls' });
  assert.match(missing?.message ?? '', /nothing published says it is cleartext/);
});
