// nodemailer's transport options as a JSON file (what the nodemailer-json writer emits, for an
// app that loads its options from configuration): host, port, secure, requireTLS, ignoreTLS,
// auth and tls, read as nodemailer reads them.
import type { MailConfig, Origin } from './config.js';
import { nodemailerMode } from './nodemailer-mode.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

export function readNodemailerJson(text: string, file: string): MailConfig[] {
  let options: unknown;
  try {
    options = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isObject(options) || typeof options.host !== 'string') return [];
  const at = (key: string): Origin => {
    const index = text.indexOf(`"${key.split('.').at(-1)}"`);
    return { file, key, ...(index < 0 ? {} : { line: text.slice(0, index).split('\n').length }) };
  };
  const port = typeof options.port === 'number' ? options.port : typeof options.port === 'string' && /^\d{1,5}$/.test(options.port) ? Number(options.port) : undefined;
  // nodemailer tests these flags for truth, so a "false" string switches them on.
  const truth = (value: unknown) => (value === undefined ? undefined : Boolean(value));
  const mode = nodemailerMode({ secure: truth(options.secure), ignoreTLS: truth(options.ignoreTLS), requireTLS: truth(options.requireTLS) }, port);
  const modeKey = mode === 'implicit-tls' && options.secure !== undefined ? 'secure' : mode === 'none' ? 'ignoreTLS' : options.requireTLS !== undefined ? 'requireTLS' : options.secure !== undefined ? 'secure' : 'host';
  const config: MailConfig = { format: 'nodemailer', mode: { value: mode, origin: at(modeKey) }, booleanStrings: [], unresolved: [], host: { value: options.host, origin: at('host') } };
  if (port !== undefined) config.port = { value: port, origin: at('port') };
  // "false" as a string is true to nodemailer: the same trap as Boolean() in code.
  for (const key of ['secure', 'requireTLS', 'ignoreTLS']) {
    const value = options[key];
    if (typeof value === 'string' && /^(false|0|no|off)$/i.test(value.trim())) config.booleanStrings.push({ value, origin: at(key) });
  }
  if (isObject(options.auth)) {
    if (typeof options.auth.user === 'string') config.username = { value: options.auth.user, origin: at('auth.user') };
    if (typeof options.auth.pass === 'string' && options.auth.pass !== '') {
      config.password = at('auth.pass');
      config.passwordLiteral = true;
    }
  }
  if (isObject(options.tls)) {
    if (options.tls.rejectUnauthorized === false) config.verifyDisabled = at('tls.rejectUnauthorized');
    const tls: NonNullable<MailConfig['tls']> = {};
    if (typeof options.tls.minVersion === 'string') tls.minVersion = { value: options.tls.minVersion, origin: at('tls.minVersion') };
    if (typeof options.tls.servername === 'string') tls.servername = { value: options.tls.servername, origin: at('tls.servername') };
    if (options.tls.ca !== undefined) tls.ca = at('tls.ca');
    if (Object.keys(tls).length > 0) config.tls = tls;
  }
  return [config];
}
