// Spring Boot spring.mail.* with Jakarta Mail session properties. Jakarta Mail does no
// STARTTLS at all by default: starttls.enable AND starttls.required are both needed. It
// also skips the host name check unless ssl.checkserveridentity is on (Jakarta Mail 2.0).
import { headerLines, prefixLines, requireEndpoint, unsafeValue, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

/**
 * A .properties value: backslash escapes, and \uXXXX so the file stays ISO-8859-1 safe and
 * every control or bidi character is visible. Spring then resolves `${…}` in the value, and
 * before Spring Framework 6.2 there is no escape for it, so a literal `${` is refused.
 */
function propertyValue(value: string): string {
  if (value.includes('${')) throw unsafeValue('application.properties', 'Spring would read "${" as a placeholder');
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/^\s/, (c) => `\\${c}`)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const SESSION = 'spring.mail.properties.mail.smtp';

function securityLines(security: 'tls' | 'starttls' | 'none'): string[] {
  if (security === 'tls') return [`${SESSION}.ssl.enable=true`, `${SESSION}.ssl.checkserveridentity=true`];
  if (security === 'starttls') {
    return [
      `${SESSION}.starttls.enable=true`,
      `${SESSION}.starttls.required=true`,
      `${SESSION}.ssl.checkserveridentity=true`,
    ];
  }
  return [];
}

function render(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  const password = input.password === undefined ? '${SMTP_PASS}' : propertyValue(input.password);
  return [
    ...prefixLines(headerLines(input, [smtp]), '#'),
    `spring.mail.host=${propertyValue(smtp.host)}`,
    `spring.mail.port=${smtp.port}`,
    `spring.mail.username=${propertyValue(usernameOf(input, smtp))}`,
    `spring.mail.password=${password}`,
    `${SESSION}.auth=true`,
    ...securityLines(smtp.security),
    '',
  ].join('\n');
}

export const springBootWriter: Writer = {
  id: 'spring-boot',
  title: 'Spring Boot (application.properties)',
  description: 'spring.mail.* with Jakarta Mail starttls.required (or ssl.enable), password from ${SMTP_PASS}.',
  defaultFileName: 'application.properties',
  kind: 'snippet',
  render,
};
