// Hostile and broken servers through the whole of detect(): each gives its finding (or a
// bounded, partial answer), never a hang or a crash. The servers are scripted on loopback
// and published by SRV records, so the finding names the endpoint a source vouched for.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { detect, type Report } from '@autoconf/core';
import { startDnsServer } from '../../helpers/dns-server.js';
import { startLineServer, type LineServerOptions } from '../../helpers/line-server.js';
import { createTestCa } from '../../helpers/test-ca.js';
import { smtpRules, SMTP_TLS_EHLO } from '../probe/fixtures.js';

const ca = createTestCa();
after(() => ca.dispose());
const good = ca.issue({ names: ['mail.hostile.test'] });
const QUIT = { match: 'QUIT', reply: '221 bye', then: 'close' as const };

/** Detect for a domain whose only published SMTP endpoint is `server` (SRV, given mode). */
async function detectWith(server: LineServerOptions, srv: '_submission' | '_submissions', options: { timeoutMs?: number } = {}): Promise<{ report: Report; ms: number }> {
  const line = await startLineServer(server);
  const dns = await startDnsServer({
    zone: {
      'hostile.test': { TXT: ['v=spf1 -all'] },
      'mail.hostile.test': { A: ['127.0.0.1'] },
      [`${srv}._tcp.hostile.test`]: { SRV: [{ priority: 0, weight: 1, port: line.port, target: 'mail.hostile.test' }] },
    },
  });
  const started = Date.now();
  try {
    const report = await detect('eve@hostile.test', {
      nameservers: [dns.address], extraCa: [ca.cert], dnsTimeoutMs: 500, dnsAttempts: 1,
      connectTimeoutMs: 1_000, stepTimeoutMs: 1_000, probeTimeoutMs: 3_000, timeoutMs: options.timeoutMs ?? 6_000,
      sources: { guess: false },
    });
    return { report, ms: Date.now() - started };
  } finally {
    await Promise.all([line.close(), dns.close()]);
  }
}

const codes = (report: Report) => report.findings.map((f) => f.code);

test('STARTTLS advertised then refused: starttls-failed, not recommended', async () => {
  const { report } = await detectWith({ greeting: '220 mail.hostile.test', tls: { cert: good }, rules: smtpRules([{ match: 'STARTTLS', reply: '454 4.7.0 TLS not available' }]) }, '_submission');
  assert.ok(codes(report).includes('starttls-failed'), JSON.stringify(codes(report)));
  assert.equal(report.recommended.smtp, undefined);
});

test('STARTTLS hidden (stripping): starttls-missing, high', async () => {
  const { report } = await detectWith({ greeting: '220 mail.hostile.test', fallback: '502 5.5.1 no', rules: [{ match: 'EHLO', reply: ['250-mail.hostile.test', '250 AUTH PLAIN'] }, QUIT] }, '_submission');
  const missing = report.findings.find((f) => f.code === 'starttls-missing');
  assert.equal(missing?.severity, 'high', JSON.stringify(codes(report)));
  assert.equal(report.recommended.smtp, undefined);
});

test('AUTH offered before TLS: auth-before-tls, still usable over STARTTLS', async () => {
  const rules = smtpRules([{ match: 'EHLO', when: 'plain', reply: ['250-mail.hostile.test', '250-STARTTLS', '250 AUTH PLAIN LOGIN'] }]);
  const { report } = await detectWith({ greeting: '220 mail.hostile.test', tls: { cert: good }, rules }, '_submission');
  assert.ok(codes(report).includes('auth-before-tls'), JSON.stringify(codes(report)));
  assert.equal(report.recommended.smtp?.security, 'starttls');
});

for (const [name, cert, code] of [
  ['expired', ca.issue({ names: ['mail.hostile.test'], notBefore: new Date(Date.now() - 20 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }), 'cert-expired'],
  ['self-signed', ca.selfSigned(['mail.hostile.test']), 'cert-untrusted'],
  ['wrong-host', ca.issue({ names: ['other.example.test'] }), 'cert-name-mismatch'],
] as const) {
  test(`an ${name} certificate on 465-style implicit TLS: ${code}, not recommended`, async () => {
    const { report } = await detectWith({ greeting: '220 mail.hostile.test', tls: { cert }, implicitTls: true, rules: [{ match: 'EHLO', reply: SMTP_TLS_EHLO }, QUIT] }, '_submissions');
    assert.ok(codes(report).includes(code), JSON.stringify(codes(report)));
    assert.equal(report.recommended.smtp?.verified ?? false, false);
  });
}

test('a TLS 1.0-only server: tls-outdated, not recommended as verified', async () => {
  const { report } = await detectWith({ greeting: '220 mail.hostile.test', tls: { cert: good, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' }, implicitTls: true, rules: [{ match: 'EHLO', reply: SMTP_TLS_EHLO }, QUIT] }, '_submissions');
  assert.ok(codes(report).includes('tls-outdated'), JSON.stringify(codes(report)));
  assert.notEqual(report.recommended.smtp?.verified, true);
});

test('a 421 greeting: nothing recommended, no hang', async () => {
  const { report, ms } = await detectWith({ greeting: '421 4.3.2 Service not available', rules: [] }, '_submission');
  assert.equal(report.recommended.smtp, undefined);
  assert.ok(report.probes.some((p) => p.outcome === 'rejected'));
  assert.ok(ms < 6_000);
});

test('a tarpit (accepts, never greets): bounded by the step timeout, no hang', async () => {
  const { report, ms } = await detectWith({ greeting: null, rules: [] }, '_submission');
  assert.ok(report.probes.some((p) => p.outcome === 'timeout-greeting'), JSON.stringify(report.probes.map((p) => p.outcome)));
  assert.ok(ms < 6_000, `took ${ms} ms`);
});

test('an endless line: a protocol error, memory and time bounded', async () => {
  const { report, ms } = await detectWith({ greeting: null, greetingStream: function* () { for (let i = 0; i < 1e6; i++) yield 'x'.repeat(4096); }, rules: [] }, '_submission');
  assert.ok(report.probes.some((p) => p.outcome === 'protocol-error'), JSON.stringify(report.probes.map((p) => p.outcome)));
  assert.ok(ms < 6_000);
});
