// explainError on the texts of the clients that are not installed here (recorded from their
// sources and documentation: Go net/smtp and crypto/tls, MailKit), and a
// few short forms of installed clients' texts. Also: unknown text is an explicit "not
// recognised", best-first ordering, and the table's own consistency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainError, recogniseClient } from '@autoconf/core/internal/explain/explain.js';
import { CAUSES, CAUSE_CODES } from '@autoconf/core/internal/explain/causes.js';
import { PATTERNS } from '@autoconf/core/internal/explain/patterns.js';

// Each: [client, the text as that client prints it, the cause]. RECORDED, not provoked.
export const RECORDED: ReadonlyArray<[string, string, string]> = [
  ['go-net-smtp', 'tls: first record does not look like a TLS handshake', 'tls-on-starttls-port'],
  ['go-net-smtp', 'read tcp 192.0.2.10:51234->192.0.2.1:465: i/o timeout', 'no-tls-on-tls-port'],
  ['go-net-smtp', 'unencrypted connection', 'starttls-not-offered'],
  ['go-net-smtp', 'tls: failed to verify certificate: x509: certificate signed by unknown authority', 'certificate-untrusted'],
  ['go-net-smtp', 'tls: failed to verify certificate: x509: certificate is valid for mail.example.net, not smtp.example.com', 'certificate-name-mismatch'],
  ['go-net-smtp', "x509: cannot validate certificate for 192.0.2.1 because it doesn't contain any IP SANs", 'certificate-name-mismatch'],
  ['go-net-smtp', 'x509: certificate has expired or is not yet valid: current time 2026-11-29T10:00:00Z is after 2026-01-01T00:00:00Z', 'certificate-expired'],
  ['go-net-smtp', 'dial tcp 192.0.2.1:25: i/o timeout', 'connection-timeout'],
  ['go-net-smtp', 'dial tcp 192.0.2.1:587: connect: connection refused', 'connection-refused'],
  ['go-net-smtp', '535 5.7.8 Username and Password not accepted.', 'auth-failed'],
  [
    'mailkit',
    'MailKit.Security.SslHandshakeException: An error occurred while attempting to establish an SSL or TLS connection.\n\nWhen connecting to an SMTP service, port 587 is typically reserved for plain-text connections. If you intended to connect to SMTP on the SSL port, try connecting to port 465 instead.',
    'tls-on-starttls-port',
  ],
  ['mailkit', 'System.NotSupportedException: The SMTP server does not support the STARTTLS extension.', 'starttls-not-offered'],
  [
    'mailkit',
    'MailKit.Security.SslHandshakeException: An error occurred while attempting to establish an SSL or TLS connection.\n\nThe SSL certificate presented by the server is not trusted by the system for one or more of the following reasons:',
    'certificate-untrusted',
  ],
  ['mailkit', 'System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch', 'certificate-name-mismatch'],
  ['mailkit', 'MailKit.Security.AuthenticationException: 535: 5.7.8 Username and Password not accepted.', 'auth-failed'],
  ['mailkit', 'MailKit.Security.AuthenticationException: 535: 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', 'm365-basic-auth-disabled'],
  ['mailkit', 'System.Net.Sockets.SocketException (10061): No connection could be made because the target machine actively refused it.', 'connection-refused'],
  ['django', 'ValueError: EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one of those settings to True.', 'django-both-tls-flags'],
  ['nodemailer', 'Error: certificate has expired', 'certificate-expired'],
  ['nodemailer', 'Error: Connection timeout', 'connection-timeout'],
  ['smtplib', 'Traceback (most recent call last):\n  File "send.py", line 3, in <module>\nTimeoutError: timed out', 'connection-timeout'],
  ['jakarta-mail', 'com.sun.mail.util.MailConnectException: Couldn\'t connect to host, port: smtp.example.com, 25; timeout 10000;\n  nested exception is:\n\tjava.net.SocketTimeoutException: Connect timed out', 'connection-timeout'],
];

for (const [client, text, cause] of RECORDED) {
  test(`recorded ${client}: "${text.split('\n')[0]!.slice(0, 70)}" → ${cause}`, () => {
    const explained = explainError(text);
    assert.equal(explained[0]?.code, cause, explained.map((e) => e.code).join(', '));
  });
}

test('every recorded entry of the table is exercised by a recorded text', () => {
  for (const pattern of PATTERNS.filter((entry) => entry.evidence === 'recorded')) {
    assert.ok(RECORDED.some(([, text, cause]) => cause === pattern.cause && pattern.match.test(text)), `no recorded text for ${pattern.cause} ${pattern.match}`);
  }
});

test('text nobody knows is "not recognised", never a throw', () => {
  for (const text of ['', 'hello world', '\u0000\u001b[31m', 'x'.repeat(500_000), '((((((((((((((((((((((((((((((a']) {
    const explained = explainError(text);
    assert.equal(explained.length, 1);
    assert.equal(explained[0]?.code, 'not-recognised');
    assert.match(explained[0]!.fix, /autoconf explain/);
  }
});

test('specific before general; several causes can apply', () => {
  const codes = explainError('Error: Invalid login: 534-5.7.9 Application-specific password required.').map((e) => e.code);
  assert.deepEqual(codes, ['gmail-app-password', 'auth-failed']);
  const cert = explainError('ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)').map((e) => e.code);
  assert.deepEqual(cert, ['certificate-self-signed', 'certificate-untrusted']);
});

test('a port number or a line number is not a 421 or a 535', () => {
  assert.equal(explainError('connect to 127.0.0.1:42153 failed at send.php:535')[0]?.code, 'not-recognised');
  assert.equal(explainError('421 4.7.0 Try again later, closing connection.')[0]?.code, 'server-busy');
});

test('the fix names the setting of the client that wrote the text, or of every client when unknown', () => {
  const node = explainError('Error: Greeting never received')[0]!;
  assert.equal(recogniseClient('Error: Greeting never received'), 'nodemailer');
  assert.deepEqual(node.settings.map((s) => s.client), ['nodemailer']);
  assert.match(node.settings[0]!.setting, /secure: true/);
  const django = explainError('smtplib.SMTPNotSupportedError: STARTTLS extension not supported by server.\nFile "/app/django/core/mail/backends/smtp.py"')[0]!;
  assert.deepEqual(django.settings.map((s) => s.client), ['django']);
  const bare = explainError('wrong version number')[0]!;
  assert.ok(bare.settings.length >= 8, 'every client\'s setting when the client is not known');
  assert.ok(bare.settings.some((s) => s.client === 'phpmailer' && /SMTPSecure/.test(s.setting)));
  assert.ok(bare.settings.some((s) => s.client === 'jakarta-mail' && /mail\.smtp\.starttls\.required=true/.test(s.setting)));
});

test('the table: every cause has words and at least one pattern; no fix switches verification off', () => {
  for (const code of CAUSE_CODES) {
    const cause = CAUSES[code];
    assert.ok(cause.title && cause.cause && cause.fix, code);
    assert.ok(PATTERNS.some((pattern) => pattern.cause === code), `${code} has no pattern`);
    for (const words of [cause.fix, ...Object.values(cause.settings)]) {
      assert.doesNotMatch(words!, /(?<!never )rejectUnauthorized: false|verify_peer'? => false|InsecureSkipVerify: true|-k\b|--insecure/, code);
    }
  }
});
