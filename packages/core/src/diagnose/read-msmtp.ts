// msmtp's rc file: one config per `account`, each starting from the `defaults` section. With
// `tls on` msmtp never falls back to cleartext, so STARTTLS there is required.
import type { ConfigMode, MailConfig, Origin } from './config.js';

interface Setting {
  value: string;
  origin: Origin;
}

export function readMsmtp(text: string, file: string): MailConfig[] {
  const defaults = new Map<string, Setting>();
  const accounts: Array<{ name: string; settings: Map<string, Setting> }> = [];
  let current = defaults;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [command = '', ...rest] = line.split(/\s+/);
    const value = rest.join(' ').replace(/^"(.*)"$/, '$1');
    if (command === 'defaults') current = defaults;
    else if (command === 'account') {
      // "account default : name" only names the default account.
      if (value.includes(':')) return;
      current = new Map(defaults);
      accounts.push({ name: value, settings: current });
    } else current.set(command, { value, origin: { file, line: index + 1, key: command } });
  });
  return accounts.flatMap(({ settings }) => {
    const host = settings.get('host');
    if (host === undefined) return [];
    const on = (key: string) => settings.get(key)?.value === 'on';
    const tls = settings.get('tls');
    const mode: ConfigMode = !on('tls') ? 'none' : settings.get('tls_starttls')?.value === 'off' ? 'implicit-tls' : 'starttls-required';
    const config: MailConfig = { format: 'msmtp', mode: { value: mode, origin: (settings.get('tls_starttls') ?? tls ?? host).origin }, booleanStrings: [], unresolved: [], host: { value: host.value, origin: host.origin } };
    const port = settings.get('port');
    if (port !== undefined && /^\d{1,5}$/.test(port.value)) config.port = { value: Number(port.value), origin: port.origin };
    const user = settings.get('user');
    if (user !== undefined) config.username = user;
    const password = settings.get('password');
    if (password !== undefined) {
      config.password = password.origin;
      config.passwordLiteral = true;
    }
    const certcheck = settings.get('tls_certcheck');
    if (certcheck?.value === 'off') config.verifyDisabled = certcheck.origin;
    return [config];
  });
}
