// PHPMailer. ENCRYPTION_STARTTLS ('tls') is strict and ENCRYPTION_SMTPS ('ssl') is implicit
// TLS; an empty SMTPSecure with the default SMTPAutoTLS silently falls back to plaintext.
import { replaceControlCharacters } from '../text/control-characters.js';
import { headerLines, prefixLines, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

/**
 * A double-quoted PHP string: \\, " and $ escaped (no interpolation), and controls, separators
 * and bidi characters as \u{…} (PHP 7) so the source shows what it holds.
 */
const php = (value: string) =>
  `"${replaceControlCharacters(value.replace(/[\\"$]/g, (c) => `\\${c}`), (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)}"`;

function securityLines(security: 'tls' | 'starttls' | 'none'): string[] {
  if (security === 'tls') return ['    $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; // implicit TLS'];
  if (security === 'starttls') return ['    $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // STARTTLS or fail'];
  return ["    $mail->SMTPSecure = ''; // PLAINTEXT", '    $mail->SMTPAutoTLS = false;'];
}

function render(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  const password = input.password === undefined ? "(string) getenv('SMTP_PASS')" : php(input.password);
  return [
    '<?php',
    ...prefixLines(headerLines(input, [smtp]), '//'),
    'use PHPMailer\\PHPMailer\\PHPMailer;',
    '',
    'function autoconf_configure_mailer(PHPMailer $mail): void',
    '{',
    '    $mail->isSMTP();',
    `    $mail->Host = ${php(smtp.host)};`,
    `    $mail->Port = ${smtp.port};`,
    ...securityLines(smtp.security),
    '    $mail->SMTPAuth = true;',
    `    $mail->Username = ${php(usernameOf(input, smtp))};`,
    `    $mail->Password = ${password};`,
    '}',
    '',
  ].join('\n');
}

export const phpmailerWriter: Writer = {
  id: 'phpmailer',
  title: 'PHPMailer',
  description: 'autoconf_configure_mailer($mail): ENCRYPTION_STARTTLS or ENCRYPTION_SMTPS, password from getenv.',
  defaultFileName: 'mailer-config.php',
  kind: 'file',
  render,
};
