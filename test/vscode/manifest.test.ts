// The extension manifest and its strings: what VS Code reads before any of our code runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveSettings } from 'autoconf-vscode/internal/flow/settings.js';
import { parseHostPort } from 'autoconf-vscode/internal/flow/probe-flow.js';
// @ts-expect-error: a plain .mjs helper of the build, without types
import { collectMessages } from '../../packages/vscode-extension/collect-l10n.mjs';

const root = new URL('../../packages/vscode-extension/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const nls = JSON.parse(readFileSync(new URL('package.nls.json', root), 'utf8')) as Record<string, string>;

test('commands and mail config languages activate the extension, nothing eager; the Autoconf commands', () => {
  // Commands activate by themselves (VS Code reads contributes.commands); the languages of .env
  // (dotenv, or properties before VS Code had dotenv) and of createTransport sources.
  assert.deepEqual(manifest.activationEvents, ['onLanguage:dotenv', 'onLanguage:properties', 'onLanguage:javascript', 'onLanguage:typescript', 'onLanguage:javascriptreact', 'onLanguage:typescriptreact']);
  assert.ok((manifest.activationEvents as string[]).every((event) => event.startsWith('onLanguage:')), 'no *, onStartupFinished or workspaceContains');
  assert.equal(manifest.main, './dist/extension.cjs');
  const commands = manifest.contributes.commands as Array<{ command: string; category: string; title: string }>;
  assert.deepEqual(commands.map((c) => c.command), ['autoconf.detectSettings', 'autoconf.probeServer', 'autoconf.writeConfig', 'autoconf.showReport', 'autoconf.storePassword', 'autoconf.forgetPassword', 'autoconf.checkMailSettings']);
  assert.ok(commands.every((c) => c.category === 'Autoconf'));
});

test('every %key% of the manifest has its English string', () => {
  const keys = [...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] as string);
  assert.ok(keys.length > 10);
  for (const key of keys) assert.ok(nls[key], `package.nls.json lacks ${key}`);
});

test('settings that redirect traffic are restricted in untrusted workspaces', () => {
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations as string[];
  assert.deepEqual(restricted.sort(), ['autoconf.allowHttp', 'autoconf.dnsServers', 'autoconf.extraCaFile']);
  const properties = Object.keys(manifest.contributes.configuration.properties);
  for (const key of restricted) assert.ok(properties.includes(key));
});

test('l10n/bundle.l10n.json holds exactly the strings of the sources', () => {
  const bundle = JSON.parse(readFileSync(new URL('l10n/bundle.l10n.json', root), 'utf8'));
  assert.deepEqual(bundle, collectMessages(new URL('src', root).pathname));
});

test('settings: defaults, and a clear message for each bad value', () => {
  assert.deepEqual(resolveSettings({}), { nameservers: [], timeoutMs: 10_000, policy: 'submission-first', allowHttp: false, defaultTarget: '', extraCaFile: '', systemCa: true });
  assert.equal(resolveSettings({ systemCertificates: false }).systemCa, false);
  assert.equal(resolveSettings({ systemCertificates: 'odd' }).systemCa, true, 'VS Code\'s setting: its default when not understood');
  assert.equal(resolveSettings({ timeoutSeconds: 2.5, dnsServers: [' 127.0.0.1:53 '] }).timeoutMs, 2_500);
  assert.deepEqual(resolveSettings({ dnsServers: [' 127.0.0.1:53 '] }).nameservers, ['127.0.0.1:53']);
  assert.throws(() => resolveSettings({ dnsServers: '1.1.1.1' }), /autoconf\.dnsServers/);
  assert.throws(() => resolveSettings({ dnsServers: [''] }), /autoconf\.dnsServers/);
  assert.throws(() => resolveSettings({ timeoutSeconds: 0 }), /autoconf\.timeoutSeconds/);
  assert.throws(() => resolveSettings({ timeoutSeconds: 601 }), /autoconf\.timeoutSeconds/);
  assert.throws(() => resolveSettings({ policy: 'fastest' }), /autoconf\.policy/);
  assert.throws(() => resolveSettings({ allowHttp: 'yes' }), /autoconf\.allowHttp/);
});

test('probe input: host, host:port, [v6]:port; bad ones get a message', () => {
  assert.deepEqual(parseHostPort('smtp.example.com'), { host: 'smtp.example.com' });
  assert.deepEqual(parseHostPort(' smtp.example.com:587 '), { host: 'smtp.example.com', port: 587 });
  assert.deepEqual(parseHostPort('[2001:db8::25]:465'), { host: '2001:db8::25', port: 465 });
  assert.deepEqual(parseHostPort('2001:db8::25'), { host: '2001:db8::25' });
  assert.equal(typeof parseHostPort('smtp.example.com:0'), 'string');
  assert.equal(typeof parseHostPort('smtp.example.com:70000'), 'string');
  assert.equal(typeof parseHostPort('bad host'), 'string');
  assert.equal(typeof parseHostPort(''), 'string');
});

test('Marketplace readiness: a real icon, categories beyond Other, a Getting Started walkthrough, links that resolve', () => {
  const packageDir = new URL('.', root).pathname;
  const icon = readFileSync(new URL(manifest.icon, root));
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(icon.readUInt32BE(16), 128, 'icon width');
  assert.equal(icon.readUInt32BE(20), 128, 'icon height');
  assert.ok((manifest.categories as string[]).some((c) => c !== 'Other'), JSON.stringify(manifest.categories));

  const [walkthrough] = manifest.contributes.walkthroughs as Array<{ steps: Array<{ id: string; media: { markdown: string }; description: string }> }>;
  assert.deepEqual(walkthrough?.steps.map((s) => s.id), ['detect', 'write', 'password', 'check']);
  const ignore = readFileSync(new URL('.vscodeignore', root), 'utf8');
  for (const step of walkthrough?.steps ?? []) {
    assert.ok(readFileSync(new URL(step.media.markdown, root), 'utf8').startsWith('# '), step.media.markdown);
    assert.ok(ignore.includes('!media/walkthrough/**'), 'the walkthrough pages are packaged');
    for (const command of (nls[step.description.slice(1, -1)] ?? '').matchAll(/command:([\w.]+)/g)) {
      assert.ok((manifest.contributes.commands as Array<{ command: string }>).some((c) => c.command === command[1]), command[1]);
    }
  }

  const readme = readFileSync(new URL('README.md', root), 'utf8');
  assert.doesNotMatch(readme, /example\.invalid/);
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^(https:|#|command:)/.test(target as string)) continue;
    assert.ok(readFileSync(`${packageDir}${target}`).length > 0, `README links to ${target}, which is in the package`);
    const packaged = ignore.split('\n').some((line) => line === `!${target}` || (line.endsWith('/**') && (target as string).startsWith(line.slice(1, -2))));
    assert.ok(packaged, `${target} is in the .vsix`);
  }
});

test('the JS/TS parser ships beside the bundle, not in it: external to esbuild, packaged from dist/node_modules', () => {
  const build = readFileSync(new URL('build.mjs', root), 'utf8');
  assert.match(build, /external: \['vscode', '@babel\/parser'\]/);
  assert.match(build, /PARSER_DIR = 'dist\/node_modules\/@babel\/parser'/);
  const ignore = readFileSync(new URL('.vscodeignore', root), 'utf8').split('\n');
  assert.ok(ignore.includes('!dist/node_modules/@babel/parser/index.js') && ignore.includes('!dist/node_modules/@babel/parser/package.json'), 'the parser copy is packaged');
});
