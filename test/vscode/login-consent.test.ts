// The extension's "Check login…": a host only unauthenticated sources named needs a modal yes
// naming it; "no" sends nothing and asks no password; the domain's own HTTPS autoconfig needs
// no question. Real servers: the phishing world on its own loopback /24.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '@autoconf/core';
import { checkLogin, type PasswordDeps } from 'autoconf-vscode/internal/flow/password.js';
import type { ConfirmRequest } from 'autoconf-vscode/internal/flow/ui.js';
import { IS_ROOT, PASSWORD, secretForms, startPhishingWorld, type PhishingWorld } from '../core/login/phishing-world.js';
import { createScriptedUi, type Answer } from './helpers.js';

const skip = IS_ROOT ? false : 'binds the real ports 443/465/993 on loopback: needs root';
let world: PhishingWorld;
before(async () => {
  if (IS_ROOT) world = await startPhishingWorld(103);
});
after(async () => world?.close());

const detectOptions = () => ({ nameservers: [world.dns.address], extraCa: [world.ca.cert], dnsTimeoutMs: 500, dnsAttempts: 1, timeoutMs: 8_000 });

function depsWith(answers: Answer[]): PasswordDeps & { ui: ReturnType<typeof createScriptedUi> } {
  const ui = createScriptedUi(answers);
  return {
    ui,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined } as never,
    secrets: { get: async () => undefined, store: async () => undefined },
    readSettings: async () => ({ settings: { nameservers: [world.dns.address] } as never, extraCa: [world.ca.cert] }),
  };
}

test('a host only SRV named: the modal names it; "no" sends nothing and asks no password', { skip }, async () => {
  const report = await detect('alice@srv.test', detectOptions());
  const mark = world.evil.received().length;
  const deps = depsWith([{ confirm: undefined }]);
  const results = await checkLogin(deps, report, report.recommended);
  assert.deepEqual(results, []);
  const question = deps.ui.calls.find((call) => call.kind === 'confirm')?.request as ConfirmRequest;
  assert.match(question.message, /smtp\.evil\.test/);
  assert.match(question.detail ?? '', /outside srv\.test.*srv: dns:_submissions\._tcp\.srv\.test/);
  assert.ok(!deps.ui.calls.some((call) => call.kind === 'input'), 'no password asked');
  assert.match(deps.ui.notices('warning')[0] ?? '', /No login was tried/);
  const received = world.evil.received().slice(mark);
  assert.ok(secretForms('alice@srv.test').every((secret) => !received.includes(secret)));
});

test('"Send to smtp.evil.test": the password is asked after the yes and the login runs', { skip }, async () => {
  const report = await detect('bob@srv.test', detectOptions());
  const deps = depsWith([{ confirm: 'action' }, { input: PASSWORD }]);
  const results = await checkLogin(deps, report, report.recommended);
  assert.ok(results.length > 0 && results.every((result) => result.outcome === 'ok' && result.permission.basis === 'consent'), JSON.stringify(results));
  assert.deepEqual(deps.ui.calls.filter((c) => c.kind === 'confirm' || c.kind === 'input').map((c) => c.kind), ['confirm', 'input']);
});

test('the domain\'s own HTTPS autoconfig: no question, the login works', { skip }, async () => {
  const report = await detect('carol@good.test', detectOptions());
  const deps = depsWith([{ input: PASSWORD }]);
  const results = await checkLogin(deps, report, report.recommended);
  assert.ok(results.length >= 2 && results.every((result) => result.outcome === 'ok'), JSON.stringify(results));
  assert.ok(!deps.ui.calls.some((call) => call.kind === 'confirm'));
});

test('a refused password: the notice offers "Enter it again…", and the next one is tried', { skip }, async () => {
  const report = await detect('carol@good.test', detectOptions());
  const deps = depsWith([{ input: `${PASSWORD}-wrong` }, { input: PASSWORD }]);
  const refused = await checkLogin(deps, report, report.recommended);
  assert.ok(refused.some((result) => result.outcome === 'bad-credentials'), JSON.stringify(refused));
  const notice = deps.ui.calls.find((c) => c.kind === 'notify' && c.level === 'warning');
  assert.match(notice?.message ?? '', /refused the user name or password/);
  assert.deepEqual(notice?.actions?.map((a) => a.title), ['Enter it again…']);
  await notice?.actions?.[0]?.run();
  const after = deps.ui.calls.filter((c) => c.kind === 'notify').at(-1);
  assert.equal(after?.level, 'info', JSON.stringify(after));
  assert.match(after?.message ?? '', /ok/);
});
