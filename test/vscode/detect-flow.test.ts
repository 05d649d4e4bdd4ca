// The detect flow end to end under a scripted Ui: real detect() against the test world on
// loopback, real files in a temp workspace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runDetect, validateAddress, type FlowDeps } from 'autoconf-vscode/internal/flow/detect-flow.js';
import { resolveSettings, type RawSettings } from 'autoconf-vscode/internal/flow/settings.js';
import { IS_ROOT } from '../core/detect/fixtures.js';
import { DOMAIN, SLOW_DOMAIN, startExtensionWorld, type ExtensionWorld } from '../vscode-e2e/world.js';
import { createLog, createScriptedUi, createTempWorkspace, type Answer, type ScriptOptions, type TempWorkspace } from './helpers.js';

const skip = IS_ROOT ? false : 'the test world binds the real ports 587/465/993 on loopback: needs root';
const USER_ENV = '# shop\nDATABASE_URL=postgres://db/shop\nSMTP_FROM=shop@shop.test\n';
const PACKAGE_JSON = JSON.stringify({ name: 'shop', dependencies: { nodemailer: '^10.6.1' } });

let world: ExtensionWorld;
before(async () => {
  if (IS_ROOT) world = await startExtensionWorld({ ip: '127.0.0.94', tarpitIp: '127.0.0.95' });
});
after(async () => {
  await world?.close();
});

interface Run {
  workspace: TempWorkspace;
  ui: ReturnType<typeof createScriptedUi>;
  log: ReturnType<typeof createLog>;
  remembered: unknown[];
  deps: FlowDeps;
}

async function setUp(answers: Answer[], raw: RawSettings = {}, script: ScriptOptions = {}): Promise<Run> {
  const workspace = await createTempWorkspace({ 'package.json': PACKAGE_JSON, '.env': USER_ENV });
  const ui = createScriptedUi(answers, script);
  const log = createLog();
  const remembered: unknown[] = [];
  const deps: FlowDeps = {
    ui,
    log,
    files: workspace,
    readSettings: async () => ({
      settings: resolveSettings({ dnsServers: world === undefined ? [] : [world.nameserver], timeoutSeconds: 20, ...raw }),
      extraCa: world === undefined ? [] : [world.caPem],
    }),
    remember: async (report) => void remembered.push(report),
  };
  return { workspace, ui, log, remembered, deps };
}

test('bad input gets core\'s message in the input box', () => {
  assert.match(validateAddress('') ?? '', /empty/);
  assert.match(validateAddress('no-at-sign') ?? '', /"@"/);
  assert.match(validateAddress('a@[192.0.2.1]') ?? '', /IP literal/);
  assert.match(validateAddress('a@localhost') ?? '', /no dot/);
  assert.equal(validateAddress('dev@shop.test'), undefined);
  assert.equal(validateAddress('  dev@shop.test '), undefined, 'surrounding blanks are trimmed, as the flow does');
});

test('a bad address given as an argument fails with a message, nothing written', async () => {
  const run = await setUp([]);
  try {
    const outcome = await runDetect(run.deps, { address: 'dev@@' });
    assert.equal(outcome.status, 'failed');
    assert.equal(run.ui.notices('error').length, 1);
    assert.deepEqual(run.workspace.applied, []);
  } finally {
    await run.workspace.dispose();
  }
});

test('closing the address box ends the flow: no detection, nothing written', async () => {
  const run = await setUp([{ input: undefined }]);
  try {
    assert.equal((await runDetect(run.deps)).status, 'cancelled');
    assert.equal(run.ui.calls.some((c) => c.kind === 'progress'), false);
    assert.equal(await run.workspace.read('.env'), USER_ENV);
  } finally {
    await run.workspace.dispose();
  }
});

test('a bad setting is reported before any network work', async () => {
  const run = await setUp([{ input: `dev@${DOMAIN}` }]);
  run.deps.readSettings = async () => ({ settings: resolveSettings({ timeoutSeconds: -1 }), extraCa: [] });
  try {
    assert.equal((await runDetect(run.deps)).status, 'failed');
    assert.match(run.ui.notices('error')[0] ?? '', /autoconf\.timeoutSeconds/);
    assert.equal(run.ui.calls.some((c) => c.kind === 'progress'), false);
  } finally {
    await run.workspace.dispose();
  }
});

test('address → detection → recommended setup → pre-selected .env: values merged, user lines kept, no password', { skip }, async () => {
  const run = await setUp([{ input: `dev@${DOMAIN}` }, { pick: 0 }, { pick: 0 }]);
  try {
    const outcome = await runDetect(run.deps);
    assert.equal(outcome.status, 'done', JSON.stringify(run.ui.calls.filter((c) => c.kind === 'notify')));
    assert.ok(run.ui.progress.length > 2, 'the progress notification reports stages');
    assert.ok(run.ui.progress.includes('Looking up the mail services the domain announces in DNS…'), run.ui.progress.join(' | '));
    assert.ok(run.ui.progress.some((m) => /^Connecting to mail\.shop\.test on port 587 to check it \(sending\)…$/.test(m)), run.ui.progress.join(' | '));
    assert.ok(run.ui.progress.every((m) => !/Asking|embedded|ispdb|srv\b/.test(m)), 'no internal source names');
    const [setupPick, targetPick] = run.ui.calls.filter((c) => c.kind === 'pick');
    assert.notEqual((targetPick?.request as { showAll?: boolean }).showAll, true, 'the format list filters as you type');
    assert.match(JSON.stringify((targetPick?.request as { items: unknown[] }).items[0]), /recommended: nodemailer is in package\.json/);
    assert.match(JSON.stringify(setupPick?.request), /Send: mail\.shop\.test, port 587, STARTTLS/);
    assert.match(JSON.stringify(targetPick?.request), /nodemailer is in package\.json/);
    const text = (await run.workspace.read('.env')) ?? '';
    assert.ok(text.startsWith(USER_ENV), text);
    assert.match(text, /^SMTP_HOST=mail\.shop\.test$/m);
    assert.match(text, /^SMTP_PORT=587$/m);
    assert.match(text, /^SMTP_SECURE=false$/m);
    assert.match(text, /^SMTP_REQUIRE_TLS=true$/m);
    assert.match(text, /^IMAP_HOST=mail\.shop\.test$/m);
    assert.match(text, /^IMAP_PORT=993$/m);
    assert.doesNotMatch(text, /PASS=/);
    assert.equal(run.remembered.length, 1, 'the report is kept for "Show last detection report"');
    assert.ok(run.log.lines.some((line) => line.startsWith('debug probe smtp mail.shop.test:587')), 'the trace is logged at debug level');
    if (outcome.status === 'done') assert.match(outcome.summary, /\.env/);
  } finally {
    await run.workspace.dispose();
  }
});

test('cancel mid-detection returns at once and writes nothing', { skip }, async () => {
  // slow.test's servers accept and stay silent; the probes wait for a greeting when we cancel.
  const run = await setUp([{ input: `dev@${SLOW_DOMAIN}` }], {}, { cancelWhen: (message) => /Connecting to .* \(sending\)/.test(message), cancelDelayMs: 500 });
  const before = world.tarpit.connections.length;
  try {
    const started = Date.now();
    const outcome = await runDetect(run.deps);
    const elapsed = Date.now() - started;
    assert.equal(outcome.status, 'cancelled');
    assert.ok(elapsed < 3_000, `cancel returned in ${elapsed} ms`);
    assert.match(run.ui.notices('info')[0] ?? '', /cancelled/);
    assert.equal(await run.workspace.read('.env'), USER_ENV);
    assert.deepEqual(run.workspace.applied, []);
    assert.equal(run.remembered.length, 0);
    // The plain-TCP probe (587) is closed by the cancel.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mine = world.tarpit.connections.slice(before);
    assert.ok(mine.length > 0, 'the probes had connected to the silent servers');
    assert.ok(mine.some((c) => c.port === 587 && c.closedAt !== undefined), JSON.stringify(mine));
  } finally {
    await run.workspace.dispose();
  }
});

test('a domain with nothing usable says so and writes nothing', { skip }, async () => {
  const run = await setUp([{ input: 'dev@nothing.test' }]);
  try {
    const outcome = await runDetect(run.deps);
    assert.equal(outcome.status, 'not-found');
    assert.match(run.ui.notices('error')[0] ?? '', /No usable mail server/);
    assert.equal(await run.workspace.read('.env'), USER_ENV);
  } finally {
    await run.workspace.dispose();
  }
});

test('cancel closes every probe connection, implicit TLS too', {
  skip,

}, async () => {
  const run = await setUp([{ input: `dev@${SLOW_DOMAIN}` }], {}, { cancelWhen: (message) => /Connecting to .* \(sending\)/.test(message), cancelDelayMs: 500 });
  const before = world.tarpit.connections.length;
  try {
    assert.equal((await runDetect(run.deps)).status, 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const mine = world.tarpit.connections.slice(before);
    assert.ok(mine.length > 0);
    assert.ok(mine.every((c) => c.closedAt !== undefined), `open after cancel: ${JSON.stringify(mine)}`);
  } finally {
    await run.workspace.dispose();
  }
});
