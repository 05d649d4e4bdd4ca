// timeoutMs bounds the whole detection, the opt-in login included: servers that confirm at
// once and then never answer the login are given only what the deadline leaves, not their
// step timeouts. Real TLS servers on loopback, published by SRV on a real DNS server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '@autoconf/core';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import { startLineServer, type LineServer } from '../../helpers/line-server.js';
import { createTestCa } from '../../helpers/test-ca.js';
import { smtpRules } from '../probe/fixtures.js';

const ca = createTestCa();
const servers: LineServer[] = [];
let dns: TestDnsServer | undefined;

before(async () => {
  const cert = ca.issue({ names: ['mail.login.test'] });
  // Both confirm (TLS, AUTH offered), then sit on the credentials forever.
  const submission = await startLineServer({
    greeting: '220 mail.login.test ESMTP',
    tls: { cert },
    rules: smtpRules([{ match: /^AUTH /i, when: 'tls', then: 'hang' }]),
  });
  const imaps = await startLineServer({
    greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready',
    tls: { cert },
    implicitTls: true,
    rules: [
      { match: /^\S+ CAPABILITY/i, reply: ['* CAPABILITY IMAP4rev1 AUTH=PLAIN', '{tag} OK done'] },
      { match: /^\S+ (AUTHENTICATE|LOGIN) /i, then: 'hang' },
      { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK bye'], then: 'close' },
    ],
  });
  servers.push(submission, imaps);
  const srv = (port: number) => ({ SRV: [{ priority: 0, weight: 1, port, target: 'mail.login.test' }] });
  dns = await startDnsServer({
    zone: {
      'login.test': { TXT: ['v=spf1 -all'] },
      'mail.login.test': { A: ['127.0.0.1'] },
      '_submission._tcp.login.test': srv(submission.port),
      '_imaps._tcp.login.test': srv(imaps.port),
    },
  });
});

after(async () => {
  await Promise.all([dns?.close(), ...servers.map((server) => server.close())]);
  ca.dispose();
});

test('a login that never gets an answer ends with the overall deadline, as "aborted"', async () => {
  const timeoutMs = 3_000;
  const started = performance.now();
  const report = await detect('fay@login.test', {
    nameservers: [dns!.address],
    extraCa: [ca.cert],
    ispdbBaseUrl: 'https://ispdb.login.test/v1.1/',
    sources: { guess: false },
    timeoutMs,
    // Far past the deadline: only the deadline can end the hung logins.
    stepTimeoutMs: 60_000,
    probeTimeoutMs: 120_000,
    verifyLogin: { password: 'secret' },
  });
  const elapsed = performance.now() - started;
  assert.equal(report.recommended.smtp?.verified, true, JSON.stringify(report.recommended));
  assert.ok(report.logins.length >= 2, JSON.stringify(report.logins));
  assert.ok(report.logins.every((login) => login.outcome === 'aborted'), JSON.stringify(report.logins));
  // A hang catcher, not a benchmark: without the deadline this waits out the 60 s step timeout.
  assert.ok(elapsed < 3 * timeoutMs, `took ${Math.round(elapsed)} ms`);
});
