// Readers for .NET appsettings.json (MailKit), Python smtplib code, PHPMailer and Rails'
// smtp_settings: each reads its writer's output back with nothing to fix, and the classic
// mistakes of each are found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getWriter } from '@autoconf/core';
import type { MailConfig } from '@autoconf/core/internal/diagnose/config.js';
import { readConfigFile } from '@autoconf/core/internal/diagnose/read-file.js';
import { staticChecks } from '@autoconf/core/internal/diagnose/static-checks.js';
import { smtpInput } from '../../writers/writer-input.js';

const FILES: Record<string, string> = { dotnet: 'appsettings.json', 'python-smtplib': 'smtp_connect.py', phpmailer: 'mailer-config.php', rails: 'config/environments/production.rb' };
const codes = (configs: MailConfig[]) => configs.flatMap((c) => staticChecks(c).map((d) => d.code)).sort();

for (const [writer, file] of Object.entries(FILES)) {
  test(`${writer}: the writer's output reads back as what it meant, with nothing to fix`, async () => {
    for (const [security, port, mode] of [['starttls', 587, 'starttls-required'], ['tls', 465, 'implicit-tls']] as const) {
      const [config, ...rest] = await readConfigFile(file, getWriter(writer).render(smtpInput(security, port)));
      assert.equal(rest.length, 0, writer);
      assert.equal(config?.host?.value, 'smtp.example.com', writer);
      assert.equal(config?.port?.value, port, writer);
      assert.equal(config?.mode.value, mode, `${writer} ${port}`);
      assert.equal(config?.username?.value, 'alice@example.com', writer);
      assert.deepEqual(staticChecks(config!), [], `${writer} ${port}`);
      assert.notEqual(config?.passwordLiteral, true, `${writer}: the password is read from the environment`);
    }
  });
}

test('appsettings.json: StartTlsWhenAvailable is opportunistic; comments are allowed', async () => {
  const text = '{\n  // mail\n  "Smtp": { "Host": "smtp.example.com", "Port": 587, "SecureSocketOptions": "StartTlsWhenAvailable", "Password": "s3cret" }\n}\n';
  const configs = await readConfigFile('appsettings.Production.json', text);
  assert.deepEqual(codes(configs), ['opportunistic-starttls']);
  assert.equal(configs[0]?.mode.origin.line, 3);
  assert.equal(configs[0]?.passwordLiteral, true);
});

test('smtplib: SMTP_SSL on 587, plain SMTP without starttls(), an unverified context', async () => {
  assert.deepEqual(codes(await readConfigFile('send.py', 'import smtplib\nHOST = "smtp.example.com"\nserver = smtplib.SMTP_SSL(HOST, 587)\n')), ['tls-on-starttls-port']);
  assert.deepEqual(codes(await readConfigFile('send.py', 'import smtplib\nserver = smtplib.SMTP("smtp.example.com", 587)\nserver.login("a", "b")\n')), ['cleartext']);
  const unverified = await readConfigFile('send.py', 'import smtplib, ssl\nctx = ssl._create_unverified_context()\ns = smtplib.SMTP("smtp.example.com", 587)\ns.starttls(context=ctx)\n');
  assert.deepEqual(codes(unverified), ['verify-disabled']);
});

test('PHPMailer: no SMTPSecure is opportunistic (SMTPAutoTLS); verify_peer false turns checks off', async () => {
  const text = "<?php\n$mail->Host = 'smtp.example.com';\n$mail->Port = 587;\n$mail->SMTPOptions = ['ssl' => ['verify_peer' => false]];\n";
  assert.deepEqual(codes(await readConfigFile('mail.php', text)), ['opportunistic-starttls', 'verify-disabled']);
  assert.deepEqual(codes(await readConfigFile('mail.php', "<?php\n$m->Host = 'h.example';\n$m->Port = 465;\n$m->SMTPSecure = 'tls';\n")), ['plain-on-implicit-port']);
});

test('Rails: enable_starttls_auto alone is opportunistic; openssl_verify_mode none turns checks off', async () => {
  const text = 'config.action_mailer.smtp_settings = {\n  address: "smtp.example.com",\n  port: 587,\n  openssl_verify_mode: "none",\n}\n';
  const configs = await readConfigFile('config/environments/production.rb', text);
  assert.deepEqual(codes(configs), ['opportunistic-starttls', 'verify-disabled']);
  assert.equal(configs[0]?.verifyDisabled?.line, 4);
});

test('each of these formats gets its fix as the key (or the call) to change', async () => {
  const { corrections } = await import('@autoconf/core/internal/diagnose/corrections.js');
  const fixOf = async (file: string, text: string) => {
    const [config] = await readConfigFile(file, text);
    return corrections(config!, staticChecks(config!)).map((c) => c.instruction ?? `${c.key}=${c.to}`);
  };
  assert.deepEqual(await fixOf('appsettings.json', '{"Smtp":{"Host":"h.example","Port":587,"SecureSocketOptions":"SslOnConnect"}}'), ['SecureSocketOptions=StartTls']);
  assert.deepEqual(await fixOf('m.php', "<?php\n$m->Host = 'h.example';\n$m->Port = 465;\n$m->SMTPSecure = 'tls';\n"), ['SMTPSecure=PHPMailer::ENCRYPTION_SMTPS']);
  assert.deepEqual(await fixOf('p.rb', 'config.action_mailer.smtp_settings = {\n  address: "h.example",\n  port: 587,\n}\n'), ['enable_starttls=true', 'tls=false']);
  assert.match((await fixOf('s.py', 'import smtplib\ns = smtplib.SMTP("h.example", 587)\n'))[0]!, /server\.starttls\(context=ssl\.create_default_context\(\)\)/);
});

test('docker compose: each service\'s environment block, list or map form, ${VAR} from the environment', async () => {
  const text = [
    'services:',
    '  web:',
    '    image: app',
    '    environment:',
    '      - SMTP_HOST=smtp.example.com',
    '      - SMTP_PORT=587',
    '      - "SMTP_SECURE=true"',
    '  worker:',
    '    environment:',
    '      MAIL_HOST: ${MAIL_SERVER}',
    '      MAIL_PORT: "465"',
    '    ports:',
    '      - "8080:80"',
    '',
  ].join('\n');
  const configs = await readConfigFile('docker-compose.yml', text, { MAIL_SERVER: 'mail.example.com' });
  assert.deepEqual(configs.map((c) => [c.format, c.host?.value, c.port?.value, c.mode.value]), [
    ['env', 'smtp.example.com', 587, 'implicit-tls'],
    ['laravel', 'mail.example.com', 465, 'implicit-tls'],
  ]);
  assert.deepEqual(staticChecks(configs[0]!).map((d) => [d.code, d.origin.line]), [['tls-on-starttls-port', 7]]);
});

test('nodemailer options as JSON: the writer reads back strict; a "false" string is the Boolean trap', async () => {
  for (const [security, port, mode] of [['starttls', 587, 'starttls-required'], ['tls', 465, 'implicit-tls']] as const) {
    const [config] = await readConfigFile('smtp-options.json', getWriter('nodemailer-json').render(smtpInput(security, port)));
    assert.equal(config?.mode.value, mode);
    assert.equal(config?.port?.value, port);
    assert.deepEqual(staticChecks(config!), []);
  }
  const trap = await readConfigFile('mail.json', '{\n  "host": "smtp.example.com",\n  "port": 587,\n  "secure": "false",\n  "requireTLS": true\n}\n');
  // nodemailer reads the string as true: implicit TLS on 587, and the trap named.
  assert.deepEqual(codes(trap), ['boolean-string', 'tls-on-starttls-port']);
  assert.ok(staticChecks(trap[0]!).every((d) => d.origin.line === 4));
});
