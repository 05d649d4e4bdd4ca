// mbsync / isync (~/.mbsyncrc). SSLType STARTTLS is mandatory, not opportunistic; IMAPS is
// implicit TLS. isync 1.5 renamed SSLType to TLSType and still reads the old name.
import { accountName, headerLines, prefixLines, refuseControls, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

const SSL_TYPE = { tls: 'IMAPS', starttls: 'STARTTLS', none: 'None' } as const;
/** isync reads one option per line; in double quotes \\ and \" are escapes. A line break would start a new option (PassCmd). */
const quote = (value: string) => `"${refuseControls('.mbsyncrc', value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;

function render(input: WriterInput): string {
  const imap = requireEndpoint(input, 'imap');
  const name = accountName(input);
  const password = input.password === undefined
    ? ['# No password here: mbsync prompts, or add: PassCmd "pass show mail"']
    : [`Pass ${quote(input.password)}`];
  return [
    ...prefixLines(headerLines(input, [imap], 'CertificateFile'), '#'),
    `IMAPAccount ${name}`,
    `Host ${imap.host}`,
    `Port ${imap.port}`,
    `User ${quote(usernameOf(input, imap))}`,
    ...password,
    `SSLType ${SSL_TYPE[imap.security]}`,
    'SystemCertificates yes',
    ...(input.caFile === undefined ? [] : [`CertificateFile ${quote(input.caFile)}`]),
    '',
    `IMAPStore ${name}-remote`,
    `Account ${name}`,
    '',
    `MaildirStore ${name}-local`,
    `Path ~/Mail/${name}/`,
    `Inbox ~/Mail/${name}/INBOX`,
    'SubFolders Verbatim',
    '',
    `Channel ${name}`,
    `Far :${name}-remote:`,
    `Near :${name}-local:`,
    'Patterns *',
    'Create Near',
    'SyncState *',
    '',
  ].join('\n');
}

export const mbsyncWriter: Writer = {
  id: 'mbsync',
  title: 'mbsync / isync',
  description: 'An ~/.mbsyncrc IMAP account, store and channel with SSLType IMAPS or STARTTLS.',
  defaultFileName: '.mbsyncrc',
  kind: 'file',
  render,
};
