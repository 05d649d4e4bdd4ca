import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { detect, createDetector, isAutoconfError, type ProgressEvent } from '@autoconf/core';
import { IS_ROOT, PASSWORD, startMailDomain, startBlackHoleDns, type MailDomain } from './fixtures.js';

const skip = IS_ROOT ? false : 'binds the real ports 587/465/993 on loopback: needs root';
const FAST = { dnsTimeoutMs: 500, dnsAttempts: 1, connectTimeoutMs: 1_000, stepTimeoutMs: 2_000 } as const;

let good: MailDomain;
let stripped: MailDomain;

before(async () => {
  if (!IS_ROOT) return;
  good = await startMailDomain({
    ip: '127.0.0.71',
    domain: 'good.test',
    // Another domain whose SRV record sends its users to good.test's server.
    zone: { 'xdom.test': { TXT: ['v=spf1 -all'] }, '_submissions._tcp.xdom.test': { SRV: [{ priority: 0, weight: 1, port: 465, target: 'mail.good.test' }] } },
  });
  stripped = await startMailDomain({ ip: '127.0.0.72', domain: 'stripped.test', hide587Starttls: true });
});
after(async () => {
  await good?.close();
  await stripped?.close();
});

const optionsFor = (world: MailDomain) => ({ ...FAST, nameservers: [world.dns.address], extraCa: [world.ca.cert] });

test('SRV-published servers are probed and 587 STARTTLS is recommended, verified', { skip }, async () => {
  const events: ProgressEvent[] = [];
  const report = await detect('Alice@good.test', { ...optionsFor(good), onProgress: (e) => events.push(e) });
  assert.equal(report.status, 'verified');
  assert.equal(report.recommended.smtp?.host, 'mail.good.test');
  assert.equal(report.recommended.smtp?.port, 587);
  assert.equal(report.recommended.smtp?.security, 'starttls');
  assert.equal(report.recommended.smtp?.verified, true);
  assert.equal(report.recommended.imap?.port, 993);
  assert.equal(report.recommended.imap?.security, 'tls');
  assert.equal(report.findings.filter((f) => f.severity === 'high').length, 0, JSON.stringify(report.findings));
  assert.ok(report.probes.some((p) => p.port === 587 && p.outcome === 'ok' && p.tls?.authorized));
  assert.ok(report.sources.find((s) => s.source === 'srv')?.status === 'found');
  assert.ok(events.some((e) => e.type === 'probe-start') && events.some((e) => e.type === 'stage' && e.stage === 'done'));
  assert.equal(report.address.localPart, 'Alice');
});

test('implicit-tls-first recommends 465', { skip }, async () => {
  const report = await detect('bob@good.test', { ...optionsFor(good), policy: 'implicit-tls-first' });
  assert.equal(report.recommended.smtp?.port, 465);
  assert.equal(report.recommended.smtp?.security, 'tls');
  assert.ok(report.alternatives.some((a) => a.port === 587 && a.verified) || report.probes.every((p) => p.port !== 587 || p.outcome === 'aborted'));
});

test('a 587 that hides STARTTLS is named a downgrade and never recommended', { skip }, async () => {
  const report = await detect('carol@stripped.test', optionsFor(stripped));
  const missing = report.findings.find((f) => f.code === 'starttls-missing');
  assert.ok(missing, JSON.stringify(report.findings.map((f) => f.code)));
  assert.equal(missing.severity, 'high');
  assert.equal(missing.endpoint?.port, 587);
  assert.equal(report.recommended.smtp?.port, 465);
  assert.equal(report.recommended.smtp?.security, 'tls');
  assert.ok(!report.alternatives.some((a) => a.port === 587));
});

test('an SRV target in another registrable domain is named cross-domain', { skip }, async () => {
  const report = await detect('u@xdom.test', optionsFor(good));
  assert.equal(report.recommended.smtp?.host, 'mail.good.test');
  const cross = report.findings.find((f) => f.code === 'cross-domain');
  assert.ok(cross, JSON.stringify(report.findings.map((f) => f.code)));
  assert.equal(cross.endpoint?.host, 'mail.good.test');
});

test('no byte of a password reaches any server during detect() without verifyLogin', { skip }, async () => {
  const before = good.received().length;
  await detect('dave@good.test', optionsFor(good));
  const sent = good.received().slice(before);
  assert.ok(sent.includes('EHLO'), 'the probes did talk to the servers');
  assert.ok(!/\bAUTH\b|\bLOGIN\b|AUTHENTICATE/i.test(sent.replace(/^250.*$/gm, '')), sent);
  assert.ok(!sent.includes(PASSWORD));
});

test('verifyLogin succeeds with the right password and reports bad credentials for a wrong one', { skip }, async () => {
  const ok = await detect('erin@good.test', { ...optionsFor(good), verifyLogin: { password: PASSWORD } });
  assert.ok(ok.logins.length >= 2, JSON.stringify(ok.logins));
  assert.ok(ok.logins.every((l) => l.outcome === 'ok'), JSON.stringify(ok.logins));
  const bad = await detect('erin@good.test', { ...optionsFor(good), verifyLogin: { password: 'wrong' } });
  assert.ok(bad.logins.length >= 2);
  assert.ok(bad.logins.every((l) => l.outcome === 'bad-credentials'), JSON.stringify(bad.logins));
});

test('createDetector runs one detection per domain and re-expands usernames', { skip }, async () => {
  const detector = createDetector(optionsFor(good));
  const reports = await Promise.all(['a@good.test', 'b@good.test', 'c@good.test'].map((a) => detector.detect(a)));
  assert.equal(detector.detections, 1);
  assert.deepEqual(reports.map((r) => r.address.localPart), ['a', 'b', 'c']);
  assert.ok(reports.every((r) => r.recommended.smtp?.port === 587));
});

test('with no DNS answers at all, the embedded table answers within a few seconds, unverified', async () => {
  const dark = await startBlackHoleDns();
  try {
    const started = Date.now();
    const report = await detect('someone@gmail.com', { nameservers: [dark.address], dnsTimeoutMs: 1_000, dnsAttempts: 2 });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
    assert.equal(report.status, 'unverified');
    assert.equal(report.recommended.smtp?.host, 'smtp.gmail.com');
    assert.equal(report.recommended.smtp?.verified, false);
    assert.ok(report.findings.some((f) => f.code === 'no-network'));
    assert.ok(report.findings.some((f) => f.code === 'unverified'));
    assert.equal(report.complete, false);
  } finally {
    await dark.close();
  }
});

test('offline mode uses the embedded table without any network context', async () => {
  const report = await detect('someone@gmail.com', { offline: true });
  assert.equal(report.status, 'unverified');
  assert.ok(report.recommended.smtp);
  assert.equal(report.probes.length, 0);
  assert.ok(report.sources.filter((s) => s.source !== 'embedded').every((s) => s.status === 'skipped'));
});

test('an unknown domain offline is not-found with a finding', async () => {
  const report = await detect('x@unknown-domain.test', { offline: true });
  assert.equal(report.status, 'not-found');
  assert.ok(report.findings.some((f) => f.code === 'not-found'));
});

test('the overall deadline yields a partial report, not a hang', async () => {
  const dark = await startBlackHoleDns();
  try {
    const started = Date.now();
    const report = await detect('x@somewhere.test', { nameservers: [dark.address], dnsTimeoutMs: 5_000, dnsAttempts: 1, timeoutMs: 1_000 });
    assert.ok(Date.now() - started < 3_000);
    assert.equal(report.complete, false);
    assert.ok(report.findings.some((f) => f.code === 'deadline'));
  } finally {
    await dark.close();
  }
});

test('cancellation throws a typed ABORTED error', async () => {
  const dark = await startBlackHoleDns();
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(
      detect('x@somewhere.test', { nameservers: [dark.address], signal: controller.signal }),
      (error: unknown) => isAutoconfError(error, 'ABORTED'),
    );
  } finally {
    await dark.close();
  }
});

test('bad addresses and bad options are typed errors', async () => {
  await assert.rejects(detect('no-at-sign'), (e: unknown) => isAutoconfError(e, 'ADDRESS_NO_AT'));
  await assert.rejects(detect('a@b.test', { timeoutMs: -1 }), (e: unknown) => isAutoconfError(e, 'OPTION_INVALID'));
  await assert.rejects(detect('a@b.test', { policy: 'fastest' as never }), (e: unknown) => isAutoconfError(e, 'OPTION_INVALID'));
});

test('createDetector: one caller cancelling gets ABORTED at once; the shared detection serves the others', async () => {
  const dark = await startBlackHoleDns();
  try {
    const detector = createDetector({ nameservers: [dark.address], dnsTimeoutMs: 1_000, dnsAttempts: 1 });
    const controller = new AbortController();
    const cancelled = detector.detect('a@gmail.com', { signal: controller.signal });
    const other = detector.detect('b@gmail.com');
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(cancelled, (error: unknown) => isAutoconfError(error, 'ABORTED'));
    assert.ok(Date.now() - started < 500, 'the cancel did not wait for the shared detection');
    const report = await other;
    assert.equal(report.recommended.smtp?.host, 'smtp.gmail.com');
    assert.equal(report.address.localPart, 'b');
    assert.equal(detector.detections, 1);
  } finally {
    await dark.close();
  }
});
