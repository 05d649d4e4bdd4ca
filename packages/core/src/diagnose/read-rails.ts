// Rails' config.action_mailer.smtp_settings = { … }: enable_starttls: true fails without
// STARTTLS; enable_starttls_auto (true unless set false) uses it only if offered; ssl:/tls:
// true is implicit TLS; openssl_verify_mode "none" turns certificate checks off.
import type { ConfigMode, MailConfig, Origin } from './config.js';

const SETTINGS = /smtp_settings\s*=\s*\{([\s\S]*?)\n\s*\}/g;
const ENTRY = /(?:^|[\s,{])(?::?)(address|port|user_name|password|enable_starttls|enable_starttls_auto|ssl|tls|openssl_verify_mode)(?::\s*|\s*=>\s*)([^,\n]+)/g;

export function readRails(text: string, file: string): MailConfig[] {
  return [...text.matchAll(SETTINGS)].flatMap((block) => {
    const start = block.index + block[0].indexOf('{');
    const found = new Map<string, { raw: string; origin: Origin }>();
    for (const entry of block[1]!.matchAll(ENTRY)) {
      const line = text.slice(0, start + 1 + entry.index).split('\n').length;
      found.set(entry[1]!, { raw: entry[2]!.replace(/\s*#.*$/, '').trim(), origin: { file, line, key: entry[1]! } });
    }
    const address = found.get('address');
    if (address === undefined) return [];
    const string = (raw: string | undefined) => (raw === undefined ? undefined : /^(["'])(.*)\1$/.exec(raw)?.[2]);
    const on = (key: string) => found.get(key)?.raw === 'true';
    const autoOff = found.get('enable_starttls_auto')?.raw === 'false';
    const mode: ConfigMode = on('ssl') || on('tls') ? 'implicit-tls' : on('enable_starttls') ? 'starttls-required' : autoOff ? 'none' : 'starttls-opportunistic';
    const modeOrigin = (found.get('ssl') ?? found.get('tls') ?? found.get('enable_starttls') ?? found.get('enable_starttls_auto') ?? address).origin;
    const config: MailConfig = { format: 'rails', mode: { value: mode, origin: modeOrigin }, booleanStrings: [], unresolved: [] };
    const host = string(address.raw);
    if (host !== undefined) config.host = { value: host, origin: address.origin };
    else config.unresolved.push(address.origin);
    const port = found.get('port');
    if (port !== undefined && /^\d{1,5}$/.test(port.raw)) config.port = { value: Number(port.raw), origin: port.origin };
    const user = found.get('user_name');
    const userValue = string(user?.raw);
    if (user !== undefined && userValue !== undefined) config.username = { value: userValue, origin: user.origin };
    const password = found.get('password');
    if (password !== undefined) {
      config.password = password.origin;
      config.passwordLiteral = string(password.raw) !== undefined;
    }
    const verify = found.get('openssl_verify_mode');
    if (verify !== undefined && /none|VERIFY_NONE/i.test(verify.raw)) config.verifyDisabled = verify.origin;
    return [config];
  });
}
