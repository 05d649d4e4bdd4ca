// verifyLogin sends one credential, only over verified TLS; the servers record every byte
// they receive so each test can check where the password did (and did not) go.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { verifyLogin } from '@autoconf/core/internal/probe/index.js';
import type { LoginRequest } from '@autoconf/core/internal/probe/index.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { startLineServer, type LineServer, type LineServerOptions, type Rule } from '../../helpers/line-server.js';
import { FAST, createProbeWorld, SMTP_PLAIN_EHLO, type ProbeWorld } from './fixtures.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

const USER = 'alice@probe.test';
const PASSWORD = 'correct horse "battery" \\ staple';
const SECRETS = [PASSWORD, Buffer.from(PASSWORD).toString('base64'), Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64')];

function plainOk(payload: string | undefined): boolean {
  const [, user, password] = Buffer.from(payload ?? '', 'base64').toString('utf8').split('\0');
  return user === USER && password === PASSWORD;
}

function assertNothingSent(server: LineServer): void {
  const received = server.received();
  for (const secret of SECRETS) assert.ok(!received.includes(secret), 'no credential reached the server');
  assert.ok(!server.lines.some((line) => /^(AUTH|\S+ LOGIN|\S+ AUTHENTICATE|USER|PASS)\b/i.test(line)));
}

function assertNotInTranscript(transcript: { line: string }[] | undefined): void {
  assert.ok(transcript && transcript.length > 0);
  const text = transcript.map((line) => line.line).join('\n');
  for (const secret of SECRETS) assert.ok(!text.includes(secret), 'no credential in the transcript');
}

/** SMTP with STARTTLS and the given AUTH mechanisms; AUTH LOGIN is played step by step. */
function smtpServer(mechanisms: string, extra: Partial<LineServerOptions> = {}): Promise<LineServer> {
  const login: string[] = [];
  return startLineServer({
    greeting: '220 mx.probe.test ESMTP',
    tls: { cert: world.cert },
    rules: [
      { match: 'EHLO', when: 'plain', reply: SMTP_PLAIN_EHLO },
      { match: 'EHLO', when: 'tls', reply: ['250-mx.probe.test', `250 AUTH ${mechanisms}`] },
      { match: 'STARTTLS', when: 'plain', reply: '220 go ahead', then: 'starttls' },
      { match: 'AUTH PLAIN ', reply: (line) => (plainOk(line.split(' ')[2]) ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid') },
      { match: 'AUTH LOGIN', reply: () => ((login.length = 0), '334 VXNlcm5hbWU6') },
      { match: 'QUIT', reply: '221 bye', then: 'close' },
    ],
    fallback: (line) => {
      login.push(Buffer.from(line, 'base64').toString('utf8'));
      if (login.length === 1) return '334 UGFzc3dvcmQ6';
      return login[0] === USER && login[1] === PASSWORD ? '235 ok' : '535 5.7.8 bad';
    },
    ...extra,
  });
}

function request(server: LineServer, overrides: Partial<LoginRequest> = {}): LoginRequest {
  return { protocol: 'smtp', host: 'mail.probe.test', port: server.port, security: 'starttls', username: USER, password: PASSWORD, ...FAST, ...overrides };
}

test('SMTP AUTH PLAIN over STARTTLS: ok for the right password, bad-credentials for a wrong one', async () => {
  const server = await smtpServer('PLAIN LOGIN');
  try {
    const ok = await verifyLogin(world.network, request(server, { transcript: true }));
    assert.equal(ok.outcome, 'ok', ok.message);
    assert.equal(ok.mechanism, 'PLAIN');
    assert.equal(ok.tls?.authorized, true);
    assertNotInTranscript(ok.transcript);
    assert.ok(ok.transcript?.some((line) => line.dir === 'c' && line.line === 'AUTH PLAIN ***'));
    const bad = await verifyLogin(world.network, request(server, { password: 'wrong' }));
    assert.equal(bad.outcome, 'bad-credentials');
    assert.match(bad.message, /^535 /);
  } finally {
    await server.close();
  }
});

test('SMTP AUTH LOGIN, when PLAIN is not offered, with the secrets redacted in the transcript', async () => {
  const server = await smtpServer('LOGIN');
  try {
    const ok = await verifyLogin(world.network, request(server, { transcript: true }));
    assert.equal(ok.outcome, 'ok', ok.message);
    assert.equal(ok.mechanism, 'LOGIN');
    assertNotInTranscript(ok.transcript);
    assert.equal(ok.transcript?.filter((line) => line.dir === 'c' && line.line === '***').length, 2);
  } finally {
    await server.close();
  }
});

test('SMTP offering only XOAUTH2 is method-unsupported, and nothing is sent', async () => {
  const server = await smtpServer('XOAUTH2 OAUTHBEARER');
  try {
    const result = await verifyLogin(world.network, request(server));
    assert.equal(result.outcome, 'method-unsupported');
    assert.match(result.message, /XOAUTH2/);
    assertNothingSent(server);
  } finally {
    await server.close();
  }
});

test('refused-insecure without sending anything: cleartext, untrusted, misnamed, outdated, STARTTLS refused', async () => {
  const cleartext = await smtpServer('PLAIN');
  const selfSigned = await smtpServer('PLAIN', { tls: { cert: world.ca.selfSigned(['mail.probe.test']) } });
  const misnamed = await smtpServer('PLAIN', { tls: { cert: world.ca.issue({ names: ['other.probe.test'] }) } });
  const outdated = await smtpServer('PLAIN', { tls: { cert: world.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } });
  const refusing = await startLineServer({
    greeting: '220 mx.probe.test',
    rules: [{ match: 'EHLO', reply: ['250-mx', '250-STARTTLS', '250 AUTH PLAIN'] }, { match: 'STARTTLS', reply: '454 TLS not available' }, { match: 'QUIT', reply: '221 bye' }],
  });
  try {
    const none = await verifyLogin(world.network, request(cleartext, { security: 'none' }));
    assert.equal(none.outcome, 'refused-insecure');
    assert.equal(cleartext.connections, 0, 'no connection at all for a cleartext request');
    for (const [server, reason] of [[selfSigned, /not trusted/], [misnamed, /does not match/], [outdated, /TLSv1 is outdated/], [refusing, /STARTTLS refused/]] as const) {
      const result = await verifyLogin(world.network, request(server));
      assert.equal(result.outcome, 'refused-insecure', result.message);
      assert.match(result.message, reason);
      assertNothingSent(server);
    }
  } finally {
    for (const server of [cleartext, selfSigned, misnamed, outdated, refusing]) await server.close();
  }
});

const IMAP_BASE: Rule[] = [
  { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK bye'], then: 'close' },
];

test('IMAP LOGIN over implicit TLS: ok and bad-credentials (quoted strings)', async () => {
  const server = await startLineServer({
    greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2] ready',
    tls: { cert: world.cert },
    implicitTls: true,
    rules: [
      ...IMAP_BASE,
      {
        match: /^\S+ LOGIN /i,
        reply: (line) => (line.endsWith(` "alice@probe.test" "correct horse \\"battery\\" \\\\ staple"`) ? '{tag} OK logged in' : '{tag} NO [AUTHENTICATIONFAILED] invalid'),
      },
    ],
  });
  try {
    const ok = await verifyLogin(world.network, request(server, { protocol: 'imap', security: 'tls', transcript: true }));
    assert.equal(ok.outcome, 'ok', ok.message);
    assert.equal(ok.mechanism, 'IMAP LOGIN');
    assertNotInTranscript(ok.transcript);
    const bad = await verifyLogin(world.network, request(server, { protocol: 'imap', security: 'tls', password: 'nope' }));
    assert.equal(bad.outcome, 'bad-credentials');
  } finally {
    await server.close();
  }
});

test('IMAP AUTHENTICATE PLAIN with a continuation when LOGINDISABLED, and method-unsupported without AUTH=PLAIN', async () => {
  let tag = '';
  const withPlain = await startLineServer({
    greeting: '* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN] ready',
    tls: { cert: world.cert },
    implicitTls: true,
    rules: [...IMAP_BASE, { match: /^\S+ AUTHENTICATE PLAIN$/i, reply: (line) => ((tag = line.split(' ')[0] ?? ''), '+ ') }],
    fallback: (line) => (plainOk(line) ? `${tag} OK authenticated` : `${tag} NO [AUTHENTICATIONFAILED] no`),
  });
  const without = await startLineServer({
    greeting: '* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=XOAUTH2] ready',
    tls: { cert: world.cert },
    implicitTls: true,
    rules: IMAP_BASE,
  });
  try {
    const ok = await verifyLogin(world.network, request(withPlain, { protocol: 'imap', security: 'tls', transcript: true }));
    assert.equal(ok.outcome, 'ok', ok.message);
    assert.equal(ok.mechanism, 'AUTHENTICATE PLAIN');
    assertNotInTranscript(ok.transcript);
    assert.ok(!withPlain.lines.some((line) => / LOGIN /i.test(line)), 'LOGIN is never tried under LOGINDISABLED');
    const unsupported = await verifyLogin(world.network, request(without, { protocol: 'imap', security: 'tls' }));
    assert.equal(unsupported.outcome, 'method-unsupported');
    assertNothingSent(without);
  } finally {
    await withPlain.close();
    await without.close();
  }
});

test('POP3 USER/PASS after STLS, and AUTH PLAIN when SASL PLAIN is offered', async () => {
  const userPass = await startLineServer({
    greeting: '+OK ready',
    tls: { cert: world.cert },
    rules: [
      { match: 'CAPA', when: 'plain', reply: ['+OK', 'STLS', '.'] },
      { match: 'CAPA', when: 'tls', reply: ['+OK', 'USER', '.'] },
      { match: 'STLS', reply: '+OK go', then: 'starttls' },
      { match: 'USER ', reply: '+OK send PASS' },
      { match: 'PASS ', reply: (line) => (line === `PASS ${PASSWORD}` ? '+OK maildrop ready' : '-ERR [AUTH] invalid') },
      { match: 'QUIT', reply: '+OK bye' },
    ],
  });
  const sasl = await startLineServer({
    greeting: '+OK ready',
    tls: { cert: world.cert },
    implicitTls: true,
    rules: [
      { match: 'CAPA', reply: ['+OK', 'SASL PLAIN', 'USER', '.'] },
      { match: 'AUTH PLAIN ', reply: (line) => (plainOk(line.split(' ')[2]) ? '+OK welcome' : '-ERR [AUTH] no') },
      { match: 'QUIT', reply: '+OK bye' },
    ],
  });
  try {
    const ok = await verifyLogin(world.network, request(userPass, { protocol: 'pop3', transcript: true }));
    assert.equal(ok.outcome, 'ok', ok.message);
    assert.equal(ok.mechanism, 'USER');
    assertNotInTranscript(ok.transcript);
    assert.ok(ok.transcript?.some((line) => line.line === 'PASS ***'));
    const bad = await verifyLogin(world.network, request(sasl, { protocol: 'pop3', security: 'tls', password: 'nope' }));
    assert.equal(bad.outcome, 'bad-credentials');
    assert.equal(bad.mechanism, 'PLAIN');
    const good = await verifyLogin(world.network, request(sasl, { protocol: 'pop3', security: 'tls' }));
    assert.equal(good.outcome, 'ok', good.message);
  } finally {
    await userPass.close();
    await sasl.close();
  }
});

test('verifyLogin: connection problems are errors, bad input throws', async () => {
  const tarpit = await startLineServer({ greeting: null });
  try {
    const result = await verifyLogin(world.network, request(tarpit, { security: 'tls', stepTimeoutMs: 200 }));
    assert.equal(result.outcome, 'error');
    assert.equal(result.probeOutcome, 'timeout-step');
    const aborted = await verifyLogin(world.network, request(tarpit, { security: 'tls', signal: AbortSignal.abort() }));
    assert.equal(aborted.outcome, 'aborted');
  } finally {
    await tarpit.close();
  }
  await assert.rejects(verifyLogin(world.network, { protocol: 'smtp', host: '127.0.0.1', port: 25, security: 'tls', username: USER, password: 'a\r\nQUIT' }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  await assert.rejects(verifyLogin(world.network, { protocol: 'smtp', host: '127.0.0.1', port: 25, security: 'tls', username: '', password: 'x' }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
});
