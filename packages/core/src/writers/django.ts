// Django EMAIL_* settings. EMAIL_USE_TLS is STARTTLS (strict: SMTPNotSupportedError when it
// is missing) and EMAIL_USE_SSL is implicit TLS; setting both is an error in Django.
import { headerLines, prefixLines, quoteCString, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

// Python reads JSON's string escapes (\\uXXXX included) the same way in a str literal.
const py = quoteCString;
const pyBool = (value: boolean) => (value ? 'True' : 'False');

function render(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  const password = input.password === undefined
    ? 'os.environ.get("EMAIL_HOST_PASSWORD", "")'
    : py(input.password);
  return [
    ...prefixLines(headerLines(input, [smtp]), '#'),
    '# In settings.py: from .mail_settings import *  (Django < 4.0 does not verify the certificate.)',
    'import os',
    '',
    'EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"',
    `EMAIL_HOST = ${py(smtp.host)}`,
    `EMAIL_PORT = ${smtp.port}`,
    `EMAIL_USE_SSL = ${pyBool(smtp.security === 'tls')}  # implicit TLS`,
    `EMAIL_USE_TLS = ${pyBool(smtp.security === 'starttls')}  # STARTTLS, and fail when the server does not offer it`,
    `EMAIL_HOST_USER = ${py(usernameOf(input, smtp))}`,
    `EMAIL_HOST_PASSWORD = ${password}`,
    `DEFAULT_FROM_EMAIL = ${py(input.address)}`,
    '',
  ].join('\n');
}

export const djangoWriter: Writer = {
  id: 'django',
  title: 'Django settings',
  description: 'EMAIL_* settings module (EMAIL_USE_TLS for STARTTLS, EMAIL_USE_SSL for TLS), password from the environment.',
  defaultFileName: 'mail_settings.py',
  kind: 'file',
  render,
};
