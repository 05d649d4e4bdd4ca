// One sentence per mail key of a .env: what the value makes the client do. The words follow the
// readers in core (diagnose/read-env.ts), which read these keys the way the frameworks do.
import { t } from './l10n.js';

const SENTENCES: Record<string, () => string> = {
  SMTP_SECURE: () => t('true: implicit TLS from the first byte (port 465); false: STARTTLS, which SMTP_REQUIRE_TLS=true makes mandatory.'),
  SMTP_REQUIRE_TLS: () => t('true: the client refuses to go on without STARTTLS, so a middlebox that strips it cannot make it send in cleartext; without it STARTTLS is used only when offered.'),
  SMTP_IGNORE_TLS: () => t('true: STARTTLS is never used, and the password and mail cross the network in cleartext.'),
  SMTP_PORT: () => t('587 is submission with STARTTLS (SMTP_SECURE=false, SMTP_REQUIRE_TLS=true); 465 is implicit TLS (SMTP_SECURE=true); 25 is for server-to-server relay.'),
  SMTP_HOST: () => t('The SMTP server the app submits mail to.'),
  SMTP_TLS_REJECT_UNAUTHORIZED: () => t('false turns certificate checks off, so anyone on the path can pose as the server; leave it unset.'),
  SMTP_URL: () => t('smtps:// is implicit TLS (port 465); smtp:// is STARTTLS, mandatory only with requireTLS=true in the query.'),
  MAIL_URL: () => t('smtps:// is implicit TLS (port 465); smtp:// is STARTTLS, mandatory only with requireTLS=true in the query.'),
  MAIL_SCHEME: () => t('Laravel 11+: smtps is implicit TLS (port 465); smtp is STARTTLS when the server offers it, mandatory only with require_tls in config/mail.php.'),
  MAIL_ENCRYPTION: () => t('Laravel 10 and before: ssl is implicit TLS (port 465); tls is STARTTLS when the server offers it.'),
  MAIL_PORT: () => t('587 is submission with STARTTLS; 465 is implicit TLS (MAIL_SCHEME=smtps); 25 is for server-to-server relay.'),
  MAIL_HOST: () => t('The SMTP server the app submits mail to.'),
  MAILER_DSN: () => t('Symfony: smtps:// is implicit TLS (port 465); smtp:// is STARTTLS when offered, mandatory with require_tls=true in the query (7.3+).'),
  EMAIL_USE_TLS: () => t('True: STARTTLS, and Django fails rather than send without it (port 587); never together with EMAIL_USE_SSL.'),
  EMAIL_USE_SSL: () => t('True: implicit TLS from the first byte (port 465); never together with EMAIL_USE_TLS.'),
  EMAIL_PORT: () => t('587 goes with EMAIL_USE_TLS=True (STARTTLS); 465 with EMAIL_USE_SSL=True (implicit TLS); Django defaults to 25.'),
  EMAIL_HOST: () => t('The SMTP server the app submits mail to.'),
};

/** The key assigned on a .env line when `character` is on it (`export KEY=…` too). */
export function envKeyAt(lineText: string, character: number): { key: string; start: number; end: number } | undefined {
  const match = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.]*)\s*=/.exec(lineText);
  if (match === null) return undefined;
  const start = match[1]!.length;
  const end = start + match[2]!.length;
  return character >= start && character <= end ? { key: match[2]!, start, end } : undefined;
}

/** The sentence for a SMTP_/EMAIL_/MAIL_ key, or undefined for a key without one. */
export function hoverText(key: string): string | undefined {
  if (!/^(SMTP|EMAIL|MAIL)(_|ER_DSN$)/.test(key)) return undefined;
  return SENTENCES[key]?.();
}
