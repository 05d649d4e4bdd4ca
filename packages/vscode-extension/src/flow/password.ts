// The password: asked only when the user wants it stored or a login checked; kept in VS Code's
// SecretStorage (the OS keychain), never in a setting, a log line or a written file. A login
// goes only where the address's domain sent it; any other host needs a modal yes naming it.
import { checkReportLogins, planReportLogins, type LoginCheck, type PlannedLogin, type Recommendation, type Report } from '@autoconf/core';
import { t } from './l10n.js';
import type { Settings } from './settings.js';
import type { Log, Ui } from './ui.js';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete?(key: string): PromiseLike<void>;
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

/** Store or change the password the extension's own login check uses (the app never reads it). */
export async function storePassword(deps: PasswordDeps, address: string): Promise<boolean> {
  const had = (await deps.secrets.get(secretKey(address))) !== undefined;
  const password = await askPassword(deps.ui, address);
  if (password === undefined) return false;
  await deps.secrets.store(secretKey(address), password);
  deps.log.info(`password for ${address} ${had ? 'changed' : 'stored'} in the secret storage`);
  deps.ui.notify('info', had
    ? t('The password for {0} is changed in VS Code\'s secret storage (used by "Check login…" only; your app does not read it).', address)
    : t('The password for {0} is in VS Code\'s secret storage (used by "Check login…" only; your app does not read it).', address));
  return true;
}

export async function forgetPassword(deps: PasswordDeps, address: string): Promise<boolean> {
  if ((await deps.secrets.get(secretKey(address))) === undefined) {
    deps.ui.notify('info', t('No password for {0} is stored.', address));
    return false;
  }
  await deps.secrets.delete?.(secretKey(address));
  deps.log.info(`password for ${address} removed from the secret storage`);
  deps.ui.notify('info', t('The password for {0} is removed from VS Code\'s secret storage.', address));
  return true;
}

/** A modal question per host that only unauthenticated sources named. */
async function askConsent(ui: Ui, report: Report, plan: readonly PlannedLogin[]): Promise<string[]> {
  const allowed: string[] = [];
  const asked = new Set<string>();
  for (const { endpoint, permission } of plan) {
    if (permission.basis !== 'needs-consent' || asked.has(endpoint.host)) continue;
    asked.add(endpoint.host);
    const choice = await ui.confirm({
      message: t('Send the password for {0} to {1}?', report.address.addressUnicode, endpoint.host),
      detail: t('{0} is outside {1}, and only this named it: {2}. Anyone on the network path could have forged that. Say yes only if you know this host belongs to your mail provider.',
        endpoint.host, report.address.domainUnicode, permission.namedBy.slice(0, 2).join('; ')),
      action: t('Send to {0}', endpoint.host),
    });
    if (choice === 'action') allowed.push(endpoint.host);
  }
  return allowed;
}

/** One login per endpoint of the chosen setup, over verified TLS only, where it may go. */
export async function checkLogin(deps: PasswordDeps, report: Report, recommended: Recommendation): Promise<LoginCheck[]> {
  const address = report.address.address;
  const allowHosts = await askConsent(deps.ui, report, planReportLogins(report, { recommended }));
  const plan = planReportLogins(report, { recommended, allowHosts });
  if (!plan.some((entry) => entry.permission.allowed)) {
    const reasons = plan.map((entry) => `${entry.endpoint.host}: ${entry.permission.reason}`).join('; ');
    deps.log.info(`login check ${address}: nothing tried (${reasons})`);
    deps.ui.notify('warning', t('No login was tried: {0}', reasons));
    return [];
  }
  const stored = await deps.secrets.get(secretKey(address));
  const password = stored ?? await askPassword(deps.ui, address);
  if (password === undefined) return [];
  return runLogins(deps, report, recommended, allowHosts, plan, password, stored !== undefined);
}

async function runLogins(deps: PasswordDeps, report: Report, recommended: Recommendation, allowHosts: string[], plan: readonly PlannedLogin[], password: string, stored: boolean): Promise<LoginCheck[]> {
  const address = report.address.address;
  const { settings, extraCa } = await deps.readSettings();
  const checked = await deps.ui.withProgress(t('Checking the login for {0}', address), (progress, signal) => {
    progress(plan.filter((entry) => entry.permission.allowed).map((entry) => `${entry.endpoint.host}:${entry.endpoint.port}`).join(', '));
    return checkReportLogins(report, {
      password,
      allowHosts,
      recommended,
      ...(settings.nameservers.length === 0 ? {} : { nameservers: settings.nameservers }),
      extraCa,
      systemCa: settings.systemCa,
      signal,
    });
  });
  const results = checked.logins;
  const lines = results.map((result) =>
    `${result.protocol.toUpperCase()} ${result.host}: ${result.outcome === 'not-tried' ? `${result.outcome} (${result.permission.reason})` : result.outcome}`);
  deps.log.info(`login check ${address}: ${lines.join('; ')}`);
  const ok = results.length > 0 && results.every((result) => result.outcome === 'ok');
  const refused = results.some((result) => result.outcome === 'bad-credentials');
  const again = {
    title: t('Enter it again…'),
    run: async () => {
      const next = await askPassword(deps.ui, address);
      if (next === undefined) return;
      // A stored password that was refused is replaced by the one that is tried now.
      if (stored) await deps.secrets.store(secretKey(address), next);
      await runLogins(deps, report, recommended, allowHosts, plan, next, stored);
    },
  };
  deps.ui.notify(ok ? 'info' : 'warning', refused
    ? t('Login check: {0}. The server refused the user name or password.', lines.join('; '))
    : t('Login check: {0}', lines.join('; ')), refused ? [again] : undefined);
  return results;
}
