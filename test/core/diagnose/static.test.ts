// The readers are the inverse of the writers, and the static checks name the classic mistakes:
// every writer's own output reads back as what it meant, and each hand-written mistake gets
// its diagnosis with the key to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getWriter } from '@autoconf/core';
import { readEnvConfigs } from '@autoconf/core/internal/diagnose/read-env.js';
import { staticChecks } from '@autoconf/core/internal/diagnose/static-checks.js';
import { smtpInput } from '../../writers/writer-input.js';

const input = smtpInput;

const codes = (text: string) => readEnvConfigs(text, '.env').flatMap((config) => staticChecks(config).map((d) => d.code));

for (const [writer, format] of [['env', 'env'], ['laravel', 'laravel'], ['symfony', 'symfony-dsn'], ['nodemailer-url', 'nodemailer-url']] as const) {
  test(`${writer}: what the writer writes reads back as what it meant`, () => {
    for (const [security, port, mode] of [['starttls', 587, 'starttls-required'], ['tls', 465, 'implicit-tls']] as const) {
      const configs = readEnvConfigs(getWriter(writer).render(input(security, port)), '.env');
      assert.equal(configs.length, 1, writer);
      const [config] = configs;
      assert.equal(config!.format, format);
      assert.equal(config!.host?.value, 'smtp.example.com');
      assert.equal(config!.port?.value, port);
      assert.equal(config!.username?.value, 'alice@example.com');
      // Laravel's .env cannot require STARTTLS (that is config/mail.php's require_tls): the
      // reader says so rather than pretend.
      const expected = writer === 'laravel' && security === 'starttls' ? 'starttls-opportunistic' : mode;
      assert.equal(config!.mode.value, expected, `${writer} ${port}`);
      const found = staticChecks(config!).map((d) => d.code);
      assert.deepEqual(found, expected === 'starttls-opportunistic' ? ['opportunistic-starttls'] : [], `${writer} ${port}`);
    }
  });
}

test('secure: true on 587 is "wrong version number"; secure: false on 465 is "Greeting never received"', () => {
  const wrongVersion = readEnvConfigs('SMTP_HOST=smtp.example.com\nSMTP_PORT=587\nSMTP_SECURE=true\n', '.env')[0]!;
  const [first] = staticChecks(wrongVersion);
  assert.equal(first?.code, 'tls-on-starttls-port');
  assert.match(first!.message, /wrong version number/);
  assert.deepEqual(first!.origin, { file: '.env', line: 3, key: 'SMTP_SECURE' });
  const hang = staticChecks(readEnvConfigs('SMTP_HOST=smtp.example.com\nSMTP_PORT=465\nSMTP_SECURE=false\nSMTP_REQUIRE_TLS=true\n', '.env')[0]!);
  assert.equal(hang[0]?.code, 'plain-on-implicit-port');
  assert.match(hang[0]!.message, /Greeting never received/);
});

test('no requireTLS is opportunistic STARTTLS; nodemailer makes 465 implicit by itself', () => {
  assert.deepEqual(codes('SMTP_HOST=smtp.example.com\nSMTP_PORT=587\n'), ['opportunistic-starttls']);
  assert.deepEqual(codes('SMTP_HOST=smtp.example.com\nSMTP_PORT=465\n'), []);
  assert.deepEqual(codes('SMTP_URL=smtp://u@smtp.example.com:587\n'), ['opportunistic-starttls']);
});

test('certificate checks off, port 25, cleartext Django, both Django TLS flags, an unresolved reference', () => {
  assert.ok(codes('SMTP_HOST=h.example\nSMTP_PORT=587\nSMTP_REQUIRE_TLS=true\nSMTP_TLS_REJECT_UNAUTHORIZED=false\n').includes('verify-disabled'));
  assert.ok(codes("MAILER_DSN='smtp://u:p@h.example:587?require_tls=true&verify_peer=0'\n").includes('verify-disabled'));
  assert.ok(codes('SMTP_HOST=h.example\nSMTP_PORT=25\nSMTP_REQUIRE_TLS=true\n').includes('port-25'));
  assert.deepEqual(codes('EMAIL_HOST=h.example\nEMAIL_PORT=587\n'), ['cleartext']);
  const both = codes('EMAIL_HOST=h.example\nEMAIL_PORT=465\nEMAIL_USE_TLS=True\nEMAIL_USE_SSL=True\n');
  assert.ok(both.includes('both-tls-flags'), JSON.stringify(both));
  assert.deepEqual(codes('SMTP_HOST=${MAIL_SERVER}\nSMTP_PORT=465\n'), ['unresolved-reference']);
  assert.deepEqual(readEnvConfigs('SMTP_HOST=${MAIL_SERVER}\nSMTP_PORT=465\n', '.env', { MAIL_SERVER: 'smtp.example.com' })[0]?.host?.value, 'smtp.example.com');
});

test('a password is noted by where it is, never by its value', () => {
  const [config] = readEnvConfigs('SMTP_HOST=h.example\nSMTP_PASS=hunter2\n', '.env');
  assert.deepEqual(config!.password, { file: '.env', line: 2, key: 'SMTP_PASS' });
  assert.ok(!JSON.stringify(config).includes('hunter2'));
  const [url] = readEnvConfigs("SMTP_URL='smtps://u:hunter2@h.example'\n", '.env');
  assert.ok(url!.password !== undefined && !JSON.stringify(url).includes('hunter2'));
});
