// `.env` files, in the families the writers emit and the frameworks read: our SMTP_*
// (nodemailer-style), Laravel's MAIL_* (MAIL_SCHEME from Laravel 11, MAIL_ENCRYPTION before
// it), Django-style EMAIL_*, and the URL forms MAILER_DSN (Symfony), SMTP_URL and MAIL_URL
// (nodemailer). One file can hold several families: each becomes its own config.
import { readEnvAssignments } from '../writers/env-merge.js';
import type { ConfigMode, Field, MailConfig, Origin } from './config.js';
import { nodemailerMode } from './nodemailer-mode.js';
import { readSmtpUrl } from './read-url.js';

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

interface Assigned {
  value: string;
  origin: Origin;
}

/** Every mail config in a `.env` text. `environment` resolves `${NAME}` references the file
 *  does not define itself (the process environment the app will run with, when known). */
export function readEnvConfigs(text: string, file: string, environment: Readonly<Record<string, string | undefined>> = {}): MailConfig[] {
  return configsFromAssignments(readEnvAssignments(text), file, environment);
}

/** The same families from assignments read elsewhere (a compose file's environment: block). */
export function configsFromAssignments(
  assignments: ReadonlyArray<{ key: string; value: string; line: number }>,
  file: string,
  environment: Readonly<Record<string, string | undefined>> = {},
): MailConfig[] {
  const vars = new Map<string, Assigned>();
  for (const { key, value, line } of assignments) vars.set(key, { value, origin: { file, line, key } });
  // Keyed by variable: a value read twice is still one unresolved reference.
  const unresolved = new Map<string, Origin>();
  const get = (key: string): Assigned | undefined => {
    const found = vars.get(key);
    if (found === undefined) return undefined;
    const value = found.value.replace(REFERENCE, (whole, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const inner = vars.get(name)?.value ?? environment[name];
      if (inner === undefined) unresolved.set(found.origin.key, found.origin);
      return inner ?? '';
    });
    return { value, origin: found.origin };
  };
  const configs: MailConfig[] = [];
  const smtp = readSmtpFamily(get);
  if (smtp !== undefined) configs.push(smtp);
  const laravel = readLaravel(get);
  if (laravel !== undefined) configs.push(laravel);
  const django = readDjangoEnv(get);
  if (django !== undefined) configs.push(django);
  for (const [key, dialect] of [['MAILER_DSN', 'symfony-dsn'], ['SMTP_URL', 'nodemailer-url'], ['MAIL_URL', 'nodemailer-url']] as const) {
    const found = get(key);
    const config = found === undefined ? undefined : readSmtpUrl(found.value, dialect, found.origin);
    if (config !== undefined) configs.push(config);
  }
  // A reference is unresolved for every config that reads it; report it on each.
  for (const config of configs) config.unresolved.push(...unresolved.values());
  // A password (or a URL holding one) with no reference in it is written in the file itself.
  for (const config of configs) {
    if (config.password !== undefined) config.passwordLiteral = !(vars.get(config.password.key)?.value ?? '').includes('$');
  }
  return configs;
}

type Get = (key: string) => Assigned | undefined;

const field = <T>(assigned: Assigned, value: T): Field<T> => ({ value, origin: assigned.origin });

function portOf(assigned: Assigned | undefined): Field<number> | undefined {
  if (assigned === undefined || !/^\d{1,5}$/.test(assigned.value.trim())) return undefined;
  return field(assigned, Number(assigned.value.trim()));
}

function common(get: Get, keys: { host: string; port: string; user: string[]; password: string[] }, format: string, mode: Field<ConfigMode>): MailConfig {
  const config: MailConfig = { format, mode, booleanStrings: [], unresolved: [] };
  const host = get(keys.host);
  if (host !== undefined && host.value !== '') config.host = field(host, host.value);
  const port = portOf(get(keys.port));
  if (port !== undefined) config.port = port;
  const user = keys.user.map(get).find((found) => found !== undefined && found.value !== '');
  if (user !== undefined) config.username = field(user, user.value);
  const password = keys.password.map(get).find((found) => found !== undefined && found.value !== '');
  if (password !== undefined) config.password = password.origin;
  return config;
}

/** SMTP_HOST/PORT/SECURE/REQUIRE_TLS/USER/PASS, read the way nodemailer's options are. */
function readSmtpFamily(get: Get): MailConfig | undefined {
  const host = get('SMTP_HOST');
  if (host === undefined) return undefined;
  const secure = get('SMTP_SECURE');
  const requireTls = get('SMTP_REQUIRE_TLS');
  const ignoreTls = get('SMTP_IGNORE_TLS');
  const port = portOf(get('SMTP_PORT'));
  const flag = (assigned: Assigned | undefined) => (assigned === undefined ? undefined : TRUE.test(assigned.value));
  const mode = nodemailerMode({ secure: flag(secure), ignoreTLS: flag(ignoreTls), requireTLS: flag(requireTls) }, port?.value);
  const config = common(get, { host: 'SMTP_HOST', port: 'SMTP_PORT', user: ['SMTP_USER', 'SMTP_USERNAME'], password: ['SMTP_PASS', 'SMTP_PASSWORD'] }, 'env', { value: mode, origin: (secure ?? requireTls ?? ignoreTls ?? host).origin });
  const reject = get('SMTP_TLS_REJECT_UNAUTHORIZED');
  if (reject !== undefined && FALSE.test(reject.value)) config.verifyDisabled = reject.origin;
  return config;
}

/** Laravel: MAIL_SCHEME (11: smtp/smtps) or MAIL_ENCRYPTION (≤ 10: tls/ssl), read by
 *  Symfony Mailer, whose STARTTLS is opportunistic unless config/mail.php sets require_tls. */
function readLaravel(get: Get): MailConfig | undefined {
  const host = get('MAIL_HOST');
  if (host === undefined) return undefined;
  const scheme = get('MAIL_SCHEME');
  const encryption = get('MAIL_ENCRYPTION');
  const port = portOf(get('MAIL_PORT'));
  const implicit = scheme?.value.toLowerCase() === 'smtps' || encryption?.value.toLowerCase() === 'ssl' || port?.value === 465;
  const anchor = scheme ?? encryption ?? host;
  const mode = field(anchor, (implicit ? 'implicit-tls' : 'starttls-opportunistic') as ConfigMode);
  return common(get, { host: 'MAIL_HOST', port: 'MAIL_PORT', user: ['MAIL_USERNAME'], password: ['MAIL_PASSWORD'] }, 'laravel', mode);
}

/** EMAIL_HOST/PORT/USE_TLS/USE_SSL/HOST_USER/HOST_PASSWORD as Django settings read them from
 *  the environment. smtplib's starttls() fails when STARTTLS is missing: required, not optional. */
function readDjangoEnv(get: Get): MailConfig | undefined {
  const host = get('EMAIL_HOST');
  if (host === undefined) return undefined;
  const tls = get('EMAIL_USE_TLS');
  const ssl = get('EMAIL_USE_SSL');
  const on = (assigned: Assigned | undefined) => assigned !== undefined && TRUE.test(assigned.value);
  const mode: ConfigMode = on(ssl) ? 'implicit-tls' : on(tls) ? 'starttls-required' : 'none';
  const anchor = (on(ssl) ? ssl : on(tls) ? tls : undefined) ?? host;
  const config = common(get, { host: 'EMAIL_HOST', port: 'EMAIL_PORT', user: ['EMAIL_HOST_USER'], password: ['EMAIL_HOST_PASSWORD'] }, 'django-env', field(anchor, mode));
  if (on(tls) && on(ssl)) config.bothTlsFlags = [tls!.origin, ssl!.origin];
  return config;
}
