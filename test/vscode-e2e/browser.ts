// Debian's Chromium driven by playwright-core (loaded from the E2E toolchain, not the workspace,
// hence the loose types), kept on loopback, recording every request that is not.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadDriver, privateEnv, type State, type Toolchain } from './code-server.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- playwright-core's types live outside the workspace */
export type Page = any;
type Context = any;

// Even with background networking off, Chromium resolves accounts.google.com; the resolver
// rule answers every name but loopback locally, so no DNS query leaves.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export interface Browser {
  page: Page;
  /** Requests to anything but 127.0.0.1/localhost. */
  offLoopback: string[];
  close(): Promise<void>;
}

const WEBVIEW_RESOURCE_HOST = '.vscode-resource.vscode-cdn.net';

export async function openBrowser(toolchain: Toolchain, state: State, name: string): Promise<Browser> {
  const { chromium } = loadDriver<{ chromium: any }>(toolchain, 'playwright-core');
  const profile = join(state.dir, `chromium-${name}`);
  rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  // Playwright refuses --user-data-dir in args: a persistent context takes the profile dir.
  const context: Context = await chromium.launchPersistentContext(profile, {
    executablePath: toolchain.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: privateEnv(toolchain, state),
    viewport: { width: 1280, height: 800 },
  });
  const offLoopback: string[] = [];
  // Webviews (the Markdown preview) name their resources https://*.vscode-resource.vscode-cdn.net/…;
  // the webview's service worker answers them from the workbench, so they never reach the
  // network. Such a request counts only when it was not answered by the service worker.
  const isWebviewResource = (url: URL) => url.protocol === 'https:' && url.hostname.endsWith(WEBVIEW_RESOURCE_HOST);
  context.on('request', (request: any) => {
    const url = new URL(request.url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (local || isWebviewResource(url)) return;
    if (!['data:', 'blob:', 'about:', 'chrome:', 'vscode-file:'].includes(url.protocol)) offLoopback.push(request.url());
  });
  context.on('requestfinished', async (request: any) => {
    if (!isWebviewResource(new URL(request.url()))) return;
    const response = await request.response().catch(() => null);
    if (response?.fromServiceWorker() !== true) offLoopback.push(`${request.url()} (not from the webview's service worker)`);
  });
  context.on('requestfailed', (request: any) => {
    // A preview that is replaced aborts its loads (ERR_ABORTED); any other failure was a real attempt.
    if (isWebviewResource(new URL(request.url())) && request.failure()?.errorText !== 'net::ERR_ABORTED') {
      offLoopback.push(`${request.url()} (failed: ${request.failure()?.errorText})`);
    }
  });
  const page: Page = context.pages()[0] ?? (await context.newPage());
  return { page, offLoopback, close: () => context.close() };
}

/** F1, the title typed, then the row of `commandId` clicked. Retried: the palette can open before
 *  the contributed commands are registered, and its list does not refresh by itself. */
export async function runFromPalette(page: Page, title: string, commandId: string, timeoutMs = 45_000): Promise<void> {
  const input = page.locator('.quick-input-widget input[type="text"]');
  const row = page.locator(`.quick-input-list [data-quick-input-id="${commandId}"]`);
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (await input.isVisible()) await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } }).catch(() => undefined);
    await page.keyboard.press('F1');
    if (await input.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false)) {
      await page.keyboard.type(title, { delay: 5 });
      if (await row.waitFor({ timeout: 3_000 }).then(() => true, () => false)) {
        await row.click();
        return;
      }
    }
    if (Date.now() > deadline) throw new Error(`${commandId} not offered in the palette after ${attempt} attempts`);
  }
}

/** Waits for the quick input to show `title` (a new step of the flow), then returns its input. */
export async function waitForQuickInput(page: Page, title: string, timeoutMs = 30_000): Promise<any> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: timeoutMs });
  return page.locator('.quick-input-widget input[type="text"]');
}
