// msmtp (~/.msmtprc). `tls on` is strict (no STARTTLS, no send); `tls_starttls off` is
// implicit TLS. Without a password line msmtp asks the system keyring (libsecret).
import { accountName, headerLines, prefixLines, refuseControls, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

/**
 * msmtp reads one command per line and strips one pair of double quotes around the argument;
 * inside them nothing is an escape (a \\ or " stays as it is). A line break cannot be quoted,
 * and would start a command of its own (passwordeval), so controls are refused.
 */
const quote = (value: string) => `"${refuseControls('.msmtprc', value)}"`;

/** For the shell command suggested in a comment: single quotes, where nothing expands. */
const shellQuote = (value: string) => `'${refuseControls('.msmtprc', value).replace(/'/g, `'\\''`)}'`;

function render(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  const user = usernameOf(input, smtp);
  const account = accountName(input);
  const tls = smtp.security === 'none'
    ? ['tls off', '# PLAINTEXT: msmtp refuses cleartext passwords without TLS unless told, hence "auth plain".', 'auth plain']
    : ['tls on', `tls_starttls ${smtp.security === 'starttls' ? 'on' : 'off'}`, `tls_trust_file ${input.caFile === undefined ? 'system' : quote(input.caFile)}`];
  const password = input.password === undefined
    ? [`# No password here: msmtp asks the keyring (secret-tool store --label=msmtp host ${smtp.host} service smtp user ${shellQuote(user)}),`, '# or add: passwordeval "pass show mail"']
    : [`password ${quote(input.password)}`];
  return [
    ...prefixLines(headerLines(input, [smtp], 'tls_trust_file'), '#'),
    'defaults',
    'auth on',
    '',
    `account ${account}`,
    `host ${smtp.host}`,
    `port ${smtp.port}`,
    ...tls,
    `from ${quote(input.address)}`,
    `user ${quote(user)}`,
    ...password,
    '',
    `account default : ${account}`,
    '',
  ].join('\n');
}

export const msmtpWriter: Writer = {
  id: 'msmtp',
  title: 'msmtp',
  description: 'An ~/.msmtprc account with tls on (tls_starttls on|off); password from the keyring or passwordeval.',
  defaultFileName: '.msmtprc',
  kind: 'file',
  render,
};
