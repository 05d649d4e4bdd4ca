// neomutt / mutt muttrc. ssl_force_tls = yes refuses any connection without TLS (NeoMutt's
// default, but classic Mutt's was no and old muttrc files override it, so it is explicit).
import type { Endpoint } from '../types.js';
import { encodeUserinfo, findEndpoint, findIncoming, headerLines, prefixLines, refuseControls, urlHost, usernameOf } from './common.js';
import { AutoconfError } from '../errors.js';
import type { Writer, WriterInput } from './types.js';

/**
 * A muttrc string. NeoMutt reads backslash escapes even inside single quotes, so values go
 * in double quotes with \\, ", $ (variables) and ` (command substitution) escaped. A line
 * break would end the command, so controls are refused.
 */
function quote(value: string): string {
  return `"${refuseControls('muttrc', value).replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

function url(input: WriterInput, endpoint: Endpoint): string {
  const scheme = `${endpoint.protocol}${endpoint.security === 'tls' ? 's' : ''}`;
  return `${scheme}://${encodeUserinfo(usernameOf(input, endpoint))}@${urlHost(endpoint.host)}:${endpoint.port}/`;
}

function render(input: WriterInput): string {
  const smtp = findEndpoint(input, 'smtp');
  const incoming = findIncoming(input);
  if (smtp === undefined && incoming === undefined) {
    throw new AutoconfError('WRITER_NO_ENDPOINT', 'The recommendation has no SMTP, IMAP or POP3 endpoint.');
  }
  const insecure = smtp?.security === 'none' || incoming?.security === 'none';
  const lines = [
    ...prefixLines(headerLines(input, [smtp, incoming], 'ssl_ca_certificates_file'), '#'),
    `set from = ${quote(input.address)}`,
    `set ssl_force_tls = ${insecure ? 'no  # PLAINTEXT allowed' : 'yes  # never continue without TLS'}`,
    `set ssl_starttls = ${insecure ? 'no' : 'yes'}`,
    ...(input.caFile === undefined ? [] : [`set ssl_ca_certificates_file = ${quote(input.caFile)}`]),
  ];
  if (smtp !== undefined) lines.push(`set smtp_url = ${quote(url(input, smtp))}`);
  if (incoming !== undefined) lines.push(`set folder = ${quote(url(input, incoming))}`, "set spoolfile = '+INBOX'");
  if (input.password === undefined) {
    lines.push('# No password here: neomutt prompts, or set smtp_pass/imap_pass from a command, e.g. source "gpg -dq ~/.mutt/pass.gpg |"');
  } else {
    if (smtp !== undefined) lines.push(`set smtp_pass = ${quote(input.password)}`);
    if (incoming !== undefined) lines.push(`set ${incoming.protocol}_pass = ${quote(input.password)}`);
  }
  return [...lines, ''].join('\n');
}

export const neomuttWriter: Writer = {
  id: 'neomutt',
  title: 'neomutt / mutt',
  description: 'muttrc with smtp_url and folder URLs, ssl_force_tls = yes.',
  defaultFileName: 'neomuttrc',
  kind: 'file',
  render,
};
