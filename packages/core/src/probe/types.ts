// What a probe asks and what it saw. Every network outcome is data here; only bad input
// throws (AutoconfError OPTION_INVALID).
import type { DialMode, Protocol } from '../types.js';

/** How the dialogue was actually secured: `starttls` means it was upgraded. */
export type ObservedSecurity = 'tls' | 'starttls' | 'none';

/** `ok`: the dialogue ran to its end (QUIT/LOGOUT), whatever the security turned out to be.
 *  `rejected`: the server refused us in its greeting (SMTP 421/554, IMAP BYE, POP3 -ERR).
 *  `closed`: the server hung up cleanly in the middle; `reset`: it reset the connection. */
export type ProbeOutcome =
  | 'ok'
  | 'dns-failed'
  /** Not dialled: a non-public address, refused by `blockPrivateTargets`. */
  | 'blocked'
  | 'refused'
  | 'unreachable'
  | 'timeout-connect'
  | 'timeout-greeting'
  | 'timeout-step'
  | 'timeout-total'
  | 'reset'
  | 'closed'
  | 'tls-failed'
  | 'protocol-error'
  | 'rejected'
  | 'aborted';

export interface ProbeRequest {
  protocol: Protocol;
  /** A host name or an IP literal (IPv6 without brackets). */
  host: string;
  port: number;
  /** `opportunistic`: connect in cleartext and upgrade with STARTTLS/STLS if offered. (The
   *  former name, `unknown`, is still accepted and reported as `opportunistic`.) */
  security: DialMode;
  /** SMTP only; defaults to an address literal of our local address (RFC 5321 §4.1.3). */
  ehloName?: string;
  connectTimeoutMs?: number;
  /** Bounds each wait for a reply, the greeting and each TLS handshake included. */
  stepTimeoutMs?: number;
  /** One deadline for the whole probe, from the first lookup to the last reply. */
  totalTimeoutMs?: number;
  transcript?: boolean;
  signal?: AbortSignal;
}

export interface StarttlsFacts {
  offered: boolean;
  attempted: boolean;
  succeeded: boolean;
  /** The server's reply to STARTTLS/STLS, first line. */
  reply?: string;
}

export interface TlsFacts {
  /** As negotiated: `TLSv1.3`, `TLSv1.2`, … */
  protocol: string;
  cipher: string;
  /** Chain trusted and name matches: the only state in which a credential may be sent. */
  authorized: boolean;
  /** The first reason it is not: an OpenSSL code (`CERT_HAS_EXPIRED`) or `ERR_TLS_CERT_ALTNAME_INVALID`. */
  authorizationError?: string;
  chainTrusted: boolean;
  chainError?: string;
  /** Checked against the host dialled (a name, or an IP literal against IP SANs). */
  nameMatches: boolean;
  nameError?: string;
  /** Common name of the subject. */
  subject: string;
  /** `DNS:mail.example.com`, `IP Address:192.0.2.1`, as OpenSSL prints them. */
  subjectAltNames: string[];
  /** Common name (or organisation) of the issuer. */
  issuer: string;
  selfSigned: boolean;
  /** ISO 8601. */
  validFrom: string;
  validTo: string;
  /** Whole days until `validTo`; negative once expired. */
  daysLeft: number;
  expired: boolean;
  fingerprint256: string;
  /** Below TLS 1.2 (RFC 8996 deprecates 1.0 and 1.1). */
  outdated: boolean;
  /** The name sent as SNI; absent for IP literals (RFC 6066 §3). */
  servername?: string;
}

export interface TranscriptLine {
  /** Milliseconds since the probe started. */
  at: number;
  /** `c`: we sent it; `s`: the server sent it; `tls` and `info`: notes of ours. */
  dir: 'c' | 's' | 'tls' | 'info';
  line: string;
}

export interface SmtpExtensions {
  protocol: 'smtp';
  /** SIZE in bytes; 0 when advertised without a limit (RFC 1870 §4). */
  size?: number;
  pipelining: boolean;
  eightBitMime: boolean;
  smtpUtf8: boolean;
  requireTls: boolean;
  dsn: boolean;
  chunking: boolean;
  enhancedStatusCodes: boolean;
}

export interface ImapExtensions {
  protocol: 'imap';
  imap4rev1: boolean;
  imap4rev2: boolean;
  /** LOGIN (and AUTHENTICATE PLAIN) refused on this connection state (RFC 3501 §6.2.3). */
  loginDisabled: boolean;
  saslIr: boolean;
  /** The greeting was PREAUTH: already authenticated, no login possible or needed. */
  preauth: boolean;
}

export interface Pop3Extensions {
  protocol: 'pop3';
  /** USER/PASS is available (RFC 2449 §6.3). */
  user: boolean;
  /** CAPA answered; without it, the other facts are unknown rather than false. */
  capa: boolean;
  pipelining: boolean;
  uidl: boolean;
  top: boolean;
}

export type ProbeExtensions = SmtpExtensions | ImapExtensions | Pop3Extensions;

export interface ProbeResult {
  protocol: Protocol;
  host: string;
  port: number;
  requestedSecurity: DialMode;
  /** What the dialogue ended with; `none` when it never got secured (or never started). */
  observedSecurity: ObservedSecurity;
  outcome: ProbeOutcome;
  message: string;
  /** The IP address dialled, when a connection was made. */
  address?: string;
  durationMs: number;
  /** The greeting, lines joined with "\n". */
  greeting?: string;
  /** Capabilities read in cleartext (SMTP EHLO keywords with parameters, IMAP capabilities,
   *  POP3 CAPA lines). Empty for implicit TLS. */
  capabilitiesBeforeTls: string[];
  /** Read again after the handshake: for implicit TLS, the only list. */
  capabilitiesAfterTls?: string[];
  /** SASL mechanisms, upper-case. */
  authBeforeTls: string[];
  authAfterTls: string[];
  starttls: StarttlsFacts;
  /** From the last capability list read. */
  extensions?: ProbeExtensions;
  tls?: TlsFacts;
  transcript?: TranscriptLine[];
}

/** `not-tried`: the login was not attempted there (see the report's `permission`): nothing was sent. */
export type LoginOutcome = 'ok' | 'bad-credentials' | 'method-unsupported' | 'refused-insecure' | 'not-tried' | 'error' | 'aborted';

export interface LoginRequest {
  protocol: Protocol;
  host: string;
  port: number;
  /** `tls` or `starttls`; anything else is refused without connecting. */
  security: DialMode;
  username: string;
  password: string;
  connectTimeoutMs?: number;
  stepTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Kept with every credential redacted. */
  transcript?: boolean;
  signal?: AbortSignal;
}

export interface LoginResult {
  outcome: LoginOutcome;
  message: string;
  /** `PLAIN`, `LOGIN`, `IMAP LOGIN`, `USER`; absent when nothing was tried. */
  mechanism?: string;
  /** Why a connection problem happened, when it was one. */
  probeOutcome?: ProbeOutcome;
  tls?: TlsFacts;
  durationMs: number;
  transcript?: TranscriptLine[];
}
