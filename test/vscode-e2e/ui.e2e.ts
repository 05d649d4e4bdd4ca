// The real-VS-Code UI suite: code-server in headless Chromium. Runs "Detect mail settings" from
// the command palette against the loopback test world and checks the workspace on disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, runFromPalette, waitForQuickInput, type Browser } from './browser.js';
import { createState, findToolchain, installExtension, startCodeServer, writeUserSettings, type CodeServer, type State, type Toolchain } from './code-server.js';
import { PASSWORD } from '../core/detect/fixtures.js';
import { DOMAIN, SLOW_DOMAIN, startExtensionWorld, type ExtensionWorld } from './world.js';

const REPO = new URL('../../', import.meta.url).pathname;
const VSIX = join(REPO, 'packages/vscode-extension/dist/autoconf-vscode.vsix');
const SCREENSHOT = join(REPO, 'packages/vscode-extension/media/screenshot.png');
const USER_ENV = '# shop settings, written by hand\nDATABASE_URL=postgres://db.internal/shop\n\nexport SMTP_FROM="Shop <shop@shop.test>" # sender\n';

const found = findToolchain();
const skip = typeof found === 'string' ? found : false;
const toolchain = found as Toolchain;

let world: ExtensionWorld;
let state: State;
let server: CodeServer;
let browser: Browser;
let workspace: string;
let artifacts: string;

before(async () => {
  if (skip !== false) return;
  world = await startExtensionWorld({ ip: '127.0.0.91', tarpitIp: '127.0.0.92' });
  state = createState(toolchain, 'ui');
  artifacts = join(toolchain.home, 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  workspace = join(state.dir, 'shop');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'package.json'), JSON.stringify({ name: 'shop', private: true, dependencies: { nodemailer: '^10.6.1' } }, null, 2));
  writeFileSync(join(workspace, '.env'), USER_ENV);
  writeFileSync(join(state.dir, 'test-ca.pem'), world.caPem);
  writeUserSettings(state, {
    'autoconf.dnsServers': [world.nameserver],
    'autoconf.extraCaFile': join(state.dir, 'test-ca.pem'),
    'autoconf.timeoutSeconds': 30,
  });
  // The Marketplace package stays small: one bundled file, the manifest, strings and images.
  assert.ok(statSync(VSIX).size < 1024 * 1024, `the .vsix is ${statSync(VSIX).size} bytes, over 1 MiB`);
  const installed = await installExtension(toolchain, state, VSIX);
  assert.match(installed, /^autoconf\.autoconf-vscode@0\.1\.0$/m, installed);
  server = await startCodeServer(toolchain, state, workspace, 'ui');
  browser = await openBrowser(toolchain, state, 'ui');
  await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await browser.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await browser.page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await world?.close();
});

async function screenshotOnFailure(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const path = join(artifacts, `failure-${name}-${Date.now()}.png`);
    await browser.page.screenshot({ path }).catch(() => undefined);
    console.log(`# failure screenshot: ${path}`);
    throw error;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('Detect mail settings from the palette writes the detected values into .env', { skip, timeout: 120_000 }, async () => {
  await screenshotOnFailure('detect', async () => {
    const { page } = browser;
    const t0 = Date.now();
    await runFromPalette(page, 'Autoconf: Detect mail settings', 'autoconf.detectSettings');
    const address = await waitForQuickInput(page, 'Detect mail settings');
    await address.fill(`dev@${DOMAIN}`);
    await page.keyboard.press('Enter');
    // The result pick: the recommendation is the first row.
    await waitForQuickInput(page, `Mail settings for dev@${DOMAIN}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Send: mail.shop.test, port 587, STARTTLS' }).first().waitFor();
    await page.keyboard.press('Enter');
    // The target pick: nodemailer in package.json puts the .env target first.
    await waitForQuickInput(page, 'Config format');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'nodemailer is in package.json' }).first().waitFor();
    await page.keyboard.press('Enter');

    const text = await waitFor('.env with SMTP_HOST', () => {
      const current = readFileSync(join(workspace, '.env'), 'utf8');
      return current.includes('SMTP_HOST=') ? current : undefined;
    });
    assert.ok(text.startsWith(USER_ENV), `the user's lines stay first and intact:\n${text}`);
    assert.match(text, /^SMTP_HOST=mail\.shop\.test$/m);
    assert.match(text, /^SMTP_PORT=587$/m);
    assert.match(text, /^SMTP_SECURE=false$/m);
    assert.match(text, /^SMTP_REQUIRE_TLS=true$/m);
    assert.match(text, /^SMTP_USER=dev@shop\.test$/m);
    assert.match(text, /^IMAP_HOST=mail\.shop\.test$/m);
    assert.match(text, /^IMAP_PORT=993$/m);
    assert.doesNotMatch(text, /^\s*(export\s+)?\w*PASS\w*\s*=/m, 'no password key in the file');
    assert.ok(!text.includes(PASSWORD), 'no password in the file');
    assert.deepEqual(readdirSync(workspace).sort(), ['.env', 'package.json'], 'no other file written');

    // The edited .env is open and the summary toast is up: the README's screenshot.
    await page.locator('.tabs-container .tab', { hasText: '.env' }).waitFor({ timeout: 15_000 });
    await page.locator('.notification-toast.notification-fade-in-done', { hasText: 'Wrote Send: mail.shop.test, port 587' }).waitFor({ timeout: 15_000 });
    const shot = join(artifacts, 'detect.png');
    await page.screenshot({ path: shot });
    if (process.env.AUTOCONF_E2E_UPDATE_SCREENSHOT === '1') copyFileSync(shot, SCREENSHOT);
    console.log(`# detect flow ${Date.now() - t0} ms, screenshot ${shot}`);
  });
});

test('cancelling mid-detection stops it and writes nothing', { skip, timeout: 120_000 }, async () => {
  await screenshotOnFailure('cancel', async () => {
    const { page } = browser;
    const envBefore = readFileSync(join(workspace, '.env'), 'utf8');
    const connectionsBefore = world.tarpit.connections.length;
    await page.keyboard.press('Escape');
    await runFromPalette(page, 'Autoconf: Detect mail settings', 'autoconf.detectSettings');
    const address = await waitForQuickInput(page, 'Detect mail settings');
    await address.fill(`dev@${SLOW_DOMAIN}`);
    await page.keyboard.press('Enter');
    // slow.test's servers accept and never greet: wait until the probes are connected, then cancel.
    const toast = page.locator('.notification-toast', { hasText: `Detecting mail settings for dev@${SLOW_DOMAIN}` });
    await toast.waitFor({ timeout: 15_000 });
    await waitFor('a probe connection to the silent servers', () => (world.tarpit.connections.length > connectionsBefore ? true : undefined), 10_000);
    await toast.hover();
    await toast.locator('.monaco-button, .action-label', { hasText: 'Cancel' }).first().click();
    await page.locator('.notification-toast', { hasText: 'Detection cancelled; nothing was written.' }).waitFor({ timeout: 10_000 });
    assert.equal(readFileSync(join(workspace, '.env'), 'utf8'), envBefore);
    assert.deepEqual(readdirSync(workspace).sort(), ['.env', 'package.json']);
    // The 587 probe (plain TCP until the greeting) is closed by the cancel.
    const mine = world.tarpit.connections.slice(connectionsBefore);
    await waitFor('the SMTP probe connection to close', () => (mine.some((c) => c.port === 587 && c.closedAt !== undefined) ? true : undefined), 3_000);
  });
});

test('a domain with nothing usable names the cause; "Show report" opens it rendered', { skip, timeout: 120_000 }, async () => {
  await screenshotOnFailure('not-found', async () => {
    const { page } = browser;
    const envBefore = readFileSync(join(workspace, '.env'), 'utf8');
    await page.keyboard.press('Escape');
    await runFromPalette(page, 'Autoconf: Detect mail settings', 'autoconf.detectSettings');
    const address = await waitForQuickInput(page, 'Detect mail settings');
    await address.fill('dev@nothing.test');
    await page.keyboard.press('Enter');
    const toast = page.locator('.notification-toast.notification-fade-in-done', { hasText: 'No usable mail server found for dev@nothing.test' });
    await toast.waitFor({ timeout: 45_000 });
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Check the spelling of the domain/, text);
    await toast.hover();
    await toast.locator('.monaco-button', { hasText: 'Open log' }).first().waitFor({ timeout: 5_000 });
    const show = toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: 'Show report' }).first();
    await show.waitFor({ timeout: 5_000 });
    await show.hover();
    await show.click();
    await toast.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => { throw new Error('the click on "Show report" did not reach the notification'); });
    // The report opens rendered: a Markdown preview tab, headed FAILED with its causes.
    await page.locator('.tabs-container .tab', { hasText: 'autoconf-report.md' }).first().waitFor({ timeout: 15_000 });
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await frame.locator('h1', { hasText: 'FAILED' }).waitFor({ timeout: 15_000 });
    await frame.locator('h2', { hasText: 'Why nothing usable was found' }).waitFor({ timeout: 5_000 });
    assert.equal(readFileSync(join(workspace, '.env'), 'utf8'), envBefore, 'nothing written');
  });
});

test('nothing left loopback: not the browser, not code-server or its extension host', { skip }, () => {
  assert.deepEqual(browser.offLoopback, [], `browser requests off loopback: ${browser.offLoopback.join(', ')}`);
  const connects = server.offLoopbackConnects();
  if (connects === undefined) {
    console.log('# strace missing: only the browser side was audited');
    return;
  }
  assert.deepEqual(connects, [], `code-server connect() calls off loopback:\n${connects.join('\n')}`);
});
