// .NET appsettings.json (MailKit): an "Smtp" section with Host, Port, SecureSocketOptions
// (StartTls requires STARTTLS, StartTlsWhenAvailable does not, SslOnConnect is implicit TLS,
// Auto is implicit on 465 and STARTTLS-if-offered elsewhere), Username, Password. The file may
// carry // and /* */ comments, as .NET's configuration reader allows.
import type { ConfigMode, MailConfig, Origin } from './config.js';

const MODES: Record<string, (port: number | undefined) => ConfigMode> = {
  starttls: () => 'starttls-required',
  starttlswhenavailable: () => 'starttls-opportunistic',
  sslonconnect: () => 'implicit-tls',
  none: () => 'none',
  auto: (port) => (port === 465 ? 'implicit-tls' : 'starttls-opportunistic'),
};

export function readAppSettings(text: string, file: string): MailConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(text));
  } catch {
    return [];
  }
  if (json === null || typeof json !== 'object') return [];
  return Object.entries(json as Record<string, unknown>).flatMap(([name, section]) => {
    if (!/^(smtp|mail|email|mailsettings|smtpsettings)$/i.test(name) || section === null || typeof section !== 'object') return [];
    const values = new Map(Object.entries(section as Record<string, unknown>).map(([key, value]) => [key.toLowerCase(), { key, value }]));
    const host = values.get('host') ?? values.get('server');
    if (typeof host?.value !== 'string') return [];
    const at = (key: string): Origin => ({ file, key: `${name}:${key}`, ...lineOf(text, key) });
    const portRaw = values.get('port')?.value;
    const port = typeof portRaw === 'number' ? portRaw : typeof portRaw === 'string' && /^\d{1,5}$/.test(portRaw) ? Number(portRaw) : undefined;
    const secure = values.get('securesocketoptions');
    const enableSsl = values.get('enablessl') ?? values.get('usessl');
    // System.Net.Mail's EnableSsl is STARTTLS, required; without a mode MailKit uses Auto.
    const mode: ConfigMode = typeof secure?.value === 'string' && MODES[secure.value.toLowerCase()] !== undefined
      ? MODES[secure.value.toLowerCase()]!(port)
      : enableSsl?.value === true ? 'starttls-required' : MODES.auto!(port);
    const modeKey = secure?.key ?? enableSsl?.key ?? host.key;
    const config: MailConfig = { format: 'dotnet', mode: { value: mode, origin: at(modeKey) }, booleanStrings: [], unresolved: [], host: { value: host.value, origin: at(host.key) } };
    if (port !== undefined) config.port = { value: port, origin: at(values.get('port')!.key) };
    const user = values.get('username') ?? values.get('user');
    if (typeof user?.value === 'string' && user.value !== '') config.username = { value: user.value, origin: at(user.key) };
    const password = values.get('password');
    if (typeof password?.value === 'string' && password.value !== '') {
      config.password = at(password.key);
      config.passwordLiteral = true;
    }
    return [config];
  });
}

/** The 1-based line where `"key"` first appears, when it does. */
function lineOf(text: string, key: string): { line?: number } {
  const index = text.indexOf(`"${key}"`);
  return index < 0 ? {} : { line: text.slice(0, index).split('\n').length };
}

/** JSON with // and /* *\/ comments outside strings removed (the text keeps its line breaks). */
export function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const block = text.slice(i, end < 0 ? text.length : end + 2);
      out += block.replace(/[^\n]/g, '');
      i = end < 0 ? text.length : end + 1;
    } else {
      out += c;
    }
  }
  return out;
}
