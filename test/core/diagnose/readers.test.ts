// Readers for Spring Boot properties, Django settings modules, msmtp and git send-email: each
// reads its writer's output back as what it meant, and the real-world variants that go wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getWriter } from '@autoconf/core';
import type { MailConfig } from '@autoconf/core/internal/diagnose/config.js';
import { readDjangoSettings } from '@autoconf/core/internal/diagnose/read-django-settings.js';
import { readGitSendEmail } from '@autoconf/core/internal/diagnose/read-git-sendemail.js';
import { readSpringProperties } from '@autoconf/core/internal/diagnose/read-java-properties.js';
import { readMsmtp } from '@autoconf/core/internal/diagnose/read-msmtp.js';
import { staticChecks } from '@autoconf/core/internal/diagnose/static-checks.js';
import { smtpInput } from '../../writers/writer-input.js';

const input = smtpInput;

const READERS: Array<[string, (text: string) => MailConfig[]]> = [
  ['spring-boot', (text) => readSpringProperties(text, 'application.properties')],
  ['django', (text) => readDjangoSettings(text, 'mail_settings.py')],
  ['msmtp', (text) => readMsmtp(text, '.msmtprc')],
  ['git-send-email', (text) => readGitSendEmail(text, '.gitconfig')],
];

for (const [writer, read] of READERS) {
  test(`${writer}: the writer's output reads back as what it meant, with nothing to fix`, () => {
    for (const [security, port, mode] of [['starttls', 587, 'starttls-required'], ['tls', 465, 'implicit-tls']] as const) {
      const [config, ...rest] = read(getWriter(writer).render(input(security, port)));
      assert.equal(rest.length, 0);
      assert.equal(config?.host?.value, 'smtp.example.com', writer);
      assert.equal(config?.port?.value, port, writer);
      assert.equal(config?.mode.value, mode, `${writer} ${port}`);
      assert.equal(config?.username?.value, 'alice@example.com', writer);
      assert.deepEqual(staticChecks(config!), [], `${writer} ${port}`);
    }
  });
}

const codes = (configs: MailConfig[]) => configs.flatMap((c) => staticChecks(c).map((d) => d.code));

test('Spring: STARTTLS enabled but not required is opportunistic; trust "*" turns verification off', () => {
  const text = 'spring.mail.host=smtp.example.com\nspring.mail.port=587\nspring.mail.properties.mail.smtp.starttls.enable=true\nspring.mail.properties.mail.smtp.ssl.trust=*\n';
  const found = codes(readSpringProperties(text, 'application.properties'));
  assert.deepEqual(found.sort(), ['opportunistic-starttls', 'verify-disabled']);
  assert.deepEqual(codes(readSpringProperties('spring.mail.host=h.example\nspring.mail.port=587\n', 'a.properties')), ['cleartext']);
});

test('Django: the settings module with both flags, env reads with and without defaults', () => {
  const both = readDjangoSettings('EMAIL_HOST = "smtp.example.com"\nEMAIL_PORT = 465\nEMAIL_USE_TLS = True\nEMAIL_USE_SSL = True\n', 'settings.py');
  assert.ok(codes(both).includes('both-tls-flags'));
  const env = readDjangoSettings('import os\nEMAIL_HOST = os.environ["MAIL_HOST"]\nEMAIL_PORT = int(os.getenv("MAIL_PORT", 587))\nEMAIL_USE_TLS = True\n', 'settings.py', { MAIL_HOST: 'smtp.example.com' });
  assert.equal(env[0]?.host?.value, 'smtp.example.com');
  const missing = readDjangoSettings('import os\nEMAIL_HOST = os.environ["MAIL_HOST"]\nEMAIL_USE_TLS = True\n', 'settings.py');
  assert.deepEqual(codes(missing), ['unresolved-reference']);
});

test('msmtp: tls off is cleartext, tls_certcheck off turns verification off; each account is its own config', () => {
  const text = 'defaults\nauth on\ntls on\n\naccount a\nhost a.example\nport 587\ntls_certcheck off\n\naccount b\nhost b.example\nport 587\ntls off\n\naccount default : a\n';
  const configs = readMsmtp(text, '.msmtprc');
  assert.deepEqual(configs.map((c) => c.host?.value), ['a.example', 'b.example']);
  assert.deepEqual(staticChecks(configs[0]!).map((d) => d.code), ['verify-disabled']);
  assert.deepEqual(staticChecks(configs[1]!).map((d) => d.code), ['cleartext']);
});

test('git send-email: no smtpEncryption is cleartext; an empty smtpSslCertPath turns verification off', () => {
  assert.deepEqual(codes(readGitSendEmail('[sendemail]\n\tsmtpServer = smtp.example.com\n\tsmtpServerPort = 587\n', '.gitconfig')), ['cleartext']);
  const off = readGitSendEmail('[user]\n\tname = A\n[sendemail]\n\tsmtpServer = smtp.example.com\n\tsmtpEncryption = ssl\n\tsmtpServerPort = 465\n\tsmtpSslCertPath = ""\n', '.gitconfig');
  assert.deepEqual(codes(off), ['verify-disabled']);
  assert.equal(off[0]?.verifyDisabled?.line, 7);
});

test('Spring application.yml: the same keys nested; STARTTLS without required is opportunistic', async () => {
  const { readConfigFile } = await import('@autoconf/core/internal/diagnose/read-file.js');
  const yaml = [
    'server:',
    '  port: 8080',
    'spring:',
    '  mail:',
    '    host: smtp.example.com',
    '    port: 587',
    '    username: alice@example.com',
    '    properties:',
    '      mail:',
    '        smtp:',
    '          starttls:',
    '            enable: true',
    '',
  ].join('\n');
  const [config] = await readConfigFile('src/main/resources/application.yml', yaml);
  assert.equal(config?.host?.value, 'smtp.example.com');
  assert.equal(config?.port?.value, 587);
  assert.deepEqual(staticChecks(config!).map((d) => [d.code, d.origin.line]), [['opportunistic-starttls', 12]]);
  const strict = await readConfigFile('application-prod.yaml', `${yaml}            required: true\n`);
  assert.deepEqual(staticChecks(strict[0]!), []);
});
