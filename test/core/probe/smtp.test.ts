import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { probeSmtp, probeEndpoint } from '@autoconf/core/internal/probe/index.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { startLineServer } from '../../helpers/line-server.js';
import { CREDENTIAL_COMMAND, FAST, createProbeWorld, smtpRules, type ProbeWorld } from './fixtures.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

test('SMTP STARTTLS: capabilities are read again after TLS, AUTH only after TLS', async () => {
  const server = await startLineServer({ greeting: '220 mx.probe.test ESMTP', tls: { cert: world.cert }, rules: smtpRules() });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.observedSecurity, 'starttls');
    assert.equal(result.address, '127.0.0.1');
    assert.deepEqual(result.starttls, { offered: true, attempted: true, succeeded: true, reply: '220 2.0.0 Ready to start TLS' });
    assert.deepEqual(result.authBeforeTls, []);
    assert.deepEqual(result.authAfterTls, ['PLAIN', 'LOGIN']);
    assert.ok(result.capabilitiesBeforeTls.includes('STARTTLS'));
    assert.ok(result.capabilitiesAfterTls?.includes('SMTPUTF8'));
    assert.deepEqual(result.extensions, {
      protocol: 'smtp', size: 10_240_000, pipelining: true, eightBitMime: true, smtpUtf8: true,
      requireTls: false, dsn: false, chunking: false, enhancedStatusCodes: false,
    });
    assert.equal(result.tls?.authorized, true);
    assert.equal(result.tls?.nameMatches, true);
    assert.equal(result.tls?.outdated, false);
    assert.deepEqual(server.servernames, [false], 'no SNI for an IP literal');
    assert.match(server.lines[0] ?? '', /^EHLO \[127\.0\.0\.1\]$/);
    assert.deepEqual(server.lines.slice(1), ['STARTTLS', server.lines[2], 'QUIT']);
    assert.ok(!server.lines.some((line) => CREDENTIAL_COMMAND.test(line)), 'a probe never sends a credential');
  } finally {
    await server.close();
  }
});

test('SMTP multi-line greeting is read whole before EHLO', async () => {
  const server = await startLineServer({
    greeting: ['220-mx.probe.test ESMTP', '220-this server is', '220 ready'],
    rules: smtpRules(),
  });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.greeting, 'mx.probe.test ESMTP\nthis server is\nready');
    assert.equal(result.observedSecurity, 'none');
    assert.deepEqual(result.starttls, { offered: true, attempted: false, succeeded: false });
    assert.equal(server.lines.length, 2, 'EHLO then QUIT, once each');
  } finally {
    await server.close();
  }
});

test('SMTP STARTTLS advertised then refused with 454 is data, not a failure', async () => {
  const server = await startLineServer({
    greeting: '220 mx.probe.test ESMTP',
    rules: smtpRules([{ match: 'STARTTLS', reply: '454 4.7.0 TLS not available due to temporary reason' }]),
  });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.observedSecurity, 'none');
    assert.deepEqual(result.starttls, { offered: true, attempted: true, succeeded: false, reply: '454 4.7.0 TLS not available due to temporary reason' });
    assert.equal(result.tls, undefined);
    assert.equal(result.capabilitiesAfterTls, undefined);
  } finally {
    await server.close();
  }
});

test('SMTP STARTTLS hidden (stripped) while starttls was requested: offered=false, still tried', async () => {
  const server = await startLineServer({
    greeting: '220 mx.probe.test ESMTP',
    rules: [
      { match: 'EHLO', reply: ['250-mx.probe.test', '250-AUTH PLAIN LOGIN', '250 8BITMIME'] },
      { match: 'STARTTLS', reply: '502 5.5.1 Command not implemented' },
      { match: 'QUIT', reply: '221 Bye', then: 'close' },
    ],
  });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.observedSecurity, 'none');
    assert.deepEqual(result.starttls, { offered: false, attempted: true, succeeded: false, reply: '502 5.5.1 Command not implemented' });
    assert.deepEqual(result.authBeforeTls, ['PLAIN', 'LOGIN'], 'AUTH offered in cleartext is recorded');
  } finally {
    await server.close();
  }
});

test('SMTP dialled opportunistically: upgrades when offered, stays cleartext when not', async () => {
  const offering = await startLineServer({ greeting: '220 a', tls: { cert: world.cert }, rules: smtpRules() });
  const plain = await startLineServer({
    greeting: '220 b',
    rules: [{ match: 'EHLO', reply: ['250-b', '250 AUTH PLAIN'] }, { match: 'QUIT', reply: '221 bye' }],
  });
  try {
    const upgraded = await probeSmtp(world.network, { host: '127.0.0.1', port: offering.port, security: 'opportunistic', ...FAST });
    assert.equal(upgraded.observedSecurity, 'starttls');
    assert.equal(upgraded.requestedSecurity, 'opportunistic');
    // The former name of the mode is still accepted, and reported by its new name.
    const former = await probeSmtp(world.network, { host: '127.0.0.1', port: offering.port, security: 'unknown' as never, ...FAST });
    assert.equal(former.observedSecurity, 'starttls');
    assert.equal(former.requestedSecurity, 'opportunistic');
    const cleartext = await probeSmtp(world.network, { host: '127.0.0.1', port: plain.port, security: 'opportunistic', ...FAST });
    assert.equal(cleartext.outcome, 'ok', cleartext.message);
    assert.equal(cleartext.observedSecurity, 'none');
    assert.deepEqual(cleartext.starttls, { offered: false, attempted: false, succeeded: false });
    assert.ok(!plain.lines.includes('STARTTLS'));
  } finally {
    await offering.close();
    await plain.close();
  }
});

test('SMTP AUTH offered only before TLS: both lists kept apart', async () => {
  const server = await startLineServer({
    greeting: '220 mx.probe.test',
    tls: { cert: world.cert },
    rules: smtpRules([
      { match: 'EHLO', when: 'plain', reply: ['250-mx.probe.test', '250-AUTH PLAIN LOGIN', '250-AUTH=LOGIN', '250 STARTTLS'] },
      { match: 'EHLO', when: 'tls', reply: ['250-mx.probe.test', '250 SIZE'] },
    ]),
  });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.deepEqual(result.authBeforeTls, ['PLAIN', 'LOGIN']);
    assert.deepEqual(result.authAfterTls, []);
    assert.equal(result.extensions?.protocol === 'smtp' && result.extensions.size, 0, 'SIZE without a value');
  } finally {
    await server.close();
  }
});

for (const code of [421, 554]) {
  test(`SMTP ${code} greeting is 'rejected' and the probe QUITs`, async () => {
    const server = await startLineServer({ greeting: `${code} mx.probe.test Service not available`, rules: smtpRules() });
    try {
      const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
      assert.equal(result.outcome, 'rejected');
      assert.match(result.message, new RegExp(`^greeting ${code} `));
      assert.equal(result.greeting, 'mx.probe.test Service not available');
      await waitFor(() => server.lines.length > 0);
      assert.deepEqual(server.lines, ['QUIT']);
    } finally {
      await server.close();
    }
  });
}

test('SMTP EHLO rejected is rejected with the reply', async () => {
  const server = await startLineServer({
    greeting: '220 mx.probe.test',
    rules: [{ match: 'EHLO', reply: '550 5.7.1 go away' }, { match: 'QUIT', reply: '221 bye' }],
  });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'opportunistic', ...FAST });
    assert.equal(result.outcome, 'rejected');
    assert.match(result.message, /EHLO answered 550/);
  } finally {
    await server.close();
  }
});

test('bytes injected before the TLS handshake are discarded and never read as capabilities', async () => {
  const server = await startLineServer({
    greeting: '220 mx.probe.test ESMTP',
    tls: { cert: world.cert },
    rules: smtpRules([
      // The reply and the injected lines arrive in one segment, before the handshake.
      { match: 'STARTTLS', when: 'plain', reply: ['220 Ready', '250-INJECTED', '250 AUTH PLAIN INJECTED'], then: 'starttls' },
    ]),
  });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', transcript: true, ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.observedSecurity, 'starttls');
    assert.equal(server.handshakes, 1);
    assert.ok(!result.capabilitiesAfterTls?.some((keyword) => keyword.includes('INJECTED')));
    assert.deepEqual(result.authAfterTls, ['PLAIN', 'LOGIN']);
    assert.ok(result.transcript?.some((line) => line.dir === 'info' && /discarded \d+ bytes/.test(line.line)));
    assert.ok(!result.transcript?.some((line) => line.dir === 's' && line.line.includes('INJECTED')));
  } finally {
    await server.close();
  }
});

test('a transcript records both directions with timestamps', async () => {
  const server = await startLineServer({ greeting: '220 mx.probe.test', tls: { cert: world.cert }, rules: smtpRules() });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', transcript: true, ...FAST });
    const lines = result.transcript ?? [];
    assert.deepEqual(lines.filter((line) => line.dir === 'c').map((line) => line.line.split(' ')[0]), ['EHLO', 'STARTTLS', 'EHLO', 'QUIT']);
    assert.equal(lines.find((line) => line.dir === 's')?.line, '220 mx.probe.test');
    assert.ok(lines.some((line) => line.dir === 'tls' && /^TLSv1\.3 /.test(line.line)));
    assert.ok(lines.every((line, index) => index === 0 || line.at >= (lines[index - 1]?.at ?? 0)));
    const quiet = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(quiet.transcript, undefined);
  } finally {
    await server.close();
  }
});

test('bad probe input throws OPTION_INVALID; an EHLO name cannot inject a command', async () => {
  const network = world.network;
  await assert.rejects(probeSmtp(network, { host: '127.0.0.1', port: 0, security: 'tls' }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  await assert.rejects(probeSmtp(network, { host: '', port: 25, security: 'tls' }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  await assert.rejects(
    probeSmtp(network, { host: '127.0.0.1', port: 25, security: 'none', ehloName: 'x\r\nMAIL FROM:<a@b>' }),
    (error) => isAutoconfError(error, 'OPTION_INVALID'),
  );
  await assert.rejects(
    probeEndpoint(network, { protocol: 'ftp' as never, host: '127.0.0.1', port: 25, security: 'none' }),
    (error) => isAutoconfError(error, 'OPTION_INVALID'),
  );
  await assert.rejects(
    probeSmtp(network, { host: '127.0.0.1', port: 25, security: 'none', stepTimeoutMs: -1 }),
    (error) => isAutoconfError(error, 'OPTION_INVALID'),
  );
  await assert.rejects(
    probeSmtp(network, { host: '127.0.0.1', port: 25, security: 'unspecified' as never }),
    (error) => isAutoconfError(error, 'OPTION_INVALID') && /not tls, starttls, opportunistic or none/.test(error.message),
  );
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
