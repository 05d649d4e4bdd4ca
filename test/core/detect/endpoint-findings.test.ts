// Findings about single published endpoints, through the whole of detect() against scripted
// servers on loopback published by SRV records: AUTH offered with no STARTTLS at all, a
// server that takes the connection and never greets, and receiving with STARTTLS only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createDetector, detect, type DetectOptions, type Report } from '@autoconf/core';
import { startDnsServer, type ZoneNode } from '../../helpers/dns-server.js';
import { startLineServer, type LineServer, type LineServerOptions, type Rule } from '../../helpers/line-server.js';
import { createTestCa } from '../../helpers/test-ca.js';
import { smtpRules, SMTP_TLS_EHLO } from '../probe/fixtures.js';

const ca = createTestCa();
after(() => ca.dispose());
const cert = ca.issue({ names: ['mail.ep.test'] });
const QUIT = { match: 'QUIT', reply: '221 bye', then: 'close' as const };
const IMAP_STARTTLS: Rule[] = [
  { match: /^\S+ CAPABILITY/i, when: 'plain', reply: ['* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED', '{tag} OK done'] },
  { match: /^\S+ CAPABILITY/i, when: 'tls', reply: ['* CAPABILITY IMAP4rev1 AUTH=PLAIN', '{tag} OK done'] },
  { match: /^\S+ STARTTLS/i, reply: '{tag} OK Begin TLS negotiation now', then: 'starttls' },
  { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK bye'], then: 'close' },
];

/** Detect for ep.test, whose SRV records name the given servers (service → server). */
async function detectWith(
  servers: Record<string, LineServerOptions>,
  policy: 'submission-first' | 'implicit-tls-first' = 'submission-first',
  timeouts: { stepTimeoutMs?: number } = {},
  run: (options: DetectOptions) => Promise<Report> = (options) => detect('eve@ep.test', options),
): Promise<Report> {
  const started: LineServer[] = [];
  const zone: Record<string, ZoneNode> = { 'ep.test': { TXT: ['v=spf1 -all'] }, 'mail.ep.test': { A: ['127.0.0.1'] } };
  try {
    for (const [service, options] of Object.entries(servers)) {
      const server = await startLineServer(options);
      started.push(server);
      zone[`${service}._tcp.ep.test`] = { SRV: [{ priority: 0, weight: 1, port: server.port, target: 'mail.ep.test' }] };
    }
    const dns = await startDnsServer({ zone });
    try {
      return await run({
        nameservers: [dns.address], extraCa: [ca.cert], dnsTimeoutMs: 500, dnsAttempts: 1,
        connectTimeoutMs: 1_000, stepTimeoutMs: 1_000, probeTimeoutMs: 3_000, timeoutMs: 6_000, policy, ...timeouts,
        sources: { guess: false, autoconfig: false, ispdb: false, autodiscover: false, mx: false },
      });
    } finally {
      await dns.close();
    }
  } finally {
    await Promise.all(started.map((server) => server.close()));
  }
}

const codes = (report: Report) => report.findings.map((f) => f.code);

test('AUTH on a submission port with no STARTTLS at all: auth-in-cleartext, high, named with the port', async () => {
  const report = await detectWith({
    _submission: { greeting: '220 mail.ep.test', fallback: '502 5.5.1 no', rules: [{ match: 'EHLO', reply: ['250-mail.ep.test', '250 AUTH PLAIN LOGIN'] }, QUIT] },
  });
  const found = report.findings.find((f) => f.code === 'auth-in-cleartext');
  assert.equal(found?.severity, 'high', JSON.stringify(codes(report)));
  assert.match(found?.message ?? '', /AUTH PLAIN LOGIN with no STARTTLS: a login on port \d+ would send the password in cleartext/);
  assert.equal(report.recommended.smtp, undefined);
});

test('a published endpoint that never greets is named once its wait ran out', async () => {
  const started = performance.now();
  const report = await detectWith({
    _submission: { greeting: null, rules: [] },
    // IMAP answers on the same address: the host is there, only its SMTP port is silent.
    _imaps: { greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready', tls: { cert }, implicitTls: true, rules: IMAP_STARTTLS },
  });
  const found = report.findings.find((f) => f.code === 'no-greeting');
  assert.ok(found, JSON.stringify(codes(report)));
  assert.match(found.message, /^SMTP mail\.ep\.test:\d+ accepted the connection but never greeted\.$/);
  assert.equal(report.recommended.imap?.security, 'tls');
  assert.ok(performance.now() - started < 5_000);
});

test('receiving with STARTTLS only (no 993): receive-starttls-only, low; with 993 answering, none', async () => {
  const imap = { greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready', tls: { cert }, rules: IMAP_STARTTLS };
  const smtp = { greeting: '220 mail.ep.test', tls: { cert }, rules: smtpRules() };
  const only = await detectWith({ _imap: imap, _submission: smtp });
  assert.equal(only.recommended.imap?.security, 'starttls', JSON.stringify(codes(only)));
  const found = only.findings.find((f) => f.code === 'receive-starttls-only');
  assert.equal(found?.severity, 'low');
  assert.match(found?.message ?? '', /no implicit-TLS port \(993\) answered/);
  const both = await detectWith({
    _imap: imap,
    _imaps: { ...imap, greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready', implicitTls: true },
    _submission: smtp,
  });
  assert.ok(!codes(both).includes('receive-starttls-only'), JSON.stringify(codes(both)));
});


test('under implicit-tls-first, a published 587 that lost its STARTTLS is still named (other clients will use it)', async () => {
  const report = await detectWith({
    _submission: { greeting: '220 mail.ep.test', fallback: '502 5.5.1 no', rules: [{ match: 'EHLO', reply: ['250-mail.ep.test', '250 8BITMIME'] }, QUIT] },
    _submissions: { greeting: '220 mail.ep.test', tls: { cert }, implicitTls: true, rules: [{ match: 'EHLO', reply: SMTP_TLS_EHLO }, QUIT] },
  }, 'implicit-tls-first');
  assert.equal(report.recommended.smtp?.security, 'tls');
  const missing = report.findings.find((f) => f.code === 'starttls-missing');
  assert.ok(missing, JSON.stringify(codes(report)));
  assert.match(missing.message, /^SMTP mail\.ep\.test:\d+ offered no STARTTLS/);
});

test('a published STARTTLS port that stays silent holds an otherwise settled answer for a second at most', async () => {
  const started = performance.now();
  const report = await detectWith({
    _submission: { greeting: null, rules: [] },
    _submissions: { greeting: '220 mail.ep.test', tls: { cert }, implicitTls: true, rules: [{ match: 'EHLO', reply: SMTP_TLS_EHLO }, QUIT] },
  }, 'implicit-tls-first', { stepTimeoutMs: 5_000 });
  assert.equal(report.recommended.smtp?.security, 'tls');
  // Its own greeting wait is 5 s: only the observation grace ends it sooner.
  assert.ok(performance.now() - started < 2_500, `${Math.round(performance.now() - started)} ms`);
});

test('the same domain gives the same findings detected alone or in a batch (a shared detector)', async () => {
  const servers = {
    _submission: { greeting: '220 mail.ep.test', tls: { cert }, rules: smtpRules([{ match: 'EHLO', when: 'plain', reply: ['250-mail.ep.test', '250-STARTTLS', '250 AUTH PLAIN LOGIN'] }]) },
    _submissions: { greeting: '220 mail.ep.test', tls: { cert }, implicitTls: true, rules: [{ match: 'EHLO', reply: SMTP_TLS_EHLO }, QUIT] },
  };
  for (const policy of ['submission-first', 'implicit-tls-first'] as const) {
    const alone = await detectWith(servers, policy);
    const batch = await detectWith(servers, policy, {}, async (options) => {
      const detector = createDetector(options);
      const [first] = await Promise.all(['a@ep.test', 'b@ep.test', 'c@ep.test'].map((address) => detector.detect(address)));
      return first!;
    });
    assert.ok(codes(alone).includes('auth-before-tls'), `${policy}: ${JSON.stringify(codes(alone))}`);
    assert.deepEqual(codes(batch).sort(), codes(alone).sort(), policy);
  }
});
