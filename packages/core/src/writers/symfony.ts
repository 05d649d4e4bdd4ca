// Symfony Mailer MAILER_DSN. smtps:// is implicit TLS; smtp:// upgrades with STARTTLS when
// offered, and `require_tls=true` (Symfony >= 7.3) makes it mandatory. Older versions ignore
// unknown DSN options silently, so the comment says so.
import { encodeUserinfo, headerLines, requireEndpoint, urlHost, usernameOf } from './common.js';
import { formatEnv } from './env-merge.js';
import type { EnvEntry, Writer, WriterInput } from './types.js';

function entries(input: WriterInput): EnvEntry[] {
  const smtp = requireEndpoint(input, 'smtp');
  const scheme = smtp.security === 'tls' ? 'smtps' : 'smtp';
  const query = smtp.security === 'starttls' ? '?require_tls=true' : smtp.security === 'none' ? '?auto_tls=false' : '';
  const userinfo = encodeUserinfo(usernameOf(input, smtp), input.password);
  const comment = [...headerLines(input, [smtp])];
  if (smtp.security === 'starttls') {
    comment.push('require_tls needs Symfony Mailer >= 7.3; older versions ignore it and send in clear when STARTTLS is missing.');
  }
  if (input.password === undefined) comment.push('No password here: insert ":<percent-encoded password>" before "@" in .env.local or the secrets vault.');
  return [{ key: 'MAILER_DSN', value: `${scheme}://${userinfo}@${urlHost(smtp.host)}:${smtp.port}${query}`, comment: comment.join('\n') }];
}

export const symfonyWriter: Writer = {
  id: 'symfony',
  title: 'Symfony Mailer (MAILER_DSN)',
  description: 'MAILER_DSN=smtps://… or smtp://…?require_tls=true, userinfo URL-encoded.',
  defaultFileName: '.env.local',
  kind: 'merge-env',
  entries,
  render: (input) => formatEnv(entries(input)),
};
