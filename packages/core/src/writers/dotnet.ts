// .NET appsettings.json for MailKit. SecureSocketOptions.StartTls is strict and SslOnConnect
// is implicit TLS; Auto and StartTlsWhenAvailable fall back to plaintext, so never emitted.
// appsettings.json allows // comments (the .NET JSON configuration provider skips them).
import type { Endpoint } from '../types.js';
import { escapeJsonInvisibles, findEndpoint, findIncoming, headerLines, prefixLines, usernameOf } from './common.js';
import { AutoconfError } from '../errors.js';
import type { Writer, WriterInput } from './types.js';

const SOCKET_OPTIONS: Record<Endpoint['security'], string> = { tls: 'SslOnConnect', starttls: 'StartTls', none: 'None' };

function section(input: WriterInput, endpoint: Endpoint): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    Host: endpoint.host,
    Port: endpoint.port,
    SecureSocketOptions: SOCKET_OPTIONS[endpoint.security],
    Username: usernameOf(input, endpoint),
  };
  if (input.password !== undefined) fields.Password = input.password;
  return fields;
}

function render(input: WriterInput): string {
  const smtp = findEndpoint(input, 'smtp');
  const incoming = findIncoming(input);
  if (smtp === undefined && incoming === undefined) {
    throw new AutoconfError('WRITER_NO_ENDPOINT', 'The recommendation has no SMTP, IMAP or POP3 endpoint.');
  }
  const settings: Record<string, unknown> = {};
  if (smtp !== undefined) settings.Smtp = section(input, smtp);
  if (incoming !== undefined) settings[incoming.protocol === 'imap' ? 'Imap' : 'Pop3'] = section(input, incoming);
  const notes = headerLines(input, [smtp, incoming]);
  if (input.password === undefined) notes.push('Passwords: user-secrets or the environment (Smtp__Password, Imap__Password).');
  return [...prefixLines(notes, '//'), escapeJsonInvisibles(JSON.stringify(settings, null, 2)), ''].join('\n');
}

export const dotnetWriter: Writer = {
  id: 'dotnet',
  title: '.NET appsettings.json (MailKit)',
  description: 'Smtp/Imap sections with MailKit SecureSocketOptions StartTls or SslOnConnect, never Auto.',
  defaultFileName: 'appsettings.json',
  kind: 'snippet',
  render,
};
