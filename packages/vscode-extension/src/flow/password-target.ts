// Where each written config expects the password, and which protocols it holds, so every
// message names the exact variable for the chosen format and never a protocol it lacks.
// Read from core's writers (packages/core/src/writers/*): a writer that reads the environment
// names its variable there; a JSON or URL format and the mail clients have none.
import type { Recommendation } from '@autoconf/core';
import { t } from './l10n.js';

export type PasswordHome =
  /** The app reads these variables; `envFile` is where a git-ignored value may go. */
  | { kind: 'env'; variables: string[]; envFile: string }
  /** No variable: the user's code or tool supplies it (the sentence says how). */
  | { kind: 'elsewhere'; how: string };

type Protocols = Array<'smtp' | 'imap' | 'pop3'>;

const INCOMING: Protocols = ['imap', 'pop3'];

/** Protocols each format writes; the rest send only. */
const HOLDS: Record<string, Protocols> = {
  env: ['smtp', 'imap'],
  dotnet: ['smtp', ...INCOMING],
  neomutt: ['smtp', ...INCOMING],
  aerc: ['smtp', 'imap'],
  mbsync: ['imap'],
  'thunderbird-autoconfig': ['smtp', ...INCOMING],
};

export function protocolsWritten(writerId: string, recommended: Recommendation): Protocols {
  const holds = HOLDS[writerId] ?? ['smtp'];
  return holds.filter((protocol) => recommended[protocol] !== undefined);
}

export function passwordHome(writerId: string, recommended: Recommendation, path: string): PasswordHome {
  const written = protocolsWritten(writerId, recommended);
  const incoming = written.find((p) => p !== 'smtp');
  switch (writerId) {
    case 'env':
      return { kind: 'env', variables: written.map((p) => `${p.toUpperCase()}_PASS`), envFile: path };
    case 'laravel':
      return { kind: 'env', variables: ['MAIL_PASSWORD'], envFile: path };
    // Our one name where the framework has none of its own (README "Config formats").
    case 'nodemailer':
    case 'phpmailer':
    case 'python-smtplib':
    case 'rails':
    case 'spring-boot':
      return { kind: 'env', variables: ['SMTP_PASS'], envFile: '.env' };
    case 'django':
      return { kind: 'env', variables: ['EMAIL_HOST_PASSWORD'], envFile: '.env' };
    case 'dotnet':
      return { kind: 'env', variables: ['Smtp__Password', ...(incoming === undefined ? [] : [`${incoming === 'imap' ? 'Imap' : 'Pop3'}__Password`])], envFile: '.env' };
    case 'symfony':
    case 'nodemailer-url':
      return { kind: 'elsewhere', how: t('insert ":<percent-encoded password>" before "@" in the URL, in a file git ignores or your secret store') };
    case 'nodemailer-json':
      return { kind: 'elsewhere', how: t('JSON cannot refer to a variable: add auth.pass from your secret store in your code') };
    default:
      return { kind: 'elsewhere', how: t('the mail client asks for it, or reads it from your keyring (see the comment in the file)') };
  }
}

/** The sentence of the success message about the password, true for this format. */
export function describePasswordHome(home: PasswordHome): string {
  if (home.kind === 'elsewhere') return t('The password is in no file: {0}.', home.how);
  return t('The password is in no file: the config reads {0} from the environment. Use "Set password…" to put it into a git-ignored env file, or set it yourself.', home.variables.join(t(' and ')));
}
