// Probe results in plain words, from real dialogues with servers on loopback: implicit TLS
// dialled at a cleartext server, STARTTLS at a TLS-first one, an untrusted certificate, a
// refused port, a server without STARTTLS. The words name the cause and the mode to pick.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { probeEndpoint, type DialMode, type ProbeResult } from '@autoconf/core';
import { explainProbe, explainProbeFailure } from '@autoconf/core/internal/explain-probe.js';
import { registeredSecurity, registeredService } from '@autoconf/core/internal/probe/registered-ports.js';
import { startLineServer, type LineServerOptions } from '../../helpers/line-server.js';
import { FAST, SMTP_PLAIN_EHLO, createProbeWorld, smtpRules, type ProbeWorld } from './fixtures.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

async function probe(options: Partial<LineServerOptions>, security: DialMode, host = 'mail.probe.test'): Promise<ProbeResult> {
  const server = await startLineServer({ greeting: '220 mx.probe.test ESMTP', tls: { cert: world.cert }, rules: smtpRules(), ...options });
  try {
    return await probeEndpoint({ network: world.network, protocol: 'smtp', host, port: server.port, security, ...FAST, stepTimeoutMs: 700 });
  } finally {
    await server.close();
  }
}

const CLI_CHOICE = { modeChoice: (mode: string) => `--security ${mode}` };

test('implicit TLS at a cleartext server: "did not start TLS at once", and on 587 "expects STARTTLS"', async () => {
  const result = await probe({}, 'tls');
  assert.equal(result.outcome, 'tls-failed');
  assert.match(result.message, /WRONG_VERSION_NUMBER/, 'the raw words stay in the result');
  assert.match(explainProbeFailure(result), /^The server did not start TLS at once: it may expect STARTTLS \(choose STARTTLS\)/);
  // The same dialogue as if it had been on the registered submission port.
  const on587 = { ...result, port: 587 };
  assert.equal(explainProbeFailure(on587), 'The server did not start TLS at once: port 587 expects STARTTLS (cleartext first, then an upgrade); choose STARTTLS.');
  assert.match(explainProbeFailure(on587, CLI_CHOICE), /choose --security starttls\.$/);
  const explained = explainProbe(on587);
  assert.deepEqual([explained.verdict, explained.headline], ['failed', 'FAILED']);
  assert.doesNotMatch(explained.words, /ERR_|ssl3|tlsany/);
});

test('the OpenSSL 3 wording from tlsany_meth.c reads the same', () => {
  const result = { protocol: 'smtp', host: 'smtp.example.com', port: 587, requestedSecurity: 'tls', outcome: 'tls-failed', message: 'ERR_SSL_WRONG_VERSION_NUMBER: 40F8:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:ssl/record/methods/tlsany_meth.c:77:' } as ProbeResult;
  assert.match(explainProbeFailure(result), /port 587 expects STARTTLS/);
});

test('STARTTLS at a TLS-first server: no greeting, and on 465 "expects TLS from the first byte"', async () => {
  const result = await probe({ implicitTls: true }, 'starttls');
  assert.equal(result.outcome, 'timeout-greeting', result.message);
  assert.match(explainProbeFailure(result), /never greeted/);
  assert.match(explainProbeFailure({ ...result, port: 465 }), /^Connected, but no greeting came: port 465 expects TLS from the first byte; choose implicit TLS\.$/);
});

test('an untrusted certificate never heads the result as ok', async () => {
  const result = await probe({ implicitTls: true, tls: { cert: world.ca.selfSigned(['mail.probe.test']) } }, 'tls');
  assert.equal(result.outcome, 'ok', result.message);
  assert.equal(result.observedSecurity, 'tls');
  const explained = explainProbe(result);
  assert.equal(explained.verdict, 'certificate');
  assert.equal(explained.headline, 'certificate NOT trusted');
  assert.match(explained.words, /^Connected with implicit TLS, but a self-signed certificate: a mail client would refuse it/);
});

test('a trusted certificate: verified, and the registered mode named when another was used', async () => {
  const result = await probe({ implicitTls: true }, 'tls');
  const explained = explainProbe(result);
  assert.deepEqual([explained.verdict, explained.headline], ['works', 'verified']);
  assert.match(explained.words, /^Secured with implicit TLS, TLSv1\.3, certificate trusted\.$/);
  assert.match(explainProbe({ ...result, port: 587 }).words, /\(port 587 is registered for STARTTLS\)/);
});

test('a STARTTLS port whose server offers no STARTTLS is a downgrade, not "ok"', async () => {
  const plainOnly = [{ match: 'EHLO', when: 'plain' as const, reply: SMTP_PLAIN_EHLO.filter((line) => !line.includes('STARTTLS')) }];
  const result = await probe({ rules: smtpRules(plainOnly) }, 'opportunistic');
  assert.equal(result.outcome, 'ok', result.message);
  assert.equal(explainProbe(result).verdict, 'cleartext', 'an unregistered port: cleartext is what it is');
  const on587 = explainProbe({ ...result, port: 587 });
  assert.deepEqual([on587.verdict, on587.headline], ['downgrade', 'NOT encrypted']);
  const refusing = [...plainOnly, { match: 'STARTTLS', reply: '502 5.5.1 Not supported' }];
  const asked = await probe({ rules: smtpRules(refusing) }, 'starttls');
  assert.equal(asked.observedSecurity, 'none');
  assert.equal(explainProbe(asked).words, 'The server does not offer STARTTLS (it answered "502 5.5.1 Not supported"): nothing was encrypted.');
});

test('a refused port names the registered alternatives', async () => {
  const closed = net.createServer();
  await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
  const { port } = closed.address() as net.AddressInfo;
  await new Promise<void>((done) => closed.close(() => done()));
  const result = await probeEndpoint({ network: world.network, protocol: 'smtp', host: '127.0.0.1', port, security: 'starttls', ...FAST });
  assert.equal(result.outcome, 'refused');
  assert.equal(explainProbeFailure(result), `127.0.0.1:${port} refused the connection: nothing listens on port ${port} there. Try 587 (STARTTLS) or 465 (implicit TLS).`);
  assert.match(explainProbeFailure({ ...result, port: 587 }), /Try 465 \(implicit TLS\)\.$/);
});

test('registered ports: a default for an open choice, per protocol', () => {
  assert.deepEqual(registeredService(587), { protocol: 'smtp', security: 'starttls' });
  assert.deepEqual(registeredService(993), { protocol: 'imap', security: 'tls' });
  assert.deepEqual(registeredService(110), { protocol: 'pop3', security: 'starttls' });
  assert.equal(registeredService(2525), undefined);
  assert.equal(registeredSecurity('smtp', 465), 'tls');
  assert.equal(registeredSecurity('imap', 465), undefined, '465 is not an IMAP port');
});
