import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { listTargets, type Target } from 'autoconf-vscode/internal/flow/targets.js';
import { writeTarget } from 'autoconf-vscode/internal/flow/write-config.js';
import type { WriterInput } from 'autoconf-vscode/internal/flow/writers.js';
import { createLog, createScriptedUi, createTempWorkspace, type Answer, type TempWorkspace } from './helpers.js';

const INPUT: WriterInput = {
  address: 'dev@shop.example',
  detectedAt: '2026-11-28T10:00:00Z',
  verified: true,
  recommended: {
    smtp: { protocol: 'smtp', host: 'mail.shop.example', port: 587, security: 'starttls', username: 'dev@shop.example', authMethods: ['password-cleartext'], verified: true },
    imap: { protocol: 'imap', host: 'mail.shop.example', port: 993, security: 'tls', username: 'dev@shop.example', authMethods: ['password-cleartext'], verified: true },
  },
};

const USER_ENV = '# my app\nDATABASE_URL=postgres://db/app\n\nexport SMTP_FROM="Shop <shop@shop.example>" # sender\n';

async function target(workspace: TempWorkspace, writerId: string): Promise<Target> {
  const found = (await listTargets(workspace, '')).find((candidate) => candidate.writer.id === writerId);
  assert.ok(found, writerId);
  return found;
}

async function write(files: Record<string, string>, writerId: string, answers: Answer[] = []) {
  const workspace = await createTempWorkspace(files);
  const ui = createScriptedUi(answers);
  const outcome = await writeTarget({ ui, files: workspace, log: createLog() }, await target(workspace, writerId), INPUT);
  return { workspace, ui, outcome };
}

test('a new .env is created with the detected values and no password', async () => {
  const { workspace, ui, outcome } = await write({}, 'env');
  try {
    assert.equal(outcome.status, 'written');
    const text = await workspace.read('.env');
    assert.match(text ?? '', /^SMTP_HOST=mail\.shop\.example$/m);
    assert.match(text ?? '', /^SMTP_PORT=587$/m);
    assert.match(text ?? '', /^SMTP_SECURE=false$/m);
    assert.match(text ?? '', /^SMTP_REQUIRE_TLS=true$/m);
    assert.match(text ?? '', /^IMAP_PORT=993$/m);
    assert.doesNotMatch(text ?? '', /^SMTP_PASS=/m);
    assert.deepEqual(ui.calls.filter((c) => c.kind === 'confirm' || c.kind === 'diff'), [], 'nothing to confirm');
    assert.equal(workspace.applied[0]?.[0]?.kind, 'create');
  } finally {
    await workspace.dispose();
  }
});

test('an existing .env keeps every line of the user and only gains keys', async () => {
  const { workspace, outcome } = await write({ '.env': USER_ENV }, 'env');
  try {
    assert.equal(outcome.status, 'written');
    const text = (await workspace.read('.env')) ?? '';
    assert.ok(text.startsWith(USER_ENV), `the user's lines come first, unchanged:\n${text}`);
    assert.match(text.slice(USER_ENV.length), /SMTP_HOST=mail\.shop\.example/);
    assert.equal(workspace.applied[0]?.[0]?.kind, 'replace');
  } finally {
    await workspace.dispose();
  }
});

test('the same values again: nothing is written', async () => {
  const first = await write({}, 'env');
  const written = (await first.workspace.read('.env')) ?? '';
  await first.workspace.dispose();
  const { workspace, outcome } = await write({ '.env': written }, 'env');
  try {
    assert.equal(outcome.status, 'unchanged');
    assert.deepEqual(workspace.applied, []);
  } finally {
    await workspace.dispose();
  }
});

const CONFLICTING = `${USER_ENV}SMTP_HOST=smtp.old-provider.example\nSMTP_PORT=465 # old\n`;

test('a key with another value: diff first, then "Replace them" changes only those lines', async () => {
  const { workspace, ui, outcome } = await write({ '.env': CONFLICTING }, 'env', [{ confirm: 'action' }]);
  try {
    const diff = ui.calls.find((c) => c.kind === 'diff');
    const confirmIndex = ui.calls.findIndex((c) => c.kind === 'confirm');
    assert.ok(diff, 'the diff is shown');
    assert.ok(ui.calls.indexOf(diff) < confirmIndex, 'before the question');
    assert.match(JSON.stringify(ui.calls[confirmIndex]?.request), /SMTP_HOST: smtp\.old-provider\.example → mail\.shop\.example/);
    assert.equal(outcome.status, 'written');
    const text = (await workspace.read('.env')) ?? '';
    assert.ok(text.startsWith(USER_ENV));
    assert.match(text, /^SMTP_HOST=mail\.shop\.example$/m);
    assert.match(text, /^SMTP_PORT=587 # old$/m, 'the inline comment stays');
    assert.doesNotMatch(text, /old-provider/);
  } finally {
    await workspace.dispose();
  }
});

test('"Keep mine" keeps the user\'s values and adds the missing keys', async () => {
  const { workspace, outcome } = await write({ '.env': CONFLICTING }, 'env', [{ confirm: 'alternative' }]);
  try {
    assert.equal(outcome.status, 'written');
    assert.deepEqual(outcome.status === 'written' ? outcome.kept : [], ['SMTP_HOST', 'SMTP_PORT']);
    const text = (await workspace.read('.env')) ?? '';
    assert.ok(text.startsWith(CONFLICTING));
    assert.match(text, /^SMTP_REQUIRE_TLS=true$/m);
    assert.doesNotMatch(text, /^SMTP_HOST=mail/m);
  } finally {
    await workspace.dispose();
  }
});

test('dismissing the question writes nothing', async () => {
  const { workspace, outcome } = await write({ '.env': CONFLICTING }, 'env', [{ confirm: undefined }]);
  try {
    assert.equal(outcome.status, 'cancelled');
    assert.deepEqual(workspace.applied, []);
    assert.equal(await workspace.read('.env'), CONFLICTING);
  } finally {
    await workspace.dispose();
  }
});

test('a file of the user\'s is never replaced: the config goes beside it, or into an untitled document', async () => {
  const mine = '# my own settings\n';
  const beside = await write({ 'mail_settings.py': mine }, 'django', [{ confirm: 'action' }]);
  try {
    assert.equal(beside.outcome.status, 'written');
    assert.equal(beside.outcome.status === 'written' && beside.outcome.path, 'mail_settings.autoconf.py');
    assert.equal(await beside.workspace.read('mail_settings.py'), mine);
    assert.match((await beside.workspace.read('mail_settings.autoconf.py')) ?? '', /EMAIL_USE_TLS = True/);
    assert.match(JSON.stringify(beside.ui.calls.find((c) => c.kind === 'confirm')?.request), /not a file autoconf wrote/);
  } finally {
    await beside.workspace.dispose();
  }
  const untitled = await write({ 'mail_settings.py': mine }, 'django', [{ confirm: 'alternative' }]);
  try {
    assert.equal(untitled.outcome.status, 'snippet');
    assert.deepEqual(untitled.workspace.applied, []);
    assert.match(JSON.stringify(untitled.ui.calls.find((c) => c.kind === 'show')?.request), /EMAIL_USE_TLS = True/);
  } finally {
    await untitled.workspace.dispose();
  }
  const dismissed = await write({ 'mail_settings.py': mine }, 'django', [{ confirm: undefined }]);
  assert.equal(dismissed.outcome.status, 'cancelled');
  assert.deepEqual(dismissed.workspace.applied, []);
  await dismissed.workspace.dispose();
});

test('when the sibling is the user\'s too, only an untitled document is offered', async () => {
  const { workspace, ui, outcome } = await write({ 'mail_settings.py': 'mine\n', 'mail_settings.autoconf.py': 'mine too\n' }, 'django', [{ confirm: 'action' }]);
  try {
    assert.equal(outcome.status, 'snippet');
    assert.deepEqual(workspace.applied, []);
    const request = ui.calls.find((c) => c.kind === 'confirm')?.request as { alternative?: string; action: string };
    assert.equal(request.alternative, undefined);
    assert.equal(await workspace.read('mail_settings.autoconf.py'), 'mine too\n');
  } finally {
    await workspace.dispose();
  }
});

test('a file autoconf wrote earlier is replaced only after the diff and a yes', async () => {
  const first = await write({}, 'django');
  const ours = ((await first.workspace.read('mail_settings.py')) ?? '').replace('587', '2525');
  await first.workspace.dispose();
  const { workspace, ui, outcome } = await write({ 'mail_settings.py': ours }, 'django', [{ confirm: 'action' }]);
  try {
    assert.ok(ui.calls.some((c) => c.kind === 'diff'));
    assert.equal(outcome.status, 'written');
    assert.match((await workspace.read('mail_settings.py')) ?? '', /EMAIL_PORT = 587/);
  } finally {
    await workspace.dispose();
  }
});

test('application.properties gains the spring.mail keys and keeps its own; a different value is asked about', async () => {
  const path = 'src/main/resources/application.properties';
  const mine = 'spring.application.name=shop\n';
  const merged = await write({ [path]: mine, 'pom.xml': 'spring-boot' }, 'spring-boot');
  try {
    assert.equal(merged.outcome.status, 'written');
    const text = (await merged.workspace.read(path)) ?? '';
    assert.ok(text.startsWith(mine), text);
    assert.match(text, /^spring\.mail\.properties\.mail\.smtp\.starttls\.required=true$/m);
    assert.deepEqual(merged.ui.calls.filter((c) => c.kind === 'confirm'), [], 'adding keys needs no question');
  } finally {
    await merged.workspace.dispose();
  }
  const clash = `${mine}spring.mail.host=relay.local\n`;
  const kept = await write({ [path]: clash, 'pom.xml': 'spring-boot' }, 'spring-boot', [{ confirm: 'alternative' }]);
  try {
    assert.ok(kept.ui.calls.some((c) => c.kind === 'diff'));
    assert.deepEqual(kept.outcome.status === 'written' ? kept.outcome.kept : [], ['spring.mail.host']);
    const text = (await kept.workspace.read(path)) ?? '';
    assert.ok(text.startsWith(clash), text);
    assert.match(text, /^spring\.mail\.port=587$/m);
  } finally {
    await kept.workspace.dispose();
  }
});

test('a .env linking out of the workspace is refused; one linking inside it is followed', async () => {
  const outside = await createTempWorkspace({ '.bashrc': 'alias ll="ls -l"\n' });
  const workspace = await createTempWorkspace({ 'shared/mail.env': 'APP=1\n' });
  try {
    const ui = createScriptedUi([]);
    const envTarget = await target(workspace, 'env');
    symlinkSync(join(outside.dir, '.bashrc'), join(workspace.dir, '.env'));
    await assert.rejects(writeTarget({ ui, files: workspace, log: createLog() }, envTarget, INPUT), (error) =>
      isAutoconfError(error, 'FILE_REFUSED') && /out of the project/.test(error.message));
    assert.equal(await outside.read('.bashrc'), 'alias ll="ls -l"\n');
    assert.deepEqual(workspace.applied, []);

    rmSync(join(workspace.dir, '.env'));
    symlinkSync('shared/mail.env', join(workspace.dir, '.env'));
    const outcome = await writeTarget({ ui, files: workspace, log: createLog() }, envTarget, INPUT);
    assert.equal(outcome.status, 'written');
    assert.match((await workspace.read('shared/mail.env')) ?? '', /^APP=1\n[\s\S]*SMTP_HOST=mail\.shop\.example/);
  } finally {
    await workspace.dispose();
    await outside.dispose();
  }
});

test('a directory where the file should be is refused', async () => {
  const workspace = await createTempWorkspace({ '.env/keep': '' });
  try {
    await assert.rejects(writeTarget({ ui: createScriptedUi([]), files: workspace, log: createLog() }, await target(workspace, 'env'), INPUT), (error) =>
      isAutoconfError(error, 'FILE_REFUSED') && /directory/.test(error.message));
  } finally {
    await workspace.dispose();
  }
});

test('git: the outcome says whether the written .env is ignored', async () => {
  const workspace = await createTempWorkspace({});
  try {
    execFileSync('git', ['init', '-q'], { cwd: workspace.dir });
    const ui = createScriptedUi([]);
    const envTarget = await target(workspace, 'env');
    const first = await writeTarget({ ui, files: workspace, log: createLog() }, envTarget, INPUT);
    assert.equal(first.status === 'written' && first.gitIgnored, false);
    await workspace.write('.gitignore', '.env\n');
    await workspace.write('.env', 'A=1\n');
    const second = await writeTarget({ ui, files: workspace, log: createLog() }, envTarget, INPUT);
    assert.equal(second.status === 'written' && second.gitIgnored, true);
  } finally {
    await workspace.dispose();
  }
});

test('outside a git repository nothing is claimed', async () => {
  const { workspace, outcome } = await write({}, 'env');
  try {
    assert.equal(outcome.status === 'written' && 'gitIgnored' in outcome, false);
  } finally {
    await workspace.dispose();
  }
});
