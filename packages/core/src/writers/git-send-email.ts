// git send-email ([sendemail] in .gitconfig). Only two smtpEncryption words exist: `tls`
// (STARTTLS, strict) and `ssl` (implicit TLS); any other word silently means plaintext.
import { headerLines, prefixLines, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

const quote = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;

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
    ...prefixLines(headerLines(input, [smtp]), '#'),
    '[sendemail]',
    `\tsmtpServer = ${quote(smtp.host)}`,
    `\tsmtpServerPort = ${smtp.port}`,
    encryptionLine(smtp.security),
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
