// The real clients, driven the way an app drives them, each returning what its user would
// read: the exception's message or the whole stderr (a traceback, a PHP fatal error, curl's
// line). Only loopback servers are dialled. Timeouts are short so a hung client costs seconds.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, installedFile, missingClients, pythonModule, runClient, rubyLibrary, type ClientRun } from '../../writers/client-harness.js';

/** How the app dials: implicit TLS, STARTTLS required, or cleartext with no upgrade. */
export type DialAs = 'tls' | 'starttls' | 'plain';

export interface Dial {
  host: string;
  port: number;
  as: DialAs;
  /** PEM file of the CA the client trusts (and nothing else). */
  caFile: string;
  /** A Java truststore holding the same CA. */
  trustStore: string;
  user: string;
  password: string;
  timeoutMs: number;
}

export interface Client {
  id: string;
  skip: string | false;
  /** Scenarios this client cannot be put in, and why. */
  cannot?: Readonly<Record<string, string>>;
  /** What the user reads when the send fails; '' when it succeeded. */
  send(dial: Dial): Promise<string>;
}

const FROM = 'alice@example.test';
const TO = 'bob@example.test';
const seconds = (dial: Dial): number => Math.max(1, Math.round(dial.timeoutMs / 1000));
const failure = (run: ClientRun): string => (run.code === 0 ? '' : `${run.stderr}${run.stdout}`);

const nodemailer: Client = {
  id: 'nodemailer',
  skip: false,
  async send(dial) {
    const { createTransport } = createRequire(import.meta.url)('nodemailer') as typeof import('nodemailer');
    const { readFileSync } = await import('node:fs');
    const transport = createTransport({
      host: dial.host,
      port: dial.port,
      secure: dial.as === 'tls',
      requireTLS: dial.as === 'starttls',
      ignoreTLS: dial.as === 'plain',
      auth: { user: dial.user, pass: dial.password },
      tls: { ca: readFileSync(dial.caFile, 'utf8') },
      connectionTimeout: dial.timeoutMs,
      greetingTimeout: dial.timeoutMs,
      socketTimeout: dial.timeoutMs,
    });
    try {
      await transport.sendMail({ from: FROM, to: TO, subject: 'autoconf', text: 'hello' });
      return '';
    } catch (error) {
      return `Error: ${(error as Error).message}`;
    } finally {
      transport.close();
    }
  },
};

// No try/except: the user reads the traceback, whose last line names the exception.
const SMTPLIB = `
import smtplib, ssl, sys
host, port, mode, cafile, user, password, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], float(sys.argv[7])
context = ssl.create_default_context(cafile=cafile)
if mode == 'tls':
    server = smtplib.SMTP_SSL(host, port, context=context, timeout=timeout)
else:
    server = smtplib.SMTP(host, port, timeout=timeout)
    if mode == 'starttls':
        server.starttls(context=context)
server.login(user, password)
server.sendmail(${JSON.stringify(FROM)}, [${JSON.stringify(TO)}], "Subject: autoconf\\r\\n\\r\\nhello\\r\\n")
server.quit()
`;
// Debian's Python, as the writers' tests use: the one Debian's python3-django installs into.
const PYTHON = '/usr/bin/python3';
const smtplib: Client = {
  id: 'smtplib',
  skip: missingClients(binary(PYTHON, 'python3')),
  send: async (dial) => failure(await runClient(PYTHON, ['-c', SMTPLIB, dial.host, String(dial.port), dial.as, dial.caFile, dial.user, dial.password, String(seconds(dial))])),
};

// Django's SMTP backend as an app uses it: settings, then send_mail. 'both' sets both TLS flags.
const DJANGO = `
import sys
from django.conf import settings
host, port, mode, user, password, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6])
settings.configure(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST=host, EMAIL_PORT=port,
    EMAIL_USE_SSL=mode in ("tls", "both"), EMAIL_USE_TLS=mode in ("starttls", "both"),
    EMAIL_HOST_USER=user, EMAIL_HOST_PASSWORD=password, EMAIL_TIMEOUT=timeout)
import django
django.setup()
from django.core.mail import send_mail
send_mail("autoconf", "hello", ${JSON.stringify(FROM)}, [${JSON.stringify(TO)}])
`;
/** Django with both EMAIL_USE_TLS and EMAIL_USE_SSL: its own refusal, before any connection. */
export async function djangoBothFlags(): Promise<string> {
  return failure(await runClient(PYTHON, ['-c', DJANGO, '127.0.0.1', '9', 'both', FROM, 'x', '1']));
}
// Django 3.2 (Debian 12) hands smtplib no SSL context: certificates are not checked at all.
const UNCHECKED = 'Django 3.2 does not verify certificates (smtplib without an SSL context)';
export const django: Client = {
  id: 'django',
  skip: missingClients(pythonModule('django', 'python3-django')),
  cannot: { 'self-signed': UNCHECKED, 'unknown-ca': UNCHECKED, 'name-mismatch': UNCHECKED, expired: UNCHECKED },
  send: async (dial) => failure(await runClient(PYTHON, ['-c', DJANGO, dial.host, String(dial.port), dial.as, dial.user, dial.password, String(seconds(dial))])),
};

const RUBY = `
require 'net/smtp'
host, port, mode, cafile, user, password, timeout = ARGV
context = OpenSSL::SSL::SSLContext.new
context.set_params(verify_mode: OpenSSL::SSL::VERIFY_PEER, ca_file: cafile)
smtp = Net::SMTP.new(host, port.to_i)
smtp.open_timeout = timeout.to_i
smtp.read_timeout = timeout.to_i
case mode
when 'tls' then smtp.enable_tls(context)
when 'starttls' then smtp.enable_starttls(context)
else smtp.disable_starttls
end
smtp.start('localhost', user, password, :plain) { |s| s.send_message("Subject: autoconf\\r\\n\\r\\nhello\\r\\n", ${JSON.stringify(FROM)}, ${JSON.stringify(TO)}) }
`;
const ruby: Client = {
  id: 'ruby-net-smtp',
  skip: missingClients(binary('ruby', 'ruby'), rubyLibrary('net/smtp', 'ruby-net-smtp')),
  send: async (dial) => failure(await runClient('ruby', ['-e', RUBY, dial.host, String(dial.port), dial.as, dial.caFile, dial.user, dial.password, String(seconds(dial))])),
};

const curl: Client = {
  id: 'curl',
  skip: missingClients(binary('curl', 'curl')),
  async send(dial) {
    const scheme = dial.as === 'tls' ? 'smtps' : 'smtp';
    const args = [
      '-sS', '--url', `${scheme}://${dial.host}:${dial.port}`, '--cacert', dial.caFile, '--user', `${dial.user}:${dial.password}`,
      '--mail-from', FROM, '--mail-rcpt', TO, '--upload-file', '-', '--connect-timeout', String(seconds(dial)), '--max-time', String(seconds(dial) * 2),
      ...(dial.as === 'starttls' ? ['--ssl-reqd'] : []),
    ];
    return failure(await runClient('curl', args, { stdin: 'Subject: autoconf\r\n\r\nhello\r\n' }));
  },
};

const SHARE = '/usr/share/php';
const PHPMAILER = `
require '${SHARE}/libphp-phpmailer/autoload.php';
[, $host, $port, $mode, $user, $password, $timeout] = $argv;
$mail = new PHPMailer\\PHPMailer\\PHPMailer(true);
$mail->isSMTP();
$mail->Host = $host;
$mail->Port = (int) $port;
$mail->SMTPAuth = true;
$mail->Username = $user;
$mail->Password = $password;
$mail->SMTPSecure = $mode === 'tls' ? 'ssl' : ($mode === 'starttls' ? 'tls' : '');
$mail->SMTPAutoTLS = $mode !== 'plain';
$mail->Timeout = (int) $timeout;
$mail->getSMTPInstance()->Timelimit = (int) $timeout;
// DEBUG_CONNECTION, as PHPMailer's troubleshooting guide asks for connection problems: the
// exception alone says only "Could not connect to SMTP host".
$mail->SMTPDebug = 3;
$mail->setFrom('${FROM}');
$mail->addAddress('${TO}');
$mail->Subject = 'autoconf';
$mail->Body = 'hello';
$mail->send();
`;
const phpmailer: Client = {
  id: 'phpmailer',
  skip: missingClients(binary('php', 'php-cli'), installedFile(`${SHARE}/libphp-phpmailer/autoload.php`, 'libphp-phpmailer')),
  send: async (dial) =>
    failure(await runClient('php', ['-d', `openssl.cafile=${dial.caFile}`, '-d', 'display_errors=stderr', '-r', PHPMAILER, dial.host, String(dial.port), dial.as, dial.user, dial.password, String(seconds(dial))])),
};

// Symfony 5.4 has no way to require STARTTLS: smtp:// upgrades when offered.
const SYMFONY = `
require '${SHARE}/Symfony/Component/Mailer/autoload.php';
[, $dsn] = $argv;
$transport = Symfony\\Component\\Mailer\\Transport::fromDsn($dsn);
$email = (new Symfony\\Component\\Mime\\Email())->from('${FROM}')->to('${TO}')->subject('autoconf')->text('hello');
(new Symfony\\Component\\Mailer\\Mailer($transport))->send($email);
`;
const symfony: Client = {
  id: 'symfony-mailer',
  skip: missingClients(binary('php', 'php-cli'), installedFile(`${SHARE}/Symfony/Component/Mailer/autoload.php`, 'php-symfony-mailer')),
  async send(dial) {
    const scheme = dial.as === 'tls' ? 'smtps' : 'smtp';
    const dsn = `${scheme}://${encodeURIComponent(dial.user)}:${encodeURIComponent(dial.password)}@${dial.host}:${dial.port}`;
    return failure(await runClient('php', ['-d', `openssl.cafile=${dial.caFile}`, '-d', 'display_errors=stderr', '-d', `default_socket_timeout=${seconds(dial)}`, '-r', SYMFONY, dsn]));
  },
};

const JARS = ['/usr/share/java/jakarta-mail.jar', '/usr/share/java/jakarta-activation.jar'];
const JAVA_PROGRAM = `
import jakarta.mail.*;
import jakarta.mail.internet.*;
import java.util.*;

public class SendMail {
  public static void main(String[] args) throws Exception {
    String host = args[0], mode = args[2];
    int port = Integer.parseInt(args[1]);
    Properties props = new Properties();
    props.put("mail.smtp.auth", "true");
    props.put("mail.smtp.ssl.enable", String.valueOf(mode.equals("tls")));
    props.put("mail.smtp.starttls.enable", String.valueOf(mode.equals("starttls")));
    props.put("mail.smtp.starttls.required", String.valueOf(mode.equals("starttls")));
    props.put("mail.smtp.ssl.checkserveridentity", "true");
    props.put("mail.smtp.connectiontimeout", args[5]);
    props.put("mail.smtp.timeout", args[5]);
    Session session = Session.getInstance(props);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("${FROM}"));
    message.setRecipients(Message.RecipientType.TO, "${TO}");
    message.setSubject("autoconf");
    message.setText("hello");
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect(host, port, args[3], args[4]);
      transport.sendMessage(message, message.getAllRecipients());
    }
  }
}
`;
let javaClasses: Promise<string> | undefined;
/** javac once per process; the classes live until the process ends (removed on exit). */
function compileJava(): Promise<string> {
  javaClasses ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autoconf-explain-java-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'SendMail.java'), JAVA_PROGRAM);
    const compiled = await runClient('javac', ['-cp', JARS.join(':'), '-d', dir, join(dir, 'SendMail.java')]);
    if (compiled.code !== 0) throw new Error(`javac failed: ${compiled.stderr}`);
    return dir;
  })();
  return javaClasses;
}
const jakarta: Client = {
  id: 'jakarta-mail',
  skip: missingClients(binary('javac', 'default-jdk-headless'), ...JARS.map((jar) => installedFile(jar, 'libjakarta-mail-java'))),
  async send(dial) {
    const classes = await compileJava();
    return failure(
      await runClient('java', [
        `-Djavax.net.ssl.trustStore=${dial.trustStore}`, '-Djavax.net.ssl.trustStorePassword=changeit', '-Djavax.net.ssl.trustStoreType=PKCS12',
        '-XX:TieredStopAtLevel=1', '-Xshare:auto', '-cp', [...JARS, classes].join(':'), 'SendMail',
        dial.host, String(dial.port), dial.as, dial.user, dial.password, String(dial.timeoutMs),
      ]),
    );
  },
};

export const CLIENTS: readonly Client[] = [nodemailer, smtplib, django, phpmailer, symfony, jakarta, ruby, curl];
