// Plain words for the codes the report keeps for machines: OpenSSL's and Node's certificate
// errors, authentication method ids, dates. Human output (the CLI's report, the extension's)
// and finding messages say these; JSON and --trace keep the codes.
import type { TlsFacts } from '../probe/types.js';
import type { AuthMethod } from '../types.js';

// OpenSSL's X509_V_ERR_* names as Node reports them, and Node's own name check.
const CERTIFICATE_ERRORS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'a chain that ends in a self-signed certificate nobody here trusts',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'a certificate whose issuer is not trusted here (a private CA?)',
  UNABLE_TO_GET_ISSUER_CERT: 'a certificate whose issuer is unknown',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'a certificate whose issuer is not trusted here (a private CA, or a missing intermediate certificate)',
  CERT_HAS_EXPIRED: 'an expired certificate',
  CERT_NOT_YET_VALID: 'a certificate that is not valid yet (or a wrong clock here)',
  CERT_REVOKED: 'a revoked certificate',
  CERT_SIGNATURE_FAILURE: 'a certificate with a broken signature',
  CERT_UNTRUSTED: 'an untrusted certificate',
  CERT_REJECTED: 'a rejected certificate',
  INVALID_CA: 'a chain with an invalid CA certificate',
  PATH_LENGTH_EXCEEDED: 'a chain longer than its CA allows',
  INVALID_PURPOSE: 'a certificate not meant for servers',
  HOSTNAME_MISMATCH: 'a certificate for another name',
  ERR_TLS_CERT_ALTNAME_INVALID: 'a certificate for another name',
};

/** "a self-signed certificate" for DEPTH_ZERO_SELF_SIGNED_CERT; an unknown code as itself. */
export function certificateErrorWords(code: string): string {
  return CERTIFICATE_ERRORS[code] ?? `a certificate problem (${code})`;
}

/** The names a certificate covers, without OpenSSL's `DNS:` prefixes. */
export function certificateNames(tls: Pick<TlsFacts, 'subjectAltNames' | 'subject'>): string[] {
  const names = tls.subjectAltNames.map((name) => name.replace(/^(DNS|IP Address):/, ''));
  return names.length > 0 ? names : [tls.subject];
}

/** " (try mail.hoster.example)" when the certificate covers exactly one plain name. */
export function tryNameHint(tls: Pick<TlsFacts, 'subjectAltNames' | 'subject'>): string {
  const names = certificateNames(tls);
  return names.length === 1 && !names[0]!.startsWith('*') ? ` (try ${names[0]})` : '';
}

/** Why a certificate is not accepted, in words; undefined when it is. */
export function certificateProblem(tls: TlsFacts, host: string): string | undefined {
  if (tls.expired) return `the certificate expired ${-tls.daysLeft} day(s) ago (${formatDay(tls.validTo)})`;
  if (!tls.nameMatches) {
    return `the certificate is for ${certificateNames(tls).join(', ')}, not ${host}${tryNameHint(tls)}`;
  }
  if (!tls.chainTrusted) return tls.selfSigned ? 'a self-signed certificate' : certificateErrorWords(tls.chainError ?? 'CERT_UNTRUSTED');
  if (tls.outdated) return `${tls.protocol}, which is outdated (RFC 8996)`;
  if (!tls.authorized) return certificateErrorWords(tls.authorizationError ?? 'CERT_UNTRUSTED');
  return undefined;
}

/** "expires in 12 days (11 Dec 2026)". */
export function expiryWords(tls: Pick<TlsFacts, 'daysLeft' | 'validTo' | 'expired'>): string {
  if (tls.expired) return `expired ${-tls.daysLeft} day(s) ago (${formatDay(tls.validTo)})`;
  return `expires in ${tls.daysLeft} day(s) (${formatDay(tls.validTo)})`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "11 Dec 2026" from an ISO date, in UTC (the same everywhere); anything else as given. */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

const AUTH_WORDS: Readonly<Record<AuthMethod, string>> = {
  'password-cleartext': 'password (sent inside TLS)',
  'password-encrypted': 'password (challenge-response: CRAM-MD5, SCRAM)',
  oauth2: 'OAuth2 token',
  ntlm: 'NTLM (Windows)',
  gssapi: 'Kerberos (GSSAPI)',
  'client-cert': 'client certificate',
  'client-ip': 'no login: allowed by network address',
  'smtp-after-pop': 'SMTP after a POP3 login',
  none: 'no login',
};

export function authMethodWords(method: AuthMethod): string {
  return AUTH_WORDS[method];
}
