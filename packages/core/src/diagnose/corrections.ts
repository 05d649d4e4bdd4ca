// The corrected config as key-by-key changes against the file it came from: the keys each
// format uses to say "implicit TLS", "STARTTLS, required", "verify certificates", "port".
// Formats whose value is one URL get an instruction instead of a value (the URL holds the
// password, which autoconf never reads back out or rewrites).
import type { ConfigMode, MailConfig } from './config.js';
import type { Diagnosis } from './static-checks.js';

export interface Change {
  file: string;
  key: string;
  /** The new value as the file spells it; null removes the key. */
  to: string | null;
  /** Where the key is now, when the file sets it. */
  line?: number;
  /** What to do by hand when a value cannot express it (a URL, Laravel's config/mail.php). */
  instruction?: string;
}

type Target = Extract<ConfigMode, 'implicit-tls' | 'starttls-required'>;
type Keys = Array<[key: string, value: string | null]>;

const MODE_KEYS: Record<string, (target: Target) => Keys> = {
  env: (t) => (t === 'implicit-tls' ? [['SMTP_SECURE', 'true']] : [['SMTP_SECURE', 'false'], ['SMTP_REQUIRE_TLS', 'true']]),
  'django-env': (t) => (t === 'implicit-tls' ? [['EMAIL_USE_SSL', 'True'], ['EMAIL_USE_TLS', 'False']] : [['EMAIL_USE_TLS', 'True'], ['EMAIL_USE_SSL', 'False']]),
  django: (t) => (t === 'implicit-tls' ? [['EMAIL_USE_SSL', 'True'], ['EMAIL_USE_TLS', 'False']] : [['EMAIL_USE_TLS', 'True'], ['EMAIL_USE_SSL', 'False']]),
  laravel: (t) => (t === 'implicit-tls' ? [['MAIL_SCHEME', 'smtps']] : [['MAIL_SCHEME', 'smtp']]),
  'spring-boot': (t) => {
    const p = 'spring.mail.properties.mail.smtp.';
    return t === 'implicit-tls'
      ? [[`${p}ssl.enable`, 'true'], [`${p}starttls.enable`, 'false']]
      : [[`${p}starttls.enable`, 'true'], [`${p}starttls.required`, 'true'], [`${p}ssl.enable`, 'false']];
  },
  msmtp: (t) => (t === 'implicit-tls' ? [['tls', 'on'], ['tls_starttls', 'off']] : [['tls', 'on'], ['tls_starttls', 'on']]),
  'git-send-email': (t) => [['smtpEncryption', t === 'implicit-tls' ? 'ssl' : 'tls']],
  nodemailer: (t) => (t === 'implicit-tls' ? [['secure', 'true']] : [['secure', 'false'], ['requireTLS', 'true']]),
  dotnet: (t) => [['SecureSocketOptions', t === 'implicit-tls' ? 'SslOnConnect' : 'StartTls']],
  phpmailer: (t) => [['SMTPSecure', t === 'implicit-tls' ? 'PHPMailer::ENCRYPTION_SMTPS' : 'PHPMailer::ENCRYPTION_STARTTLS']],
  rails: (t) => (t === 'implicit-tls' ? [['tls', 'true'], ['enable_starttls', 'false']] : [['enable_starttls', 'true'], ['tls', 'false']]),
};

const VERIFY_KEYS: Record<string, Keys> = {
  env: [['SMTP_TLS_REJECT_UNAUTHORIZED', null]],
  'spring-boot': [['spring.mail.properties.mail.smtp.ssl.trust', null], ['spring.mail.properties.mail.smtp.ssl.checkserveridentity', 'true']],
  msmtp: [['tls_certcheck', 'on']],
  'git-send-email': [['smtpSslCertPath', null]],
  nodemailer: [['tls.rejectUnauthorized', null]],
  phpmailer: [['SMTPOptions', null]],
  rails: [['openssl_verify_mode', '"peer"']],
};

const PORT_KEY: Record<string, string> = {
  env: 'SMTP_PORT', 'django-env': 'EMAIL_PORT', django: 'EMAIL_PORT', laravel: 'MAIL_PORT',
  'spring-boot': 'spring.mail.port', msmtp: 'port', 'git-send-email': 'smtpServerPort', nodemailer: 'port',
  dotnet: 'Port', phpmailer: 'Port', rails: 'port',
};

const URL_INSTRUCTIONS: Record<Target, Record<string, string>> = {
  'implicit-tls': {
    'nodemailer-url': 'use the smtps:// scheme',
    'symfony-dsn': 'use the smtps:// scheme',
    'python-smtplib': 'use smtplib.SMTP_SSL(host, 465, context=ssl.create_default_context())',
  },
  'starttls-required': {
    'nodemailer-url': 'use smtp:// and add requireTLS=true to the query',
    'symfony-dsn': 'use smtp:// and add require_tls=true to the query (Symfony Mailer 7.3+)',
    'python-smtplib': 'use smtplib.SMTP(host, 587), then server.starttls(context=ssl.create_default_context())',
  },
};

/** What to change so that the config dials strictly: the mode its port is for (STARTTLS
 *  required, or implicit TLS on 465), certificates verified, and a submission port. */
export function corrections(config: MailConfig, diagnoses: readonly Diagnosis[]): Change[] {
  const codes: ReadonlySet<string> = new Set(diagnoses.map((d) => d.code));
  const file = config.mode.origin.file;
  const out: Change[] = [];
  const port = config.port?.value;
  const moveOff25 = codes.has('port-25');
  const modeWrong = ['tls-on-starttls-port', 'plain-on-implicit-port', 'opportunistic-starttls', 'cleartext', 'both-tls-flags'].some((code) => codes.has(code));
  if (modeWrong || moveOff25) {
    const target: Target = port === 465 ? 'implicit-tls' : 'starttls-required';
    const keys = MODE_KEYS[config.format];
    if (keys !== undefined) {
      out.push(...keys(target).map(([key, to]) => ({ file, key, to })));
      if (config.format === 'laravel' && target === 'starttls-required') {
        out.push({ file: 'config/mail.php', key: 'require_tls', to: 'true', instruction: "set 'require_tls' => true in the smtp mailer (Symfony Mailer 7.3+): the .env cannot require STARTTLS" });
      }
    } else {
      const instruction = URL_INSTRUCTIONS[target][config.format];
      if (instruction !== undefined) out.push({ file, key: config.mode.origin.key, to: null, instruction });
    }
  }
  if (moveOff25 && PORT_KEY[config.format] !== undefined) out.push({ file, key: PORT_KEY[config.format]!, to: '587' });
  if (codes.has('verify-disabled')) {
    const keys = VERIFY_KEYS[config.format];
    if (keys !== undefined) out.push(...keys.map(([key, to]) => ({ file, key, to })));
    else if (config.verifyDisabled !== undefined) {
      const instruction = config.format === 'python-smtplib' ? 'use ssl.create_default_context(), unchanged' : 'remove verify_peer=0 / tls.rejectUnauthorized=false from the URL';
      out.push({ file, key: config.verifyDisabled.key, to: null, instruction });
    }
  }
  // Where the file already sets a key, the change points at its line.
  return out.map((change) => {
    const line = lineOf(config, change.key);
    return line === undefined ? change : { ...change, line };
  });
}

function lineOf(config: MailConfig, key: string): number | undefined {
  const origins = [config.mode.origin, config.port?.origin, config.verifyDisabled, ...(config.bothTlsFlags ?? [])];
  return origins.find((origin) => origin?.key === key && origin.file === config.mode.origin.file)?.line;
}
