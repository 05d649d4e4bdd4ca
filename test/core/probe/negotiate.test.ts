// One negotiate() serves all three protocols, so the STARTTLS guarantees proven for SMTP in
// smtp.test.ts must hold for IMAP and POP3 too: nothing sent before the handshake is believed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { probeImap, probePop3 } from '@autoconf/core/internal/probe/index.js';
import { startLineServer } from '../../helpers/line-server.js';
import { FAST, createProbeWorld, type ProbeWorld } from './fixtures.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

test('IMAP: lines injected with the STARTTLS answer are discarded, capabilities come from after TLS', async () => {
  const server = await startLineServer({
    greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready',
    tls: { cert: world.cert },
    rules: [
      // The answer and the injected lines arrive in one segment, before the handshake.
      { match: /^\S+ STARTTLS/i, reply: ['{tag} OK Begin TLS', '* CAPABILITY IMAP4rev1 AUTH=INJECTED', 'a2 OK injected'], then: 'starttls' },
      { match: /^\S+ CAPABILITY/i, when: 'tls', reply: ['* CAPABILITY IMAP4rev1 AUTH=PLAIN', '{tag} OK done'] },
      { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK bye'], then: 'close' },
    ],
  });
  try {
    const result = await probeImap(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', transcript: true, ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.observedSecurity, 'starttls');
    assert.deepEqual(result.capabilitiesAfterTls, ['IMAP4rev1', 'AUTH=PLAIN']);
    assert.deepEqual(result.authAfterTls, ['PLAIN']);
    assert.deepEqual(server.lines, ['a1 STARTTLS', 'a2 CAPABILITY', 'a3 LOGOUT']);
    assert.ok(result.transcript?.some((line) => line.dir === 'info' && /discarded \d+ bytes/.test(line.line)));
    assert.ok(!result.transcript?.some((line) => line.dir === 's' && line.line.includes('INJECTED')));
  } finally {
    await server.close();
  }
});

test('POP3: lines injected with the STLS answer are discarded, CAPA is read again after TLS', async () => {
  const server = await startLineServer({
    greeting: '+OK POP3 ready',
    tls: { cert: world.cert },
    rules: [
      { match: 'CAPA', when: 'plain', reply: ['+OK', 'STLS', 'USER', '.'] },
      { match: 'STLS', reply: ['+OK Begin TLS', '+OK', 'SASL INJECTED', '.'], then: 'starttls' },
      { match: 'CAPA', when: 'tls', reply: ['+OK', 'USER', 'SASL PLAIN', '.'] },
      { match: 'QUIT', reply: '+OK bye', then: 'close' },
    ],
  });
  try {
    const result = await probePop3(world.network, { host: '127.0.0.1', port: server.port, security: 'opportunistic', transcript: true, ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.observedSecurity, 'starttls');
    assert.deepEqual(result.starttls, { offered: true, attempted: true, succeeded: true, reply: '+OK Begin TLS' });
    assert.deepEqual(result.capabilitiesAfterTls, ['USER', 'SASL PLAIN']);
    assert.deepEqual(result.authAfterTls, ['PLAIN']);
    assert.deepEqual(server.lines, ['CAPA', 'STLS', 'CAPA', 'QUIT']);
    assert.ok(result.transcript?.some((line) => line.dir === 'info' && /discarded \d+ bytes/.test(line.line)));
    assert.ok(!result.transcript?.some((line) => line.dir === 's' && line.line.includes('INJECTED')));
  } finally {
    await server.close();
  }
});
