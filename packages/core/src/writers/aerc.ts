// aerc accounts.conf. The meaning of smtp:// changed: aerc 0.14 (Debian 12) reads it as
// plaintext unless `smtp-starttls = true`, aerc >= 0.15 reads it as STARTTLS and spells
// plaintext smtp+insecure://. Writing both keeps the config strict on either version.
import type { Endpoint } from '../types.js';
import { accountName, encodeUserinfo, findEndpoint, headerLines, prefixLines, refuseControls, unsafeValue, urlHost, usernameOf } from './common.js';
import { AutoconfError } from '../errors.js';
import type { Writer, WriterInput } from './types.js';

function url(input: WriterInput, endpoint: Endpoint): string {
  const scheme =
    endpoint.security === 'tls' ? `${endpoint.protocol}s` : endpoint.security === 'none' ? `${endpoint.protocol}+insecure` : endpoint.protocol;
  const userinfo = encodeUserinfo(usernameOf(input, endpoint), input.password);
  return `${scheme}://${userinfo}@${urlHost(endpoint.host)}:${endpoint.port}`;
}

/** accounts.conf is INI (go-ini): `#` and `;` may start a comment, quotes and backslashes are syntax. */
function iniValue(value: string): string {
  if (/[#;"`\\]|^\s|\s$/.test(refuseControls('accounts.conf', value))) {
    throw unsafeValue('accounts.conf', 'it holds a comment, quote or escape character');
  }
  return value;
}

function render(input: WriterInput): string {
  const smtp = findEndpoint(input, 'smtp');
  const imap = findEndpoint(input, 'imap');
  if (smtp === undefined && imap === undefined) {
    throw new AutoconfError('WRITER_NO_ENDPOINT', 'The recommendation has neither SMTP nor IMAP.');
  }
  const lines = [...prefixLines(headerLines(input, [smtp, imap]), '#'), `[${accountName(input)}]`];
  if (imap !== undefined) lines.push(`source = ${url(input, imap)}`);
  if (smtp !== undefined) {
    lines.push(`outgoing = ${url(input, smtp)}`);
    if (smtp.security === 'starttls') {
      lines.push('# aerc 0.14 reads smtp:// as plaintext without the next key; newer aerc reads it as STARTTLS.', 'smtp-starttls = true');
    }
  }
  lines.push(`from = ${iniValue(input.address)}`);
  if (input.password === undefined) {
    if (imap !== undefined) lines.push('# source-cred-cmd = pass show mail');
    if (smtp !== undefined) lines.push('# outgoing-cred-cmd = pass show mail');
  }
  return [...lines, ''].join('\n');
}

export const aercWriter: Writer = {
  id: 'aerc',
  title: 'aerc',
  description: 'accounts.conf with source/outgoing URLs (imaps://, smtp:// + smtp-starttls for aerc 0.14).',
  defaultFileName: 'accounts.conf',
  kind: 'snippet',
  render,
};
