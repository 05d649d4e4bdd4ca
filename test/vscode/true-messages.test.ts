// Messages and comments describe the file as it now is: a replaced block gets a fresh
// `# autoconf:` header, "Keep mine" never reads as "already holds these settings", and the
// password sentence names what the chosen format really reads (no IMAP where only SMTP went,
// no "environment" for JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '@autoconf/core';
import { chooseAndWrite, type FlowDeps } from 'autoconf-vscode/internal/flow/detect-flow.js';
import { resolveSettings } from 'autoconf-vscode/internal/flow/settings.js';
import { createLog, createScriptedUi, createTempWorkspace, type Answer, type TempWorkspace } from './helpers.js';

const ranked = (protocol: 'smtp' | 'imap', host: string, port: number, security: 'tls' | 'starttls') =>
  ({ protocol, host, port, security, authMethods: ['password-cleartext'], verified: true, reason: 'confirmed by a probe', sources: ['srv'] });

function report(host: string, day: string): Report {
  return {
    address: { input: 'dev@shop.example', address: 'dev@shop.example', addressUnicode: 'dev@shop.example', domain: 'shop.example', domainUnicode: 'shop.example' },
    status: 'verified',
    complete: true,
    startedAt: `${day}T10:00:00Z`,
    recommended: { smtp: ranked('smtp', host, 587, 'starttls'), imap: ranked('imap', host, 993, 'tls') },
    alternatives: [],
    findings: [],
    probes: [],
    sources: [],
    logins: [],
  } as unknown as Report;
}

async function run(workspace: TempWorkspace, detected: Report, target: string, answers: Answer[]) {
  const ui = createScriptedUi([{ pick: 0 }, ...answers]);
  const deps: FlowDeps = {
    ui,
    log: createLog(),
    files: workspace,
    readSettings: async () => ({ settings: resolveSettings({}), extraCa: [] }),
    remember: async () => undefined,
  };
  const outcome = await chooseAndWrite(deps, detected, { target });
  assert.equal(outcome.status, 'done', JSON.stringify(ui.calls));
  return outcome.status === 'done' ? outcome : assert.fail('not done');
}

test('"Replace them" gives the block a fresh header; "Keep mine" afterwards is not "already holds"', async () => {
  const workspace = await createTempWorkspace();
  try {
    await run(workspace, report('old.shop.example', '2026-10-01'), 'env', []);
    const first = (await workspace.read('.env')) ?? '';
    assert.match(first, /^# autoconf: old\.shop\.example:587 STARTTLS \(verified 2026-10-01\)$/m);

    const replaced = await run(workspace, report('new.shop.example', '2026-11-29'), 'env', [{ confirm: 'action' }]);
    const second = (await workspace.read('.env')) ?? '';
    assert.match(second, /^SMTP_HOST=new\.shop\.example$/m);
    assert.match(second, /^# autoconf: new\.shop\.example:587 STARTTLS \(verified 2026-11-29\)$/m);
    assert.doesNotMatch(second, /old\.shop\.example/, `the old header is gone:\n${second}`);
    assert.equal(second.match(/^# autoconf: /gm)?.length, 2, 'one header per block (SMTP, IMAP), no leftovers');
    assert.match(replaced.summary, /^Wrote Send: new\.shop\.example/);

    const kept = await run(workspace, report('third.shop.example', '2026-11-30'), 'env', [{ confirm: 'alternative' }]);
    assert.equal(await workspace.read('.env'), second, 'nothing to add: the file stays');
    assert.equal(kept.write.status, 'unchanged');
    assert.doesNotMatch(kept.summary, /already holds/);
    assert.match(kept.summary, /you kept your own values for SMTP_HOST, IMAP_HOST/);
    assert.match(kept.summary, /does not hold Send: third\.shop\.example/);
  } finally {
    await workspace.dispose();
  }
});

test('the password sentence names the variables the chosen format reads', async () => {
  const workspace = await createTempWorkspace();
  try {
    const env = await run(workspace, report('mail.shop.example', '2026-11-29'), 'env', []);
    assert.match(env.summary, /reads SMTP_PASS and IMAP_PASS from the environment/);
    const module = await run(workspace, report('mail.shop.example', '2026-11-29'), 'nodemailer', []);
    assert.match(module.summary, /reads SMTP_PASS from the environment/);
    assert.doesNotMatch(module.summary, /IMAP/, 'the nodemailer module holds SMTP only');
    const json = await run(workspace, report('mail.shop.example', '2026-11-29'), 'nodemailer-json', []);
    assert.doesNotMatch(json.summary, /environment/);
    assert.match(json.summary, /auth\.pass/);
    const django = await run(workspace, report('mail.shop.example', '2026-11-29'), 'django', []);
    assert.match(django.summary, /EMAIL_HOST_PASSWORD/);
    assert.doesNotMatch(django.summary, /IMAP/);
  } finally {
    await workspace.dispose();
  }
});
