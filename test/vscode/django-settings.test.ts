// A Django project whose settings.py sets EMAIL_*: the written mail_settings.py would be ignored.
// The flow says so and, with a yes, adds the import at the end of settings.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '@autoconf/core';
import { chooseAndWrite, type FlowDeps } from 'autoconf-vscode/internal/flow/detect-flow.js';
import { conflictingSettings } from 'autoconf-vscode/internal/flow/django-settings.js';
import { resolveSettings } from 'autoconf-vscode/internal/flow/settings.js';
import { createLog, createScriptedUi, createTempWorkspace, type Answer } from './helpers.js';

const SETTINGS = 'DEBUG = True\nEMAIL_HOST = "localhost"\nEMAIL_PORT = 25\n';
const REPORT = {
  address: { input: 'dev@shop.example', address: 'dev@shop.example', addressUnicode: 'dev@shop.example', domain: 'shop.example', domainUnicode: 'shop.example' },
  status: 'verified',
  complete: true,
  startedAt: '2026-11-29T10:00:00Z',
  recommended: { smtp: { protocol: 'smtp', host: 'mail.shop.example', port: 587, security: 'starttls', authMethods: [], verified: true, reason: 'probe', sources: ['srv'] } },
  alternatives: [],
  findings: [],
  probes: [],
  sources: [],
  logins: [],
} as unknown as Report;

async function run(answers: Answer[]) {
  const workspace = await createTempWorkspace({ 'manage.py': '', 'shop/settings.py': SETTINGS });
  const ui = createScriptedUi([{ pick: 0 }, { pick: 0 }, ...answers]);
  const deps: FlowDeps = { ui, log: createLog(), files: workspace, readSettings: async () => ({ settings: resolveSettings({}), extraCa: [] }), remember: async () => undefined };
  const outcome = await chooseAndWrite(deps, REPORT);
  return { workspace, ui, outcome };
}

test('settings.py setting EMAIL_HOST/EMAIL_PORT: the conflict is named and "Add the import" makes mail_settings win', async () => {
  const { workspace, ui, outcome } = await run([{ confirm: 'action' }]);
  try {
    assert.equal(outcome.status, 'done');
    assert.ok((await workspace.read('shop/mail_settings.py'))?.includes('EMAIL_HOST = "mail.shop.example"'));
    const question = ui.calls.find((c) => c.kind === 'confirm')?.request as { message: string };
    assert.match(question.message, /shop\/settings\.py already sets EMAIL_HOST, EMAIL_PORT, so Django would not use shop\/mail_settings\.py/);
    const settings = (await workspace.read('shop/settings.py')) ?? '';
    assert.ok(settings.startsWith(SETTINGS), 'the user\'s lines stay');
    assert.match(settings, /\nfrom \.mail_settings import \*  # noqa.*\n$/);
    assert.deepEqual(conflictingSettings(settings, 'mail_settings'), [], 'no conflict left');
  } finally {
    await workspace.dispose();
  }
});

test('declining leaves settings.py as it was; an import after the EMAIL_* lines is no conflict', async () => {
  const { workspace } = await run([{ confirm: undefined }]);
  try {
    assert.equal(await workspace.read('shop/settings.py'), SETTINGS);
  } finally {
    await workspace.dispose();
  }
  assert.deepEqual(conflictingSettings(`${SETTINGS}from .mail_settings import *\n`, 'mail_settings'), []);
  assert.deepEqual(conflictingSettings(`from .mail_settings import *\n${SETTINGS}`, 'mail_settings'), ['EMAIL_HOST', 'EMAIL_PORT']);
  assert.deepEqual(conflictingSettings('DEBUG = True\n', 'mail_settings'), []);
});
