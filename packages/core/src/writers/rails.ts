// Rails ActionMailer smtp_settings (mail gem). `tls: true` is implicit TLS; STARTTLS is
// made mandatory with `enable_starttls: true` — the default `enable_starttls_auto` carries
// on in plaintext when STARTTLS is missing.
import { headerLines, prefixLines, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

/**
 * A double-quoted Ruby string; `#` is escaped so `#{}` cannot interpolate, and everything
 * outside printable ASCII is written as \u{…}: the snippet reads the same pasted into a file
 * of any source encoding, and controls and bidi characters show as what they are.
 */
function rb(value: string): string {
  let escaped = '';
  for (const c of value.replace(/[\\"#]/g, (c) => `\\${c}`)) {
    const code = c.codePointAt(0) ?? 0;
    escaped += code >= 0x20 && code < 0x7f ? c : `\\u{${code.toString(16)}}`;
  }
  return `"${escaped}"`;
}

function securityLines(security: 'tls' | 'starttls' | 'none'): string[] {
  if (security === 'tls') return ['  tls: true, # implicit TLS'];
  if (security === 'starttls') {
    return ['  enable_starttls: true, # STARTTLS or fail', '  enable_starttls_auto: false,'];
  }
  return ['  enable_starttls_auto: false, # PLAINTEXT'];
}

function render(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  const password = input.password === undefined ? 'ENV.fetch("SMTP_PASS")' : rb(input.password);
  return [
    ...prefixLines(headerLines(input, [smtp]), '#'),
    'config.action_mailer.delivery_method = :smtp',
    'config.action_mailer.smtp_settings = {',
    `  address: ${rb(smtp.host)},`,
    `  port: ${smtp.port},`,
    `  user_name: ${rb(usernameOf(input, smtp))},`,
    `  password: ${password},`,
    '  authentication: :plain,',
    ...securityLines(smtp.security),
    '  openssl_verify_mode: "peer",',
    '}',
    '',
  ].join('\n');
}

export const railsWriter: Writer = {
  id: 'rails',
  title: 'Rails ActionMailer',
  description: 'config.action_mailer.smtp_settings with enable_starttls (or tls) and peer verification.',
  defaultFileName: 'config/environments/production.rb',
  kind: 'snippet',
  render,
};
