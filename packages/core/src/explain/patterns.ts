// Which texts mean which cause: client error messages and server replies, each matched by a
// regular expression over the text the user pasted (a whole traceback or stack trace is fine).
// The order is the priority: specific before general, so "534-5.7.9" (an app password) ranks
// above "Invalid login" (any refused login) when one text matches both.
//
// `evidence` says where the wording comes from: `provoked` — test/core/explain makes the real
// client produce it against a loopback server on every run; `recorded` — the client is not
// installed there, and the text is the one its source or documentation prints (cited).
import type { CauseCode, ClientId } from './causes.js';

export interface ErrorPattern {
  cause: CauseCode;
  /** The clients that print this wording; `server` for a reply any client passes on. */
  clients: readonly ClientId[];
  match: RegExp;
  evidence: 'provoked' | 'recorded';
}

const ALL_CLIENTS: readonly ClientId[] = ['server'];
// OpenSSL's wording, shown by every client built on it (Node, Python, PHP, Ruby, curl).
const OPENSSL: readonly ClientId[] = ['nodemailer', 'smtplib', 'django', 'phpmailer', 'symfony', 'ruby-net-smtp', 'curl'];

export const PATTERNS: readonly ErrorPattern[] = [
  // Server replies that name the cause exactly (RFC 3463 enhanced codes), most specific first.
  { cause: 'gmail-app-password', clients: ALL_CLIENTS, match: /\b5\.7\.9\b|Application-specific password required|InvalidSecondFactor/i, evidence: 'provoked' },
  { cause: 'm365-basic-auth-disabled', clients: ALL_CLIENTS, match: /\b5\.7\.139\b|basic authentication is disabled|SmtpClientAuthentication is disabled/i, evidence: 'provoked' },
  { cause: 'm365-not-authenticated', clients: ALL_CLIENTS, match: /\b5\.7\.57\b|Client (was )?not authenticated to send/i, evidence: 'provoked' },
  // curl prints only the code; 530 to MAIL FROM is "authentication required" (RFC 4954 §6).
  { cause: 'm365-not-authenticated', clients: ['curl'], match: /\(55\) MAIL failed: 530\b/, evidence: 'provoked' },
  { cause: 'starttls-required', clients: ALL_CLIENTS, match: /Must issue a STARTTLS command first|\b530[ -]5\.7\.0\b/i, evidence: 'provoked' },
  { cause: 'tls-not-available', clients: ALL_CLIENTS, match: /TLS not available|\b454[ -]4\.7\.0\b|STARTTLS denied, code 454/i, evidence: 'provoked' },
  { cause: 'relay-denied', clients: ALL_CLIENTS, match: /Relay(ing)? (access )?(denied|not permitted)|Unable to relay|\b55[04][ -]5\.7\.1\b/i, evidence: 'provoked' },
  // Django's own check (django/core/mail/backends/smtp.py), raised before any connection.
  { cause: 'django-both-tls-flags', clients: ['django'], match: /EMAIL_USE_TLS\/EMAIL_USE_SSL are mutually exclusive/, evidence: 'provoked' },

  // TLS spoken to a port that greets in cleartext.
  { cause: 'tls-on-starttls-port', clients: OPENSSL, match: /wrong[ _]version[ _]number|SSL23_GET_SERVER_HELLO:unknown protocol|packet length too long/i, evidence: 'provoked' },
  { cause: 'tls-on-starttls-port', clients: ['jakarta-mail'], match: /Unsupported or unrecognized SSL message/, evidence: 'provoked' },
  // Go crypto/tls (conn.go) reading "220 …" as a record header.
  { cause: 'tls-on-starttls-port', clients: ['go-net-smtp'], match: /first record does not look like a TLS handshake/, evidence: 'recorded' },
  // MailKit's SslHandshakeException adds this hint itself (SslHandshakeException.Create).
  { cause: 'tls-on-starttls-port', clients: ['mailkit'], match: /port 587 is typically reserved for plain-text connections/, evidence: 'recorded' },

  // Cleartext to an implicit-TLS port: the client waits for a greeting that never comes.
  { cause: 'no-tls-on-tls-port', clients: ['nodemailer'], match: /Greeting never received/i, evidence: 'provoked' },
  { cause: 'no-tls-on-tls-port', clients: ['smtplib', 'django'], match: /SMTPServerDisconnected: Connection unexpectedly closed: (The read operation )?timed out/i, evidence: 'provoked' },
  { cause: 'no-tls-on-tls-port', clients: ['ruby-net-smtp'], match: /Net::ReadTimeout/, evidence: 'provoked' },
  { cause: 'no-tls-on-tls-port', clients: ['curl'], match: /\(28\) Operation timed out after \d+ milliseconds with 0 (out of -?\d+ )?bytes received/, evidence: 'provoked' },
  { cause: 'no-tls-on-tls-port', clients: ['symfony'], match: /Connection to "[^"]*" timed out/, evidence: 'provoked' },
  // PHPMailer at SMTPDebug 3: opened, an empty greeting, then closed.
  { cause: 'no-tls-on-tls-port', clients: ['phpmailer'], match: /Connection: opened[^\n]*\n[^\n]*SERVER -> CLIENT: *\n[^\n]*Connection: closing due to error/, evidence: 'provoked' },
  { cause: 'no-tls-on-tls-port', clients: ['jakarta-mail'], match: /Exception reading response;[\s\S]*SocketTimeoutException: Read timed out/, evidence: 'provoked' },
  // Go: a read deadline passing after the dial succeeded ("read tcp …: i/o timeout").
  { cause: 'no-tls-on-tls-port', clients: ['go-net-smtp'], match: /read tcp \S+: i\/o timeout/, evidence: 'recorded' },

  // STARTTLS required by the app, not offered (or refused) by the server.
  { cause: 'starttls-not-offered', clients: ['smtplib', 'django'], match: /STARTTLS extension not supported by server/, evidence: 'provoked' },
  { cause: 'starttls-not-offered', clients: ['nodemailer'], match: /Error upgrading connection with STARTTLS: 5\d\d/, evidence: 'provoked' },
  { cause: 'starttls-not-offered', clients: ['ruby-net-smtp'], match: /STARTTLS is not supported on this server/, evidence: 'provoked' },
  { cause: 'starttls-not-offered', clients: ['curl'], match: /STARTTLS not supported/, evidence: 'provoked' },
  { cause: 'starttls-not-offered', clients: ['phpmailer'], match: /STARTTLS command failed/, evidence: 'provoked' },
  { cause: 'starttls-not-offered', clients: ['jakarta-mail'], match: /STARTTLS is required but host does not support STARTTLS/, evidence: 'provoked' },
  // MailKit SmtpClient.Connect with SecureSocketOptions.StartTls (SmtpClient.cs).
  { cause: 'starttls-not-offered', clients: ['mailkit'], match: /The SMTP server does not support the STARTTLS extension/, evidence: 'recorded' },
  // Go net/smtp PlainAuth refuses to send a password over a connection without TLS (auth.go).
  { cause: 'starttls-not-offered', clients: ['go-net-smtp'], match: /\bunencrypted connection\b/, evidence: 'recorded' },

  // Certificates: the specific reasons before the catch-all "not trusted".
  { cause: 'certificate-expired', clients: [...OPENSSL, 'jakarta-mail', 'go-net-smtp', 'mailkit'], match: /certificate has expired|CERT_HAS_EXPIRED|certificate expired|CertificateExpiredException|has expired or is not yet valid/i, evidence: 'provoked' },
  { cause: 'certificate-self-signed', clients: OPENSSL, match: /self[- ]signed certificate|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN/i, evidence: 'provoked' },
  { cause: 'certificate-name-mismatch', clients: ['nodemailer'], match: /Hostname\/IP does not match certificate's altnames|ERR_TLS_CERT_ALTNAME_INVALID/, evidence: 'provoked' },
  { cause: 'certificate-name-mismatch', clients: ['smtplib', 'django'], match: /(IP address|Hostname) mismatch, certificate is not valid for/, evidence: 'provoked' },
  { cause: 'certificate-name-mismatch', clients: ['ruby-net-smtp'], match: /certificate verify failed \(hostname mismatch\)|hostname "[^"]*" does not match the server certificate/, evidence: 'provoked' },
  { cause: 'certificate-name-mismatch', clients: ['curl'], match: /no alternative certificate subject name matches target host name|SSL: certificate subject name .* does not match target host name/, evidence: 'provoked' },
  { cause: 'certificate-name-mismatch', clients: ['symfony', 'phpmailer'], match: /Peer certificate (subjectAltName|CN)(=`[^']*')? did not match expected (name|CN)/, evidence: 'provoked' },
  { cause: 'certificate-name-mismatch', clients: ['jakarta-mail'], match: /Can't verify identity of server|No subject alternative (DNS )?names? matching|No name matching \S+ found/, evidence: 'provoked' },
  // Go crypto/x509 HostnameError; MailKit's validation report (SslPolicyErrors).
  { cause: 'certificate-name-mismatch', clients: ['go-net-smtp'], match: /x509: certificate is valid for .*, not |doesn't contain any IP SANs/, evidence: 'recorded' },
  { cause: 'certificate-name-mismatch', clients: ['mailkit'], match: /RemoteCertificateNameMismatch|server name does not match the name on the certificate/i, evidence: 'recorded' },
  {
    cause: 'certificate-untrusted',
    clients: OPENSSL,
    match: /unable to verify the first certificate|unable to get local issuer certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE|certificate verify failed|SSL certificate problem/i,
    evidence: 'provoked',
  },
  { cause: 'certificate-untrusted', clients: ['jakarta-mail'], match: /PKIX path building failed|unable to find valid certification path/, evidence: 'provoked' },
  { cause: 'certificate-untrusted', clients: ['go-net-smtp'], match: /x509: certificate signed by unknown authority/, evidence: 'recorded' },
  { cause: 'certificate-untrusted', clients: ['mailkit'], match: /certificate presented by the server is not trusted by the system|RemoteCertificateChainErrors/, evidence: 'recorded' },

  // A refused login, in each client's words (the reply's own code ranks above when specific).
  { cause: 'auth-failed', clients: ALL_CLIENTS, match: /(^|[^\d.:])535[ :-]|Username and Password not accepted|Authentication (failed|unsuccessful)|Incorrect authentication data/im, evidence: 'provoked' },
  { cause: 'auth-failed', clients: ['nodemailer'], match: /Invalid login/, evidence: 'provoked' },
  { cause: 'auth-failed', clients: ['smtplib', 'django', 'ruby-net-smtp'], match: /SMTPAuthenticationError/, evidence: 'provoked' },
  { cause: 'auth-failed', clients: ['phpmailer'], match: /SMTP Error: Could not authenticate/, evidence: 'provoked' },
  { cause: 'auth-failed', clients: ['symfony'], match: /Failed to authenticate on SMTP server/, evidence: 'provoked' },
  { cause: 'auth-failed', clients: ['jakarta-mail', 'mailkit'], match: /AuthenticationFailedException|AuthenticationException/, evidence: 'provoked' },
  { cause: 'auth-failed', clients: ['curl'], match: /\(67\) Login denied/, evidence: 'provoked' },

  // 421: the server will not serve this connection now (RFC 5321 §3.8).
  {
    cause: 'server-busy',
    clients: ALL_CLIENTS,
    match: /(^|[\s(='"-])421([ -][245]\.\d|,| \S)|response: 421\b|code "421"|Too many (concurrent )?(SMTP )?connections/im,
    evidence: 'provoked',
  },

  // The connection itself.
  {
    cause: 'connection-refused',
    clients: [...OPENSSL, 'jakarta-mail', 'mailkit', 'go-net-smtp'],
    match: /ECONNREFUSED|Connection refused|Couldn't connect to server|actively refused|connect: connection refused/i,
    evidence: 'provoked',
  },
  {
    cause: 'connection-timeout',
    clients: [...OPENSSL, 'jakarta-mail', 'mailkit', 'go-net-smtp'],
    match: /ETIMEDOUT|Connection timeout|Connection timed out|connect timed out|Net::OpenTimeout|dial tcp \S+: i\/o timeout|\(28\) (Connection timed out|Failed to connect)|^TimeoutError: timed out/im,
    evidence: 'provoked',
  },
];
