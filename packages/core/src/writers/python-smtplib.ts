// Python smtplib. starttls() raises when STARTTLS is not offered, so it is strict by
// construction; but without `context=` neither starttls() nor SMTP_SSL verifies the
// certificate, so the generated code always passes ssl.create_default_context().
import { headerLines, prefixLines, quoteCString, refuseControls, requireEndpoint, usernameOf } from './common.js';
import type { Writer, WriterInput } from './types.js';

// Python reads JSON's string escapes (\\uXXXX included) the same way in a str literal.
const py = quoteCString;

function connectBody(security: 'tls' | 'starttls' | 'none'): string[] {
  if (security === 'tls') {
    return ['    server = smtplib.SMTP_SSL(SMTP_HOST, SMTP_PORT, context=context, timeout=timeout)'];
  }
  if (security === 'starttls') {
    return [
      '    server = smtplib.SMTP(SMTP_HOST, SMTP_PORT, timeout=timeout)',
      '    server.starttls(context=context)  # raises SMTPNotSupportedError if STARTTLS is missing',
    ];
  }
  return ['    server = smtplib.SMTP(SMTP_HOST, SMTP_PORT, timeout=timeout)  # PLAINTEXT'];
}

function render(input: WriterInput): string {
  const smtp = requireEndpoint(input, 'smtp');
  const password = input.password === undefined ? 'os.environ["SMTP_PASS"]' : py(input.password);
  return [
    ...prefixLines(headerLines(input, [smtp], 'load_verify_locations'), '#'),
    'import os',
    'import smtplib',
    'import ssl',
    '',
    `SMTP_HOST = ${py(smtp.host)}`,
    `SMTP_PORT = ${smtp.port}`,
    `SMTP_USER = ${py(usernameOf(input, smtp))}`,
    '',
    '',
    'def connect(timeout=30):',
    '    """A logged-in smtplib connection; use it with `with connect() as server:`."""',
    '    context = ssl.create_default_context()',
    // Added to the default roots, as --ca-file adds to Node's.
    ...(input.caFile === undefined ? [] : [`    context.load_verify_locations(cafile=${py(refuseControls('Python', input.caFile))})`]),
    ...connectBody(smtp.security),
    `    server.login(SMTP_USER, ${password})`,
    '    return server',
    '',
  ].join('\n');
}

export const pythonSmtplibWriter: Writer = {
  id: 'python-smtplib',
  title: 'Python smtplib',
  description: 'A connect() helper: SMTP_SSL or starttls() with a verifying SSL context, password from SMTP_PASS.',
  defaultFileName: 'smtp_connect.py',
  kind: 'file',
  render,
};
