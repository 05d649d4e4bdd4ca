// Thunderbird autoconfig clientConfig v1.1, for admins publishing their own domain at
// https://autoconfig.<domain>/mail/config-v1.1.xml. Never holds secrets: usernames are
// placeholders where they follow the address.
import type { AuthMethod, Endpoint } from '../types.js';
import { findEndpoint, headerLines, refuseControls } from './common.js';
import { AutoconfError } from '../errors.js';
import type { Writer, WriterInput } from './types.js';

const SOCKET_TYPE = { tls: 'SSL', starttls: 'STARTTLS', none: 'plain' } as const;
const AUTHENTICATION: Record<AuthMethod, string> = {
  'password-cleartext': 'password-cleartext',
  'password-encrypted': 'password-encrypted',
  oauth2: 'OAuth2',
  ntlm: 'NTLM',
  gssapi: 'GSSAPI',
  'client-cert': 'TLS-client-cert',
  'client-ip': 'client-IP-address',
  'smtp-after-pop': 'SMTP-after-POP',
  none: 'none',
};

// XML 1.0 has no spelling for most controls, and our own door refuses the rest.
const escapeXml = (value: string) =>
  refuseControls('clientConfig XML', value).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

function usernameTemplate(input: WriterInput, endpoint: Endpoint): string {
  if (endpoint.usernameTemplate !== undefined) return endpoint.usernameTemplate;
  const at = input.address.lastIndexOf('@');
  if (endpoint.username === undefined || endpoint.username === input.address) return '%EMAILADDRESS%';
  if (endpoint.username === input.address.slice(0, at)) return '%EMAILLOCALPART%';
  return endpoint.username;
}

function server(input: WriterInput, endpoint: Endpoint, element: string): string[] {
  const methods = endpoint.authMethods.length > 0 ? endpoint.authMethods : (['password-cleartext'] as const);
  return [
    `    <${element} type="${endpoint.protocol}">`,
    `      <hostname>${escapeXml(endpoint.host)}</hostname>`,
    `      <port>${endpoint.port}</port>`,
    `      <socketType>${SOCKET_TYPE[endpoint.security]}</socketType>`,
    `      <username>${escapeXml(usernameTemplate(input, endpoint))}</username>`,
    ...methods.map((method) => `      <authentication>${AUTHENTICATION[method]}</authentication>`),
    `    </${element}>`,
  ];
}

function render(input: WriterInput): string {
  const smtp = findEndpoint(input, 'smtp');
  const incoming = [findEndpoint(input, 'imap'), findEndpoint(input, 'pop3')].filter((e) => e !== undefined);
  if (smtp === undefined && incoming.length === 0) {
    throw new AutoconfError('WRITER_NO_ENDPOINT', 'The recommendation has no SMTP, IMAP or POP3 endpoint.');
  }
  const domain = escapeXml(input.address.slice(input.address.lastIndexOf('@') + 1).toLowerCase());
  // XML comments may not contain "--".
  const comments = headerLines(input, [smtp, ...incoming]).map((line) => `<!-- ${line.replace(/--/g, '- -')} -->`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    ...comments,
    '<clientConfig version="1.1">',
    `  <emailProvider id="${domain}">`,
    `    <domain>${domain}</domain>`,
    `    <displayName>${domain}</displayName>`,
    `    <displayShortName>${domain}</displayShortName>`,
    ...incoming.flatMap((endpoint) => server(input, endpoint, 'incomingServer')),
    ...(smtp === undefined ? [] : server(input, smtp, 'outgoingServer')),
    '  </emailProvider>',
    '</clientConfig>',
    '',
  ].join('\n');
}

export const thunderbirdWriter: Writer = {
  id: 'thunderbird-autoconfig',
  title: 'Thunderbird autoconfig XML',
  description: 'config-v1.1.xml for publishing your own domain\'s settings (placeholders, no secrets).',
  defaultFileName: 'config-v1.1.xml',
  kind: 'file',
  render,
};
