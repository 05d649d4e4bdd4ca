// Django settings modules (settings.py, mail_settings.py): top-level EMAIL_* assignments of
// Python literals, and os.environ / os.getenv reads resolved through the given environment.
import type { ConfigMode, MailConfig, Origin } from './config.js';

const ASSIGNMENT = /^(EMAIL_[A-Z_]+)\s*=\s*(.+?)\s*(?:#.*)?$/;
const STRING = /^(?:[rRbBuU]?)(["'])(.*)\1$/;
const ENV = /^os\.(?:environ\.get|getenv)\(\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\1\s*(?:,\s*(.+))?\)$|^os\.environ\[\s*(["'])([A-Za-z_][A-Za-z0-9_]*)\4\s*\]$/;

type Value = string | number | boolean | undefined;

export function readDjangoSettings(text: string, file: string, environment: Readonly<Record<string, string | undefined>> = {}): MailConfig[] {
  const values = new Map<string, { value: Value; origin: Origin; literal: boolean }>();
  const unresolved: Origin[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = ASSIGNMENT.exec(line);
    if (match === null) return;
    const origin = { file, line: index + 1, key: match[1]! };
    const value = literal(match[2]!, environment, () => unresolved.push(origin));
    values.set(match[1]!, { value, origin, literal: STRING.test(match[2]!.trim()) });
  });
  const host = values.get('EMAIL_HOST');
  if (host === undefined) return [];
  const truthy = (key: string) => {
    const v = values.get(key)?.value;
    return v === true || (typeof v === 'string' && /^(1|true|yes|on)$/i.test(v));
  };
  const tls = values.get('EMAIL_USE_TLS');
  const ssl = values.get('EMAIL_USE_SSL');
  // smtplib's starttls() raises when the server offers none: STARTTLS is required here.
  const mode: ConfigMode = truthy('EMAIL_USE_SSL') ? 'implicit-tls' : truthy('EMAIL_USE_TLS') ? 'starttls-required' : 'none';
  const anchor = (truthy('EMAIL_USE_SSL') ? ssl : truthy('EMAIL_USE_TLS') ? tls : undefined) ?? host;
  const config: MailConfig = { format: 'django', mode: { value: mode, origin: anchor.origin }, booleanStrings: [], unresolved };
  if (typeof host.value === 'string' && host.value !== '') config.host = { value: host.value, origin: host.origin };
  const port = values.get('EMAIL_PORT');
  const portValue = typeof port?.value === 'number' ? port.value : typeof port?.value === 'string' && /^\d{1,5}$/.test(port.value) ? Number(port.value) : undefined;
  if (port !== undefined && portValue !== undefined) config.port = { value: portValue, origin: port.origin };
  const user = values.get('EMAIL_HOST_USER');
  if (user !== undefined && typeof user.value === 'string' && user.value !== '') config.username = { value: user.value, origin: user.origin };
  const password = values.get('EMAIL_HOST_PASSWORD');
  if (password !== undefined && password.value !== undefined && password.value !== '') {
    config.password = password.origin;
    config.passwordLiteral = password.literal;
  }
  if (truthy('EMAIL_USE_TLS') && truthy('EMAIL_USE_SSL')) config.bothTlsFlags = [tls!.origin, ssl!.origin];
  return [config];
}

/** A Python literal or an environment read; undefined (and `missing()`) when it cannot be known. */
function literal(source: string, environment: Readonly<Record<string, string | undefined>>, missing: () => void): Value {
  const text = source.trim();
  const string = STRING.exec(text);
  if (string !== null) return string[2];
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'True') return true;
  if (text === 'False') return false;
  const env = ENV.exec(text);
  if (env !== null) {
    const name = env[2] ?? env[5]!;
    const fromEnv = environment[name];
    if (fromEnv !== undefined) return fromEnv;
    // A default makes it known; without one the app gets None or a KeyError.
    if (env[3] !== undefined) return literal(env[3], environment, missing);
    missing();
    return undefined;
  }
  return undefined;
}
