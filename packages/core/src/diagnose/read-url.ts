// SMTP connection URLs as nodemailer (`smtp://…?requireTLS=true`, `smtps://`) and Symfony
// Mailer (`MAILER_DSN=smtp://…?require_tls=true&verify_peer=0`) read them.
import type { ConfigMode, Field, MailConfig, Origin } from './config.js';
import { nodemailerMode } from './nodemailer-mode.js';

export type UrlDialect = 'nodemailer-url' | 'symfony-dsn';

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/** A config from one URL, or undefined when the text is not an smtp/smtps URL. */
export function readSmtpUrl(text: string, dialect: UrlDialect, origin: Origin): MailConfig | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'smtp' && scheme !== 'smtps') return undefined;
  const at = <T>(value: T): Field<T> => ({ value, origin });
  const query = url.searchParams;
  const flag = (...names: string[]): boolean | undefined => {
    for (const name of names) {
      const raw = query.get(name);
      if (raw !== null) return TRUE.test(raw) ? true : FALSE.test(raw) ? false : undefined;
    }
    return undefined;
  };
  const port = url.port === '' ? undefined : Number(url.port);
  const config: MailConfig = {
    format: dialect,
    mode: at(modeOf(scheme, port, dialect, flag)),
    booleanStrings: [],
    unresolved: [],
  };
  if (url.hostname !== '') config.host = at(url.hostname.replace(/^\[|\]$/g, ''));
  if (port !== undefined) config.port = at(port);
  if (url.username !== '') config.username = at(decodeURIComponent(url.username));
  if (url.password !== '') config.password = origin;
  const verify = dialect === 'symfony-dsn' ? flag('verify_peer') : flag('tls.rejectUnauthorized');
  if (verify === false) config.verifyDisabled = origin;
  return config;
}

function modeOf(scheme: string, port: number | undefined, dialect: UrlDialect, flag: (...names: string[]) => boolean | undefined): ConfigMode {
  if (scheme === 'smtps') return 'implicit-tls';
  if (dialect === 'nodemailer-url') return nodemailerMode({ secure: flag('secure'), ignoreTLS: flag('ignoreTLS'), requireTLS: flag('requireTLS') }, port);
  // Symfony: smtp:// on 465 is implicit TLS too; STARTTLS is mandatory only with require_tls.
  if (port === 465) return 'implicit-tls';
  return flag('require_tls') === true ? 'starttls-required' : 'starttls-opportunistic';
}
