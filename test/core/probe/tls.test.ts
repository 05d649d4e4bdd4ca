// TLS facts are data: untrusted, expired, misnamed and outdated certificates still give a
// complete probe result, with the reason recorded for a finding later.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { probeSmtp, probeImap } from '@autoconf/core/internal/probe/index.js';
import { createTestCa } from '../../helpers/test-ca.js';
import { startLineServer, type ServerTlsOptions } from '../../helpers/line-server.js';
import { FAST, createProbeWorld, smtpRules, type ProbeWorld } from './fixtures.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

const DAY_MS = 86_400_000;

async function probeImplicit(tls: ServerTlsOptions, host = '127.0.0.1') {
  const server = await startLineServer({ greeting: '220 mx.probe.test ESMTP', tls, implicitTls: true, rules: smtpRules() });
  try {
    const result = await probeSmtp(world.network, { host, port: server.port, security: 'tls', ...FAST });
    return { result, servernames: [...server.servernames] };
  } finally {
    await server.close();
  }
}

test('implicit TLS by host name: SNI sent, name checked, facts recorded', async () => {
  const { result, servernames } = await probeImplicit({ cert: world.cert }, 'mail.probe.test');
  assert.equal(result.outcome, 'ok', result.message);
  assert.equal(result.observedSecurity, 'tls');
  assert.equal(result.address, '127.0.0.1');
  assert.deepEqual(servernames, ['mail.probe.test']);
  assert.deepEqual(result.capabilitiesBeforeTls, []);
  assert.deepEqual(result.authAfterTls, ['PLAIN', 'LOGIN']);
  assert.deepEqual(result.starttls, { offered: false, attempted: false, succeeded: false });
  const tls = result.tls;
  assert.ok(tls);
  assert.equal(tls.protocol, 'TLSv1.3');
  assert.equal(tls.authorized, true);
  assert.equal(tls.chainTrusted, true);
  assert.equal(tls.nameMatches, true);
  assert.equal(tls.authorizationError, undefined);
  assert.equal(tls.subject, 'mail.probe.test');
  assert.equal(tls.issuer, 'autoconf test CA');
  assert.ok(tls.subjectAltNames.includes('DNS:mail.probe.test'));
  assert.ok(tls.subjectAltNames.includes('IP Address:127.0.0.1'));
  assert.equal(tls.selfSigned, false);
  assert.equal(tls.expired, false);
  assert.ok(tls.daysLeft >= 28 && tls.daysLeft <= 30, `daysLeft ${tls.daysLeft}`);
  assert.match(tls.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.equal(tls.servername, 'mail.probe.test');
  assert.equal(tls.outdated, false);
});

test('an IPv6-only host name is dialled over ::1', async () => {
  const server = await startLineServer({ host: '::1', greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi', tls: { cert: world.cert }, implicitTls: true, rules: [{ match: /^\S+ LOGOUT/, reply: ['* BYE', '{tag} OK bye'] }] });
  try {
    const byName = await probeImap(world.network, { host: 'v6only.probe.test', port: server.port, security: 'tls', ...FAST });
    assert.equal(byName.outcome, 'ok', byName.message);
    assert.equal(byName.address, '::1');
    assert.equal(byName.tls?.nameMatches, true);
    const byAddress = await probeImap(world.network, { host: '::1', port: server.port, security: 'tls', ...FAST });
    assert.equal(byAddress.outcome, 'ok', byAddress.message);
    assert.equal(byAddress.tls?.authorized, true, 'the IP SAN matches ::1');
    assert.equal(byAddress.tls?.servername, undefined);
    assert.deepEqual(server.servernames, ['v6only.probe.test', false]);
  } finally {
    await server.close();
  }
});

test('an expired certificate is data: chain not trusted, CERT_HAS_EXPIRED, negative days left', async () => {
  const past = Date.now() - 10 * DAY_MS;
  const cert = world.ca.issue({ names: ['127.0.0.1'], notBefore: new Date(past - 30 * DAY_MS), notAfter: new Date(past) });
  const { result } = await probeImplicit({ cert });
  assert.equal(result.outcome, 'ok', result.message);
  assert.equal(result.tls?.authorized, false);
  assert.equal(result.tls?.chainTrusted, false);
  assert.equal(result.tls?.chainError, 'CERT_HAS_EXPIRED');
  assert.equal(result.tls?.authorizationError, 'CERT_HAS_EXPIRED');
  assert.equal(result.tls?.expired, true);
  assert.ok((result.tls?.daysLeft ?? 0) <= -10);
  assert.equal(result.tls?.nameMatches, true);
});

test('a self-signed certificate is data', async () => {
  const { result } = await probeImplicit({ cert: world.ca.selfSigned(['127.0.0.1']) });
  assert.equal(result.outcome, 'ok', result.message);
  assert.equal(result.tls?.chainTrusted, false);
  assert.equal(result.tls?.chainError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  assert.equal(result.tls?.selfSigned, true);
  assert.equal(result.tls?.authorized, false);
});

test('a certificate from an unknown CA is data', async () => {
  const stranger = createTestCa('stranger CA');
  try {
    const { result } = await probeImplicit({ cert: stranger.issue({ names: ['127.0.0.1'] }) });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.tls?.chainTrusted, false);
    assert.equal(result.tls?.chainError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.equal(result.tls?.issuer, 'stranger CA');
  } finally {
    stranger.dispose();
  }
});

test('a certificate for another host is data: trusted chain, name mismatch', async () => {
  const cert = world.ca.issue({ names: ['other.probe.test'] });
  const { result } = await probeImplicit({ cert }, 'mail.probe.test');
  assert.equal(result.outcome, 'ok', result.message);
  assert.equal(result.tls?.chainTrusted, true);
  assert.equal(result.tls?.nameMatches, false);
  assert.equal(result.tls?.authorized, false);
  assert.equal(result.tls?.authorizationError, 'ERR_TLS_CERT_ALTNAME_INVALID');
  assert.match(result.tls?.nameError ?? '', /mail\.probe\.test/);
  // An IP literal is checked against IP SANs, not the CN.
  const { result: byIp } = await probeImplicit({ cert });
  assert.equal(byIp.tls?.nameMatches, false);
});

test('a TLS 1.0-only server is reported as outdated, not as a dead port', async () => {
  const { result } = await probeImplicit({ cert: world.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  assert.equal(result.outcome, 'ok', result.message);
  assert.equal(result.tls?.protocol, 'TLSv1');
  assert.equal(result.tls?.outdated, true);
  assert.equal(result.tls?.authorized, true, 'trust and age are separate facts');
});

test('STARTTLS records the TLS facts of the upgraded connection', async () => {
  const server = await startLineServer({ greeting: '220 mx.probe.test', tls: { cert: world.cert, maxVersion: 'TLSv1.2' }, rules: smtpRules() });
  try {
    const result = await probeSmtp(world.network, { host: 'mail.probe.test', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.tls?.protocol, 'TLSv1.2');
    assert.equal(result.tls?.authorized, true);
    assert.deepEqual(server.servernames, ['mail.probe.test']);
  } finally {
    await server.close();
  }
});
