// "Check mail settings against the server" under a scripted Ui, against a real SMTP server on
// loopback: a strict .env passes, a wrong mode is found broken by the live dial, the report is
// shown rendered, and cancelling stops the dial.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, type CheckDeps } from 'autoconf-vscode/internal/flow/check-flow.js';
import { resolveSettings } from 'autoconf-vscode/internal/flow/settings.js';
import type { ShowRequest } from 'autoconf-vscode/internal/flow/ui.js';
import { createProbeWorld, smtpRules, type ProbeWorld } from '../core/probe/fixtures.js';
import { startLineServer } from '../helpers/line-server.js';
import { createLog, createScriptedUi } from './helpers.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

function setUp(options: { cancelWhen?: (message: string) => boolean } = {}) {
  const ui = createScriptedUi([], options);
  const deps: CheckDeps = {
    ui,
    log: createLog(),
    readSettings: async () => ({ settings: resolveSettings({ dnsServers: [world.dns.address], timeoutSeconds: 5 }), extraCa: [world.ca.cert] }),
  };
  const shown = () => ui.calls.filter((call) => call.kind === 'show').map((call) => call.request as ShowRequest);
  return { ui, deps, shown };
}

async function withServer<T>(run: (port: number) => Promise<T>): Promise<T> {
  const server = await startLineServer({ greeting: '220 mx.probe.test ESMTP', tls: { cert: world.cert }, rules: smtpRules() });
  try {
    return await run(server.port);
  } finally {
    await server.close();
  }
}

const envFile = (port: number, secure: boolean) => ({
  path: '/app/.env',
  name: '.env',
  text: `SMTP_HOST=mail.probe.test\nSMTP_PORT=${port}\nSMTP_SECURE=${secure}\n${secure ? '' : 'SMTP_REQUIRE_TLS=true\n'}`,
});

test('a strict .env passes the live check; the report opens rendered with the TLS facts', async () => {
  await withServer(async (port) => {
    const run = setUp();
    const outcome = await runCheck(run.deps, envFile(port, false));
    assert.equal(outcome.status, 'done');
    assert.deepEqual(outcome.status === 'done' ? outcome.verdicts : [], ['strict']);
    const [report] = run.shown();
    assert.equal(report?.name, 'autoconf-check.md');
    assert.equal(report?.rendered, true);
    assert.match(report?.content ?? '', /^# Mail settings in \.env$/m);
    assert.match(report?.content ?? '', /\*\*Works, and is strict\*\*/);
    assert.match(report?.content ?? '', /^- TLS: TLSv1\.[23] /m);
    assert.match(report?.content ?? '', /^- AUTH: PLAIN LOGIN$/m);
    assert.deepEqual(run.ui.notices('info'), ['.env: Works, and is strict.']);
    assert.ok(run.ui.calls.some((call) => call.kind === 'progress'), 'under a progress');
  });
});

test('implicit TLS at a STARTTLS server: broken, with the live words and the change', async () => {
  await withServer(async (port) => {
    const run = setUp();
    const outcome = await runCheck(run.deps, { ...envFile(port, true), text: `SMTP_HOST=mail.probe.test\nSMTP_PORT=${port}\nSMTP_SECURE=true\n` });
    assert.deepEqual(outcome.status === 'done' ? outcome.verdicts : outcome.status, ['broken']);
    const content = run.shown()[0]?.content ?? '';
    assert.match(content, /\*\*Broken: cannot work as configured\*\*/);
    assert.match(content, /^- Live: FAILED\. The server did not start TLS at once/m);
    assert.match(run.ui.notices('error')[0] ?? '', /^\.env: Broken/);
  });
});

test('no config file, or a file without mail settings: said, nothing dialled', async () => {
  const run = setUp();
  assert.equal((await runCheck(run.deps, undefined)).status, 'no-config');
  assert.equal((await runCheck(run.deps, { path: '/app/.env', name: '.env', text: 'APP_KEY=1\n' })).status, 'no-config');
  assert.equal((await runCheck(run.deps, { path: '/app/notes.md', name: 'notes.md', text: 'SMTP_HOST=x\n' })).status, 'no-config');
  assert.equal(run.ui.calls.filter((call) => call.kind === 'progress').length, 0);
  assert.equal(run.ui.notices('info').length, 3);
});

test('cancelling the progress stops the dial: no report, "cancelled"', async () => {
  // A server that accepts and never greets: only the cancel ends the wait.
  const server = await startLineServer({ greeting: null, rules: [] });
  try {
    const run = setUp({ cancelWhen: (message) => message.startsWith('Dialling') });
    const started = Date.now();
    const outcome = await runCheck(run.deps, envFile(server.port, false));
    assert.equal(outcome.status, 'cancelled');
    assert.ok(Date.now() - started < 4_000, 'ended by the cancel, not the 5 s timeout');
    assert.deepEqual(run.shown(), []);
    assert.deepEqual(run.ui.notices('info'), ['Check cancelled.']);
  } finally {
    await server.close();
  }
});
