import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { probeEndpoint, probeImap, probePop3 } from '@autoconf/core/internal/probe/index.js';
import { startLineServer, type Rule } from '../../helpers/line-server.js';
import { CREDENTIAL_COMMAND, FAST, createProbeWorld, type ProbeWorld } from './fixtures.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

const IMAP_RULES: Rule[] = [
  { match: /^\S+ CAPABILITY/i, when: 'plain', reply: ['* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED', '{tag} OK done'] },
  { match: /^\S+ CAPABILITY/i, when: 'tls', reply: ['* CAPABILITY IMAP4rev1 IMAP4rev2 SASL-IR AUTH=PLAIN AUTH=XOAUTH2', '{tag} OK done'] },
  { match: /^\S+ STARTTLS/i, reply: '{tag} OK Begin TLS negotiation now', then: 'starttls' },
  { match: /^\S+ LOGOUT/i, reply: ['* BYE logging out', '{tag} OK LOGOUT completed'], then: 'close' },
];

test('IMAP STARTTLS: LOGINDISABLED before TLS, AUTH= after, capabilities asked again', async () => {
  const server = await startLineServer({
    // Capabilities in the greeting are used; after TLS they are asked again, never reused.
    greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready',
    tls: { cert: world.cert },
    rules: IMAP_RULES,
  });
  try {
    const result = await probeImap(world.network, { host: 'mail.probe.test', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.observedSecurity, 'starttls');
    assert.deepEqual(result.capabilitiesBeforeTls, ['IMAP4rev1', 'STARTTLS', 'LOGINDISABLED']);
    assert.deepEqual(result.authBeforeTls, []);
    assert.deepEqual(result.authAfterTls, ['PLAIN', 'XOAUTH2']);
    assert.deepEqual(result.extensions, { protocol: 'imap', imap4rev1: true, imap4rev2: true, loginDisabled: false, saslIr: true, preauth: false });
    assert.deepEqual(server.lines, ['a1 STARTTLS', 'a2 CAPABILITY', 'a3 LOGOUT']);
    assert.equal(result.tls?.authorized, true);
  } finally {
    await server.close();
  }
});

test('IMAP without capabilities in the greeting asks CAPABILITY first', async () => {
  const server = await startLineServer({ greeting: '* OK ready', tls: { cert: world.cert }, rules: IMAP_RULES });
  try {
    const result = await probeImap(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.deepEqual(server.lines, ['a1 CAPABILITY', 'a2 LOGOUT']);
    assert.equal(result.starttls.offered, true);
    assert.equal(result.extensions?.protocol === 'imap' && result.extensions.loginDisabled, true);
  } finally {
    await server.close();
  }
});

test('IMAP BYE greeting is rejected', async () => {
  const server = await startLineServer({ greeting: '* BYE too many connections' });
  try {
    const result = await probeImap(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'rejected');
    assert.match(result.message, /too many connections/);
  } finally {
    await server.close();
  }
});

test('IMAP PREAUTH is recorded and STARTTLS is not attempted after it', async () => {
  const server = await startLineServer({ greeting: '* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] welcome', rules: IMAP_RULES });
  try {
    const result = await probeImap(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.deepEqual(result.starttls, { offered: true, attempted: false, succeeded: false });
    assert.equal(result.extensions?.protocol === 'imap' && result.extensions.preauth, true);
    assert.deepEqual(server.lines, ['a1 LOGOUT']);
  } finally {
    await server.close();
  }
});

test('IMAP STARTTLS refused with NO is data', async () => {
  const server = await startLineServer({
    greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready',
    rules: [{ match: /^\S+ STARTTLS/i, reply: '{tag} NO [UNAVAILABLE] TLS is down' }, ...IMAP_RULES],
  });
  try {
    const result = await probeImap(world.network, { host: '127.0.0.1', port: server.port, security: 'opportunistic', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.deepEqual(result.starttls, { offered: true, attempted: true, succeeded: false, reply: 'NO [UNAVAILABLE] TLS is down' });
    assert.deepEqual(result.authBeforeTls, ['PLAIN']);
  } finally {
    await server.close();
  }
});

const POP3_RULES: Rule[] = [
  { match: 'CAPA', when: 'plain', reply: ['+OK Capability list follows', 'TOP', 'UIDL', 'STLS', 'PIPELINING', '.'] },
  { match: 'CAPA', when: 'tls', reply: ['+OK Capability list follows', 'TOP', 'UIDL', 'USER', 'SASL PLAIN LOGIN', '..dotted', '.'] },
  { match: 'STLS', reply: '+OK Begin TLS negotiation', then: 'starttls' },
  { match: 'QUIT', reply: '+OK bye', then: 'close' },
];

test('POP3 CAPA + STLS: capabilities read again after TLS', async () => {
  const server = await startLineServer({ greeting: '+OK POP3 ready', tls: { cert: world.cert }, rules: POP3_RULES });
  try {
    const result = await probePop3(world.network, { host: '127.0.0.1', port: server.port, security: 'opportunistic', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.equal(result.observedSecurity, 'starttls');
    assert.equal(result.greeting, '+OK POP3 ready');
    assert.deepEqual(result.capabilitiesBeforeTls, ['TOP', 'UIDL', 'STLS', 'PIPELINING']);
    assert.deepEqual(result.capabilitiesAfterTls, ['TOP', 'UIDL', 'USER', 'SASL PLAIN LOGIN', '.dotted']);
    assert.deepEqual(result.authBeforeTls, []);
    assert.deepEqual(result.authAfterTls, ['PLAIN', 'LOGIN']);
    assert.deepEqual(result.extensions, { protocol: 'pop3', user: true, capa: true, pipelining: false, uidl: true, top: true });
    assert.deepEqual(server.lines, ['CAPA', 'STLS', 'CAPA', 'QUIT']);
    assert.ok(!server.lines.some((line) => CREDENTIAL_COMMAND.test(line)));
  } finally {
    await server.close();
  }
});

test('POP3 without CAPA: capa=false, nothing else guessed', async () => {
  const server = await startLineServer({
    greeting: '+OK old server',
    rules: [{ match: 'CAPA', reply: '-ERR unknown command' }, { match: 'QUIT', reply: '+OK bye' }],
  });
  try {
    const result = await probeEndpoint(world.network, { protocol: 'pop3', host: '127.0.0.1', port: server.port, security: 'opportunistic', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.deepEqual(result.extensions, { protocol: 'pop3', user: false, capa: false, pipelining: false, uidl: false, top: false });
    assert.deepEqual(result.starttls, { offered: false, attempted: false, succeeded: false });
  } finally {
    await server.close();
  }
});

test('POP3 -ERR greeting is rejected', async () => {
  const server = await startLineServer({ greeting: '-ERR [SYS/TEMP] maintenance' });
  try {
    const result = await probePop3(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST });
    assert.equal(result.outcome, 'rejected');
    assert.equal(result.greeting, '-ERR [SYS/TEMP] maintenance');
  } finally {
    await server.close();
  }
});

test('POP3 STLS hidden while starttls was requested: tried, refused, recorded', async () => {
  const server = await startLineServer({
    greeting: '+OK ready',
    rules: [
      { match: 'CAPA', reply: ['+OK', 'USER', '.'] },
      { match: 'STLS', reply: '-ERR not supported' },
      { match: 'QUIT', reply: '+OK bye' },
    ],
  });
  try {
    const result = await probePop3(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'ok', result.message);
    assert.deepEqual(result.starttls, { offered: false, attempted: true, succeeded: false, reply: '-ERR not supported' });
    assert.equal(result.observedSecurity, 'none');
  } finally {
    await server.close();
  }
});
