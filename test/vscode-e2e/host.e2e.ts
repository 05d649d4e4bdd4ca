// The extension-host suite: mocha inside code-server's real Node extension host, loaded through
// the workbench URL payload (the web form of --extensionDevelopmentPath/--extensionTestsPath).
// The host's exit code comes back through window.codeAutomationExit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, type Browser } from './browser.js';
import { createState, findToolchain, startCodeServer, writeUserSettings, type CodeServer, type State, type Toolchain } from './code-server.js';
import { startExtensionWorld, type ExtensionWorld } from './world.js';

const REPO = new URL('../../', import.meta.url).pathname;
const EXTENSION_DIR = join(REPO, 'packages/vscode-extension');
const HOST_SUITE = join(REPO, 'test/vscode-e2e/host/index.cjs');
const EXIT_TIMEOUT_MS = 90_000;

const found = findToolchain();
const skip = typeof found === 'string' ? found : false;
const toolchain = found as Toolchain;

let world: ExtensionWorld;
let state: State;
let server: CodeServer;
let browser: Browser;
let workspace: string;

before(async () => {
  if (skip !== false) return;
  world = await startExtensionWorld({ ip: '127.0.0.93', tarpitIp: '127.0.0.98' });
  state = createState(toolchain, 'host');
  workspace = join(state.dir, 'app');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(state.dir, 'test-ca.pem'), world.caPem);
  writeUserSettings(state, {
    'autoconf.dnsServers': [world.nameserver],
    'autoconf.extraCaFile': join(state.dir, 'test-ca.pem'),
    'autoconf.timeoutSeconds': 30,
  });
  server = await startCodeServer(toolchain, state, workspace, 'host-tests');
  browser = await openBrowser(toolchain, state, 'host');
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await world?.close();
});

test('the mocha suite passes inside the real extension host', { skip, timeout: 120_000 }, async () => {
  const { page } = browser;
  const console: string[] = [];
  page.on('console', (message: { text(): string }) => console.push(message.text()));
  const exitCode = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
  const authority = new URL(server.url).host;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${authority}${EXTENSION_DIR}`],
    ['extensionTestsPath', `vscode-remote://${authority}${HOST_SUITE}`],
  ]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    exitCode,
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no exit code within ${EXIT_TIMEOUT_MS} ms`)), EXIT_TIMEOUT_MS); }),
  ]).finally(() => clearTimeout(timer));
  // Mocha's spec lines arrive as console messages of the page, with a colour prefix.
  const report = console.filter((line) => /passing|failing|✔|\d+\) /.test(line)).map((line) => line.replace(/^%c \w+ color: #\w+\s*/, ''));
  for (const line of report) process.stdout.write(`# host: ${line}\n`);
  assert.equal(code, 0, `host suite failed:\n${console.join('\n')}`);
  assert.equal(report.filter((line) => line.includes('✔')).length, 7, `expected 7 passing host tests:\n${console.join('\n')}`);
  assert.deepEqual(browser.offLoopback, []);
  assert.deepEqual(server.offLoopbackConnects(), []);
});
