// The network's port map lets detect() run against scripted servers on free ports, as any
// user, without binding the real mail ports: SRV and autoconfig name mail.port-map.test on
// 587/465/993 and autoconfig on 443, the map dials the servers' random ports, and the report
// still speaks of 587, 465, 993.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createNetwork, detect, type Network } from '@autoconf/core';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import { startHttpServer, type TestHttpServer } from '../../helpers/https-server.js';
import { startLineServer, type LineServer, type Rule } from '../../helpers/line-server.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';
import { SMTP_TLS_EHLO, smtpRules } from '../probe/fixtures.js';
import { freeClosedPort } from '../../helpers/ports.js';

const DOMAIN = 'port-map.test';
const HOST = `mail.${DOMAIN}`;
const PASSWORD = 'seam-password';

let ca: TestCa;
let dns: TestDnsServer;
let web: TestHttpServer;
let submission: LineServer;
let submissions: LineServer;
let imaps: LineServer;
let closedPort: number;
let network: Network;

const plainAuthOk = (payload: string): boolean => Buffer.from(payload, 'base64').toString('utf8').endsWith(`\0${PASSWORD}`);
const smtpAuth: Rule = { match: /^AUTH PLAIN /i, when: 'tls', reply: (line) => (plainAuthOk(line.split(' ')[2] ?? '') ? '235 2.7.0 OK' : '535 5.7.8 no') };

const CLIENT_CONFIG = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="${DOMAIN}"><domain>${DOMAIN}</domain>
<incomingServer type="imap"><hostname>${HOST}</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></incomingServer>
<outgoingServer type="smtp"><hostname>${HOST}</hostname><port>587</port><socketType>STARTTLS</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>`;


before(async () => {
  ca = createTestCa();
  const cert = ca.issue({ names: [HOST, `autoconfig.${DOMAIN}`] });
  submission = await startLineServer({ port: 0, greeting: `220 ${HOST} ESMTP`, tls: { cert }, rules: smtpRules([smtpAuth]), fallback: '502 5.5.1 no' });
  submissions = await startLineServer({
    port: 0,
    greeting: `220 ${HOST} ESMTP`,
    tls: { cert },
    implicitTls: true,
    rules: [smtpAuth, { match: 'EHLO', reply: SMTP_TLS_EHLO }, { match: 'QUIT', reply: '221 bye', then: 'close' }],
  });
  imaps = await startLineServer({
    port: 0,
    greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready',
    tls: { cert },
    implicitTls: true,
    rules: [
      { match: /^\S+ CAPABILITY/i, reply: ['* CAPABILITY IMAP4rev1 AUTH=PLAIN', '{tag} OK done'] },
      { match: /^\S+ AUTHENTICATE PLAIN \S+/i, reply: (line) => [`${line.split(' ')[0]} ${plainAuthOk(line.split(' ')[3] ?? '') ? 'OK in' : 'NO bad'}`] },
      { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK bye'], then: 'close' },
    ],
  });
  web = await startHttpServer({ tls: cert, routes: { '/mail/config-v1.1.xml': { body: CLIENT_CONFIG, headers: { 'content-type': 'text/xml' } } } });
  closedPort = await freeClosedPort();
  const srv = (port: number) => ({ SRV: [{ priority: 0, weight: 1, port, target: HOST }] });
  dns = await startDnsServer({
    zone: {
      [DOMAIN]: { TXT: ['v=spf1 -all'] },
      [HOST]: { A: ['127.0.0.1'] },
      [`autoconfig.${DOMAIN}`]: { A: ['127.0.0.1'] },
      [`_submission._tcp.${DOMAIN}`]: srv(587),
      [`_submissions._tcp.${DOMAIN}`]: srv(465),
      [`_imaps._tcp.${DOMAIN}`]: srv(993),
    },
  });
  const ports: Record<string, number> = { [`${HOST}:587`]: submission.port, [`${HOST}:465`]: submissions.port, [`${HOST}:993`]: imaps.port, [`autoconfig.${DOMAIN}:443`]: web.port };
  // Every other port of our hosts (guesses: 25, 143, 110, …) is refused, never a real port.
  network = createNetwork({
    servers: [dns.address],
    timeoutMs: 500,
    attempts: 1,
    extraCa: [ca.cert],
    portMap: (host, port) => ports[`${host}:${port}`] ?? (host.endsWith(DOMAIN) ? closedPort : undefined),
  });
});

after(async () => {
  await Promise.all([submission?.close(), submissions?.close(), imaps?.close(), web?.close(), dns?.close()]);
  ca?.dispose();
});

test('detect() through the port map: 587 recommended and verified, the report names the real ports', async () => {
  const report = await detect(`alice@${DOMAIN}`, {
    network,
    connectTimeoutMs: 1_000,
    stepTimeoutMs: 2_000,
    timeoutMs: 8_000,
    verifyLogin: { password: PASSWORD },
  });
  assert.equal(report.status, 'verified');
  assert.deepEqual(
    { host: report.recommended.smtp?.host, port: report.recommended.smtp?.port, security: report.recommended.smtp?.security, verified: report.recommended.smtp?.verified },
    { host: HOST, port: 587, security: 'starttls', verified: true },
  );
  assert.equal(report.recommended.imap?.port, 993);
  assert.equal(report.recommended.imap?.verified, true);
  // The scripted servers are what answered: TLS after STARTTLS on the 587 stand-in.
  assert.ok(submission.received().includes('STARTTLS') && submission.handshakes > 0, submission.received());
  assert.ok(imaps.handshakes > 0);
  // HTTPS went through the map too, with SNI and Host naming the URL's host, not the port dialled.
  assert.equal(report.sources.find((source) => source.source === 'autoconfig')?.status, 'found');
  const fetched = web.requests.find((request) => request.path === '/mail/config-v1.1.xml');
  assert.equal(fetched?.headers.host, `autoconfig.${DOMAIN}`);
  assert.equal(fetched?.servername, `autoconfig.${DOMAIN}`);
  // The login dialled the map as well, and succeeded on the stand-ins.
  assert.ok(report.logins.some((login) => login.port === 587 && login.outcome === 'ok'), JSON.stringify(report.logins));
  assert.ok(submission.received().includes('AUTH PLAIN'));
  // Invisible in the report: no port of a server that answered appears anywhere in it. (A
  // refused guess carries the system's own text, which names the peer dialled: closedPort.)
  const json = JSON.stringify(report);
  for (const port of [submission.port, submissions.port, imaps.port, web.port]) {
    assert.doesNotMatch(json, new RegExp(`(?<![0-9a-fA-F])${port}(?![0-9a-fA-F])`), `port ${port} leaked into the report`);
  }
  assert.ok(report.probes.some((probe) => probe.port === 587 && probe.outcome === 'ok'));
});

test('createNetwork checks the port map: a record of "host:port" entries, or a function', () => {
  const record = createNetwork({ servers: ['127.0.0.1'], portMap: { 'Mail.Example.test:587': 40_123 } });
  assert.equal(record.portMap?.('mail.example.test', 587), 40_123);
  assert.equal(record.portMap?.('mail.example.test', 465), undefined);
  assert.equal(createNetwork({ servers: ['127.0.0.1'] }).portMap, undefined);
  const bad: Record<string, number>[] = [{ 'mail.example.test': 1 }, { 'mail.example.test:587': 0 }, { 'mail.example.test:70000': 1 }];
  for (const portMap of bad) assert.throws(() => createNetwork({ servers: ['127.0.0.1'], portMap }), /portMap/);
  const broken = createNetwork({ servers: ['127.0.0.1'], portMap: () => 99_999 });
  assert.throws(() => broken.portMap?.('x.test', 25), /not a port/);
});
