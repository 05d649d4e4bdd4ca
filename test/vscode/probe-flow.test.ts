// "Probe a mail server…" under a scripted Ui, against real servers on loopback: a typed
// registered port picks its registered mode first, failures and untrusted certificates say
// what happened in plain words, and nothing heads an untrusted result as "ok".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DialMode, Protocol } from '@autoconf/core';
import { runProbe, securityItems, type ProbeDeps } from 'autoconf-vscode/internal/flow/probe-flow.js';
import { resolveSettings } from 'autoconf-vscode/internal/flow/settings.js';
import type { PickItem, ShowRequest } from 'autoconf-vscode/internal/flow/ui.js';
import { IS_ROOT } from '../core/detect/fixtures.js';
import { createProbeWorld, smtpRules, type ProbeWorld } from '../core/probe/fixtures.js';
import { startLineServer, type LineServerOptions } from '../helpers/line-server.js';
import { createLog, createScriptedUi, type Answer } from './helpers.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

function setUp(answers: Answer[]) {
  const ui = createScriptedUi(answers);
  const log = createLog();
  const deps: ProbeDeps = {
    ui,
    log,
    readSettings: async () => ({ settings: resolveSettings({ dnsServers: [world.dns.address], timeoutSeconds: 5 }), extraCa: [world.ca.cert] }),
  };
  const document = () => (ui.calls.find((call) => call.kind === 'show')?.request as ShowRequest | undefined)?.content ?? '';
  return { ui, log, deps, document };
}

async function withServer<T>(options: Partial<LineServerOptions>, run: (port: number) => Promise<T>): Promise<T> {
  const server = await startLineServer({ greeting: '220 mx.probe.test ESMTP', tls: { cert: world.cert }, rules: smtpRules(), ...options });
  try {
    return await run(server.port);
  } finally {
    await server.close();
  }
}

test('the security pick puts a typed port\'s registered mode first', () => {
  const first = (protocol: Protocol, port: number | undefined): DialMode => (securityItems(protocol, port)[0] as PickItem<DialMode>).value;
  assert.equal(first('smtp', 587), 'starttls', 'Enter on host:587 must not dial implicit TLS');
  assert.equal(first('smtp', 25), 'starttls');
  assert.equal(first('imap', 143), 'starttls');
  assert.equal(first('pop3', 110), 'starttls');
  assert.equal(first('smtp', 465), 'tls');
  assert.equal(first('imap', 993), 'tls');
  assert.equal(first('pop3', 995), 'tls');
  assert.equal(first('smtp', 2525), 'opportunistic', 'an unregistered port: see what the server offers');
  assert.equal(first('imap', 587), 'opportunistic', '587 is not an IMAP port');
  assert.match(securityItems('smtp', 587)[0]?.description ?? '', /port 587 expects this/);
  assert.deepEqual(securityItems('smtp', undefined).map((item) => item.value), ['tls', 'starttls', 'opportunistic'], 'no port typed: the port follows the mode');
  assert.equal(securityItems('smtp', 587).length, 3, 'every mode stays available');
});

test('implicit TLS at a cleartext server: the error says so in plain words, the raw code only in the details', async () => {
  await withServer({}, async (port) => {
    const run = setUp([]);
    const result = await runProbe(run.deps, { host: '127.0.0.1', port, protocol: 'smtp', security: 'tls' });
    assert.equal(result?.outcome, 'tls-failed');
    const [error] = run.ui.notices('error');
    assert.match(error ?? '', /^127\.0\.0\.1:\d+: FAILED\. The server did not start TLS at once: it may expect STARTTLS \(choose STARTTLS\)/);
    assert.doesNotMatch(error ?? '', /ERR_SSL|ssl3|tlsany/);
    const lines = run.document().split('\n');
    assert.match(lines[0] ?? '', /^SMTP 127\.0\.0\.1:\d+ — FAILED, \d+ ms$/);
    assert.match(lines[1] ?? '', /^The server did not start TLS at once/);
    assert.match(lines[2] ?? '', /^Details: tls-failed: ERR_SSL_WRONG_VERSION_NUMBER/);
  });
});

test('an untrusted certificate is not headed "ok": the document and a warning name the problem', async () => {
  await withServer({ implicitTls: true, tls: { cert: world.ca.selfSigned(['mail.probe.test']) } }, async (port) => {
    const run = setUp([]);
    const result = await runProbe(run.deps, { host: 'mail.probe.test', port, protocol: 'smtp', security: 'tls' });
    assert.equal(result?.outcome, 'ok', result?.message);
    const head = run.document().split('\n')[0] ?? '';
    assert.match(head, /— certificate NOT trusted \(implicit TLS\), \d+ ms$/);
    assert.doesNotMatch(head, /\bok\b/);
    assert.match(run.document(), /; NOT trusted: a self-signed certificate\n/);
    assert.match(run.ui.notices('warning')[0] ?? '', /certificate NOT trusted\. Connected with implicit TLS, but a self-signed certificate/);
  });
});

test('a trusted STARTTLS dialogue is "verified", with no warning', async () => {
  await withServer({}, async (port) => {
    const run = setUp([]);
    await runProbe(run.deps, { host: 'mail.probe.test', port, protocol: 'smtp', security: 'starttls' });
    assert.match(run.document().split('\n')[0] ?? '', /— verified \(STARTTLS\), \d+ ms$/);
    assert.deepEqual(run.ui.notices(), []);
  });
});

test('host:587 typed, Enter on each pick: SMTP with STARTTLS, not implicit TLS', {
  skip: IS_ROOT ? false : 'binds the real port 587 on 127.0.0.187: needs root',
}, async () => {
  const cert = world.ca.issue({ names: ['127.0.0.187'] });
  await withServer({ host: '127.0.0.187', port: 587, tls: { cert } }, async () => {
    const run = setUp([{ input: '127.0.0.187:587' }, { pick: 0 }, { pick: 0 }]);
    const result = await runProbe(run.deps);
    assert.equal(result?.protocol, 'smtp');
    assert.equal(result?.requestedSecurity, 'starttls');
    assert.equal(result?.observedSecurity, 'starttls');
    assert.equal(result?.outcome, 'ok', result?.message);
    assert.match(run.document().split('\n')[0] ?? '', /^SMTP 127\.0\.0\.187:587 — verified \(STARTTLS\)/);
    assert.deepEqual(run.ui.notices(), []);
  });
});
