// nodemailer connection URL in a `.env` (SMTP_URL). smtps: is implicit TLS; smtp: gets
// `requireTLS=true`, which nodemailer reads from the query as a top-level option.
// Userinfo is percent-encoded: the username is usually an address, so `@` becomes %40.
import { encodeUserinfo, headerLines, requireEndpoint, urlHost, usernameOf } from './common.js';
import { formatEnv } from './env-merge.js';
import type { EnvEntry, Writer, WriterInput } from './types.js';

function entries(input: WriterInput): EnvEntry[] {
  const smtp = requireEndpoint(input, 'smtp');
  const scheme = smtp.security === 'tls' ? 'smtps' : 'smtp';
  const query = smtp.security === 'starttls' ? '?requireTLS=true' : '';
  const userinfo = encodeUserinfo(usernameOf(input, smtp), input.password);
  const url = `${scheme}://${userinfo}@${urlHost(smtp.host)}:${smtp.port}${query}`;
  const comment = [...headerLines(input, [smtp])];
  if (input.password === undefined) {
    comment.push('No password here: insert ":<percent-encoded password>" before "@", or build the URL from your secret store.');
  }
  return [{ key: 'SMTP_URL', value: url, comment: comment.join('\n') }];
}

export const nodemailerUrlWriter: Writer = {
  id: 'nodemailer-url',
  title: 'nodemailer (connection URL)',
  description: 'SMTP_URL=smtp://…?requireTLS=true (or smtps://) in .env, userinfo percent-encoded.',
  defaultFileName: '.env',
  kind: 'merge-env',
  entries,
  render: (input) => formatEnv(entries(input)),
};
