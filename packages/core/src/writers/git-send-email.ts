// git send-email ([sendemail] in .gitconfig). Only two smtpEncryption words exist: `tls`
// (STARTTLS, strict) and `ssl` (implicit TLS); any other word silently means plaintext.
import { headerLines, prefixLines, refuseControls, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

// git-config(1) "Syntax": inside double quotes \\, \", \n, \t and \b are the only escapes;
// any other control character (CR, NUL, ESC) has no spelling and is refused.
const GIT_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\b': '\\b' };
const quote = (value: string) =>
  `"${refuseControls('.gitconfig', value, /[\n\t\b]/g).replace(/[\\"\n\t\b]/g, (c) => GIT_ESCAPES[c] ?? c)}"`;

function encryptionLine(security: 'tls' | 'starttls' | 'none'): string {
  if (security === 'tls') return '\tsmtpEncryption = ssl ; implicit TLS';
  if (security === 'starttls') return '\tsmtpEncryption = tls ; STARTTLS, and fail without it';
  return '\t; no smtpEncryption: PLAINTEXT';
}

function render(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  const password = input.password === undefined
    ? ['\t; no smtpPass: git asks your credential helper (keep passwords out of .gitconfig)']
    : [`\tsmtpPass = ${quote(input.password)}`];
  return [
    ...prefixLines(headerLines(input, [smtp], 'smtpSslCertPath'), '#'),
    '[sendemail]',
    `\tsmtpServer = ${quote(smtp.host)}`,
    `\tsmtpServerPort = ${smtp.port}`,
    encryptionLine(smtp.security),
    ...(input.caFile === undefined ? [] : [`\tsmtpSslCertPath = ${quote(input.caFile)}`]),
    `\tsmtpUser = ${quote(usernameOf(input, smtp))}`,
    ...password,
    '',
  ].join('\n');
}

export const gitSendEmailWriter: Writer = {
  id: 'git-send-email',
  title: 'git send-email',
  description: '[sendemail] smtpServer/Port/Encryption (tls = STARTTLS, ssl = implicit)/User for .gitconfig.',
  defaultFileName: '.gitconfig',
  kind: 'snippet',
  render,
};
