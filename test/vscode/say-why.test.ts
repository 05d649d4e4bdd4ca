// The extension names what happened: the real cause of a failed detection (with buttons to the
// report, the log and the setting at fault), the high findings that steered the choice, and
// success messages that are true for the file as it now is and the format chosen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import type { Report } from '@autoconf/core';
import { chooseAndWrite, runDetect, type FlowDeps } from 'autoconf-vscode/internal/flow/detect-flow.js';
import { explainNoSetup } from 'autoconf-vscode/internal/flow/failure-cause.js';
import { resolveSettings } from 'autoconf-vscode/internal/flow/settings.js';
import { createLog, createScriptedUi, createTempWorkspace, type Answer, type TempWorkspace } from './helpers.js';

const SMTP_587 = { protocol: 'smtp', host: 'mail.shop.example', port: 587, security: 'starttls' } as const;
const SMTP_465 = { protocol: 'smtp', host: 'mail.shop.example', port: 465, security: 'tls' } as const;
const IMAP_993 = { protocol: 'imap', host: 'mail.shop.example', port: 993, security: 'tls' } as const;
const ranked = <T extends object>(e: T) => ({ ...e, authMethods: ['password-cleartext'], verified: true, reason: 'confirmed by a probe', sources: ['srv'] });

/** A report as core builds it for a domain whose 587 lost STARTTLS: 465 recommended. */
function strippedReport(): Report {
  return {
    address: { input: 'dev@shop.example', address: 'dev@shop.example', addressUnicode: 'dev@shop.example', domain: 'shop.example', domainUnicode: 'shop.example' },
    status: 'verified',
    complete: true,
    startedAt: '2026-11-29T10:00:00Z',
    recommended: { smtp: ranked(SMTP_465), imap: ranked(IMAP_993) },
    alternatives: [],
    findings: [{
      code: 'starttls-missing',
      severity: 'high',
      message: 'mail.shop.example:587 offered no STARTTLS although SRV published it: possible STARTTLS stripping. Not recommended.',
      fix: 'Use implicit TLS (465).',
      endpoint: SMTP_587,
      evidence: [],
    }],
    probes: [],
    sources: [],
    logins: [],
  } as unknown as Report;
}

function depsFor(workspace: TempWorkspace, answers: Answer[], dnsServers: string[] = []) {
  const ui = createScriptedUi(answers);
  const opened: string[] = [];
  const deps: FlowDeps = {
    ui,
    log: createLog(),
    files: workspace,
    readSettings: async () => ({ settings: resolveSettings({ dnsServers, timeoutSeconds: 3 }), extraCa: [] }),
    remember: async () => undefined,
    open: {
      report: async () => void opened.push('report'),
      log: () => void opened.push('log'),
      setting: async (key) => void opened.push(`setting ${key}`),
    },
  };
  return { ui, deps, opened };
}

test('a dead DNS server in autoconf.dnsServers is named, with Show report, Open log and Open setting', async () => {
  // A UDP port that takes queries and never answers: the detection waits for its deadline.
  const silent = dgram.createSocket('udp4');
  silent.on('error', () => undefined);
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  const server = `127.0.0.1:${silent.address().port}`;
  const workspace = await createTempWorkspace();
  try {
    const { ui, deps, opened } = depsFor(workspace, [], [server]);
    const outcome = await runDetect(deps, { address: 'dev@shop.example' });
    assert.equal(outcome.status, 'not-found');
    const [notice] = ui.calls.filter((c) => c.kind === 'notify' && c.level === 'error');
    assert.match(notice?.message ?? '', /autoconf\.dnsServers/);
    assert.ok((notice?.message ?? '').includes(server), notice?.message);
    assert.doesNotMatch(notice?.message ?? '', /check the domain/i, 'not the generic advice');
    assert.deepEqual(notice?.actions?.map((a) => a.title), ['Show report', 'Open log', 'Open setting']);
    for (const action of notice?.actions ?? []) await action.run();
    assert.deepEqual(opened, ['report', 'log', 'setting autoconf.dnsServers']);
    assert.deepEqual(workspace.applied, []);
  } finally {
    silent.close();
    await workspace.dispose();
  }
});

test('each cause reads differently: certificates, no domain, a null MX, the deadline', () => {
  const base = strippedReport();
  const settings = { nameservers: [], timeoutMs: 10_000 };
  const empty = { ...base, status: 'not-found', recommended: {}, findings: [] } as unknown as Report;
  const certs = {
    ...empty,
    findings: [
      { code: 'cert-expired', severity: 'high', message: 'mail.shop.example:465 has an expired certificate (expired on 1 Nov 2026).', fix: '', endpoint: SMTP_465, evidence: [] },
      { code: 'cert-untrusted', severity: 'high', message: 'mail.shop.example:587 has a self-signed certificate.', fix: '', endpoint: SMTP_587, evidence: [] },
      { code: 'not-found', severity: 'high', message: 'No usable mail server was found for shop.example.', fix: 'check the domain, or ask the provider', evidence: [] },
    ],
  } as unknown as Report;
  const certCause = explainNoSetup(certs, settings);
  assert.match(certCause.message, /none safely \(2 problem/);
  assert.match(certCause.message, /expired certificate/);
  assert.match(certCause.message, /self-signed/);
  assert.equal(certCause.setting, undefined);

  const nothing = { ...empty, findings: [certs.findings[2]] } as unknown as Report;
  assert.match(explainNoSetup(nothing, settings).message, /nothing is published for shop\.example.*spelling/);

  const nullMx = { ...empty, findings: [{ code: 'null-mx', severity: 'high', message: 'shop.example publishes a null MX: it receives no mail.', fix: 'check the address for a typo', evidence: [] }] } as unknown as Report;
  assert.match(explainNoSetup(nullMx, settings).message, /null MX/);

  const late = { ...empty, findings: [{ code: 'deadline', severity: 'low', message: 'The overall deadline ended the detection.', fix: '', evidence: [] }] } as unknown as Report;
  const lateCause = explainNoSetup(late, settings);
  assert.match(lateCause.message, /deadline \(10 s\)/);
  assert.equal(lateCause.setting, 'autoconf.timeoutSeconds');
});

test('a high finding that steered the choice is above the setups and in the success message', async () => {
  const workspace = await createTempWorkspace();
  try {
    const { ui, deps } = depsFor(workspace, [{ pick: 0 }, { pick: 0 }]);
    const outcome = await chooseAndWrite(deps, strippedReport(), { target: 'env' });
    assert.equal(outcome.status, 'done');
    const pick = ui.calls.find((c) => c.kind === 'pick')?.request as { items: Array<{ separator?: string; label?: string }>; placeHolder: string };
    const separators = pick.items.filter((i) => i.separator !== undefined).map((i) => i.separator);
    assert.match(separators[0] ?? '', /1 high-severity finding/);
    assert.match(separators[1] ?? '', /587 offered no STARTTLS/);
    assert.ok(pick.items.findIndex((i) => i.separator?.includes('587')) < pick.items.findIndex((i) => i.label?.includes('port 465')), 'the finding comes first');
    assert.doesNotMatch(pick.placeHolder, /No warnings/, 'a domain with a high finding is not "no warnings"');
    if (outcome.status === 'done') {
      assert.match(outcome.summary, /Send: mail\.shop\.example, port 465, implicit TLS/);
      assert.match(outcome.summary, /Chosen over mail\.shop\.example:587: .*offered no STARTTLS/);
    }
  } finally {
    await workspace.dispose();
  }
});

test('"No warnings" is said once, in the placeholder, not on every row', async () => {
  const workspace = await createTempWorkspace();
  const clean = { ...strippedReport(), findings: [], alternatives: [ranked(SMTP_587)] } as unknown as Report;
  try {
    const { ui, deps } = depsFor(workspace, [{ pick: 1 }, { pick: 0 }]);
    const outcome = await chooseAndWrite(deps, clean, { target: 'env' });
    assert.equal(outcome.status, 'done');
    const pick = ui.calls.find((c) => c.kind === 'pick')?.request as { items: Array<{ label?: string; detail?: string; description?: string }>; placeHolder: string };
    assert.match(pick.placeHolder, /No warnings/);
    assert.equal(JSON.stringify(pick.items).includes('No warnings'), false);
    const rows = pick.items.filter((i) => i.label !== undefined);
    assert.equal(rows[0]?.label, '$(pass-filled) Send: mail.shop.example, port 465, implicit TLS');
    assert.equal(rows[0]?.description, 'recommended, verified');
    assert.equal(rows[0]?.detail, 'Read (IMAP): mail.shop.example, port 993, implicit TLS');
    assert.equal(rows[1]?.label, 'Send: mail.shop.example, port 587, STARTTLS', 'an alternative is headed by the endpoint it changes');
    assert.match(rows[1]?.description ?? '', /^alternative/);
    if (outcome.status === 'done') assert.match(outcome.summary, /port 587, STARTTLS/, 'the alternative picked is what was written');
  } finally {
    await workspace.dispose();
  }
});

test('the help row explains STARTTLS, implicit TLS and the ports, then the list comes back', async () => {
  const workspace = await createTempWorkspace();
  try {
    const help = (items: Array<{ label: string }>) => items.findIndex((i) => i.label.includes('What do STARTTLS'));
    const { ui, deps } = depsFor(workspace, [{ pick: help }, { confirm: 'action' }, { pick: 0 }, { pick: 0 }]);
    const outcome = await chooseAndWrite(deps, { ...strippedReport(), findings: [] } as unknown as Report, { target: 'env' });
    assert.equal(outcome.status, 'done');
    const shown = ui.calls.find((c) => c.kind === 'confirm')?.request as { detail: string };
    assert.match(shown.detail, /STARTTLS: /);
    assert.match(shown.detail, /Implicit TLS: /);
    assert.match(shown.detail, /Port 587 .* 465 .* 25 /);
    assert.equal(ui.calls.filter((c) => c.kind === 'pick').length, 2, 'the setups, then the setups again (the format was given)');
  } finally {
    await workspace.dispose();
  }
});
