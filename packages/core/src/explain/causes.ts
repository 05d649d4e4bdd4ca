// What each recognised error means and what to change, in plain words: one entry per cause,
// with the setting to change per client where the clients differ. patterns.ts says which
// texts lead here; explain.ts puts the two together.

/** The clients whose wording the table knows; `server` marks a server reply any client shows. */
export const CLIENT_NAMES = {
  nodemailer: 'nodemailer',
  smtplib: 'Python smtplib',
  django: 'Django',
  phpmailer: 'PHPMailer',
  symfony: 'Symfony Mailer',
  'jakarta-mail': 'Jakarta Mail',
  mailkit: 'MailKit',
  'ruby-net-smtp': 'Ruby Net::SMTP',
  'go-net-smtp': 'Go net/smtp',
  curl: 'curl',
  server: 'the server\'s reply',
} as const;

export type ClientId = keyof typeof CLIENT_NAMES;

export const CAUSE_CODES = [
  'tls-on-starttls-port', 'no-tls-on-tls-port', 'starttls-not-offered', 'starttls-required', 'tls-not-available',
  'certificate-self-signed', 'certificate-name-mismatch', 'certificate-expired', 'certificate-untrusted',
  'gmail-app-password', 'm365-basic-auth-disabled', 'm365-not-authenticated', 'auth-failed', 'relay-denied', 'server-busy',
  'connection-refused', 'connection-timeout', 'django-both-tls-flags',
] as const;

export type CauseCode = (typeof CAUSE_CODES)[number];

export interface Cause {
  /** A few words to head the explanation. */
  title: string;
  /** What went wrong, in plain words. */
  cause: string;
  /** What to do, in plain words. */
  fix: string;
  /** The exact setting to change, per client, where it helps. */
  settings: Partial<Record<ClientId, string>>;
}

// The two ways to secure SMTP, said once so every entry uses the same words.
const MODES = 'Port 587 (and 25) start in cleartext and switch to TLS with the STARTTLS command; port 465 speaks TLS from the first byte ("implicit TLS").';

const STARTTLS_SETTINGS: Partial<Record<ClientId, string>> = {
  nodemailer: 'secure: false, requireTLS: true (secure: true only for port 465)',
  smtplib: 'smtplib.SMTP(host, 587) then server.starttls(context=ssl.create_default_context()) — not SMTP_SSL',
  django: 'EMAIL_PORT = 587, EMAIL_USE_TLS = True, EMAIL_USE_SSL = False',
  phpmailer: '$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; $mail->Port = 587',
  symfony: 'MAILER_DSN=smtp://user:pass@host:587 (smtp://, not smtps://; add ?require_tls=true on Symfony 7.3+)',
  'jakarta-mail': 'mail.smtp.starttls.enable=true, mail.smtp.starttls.required=true, mail.smtp.ssl.enable=false',
  mailkit: 'client.Connect(host, 587, SecureSocketOptions.StartTls)',
  'ruby-net-smtp': 'smtp.enable_starttls (not enable_tls) on port 587; Rails: enable_starttls: true, ssl/tls: false',
  'go-net-smtp': 'smtp.Dial(host:587) then c.StartTLS(&tls.Config{ServerName: host}) — not tls.Dial',
  curl: 'smtp://host:587 with --ssl-reqd (not smtps://)',
};

const IMPLICIT_TLS_SETTINGS: Partial<Record<ClientId, string>> = {
  nodemailer: 'secure: true with port: 465',
  smtplib: 'smtplib.SMTP_SSL(host, 465, context=ssl.create_default_context())',
  django: 'EMAIL_PORT = 465, EMAIL_USE_SSL = True, EMAIL_USE_TLS = False',
  phpmailer: '$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; $mail->Port = 465',
  symfony: 'MAILER_DSN=smtps://user:pass@host:465',
  'jakarta-mail': 'mail.smtp.ssl.enable=true (or the smtps protocol) with port 465',
  mailkit: 'client.Connect(host, 465, SecureSocketOptions.SslOnConnect)',
  'ruby-net-smtp': 'smtp.enable_tls on port 465; Rails: tls: true (or ssl: true)',
  'go-net-smtp': 'tls.Dial("tcp", host+":465", &tls.Config{ServerName: host}) then smtp.NewClient(conn, host)',
  curl: 'smtps://host:465',
};

const TRUST_SETTINGS: Partial<Record<ClientId, string>> = {
  nodemailer: 'tls: { ca: [fs.readFileSync("company-ca.pem")] } for a private CA (never rejectUnauthorized: false)',
  smtplib: 'ssl.create_default_context(cafile="company-ca.pem") for a private CA',
  django: 'EMAIL_SSL_CERTFILE is the client certificate, not a CA: point SSL_CERT_FILE at a bundle that holds the private CA',
  phpmailer: '$mail->SMTPOptions = [\'ssl\' => [\'cafile\' => \'company-ca.pem\']] (keep verify_peer on)',
  symfony: 'the system store, or openssl.cafile in php.ini, for a private CA (keep verify_peer on)',
  'jakarta-mail': 'a truststore holding the CA (-Djavax.net.ssl.trustStore=…), or mail.smtp.ssl.trust=host for that one host only',
  mailkit: 'a ServerCertificateValidationCallback that accepts only your CA\'s certificate (not one that returns true)',
  'ruby-net-smtp': 'OpenSSL::SSL::SSLContext with ca_file: "company-ca.pem"; Rails: ca_file:',
  'go-net-smtp': 'tls.Config{RootCAs: pool} with your CA in the pool (never InsecureSkipVerify)',
  curl: '--cacert company-ca.pem',
};

const HOST_SETTINGS: Partial<Record<ClientId, string>> = {
  nodemailer: 'host: the name on the certificate (or tls: { servername: … } when you must dial an IP address)',
  smtplib: 'the host name on the certificate as the first argument (server_hostname follows it)',
  'jakarta-mail': 'mail.smtp.host: the name on the certificate (mail.smtp.ssl.checkserveridentity stays true)',
  'go-net-smtp': 'tls.Config{ServerName: "<name on the certificate>"}',
};

export const CAUSES: Readonly<Record<CauseCode, Cause>> = {
  'tls-on-starttls-port': {
    title: 'TLS spoken to a STARTTLS port',
    cause: `The app started a TLS handshake at once, but the server answered in cleartext: this port expects STARTTLS. ${MODES} OpenSSL calls this "wrong version number".`,
    fix: 'Keep the port and switch the app from implicit TLS to STARTTLS (required, not optional) — or keep implicit TLS and use port 465.',
    settings: STARTTLS_SETTINGS,
  },
  'no-tls-on-tls-port': {
    title: 'Cleartext spoken to an implicit-TLS port',
    cause: `The app connected and waited for the server's greeting, but this port (usually 465) speaks TLS from the first byte and waits for the app's TLS handshake: both sides wait until a timeout. ${MODES}`,
    fix: 'Switch the app to implicit TLS for this port — or keep STARTTLS and use port 587. If the port is right, a firewall may also swallow the greeting: check with `autoconf probe host:465`.',
    settings: IMPLICIT_TLS_SETTINGS,
  },
  'starttls-not-offered': {
    title: 'The server does not offer STARTTLS',
    cause: 'The app requires STARTTLS, and the server did not offer it (or refused the command). Either this port is not a submission port, or something between the app and the server (an antivirus, a firewall, a hotel network) removes STARTTLS to read the traffic.',
    fix: 'Do not turn the requirement off: the password would travel unencrypted. Use the server\'s submission port (587 with STARTTLS, or 465 with implicit TLS); if the right port still lacks STARTTLS, try another network — the one you are on strips it.',
    settings: IMPLICIT_TLS_SETTINGS,
  },
  'starttls-required': {
    title: 'The server wants STARTTLS before the login',
    cause: 'The app tried to log in (or send) on a cleartext connection, and the server refuses anything before the STARTTLS upgrade (530 5.7.0 "Must issue a STARTTLS command first").',
    fix: 'Turn STARTTLS on, and make it required so it can never be skipped.',
    settings: STARTTLS_SETTINGS,
  },
  'tls-not-available': {
    title: 'The server could not start TLS',
    cause: 'The server offered STARTTLS, then answered 454 4.7.0 "TLS not available": its own TLS setup is broken (a missing or unreadable certificate or key), or it is too busy for now.',
    fix: 'Nothing to change in the app: do not fall back to cleartext. Tell the server\'s administrator (their mail log says why); meanwhile try port 465 with implicit TLS if the provider offers it.',
    settings: {},
  },
  'certificate-self-signed': {
    title: 'A self-signed certificate',
    cause: 'The server presented a certificate it signed itself, so nothing vouches that it is the server you meant. Typical for a test server, a fresh install, or something intercepting the connection.',
    fix: 'Give the server a certificate from a public CA (Let\'s Encrypt), or make the app trust exactly this certificate or your private CA. Switching verification off instead lets anyone in the middle read the password.',
    settings: TRUST_SETTINGS,
  },
  'certificate-name-mismatch': {
    title: 'The certificate is for another name',
    cause: 'The certificate is valid, but for another host name than the one the app dialled — often because the app dials an IP address, an alias (mail.example.com) or the provider\'s server under your own domain name.',
    fix: 'Dial the host name the certificate names (`autoconf probe host:port` shows it), or ask the server\'s administrator for a certificate that covers the name you use.',
    settings: HOST_SETTINGS,
  },
  'certificate-expired': {
    title: 'The certificate has expired',
    cause: 'The server\'s certificate is past its end date (or the clock of this machine is wrong).',
    fix: 'The server\'s administrator must renew the certificate. Check this machine\'s date too. Do not switch verification off.',
    settings: {},
  },
  'certificate-untrusted': {
    title: 'A certificate this machine does not trust',
    cause: 'The certificate was not issued by a CA this app trusts: a private company CA, a self-signed certificate, a server that does not send its intermediate certificate, or an outdated CA bundle on this machine.',
    fix: 'Make the app trust your private CA (not "accept everything"), update the CA bundle on this machine, or ask the server\'s administrator to send the full certificate chain.',
    settings: TRUST_SETTINGS,
  },
  'gmail-app-password': {
    title: 'Google wants an app password',
    cause: 'The account has 2-Step Verification on, and Google does not accept the account password from an app (534-5.7.9 "Application-specific password required").',
    fix: 'Create an app password (Google Account → Security → 2-Step Verification → App passwords) and use those 16 letters as the SMTP password; or log in with OAuth2 (XOAUTH2).',
    settings: {},
  },
  'm365-basic-auth-disabled': {
    title: 'Microsoft 365 has password login switched off',
    cause: 'Microsoft 365 refused the login because SMTP AUTH with a password ("basic authentication") is disabled for this mailbox or the whole tenant (5.7.139).',
    fix: 'An administrator can enable "Authenticated SMTP" for this mailbox (Microsoft 365 admin center → the user → Mail → Manage email apps, or Set-CASMailbox -SmtpClientAuthenticationDisabled $false), if the tenant allows it; otherwise log in with OAuth2, or send through Microsoft Graph.',
    settings: {},
  },
  'm365-not-authenticated': {
    title: 'Sending without a login',
    cause: 'The server refused to send because the app is not logged in (530; Microsoft 365 says 5.7.57 "Client not authenticated to send mail"): the app sent no username and password, or its login did not count.',
    fix: 'Give the app the mailbox\'s username (the full address) and password, over STARTTLS (Microsoft 365: smtp.office365.com:587).',
    settings: {
      nodemailer: 'auth: { user, pass } and requireTLS: true',
      django: 'EMAIL_HOST_USER and EMAIL_HOST_PASSWORD set, EMAIL_USE_TLS = True',
      phpmailer: '$mail->SMTPAuth = true with Username and Password',
      'jakarta-mail': 'mail.smtp.auth=true and the username and password in connect()',
      symfony: 'MAILER_DSN=smtp://user%40example.com:pass@smtp.office365.com:587',
    },
  },
  'auth-failed': {
    title: 'The login was refused',
    cause: 'The server turned the username or password down (535 5.7.8 and similar). Common reasons: a typo, the username is not the full email address, a password with special characters that were not escaped in a URL, or a provider that needs an app password or OAuth2.',
    fix: 'Check the username (usually the full address) and the password; in a URL (smtp://user:pass@host) percent-encode @ : / %. If 2-Step Verification is on, use an app password.',
    settings: {
      symfony: 'percent-encode the user and password in MAILER_DSN (@ is %40)',
      nodemailer: 'auth: { user: "you@example.com", pass: process.env.SMTP_PASS }',
    },
  },
  'relay-denied': {
    title: 'The server does not relay for this sender',
    cause: 'The server accepts mail only for its own domains from senders it does not know, and did not treat this app as logged in: it refuses to pass the message on (550 5.7.1 "Relaying denied").',
    fix: 'Log in (SMTP AUTH) before sending, send through your provider\'s submission port (587 or 465) instead of a recipient\'s MX on port 25, and use a From address the account may send as.',
    settings: {},
  },
  'server-busy': {
    title: 'The server is busy or closing the connection',
    cause: 'The server answered 421: it will not serve this connection now — too many connections from this address, a rate limit, or a restart.',
    fix: 'Retry later with fewer connections at once (for example nodemailer pool: true with maxConnections: 1); if it persists, ask the provider whether this address is throttled.',
    settings: { nodemailer: 'pool: true, maxConnections: 1, rateLimit' },
  },
  'connection-refused': {
    title: 'Nothing listens on that port',
    cause: 'The host answered but refused the connection: no mail service listens on this port there, or the host name points to the wrong machine.',
    fix: 'Check the host name and the port (587 for STARTTLS, 465 for implicit TLS). `autoconf detect you@example.com` finds the right ones.',
    settings: {},
  },
  'connection-timeout': {
    title: 'No answer to the connection',
    cause: 'The connection got no answer at all: a firewall drops it. Port 25 is blocked by most ISPs and clouds for everything but mail servers; a company network may block 465 and 587 as well.',
    fix: 'Use the submission ports 587 (STARTTLS) or 465 (implicit TLS) instead of 25; if those time out as well, the network you are on blocks them.',
    settings: {},
  },
  'django-both-tls-flags': {
    title: 'Django: both TLS settings on',
    cause: 'EMAIL_USE_TLS (STARTTLS) and EMAIL_USE_SSL (implicit TLS) are both true; Django refuses to guess which one you meant.',
    fix: 'Set exactly one of them: EMAIL_USE_TLS = True for port 587, or EMAIL_USE_SSL = True for port 465.',
    settings: { django: 'EMAIL_USE_TLS = True, EMAIL_USE_SSL = False (port 587) — or the reverse for 465' },
  },
};
