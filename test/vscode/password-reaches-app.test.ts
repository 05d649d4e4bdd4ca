// "Set password…" puts the password where the written config reads it, into a file git ignores
// only; SecretStorage stays the extension's own (store, change, forget). Real git in a temp dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setPasswordInEnvFile } from 'autoconf-vscode/internal/flow/password-file.js';
import { passwordHome } from 'autoconf-vscode/internal/flow/password-target.js';
import { forgetPassword, secretKey, storePassword, type PasswordDeps } from 'autoconf-vscode/internal/flow/password.js';
import { resolveSettings } from 'autoconf-vscode/internal/flow/settings.js';
import type { Recommendation } from '@autoconf/core';
import { createLog, createScriptedUi, createTempWorkspace, type Answer } from './helpers.js';

const RECOMMENDED = {
  smtp: { protocol: 'smtp', host: 'mail.shop.example', port: 587, security: 'starttls', authMethods: [], verified: true },
  imap: { protocol: 'imap', host: 'mail.shop.example', port: 993, security: 'tls', authMethods: [], verified: true },
} as unknown as Recommendation;
const SECRET = 'c0rrect-horse';

async function repo(files: Record<string, string>, tracked: string[] = []) {
  const workspace = await createTempWorkspace(files);
  execFileSync('git', ['init', '-q'], { cwd: workspace.dir });
  if (tracked.length > 0) execFileSync('git', ['add', '--', ...tracked], { cwd: workspace.dir });
  return workspace;
}

function deps(workspace: Awaited<ReturnType<typeof repo>>, answers: Answer[]) {
  const ui = createScriptedUi(answers);
  const log = createLog();
  return { ui, log, files: workspace };
}

test('each format names its own variable; JSON and mail clients have none', () => {
  assert.deepEqual(passwordHome('env', RECOMMENDED, '.env'), { kind: 'env', variables: ['SMTP_PASS', 'IMAP_PASS'], envFile: '.env' });
  assert.deepEqual(passwordHome('nodemailer', RECOMMENDED, 'mailer.mjs'), { kind: 'env', variables: ['SMTP_PASS'], envFile: '.env' });
  assert.deepEqual(passwordHome('laravel', RECOMMENDED, '.env'), { kind: 'env', variables: ['MAIL_PASSWORD'], envFile: '.env' });
  assert.deepEqual(passwordHome('django', RECOMMENDED, 'shop/mail_settings.py'), { kind: 'env', variables: ['EMAIL_HOST_PASSWORD'], envFile: '.env' });
  assert.deepEqual(passwordHome('spring-boot', RECOMMENDED, 'x'), { kind: 'env', variables: ['SMTP_PASS'], envFile: '.env' });
  assert.deepEqual(passwordHome('rails', RECOMMENDED, 'x'), { kind: 'env', variables: ['SMTP_PASS'], envFile: '.env' });
  assert.deepEqual(passwordHome('dotnet', RECOMMENDED, 'x'), { kind: 'env', variables: ['Smtp__Password', 'Imap__Password'], envFile: '.env' });
  assert.equal(passwordHome('nodemailer-json', RECOMMENDED, 'x').kind, 'elsewhere');
  assert.equal(passwordHome('msmtp', RECOMMENDED, 'x').kind, 'elsewhere');
});

test('a tracked .env is refused before the password is asked', async () => {
  const workspace = await repo({ '.env': 'SMTP_HOST=mail.shop.example\n' }, ['.env']);
  try {
    const d = deps(workspace, []);
    assert.equal(await setPasswordInEnvFile(d, passwordHome('env', RECOMMENDED, '.env'), 'dev@shop.example'), 'refused');
    assert.match(d.ui.notices('error')[0] ?? '', /tracked by git/);
    assert.equal(d.ui.calls.some((c) => c.kind === 'input'), false);
    assert.equal(await workspace.read('.env'), 'SMTP_HOST=mail.shop.example\n');
  } finally {
    await workspace.dispose();
  }
});

test('a .env git does not ignore: "Add to .gitignore", then the password goes in as SMTP_PASS and IMAP_PASS', async () => {
  const workspace = await repo({ '.env': 'SMTP_HOST=mail.shop.example\n', '.gitignore': 'node_modules' });
  try {
    const d = deps(workspace, [{ confirm: 'action' }, { input: SECRET }]);
    assert.equal(await setPasswordInEnvFile(d, passwordHome('env', RECOMMENDED, '.env'), 'dev@shop.example'), 'written');
    assert.equal(await workspace.read('.gitignore'), 'node_modules\n/.env\n');
    const text = (await workspace.read('.env')) ?? '';
    assert.match(text, /^SMTP_PASS=c0rrect-horse$/m);
    assert.match(text, /^IMAP_PASS=c0rrect-horse$/m);
    assert.ok(text.startsWith('SMTP_HOST=mail.shop.example\n'));
    assert.equal(await workspace.isGitIgnored('.env'), true);
    assert.ok(d.log.lines.every((line) => !line.includes(SECRET)), 'the password never reaches the log');
    assert.deepEqual(workspace.revealed, [true, false], '.gitignore is shown; the .env with the password is not opened on screen');
    assert.match(d.ui.notices('info')[0] ?? '', /SMTP_PASS, IMAP_PASS set in \.env, which git ignores/);
  } finally {
    await workspace.dispose();
  }
});

test('declining "Add to .gitignore" writes nothing; a changed password asks before replacing', async () => {
  const workspace = await repo({ '.gitignore': '.env\n', '.env': 'EMAIL_HOST_PASSWORD=old\n' });
  const other = await repo({ 'shop/settings.py': '' });
  try {
    const declined = deps(other, [{ confirm: undefined }]);
    assert.equal(await setPasswordInEnvFile(declined, passwordHome('django', RECOMMENDED, 'shop/mail_settings.py'), 'dev@shop.example'), 'refused');
    assert.equal(await other.read('.env'), undefined);
    assert.equal(await other.read('.gitignore'), undefined);

    const changed = deps(workspace, [{ input: SECRET }, { confirm: 'action' }]);
    assert.equal(await setPasswordInEnvFile(changed, passwordHome('django', RECOMMENDED, 'x'), 'dev@shop.example'), 'written');
    assert.equal(await workspace.read('.env'), `EMAIL_HOST_PASSWORD=${SECRET}\n`);
    assert.match((changed.ui.calls.find((c) => c.kind === 'confirm')?.request as { message: string }).message, /already sets EMAIL_HOST_PASSWORD/);
  } finally {
    await workspace.dispose();
    await other.dispose();
  }
});

test('a format without a variable says what to do instead, and writes nothing', async () => {
  const workspace = await repo({});
  try {
    const d = deps(workspace, []);
    assert.equal(await setPasswordInEnvFile(d, passwordHome('nodemailer-json', RECOMMENDED, 'smtp-options.json'), 'dev@shop.example'), 'shown');
    assert.match(d.ui.notices('info')[0] ?? '', /auth\.pass/);
    assert.deepEqual(workspace.applied, []);
  } finally {
    await workspace.dispose();
  }
});

test('the login-check password: store, change, forget', async () => {
  const vault = new Map<string, string>();
  const secrets = { get: async (k: string) => vault.get(k), store: async (k: string, v: string) => void vault.set(k, v), delete: async (k: string) => void vault.delete(k) };
  const make = (answers: Answer[]): PasswordDeps & { ui: ReturnType<typeof createScriptedUi> } => ({
    ui: createScriptedUi(answers),
    log: createLog(),
    secrets,
    readSettings: async () => ({ settings: resolveSettings({}), extraCa: [] }),
  });
  const first = make([{ input: 'one' }]);
  assert.equal(await storePassword(first, 'dev@shop.example'), true);
  assert.equal(vault.get(secretKey('dev@shop.example')), 'one');
  assert.match(first.ui.notices('info')[0] ?? '', /is in VS Code's secret storage .*your app does not read it/);
  const second = make([{ input: 'two' }]);
  await storePassword(second, 'dev@shop.example');
  assert.equal(vault.get(secretKey('dev@shop.example')), 'two');
  assert.match(second.ui.notices('info')[0] ?? '', /is changed/);
  const gone = make([]);
  assert.equal(await forgetPassword(gone, 'dev@shop.example'), true);
  assert.equal(vault.has(secretKey('dev@shop.example')), false);
  assert.equal(await forgetPassword(make([]), 'dev@shop.example'), false);
});
