// PHPMailer (Debian libphp-phpmailer 6.6), Symfony Mailer (Debian php-symfony-mailer 5.4,
// MAILER_DSN read by Symfony Dotenv) and the Laravel .env (read by vlucas/phpdotenv, the
// loader Laravel uses, then turned into a Symfony DSN the way Laravel's MailManager does:
// scheme = MAIL_SCHEME, else smtps on 465). PHP streams trust the test CA via openssl.cafile.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { phpmailerWriter } from '@autoconf/core/internal/writers/phpmailer.js';
import { symfonyWriter } from '@autoconf/core/internal/writers/symfony.js';
import { laravelWriter } from '@autoconf/core/internal/writers/laravel.js';
import {
  PASSWORD, RECIPIENT, USER, assertDelivered, assertRefusedWithoutPassword, binary, installedFile, missingClients, resetSinks,
  runClient, startHarness, type Harness,
} from './client-harness.js';

const SHARE = '/usr/share/php';
function skipUnless(...files: Array<[path: string, debianPackage: string]>): string | false {
  return missingClients(binary('php', 'php-cli'), ...files.map(([path, debianPackage]) => installedFile(path, debianPackage)));
}

const PHPMAILER = `
require '${SHARE}/libphp-phpmailer/autoload.php';
require $argv[1];
$mail = new PHPMailer\\PHPMailer\\PHPMailer(true);
autoconf_configure_mailer($mail);
$mail->Timeout = 10;
$mail->setFrom('${USER}');
$mail->addAddress('${RECIPIENT}');
$mail->Subject = 'autoconf';
$mail->Body = 'hello';
$mail->send();
`;

const SYMFONY = `
require '${SHARE}/Symfony/Component/Mailer/autoload.php';
require '${SHARE}/Symfony/Component/Dotenv/autoload.php';
(new Symfony\\Component\\Dotenv\\Dotenv())->load($argv[1]);
$transport = Symfony\\Component\\Mailer\\Transport::fromDsn($_ENV['MAILER_DSN']);
send($transport);
`;

const LARAVEL = `
require '${SHARE}/Symfony/Component/Mailer/autoload.php';
require '${SHARE}/Dotenv/autoload.php';
Dotenv\\Dotenv::createImmutable(dirname($argv[1]), basename($argv[1]))->load();
$port = (int) $_ENV['MAIL_PORT'];
$scheme = ($_ENV['MAIL_SCHEME'] ?? '') ?: ($port === 465 ? 'smtps' : 'smtp');
$dsn = new Symfony\\Component\\Mailer\\Transport\\Dsn($scheme, $_ENV['MAIL_HOST'], $_ENV['MAIL_USERNAME'], $_ENV['MAIL_PASSWORD'] ?? null, $port);
send((new Symfony\\Component\\Mailer\\Transport\\Smtp\\EsmtpTransportFactory())->create($dsn));
`;

const SEND_FUNCTION = `
function send($transport) {
  $email = (new Symfony\\Component\\Mime\\Email())->from('${USER}')->to('${RECIPIENT}')->subject('autoconf')->text('hello');
  (new Symfony\\Component\\Mailer\\Mailer($transport))->send($email);
}
`;

describe('PHP writers with the real clients', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  function run(name: string, text: string, script: string, caFile = harness.caFile) {
    resetSinks(harness);
    const file = harness.file(name, text);
    return runClient('php', ['-d', `openssl.cafile=${caFile}`, '-d', 'display_errors=stderr', '-r', SEND_FUNCTION + script, file], {
      env: { SMTP_PASS: PASSWORD },
    });
  }

  describe('PHPMailer', { skip: skipUnless([`${SHARE}/libphp-phpmailer/autoload.php`, 'libphp-phpmailer']) }, () => {
    const render = (s: 'tls' | 'starttls', server?: 'no-tls') => phpmailerWriter.render(harness.input(s, { server }));
    it('sends over implicit TLS', async () => {
      assertDelivered(harness.sinks.tls, await run('mailer-config.php', render('tls'), PHPMAILER));
    });
    it('sends over STARTTLS', async () => {
      assertDelivered(harness.sinks.starttls, await run('mailer-config.php', render('starttls'), PHPMAILER));
    });
    it('refuses a server that hides STARTTLS, password never sent', async () => {
      assertRefusedWithoutPassword(harness.sinks['no-tls'], await run('mailer-config.php', render('starttls', 'no-tls'), PHPMAILER));
    });
    it('refuses a certificate from a CA it was not given', async () => {
      const result = await run('mailer-config.php', render('tls'), PHPMAILER, '/nonexistent-ca.pem');
      assert.notEqual(result.code, 0);
      assert.equal(harness.sinks.tls.messages.length, 0);
      assert.deepEqual(harness.sinks.tls.auths, []);
    });
  });

  // Symfony 5.4 ignores require_tls (added in 7.3), so there is no strict-STARTTLS case to
  // run here: on 5.4 a stripped STARTTLS is a plaintext send, as the generated comment says.
  describe('Symfony Mailer (MAILER_DSN)', { skip: skipUnless([`${SHARE}/Symfony/Component/Mailer/autoload.php`, 'php-symfony-mailer'], [`${SHARE}/Symfony/Component/Dotenv/autoload.php`, 'php-symfony-dotenv']) }, () => {
    const render = (s: 'tls' | 'starttls') => symfonyWriter.render(harness.input(s, { password: PASSWORD }));
    it('sends over implicit TLS', async () => {
      assertDelivered(harness.sinks.tls, await run('symfony.env', render('tls'), SYMFONY));
    });
    it('sends over STARTTLS', async () => {
      assertDelivered(harness.sinks.starttls, await run('symfony.env', render('starttls'), SYMFONY));
    });
  });

  describe('Laravel .env (phpdotenv + Laravel DSN rules on Symfony Mailer 5.4)', { skip: skipUnless([`${SHARE}/Symfony/Component/Mailer/autoload.php`, 'php-symfony-mailer'], [`${SHARE}/Dotenv/autoload.php`, 'php-vlucas-phpdotenv']) }, () => {
    const render = (s: 'tls' | 'starttls') => laravelWriter.render(harness.input(s, { password: PASSWORD }));
    it('sends over implicit TLS (MAIL_SCHEME=smtps on a port other than 465)', async () => {
      assertDelivered(harness.sinks.tls, await run('laravel.env', render('tls'), LARAVEL));
    });
    it('sends over STARTTLS', async () => {
      assertDelivered(harness.sinks.starttls, await run('laravel.env', render('starttls'), LARAVEL));
    });
  });
});
