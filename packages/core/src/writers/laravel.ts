// Laravel 11+ `.env` (MAIL_*). MAIL_SCHEME takes only smtp or smtps (Symfony's factory
// schemes); MAIL_ENCRYPTION is gone. There is no .env key that makes STARTTLS mandatory:
// that is `'require_tls' => true` in config/mail.php, honoured from Symfony Mailer 7.3.
import { headerLines, requireEndpoint, usernameOf } from './common.js';
import { formatEnv } from './env-merge.js';
import type { EnvEntry, Writer, WriterInput } from './types.js';

export const LARAVEL_REQUIRE_TLS_NOTE =
  "STARTTLS is only mandatory with 'require_tls' => true in the smtp mailer of config/mail.php (Symfony Mailer >= 7.3; older versions send in clear when STARTTLS is missing).";

function entries(input: WriterInput): EnvEntry[] {
  const smtp = requireEndpoint(input, 'smtp');
  const comment = [...headerLines(input, [smtp])];
  if (smtp.security === 'starttls') comment.push(LARAVEL_REQUIRE_TLS_NOTE);
  if (input.password === undefined) comment.push('MAIL_PASSWORD is not written here: add it yourself or from your secret store.');
  const list: EnvEntry[] = [
    { key: 'MAIL_MAILER', value: 'smtp', comment: comment.join('\n') },
    { key: 'MAIL_SCHEME', value: smtp.security === 'tls' ? 'smtps' : 'smtp' },
    { key: 'MAIL_HOST', value: smtp.host },
    { key: 'MAIL_PORT', value: String(smtp.port) },
    { key: 'MAIL_USERNAME', value: usernameOf(input, smtp) },
  ];
  if (input.password !== undefined) list.push({ key: 'MAIL_PASSWORD', value: input.password });
  list.push({ key: 'MAIL_FROM_ADDRESS', value: input.address });
  return list;
}

export const laravelWriter: Writer = {
  id: 'laravel',
  title: 'Laravel .env (MAIL_*)',
  description: "MAIL_MAILER/SCHEME/HOST/PORT/USERNAME for Laravel 11+, plus the config/mail.php 'require_tls' note.",
  defaultFileName: '.env',
  kind: 'merge-env',
  entries,
  render: (input) => formatEnv(entries(input)),
};
