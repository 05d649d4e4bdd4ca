// The password: asked only when the user wants it stored or a login checked; kept in VS Code's
// SecretStorage (the OS keychain), never in a setting, a log line or a written file.
import { createNetwork, verifyLogin, type LoginResult, type Recommendation } from '@autoconf/core';
import { t } from './l10n.js';
import type { Settings } from './settings.js';
import type { Log, Ui } from './ui.js';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
}

export interface PasswordDeps {
  ui: Ui;
  log: Log;
  secrets: SecretStore;
  readSettings(): Promise<{ settings: Settings; extraCa: string[] }>;
}

export function secretKey(address: string): string {
  return `autoconf.password/${address}`;
}

async function askPassword(ui: Ui, address: string): Promise<string | undefined> {
  const value = await ui.input({
    title: t('Password for {0}', address),
    prompt: t('Kept in VS Code\'s secret storage only; never written to a file or a setting.'),
    password: true,
    validate: (text) => (text.length === 0 ? t('The password is empty.') : undefined),
  });
  return value === undefined || value.length === 0 ? undefined : value;
}

export async function storePassword(deps: PasswordDeps, address: string): Promise<boolean> {
  const password = await askPassword(deps.ui, address);
  if (password === undefined) return false;
  await deps.secrets.store(secretKey(address), password);
  deps.log.info(`password for ${address} stored in the secret storage`);
  deps.ui.notify('info', t('The password for {0} is in VS Code\'s secret storage.', address));
  return true;
}

/** One login per recommended endpoint, over verified TLS only (core refuses anything else). */
export async function checkLogin(deps: PasswordDeps, address: string, recommended: Recommendation): Promise<LoginResult[]> {
  const stored = await deps.secrets.get(secretKey(address));
  const password = stored ?? await askPassword(deps.ui, address);
  if (password === undefined) return [];
  const { settings, extraCa } = await deps.readSettings();
  const network = createNetwork({ ...(settings.nameservers.length === 0 ? {} : { servers: settings.nameservers }), extraCa });
  const endpoints = [recommended.smtp, recommended.imap].filter((e) => e !== undefined);
  const results = await deps.ui.withProgress(t('Checking the login for {0}', address), (progress, signal) =>
    Promise.all(endpoints.map((endpoint) => {
      progress(t('Logging in to {0}:{1}…', endpoint.host, endpoint.port));
      return verifyLogin(network, {
        protocol: endpoint.protocol,
        host: endpoint.host,
        port: endpoint.port,
        security: endpoint.security,
        username: endpoint.username ?? address,
        password,
        signal,
      });
    })));
  const lines = results.map((result, i) => `${endpoints[i]?.protocol.toUpperCase()} ${endpoints[i]?.host}: ${result.outcome}`);
  deps.log.info(`login check ${address}: ${lines.join('; ')}`);
  const ok = results.length > 0 && results.every((result) => result.outcome === 'ok');
  deps.ui.notify(ok ? 'info' : 'warning', t('Login check: {0}', lines.join('; ')));
  return results;
}
