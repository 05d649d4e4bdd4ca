// Shapes shared by every stage. Stages pass these as data; none mutates another's objects.
import type { LintNote } from './notes.js';

export type { LintNote, NoteCode, Severity } from './notes.js';

export type Protocol = 'smtp' | 'imap' | 'pop3';

/** What a source published for an endpoint. Never inferred from a port number.
 *  `unspecified`: the source named the endpoint but not its mode (Autodiscover's SSL "on",
 *  a clientConfig socketType missing or not understood); the probe decides. */
export type PublishedSecurity = 'tls' | 'starttls' | 'none' | 'unspecified';

/** How a probe dials: `tls` handshakes at once; `starttls` upgrades and asks even when the
 *  upgrade is not advertised (the refusal is evidence); `opportunistic` connects in cleartext
 *  and upgrades when offered; `none` stays in cleartext (a probe asked for by hand: detection
 *  never dials it). */
export type DialMode = 'tls' | 'starttls' | 'opportunistic' | 'none';

/** @deprecated What a source published is `PublishedSecurity` ('unspecified' replaced
 *  'unknown'); how a probe dials is `DialMode` ('opportunistic' replaced 'unknown'). */
export type Security = PublishedSecurity;

/** `published`: the domain (or its provider) states it over HTTPS or in the embedded table.
 *  `hint`: DNS, plain HTTP or a guess — a probe must confirm it before it is trusted. */
export type Trust = 'published' | 'hint';

// How the ranking orders ports and security modes (rank/policy.ts holds the order itself).
// Vocabulary of the options, the ranking and the report alike, so it lives below all three.
export type Policy = 'submission-first' | 'implicit-tls-first';
export const POLICIES: readonly Policy[] = ['submission-first', 'implicit-tls-first'];

export type SourceName = 'embedded' | 'autoconfig' | 'ispdb' | 'srv' | 'mx' | 'autodiscover' | 'guess';

/** Normalised authentication methods, from clientConfig values, Autodiscover and SASL names. */
export type AuthMethod =
  | 'password-cleartext'
  | 'password-encrypted'
  | 'oauth2'
  | 'ntlm'
  | 'gssapi'
  | 'client-cert'
  | 'client-ip'
  | 'smtp-after-pop'
  | 'none';



/** One server a single source proposes. */
export interface Candidate {
  protocol: Protocol;
  host: string;
  port: number;
  security: PublishedSecurity;
  /** As published, placeholders kept: `%EMAILADDRESS%`, `%EMAILLOCALPART%`; an address a
   *  server echoed back is turned into its placeholder too. Reports show it expanded as
   *  `username`. */
  usernameTemplate?: string;
  authMethods: AuthMethod[];
  source: SourceName;
  /** The URL or DNS record this candidate came from. Until a report expands it for its address,
   *  an address in it reads `%EMAILADDRESS%` (`%25EMAILADDRESS%25` in a URL). */
  evidence: string;
  trust: Trust;
  /** Position in the source's own preference order (0 = first). */
  rank: number;
  /** The source may be trusted to name a host for the user's password (RFC 6186 §6): the
   *  embedded table, the ISPDB, the domain's own HTTPS autoconfig or Autodiscover with no
   *  redirect off it, or DNSSEC-validated DNS from a resolver the user trusts. Absent: no. */
  vouched?: boolean;
  notes?: LintNote[];
}

/** One provenance entry of a merged candidate. */
export type Provenance = Pick<
  Candidate,
  'source' | 'evidence' | 'trust' | 'security' | 'usernameTemplate' | 'authMethods' | 'rank' | 'vouched' | 'notes'
>;

/** Candidates from all sources merged by protocol, host, port and security. */
export interface MergedCandidate {
  protocol: Protocol;
  host: string;
  port: number;
  security: PublishedSecurity;
  usernameTemplate?: string;
  authMethods: AuthMethod[];
  /** The strongest trust among its provenance. */
  trust: Trust;
  /** Every source that proposed it, strongest first. Never empty. */
  provenance: Provenance[];
}

/** A merged candidate as shown for one address (a report, a discovery): its username and
 *  every text expanded for that address. */
export interface AddressedCandidate extends MergedCandidate {
  /** The template expanded for this address. */
  username?: string;
}

/** How one source ended:
 *  - `found`: it proposed at least one candidate;
 *  - `empty`: it answered, and the answer holds nothing usable (SRV target "." saying the
 *    service is not offered, a null MX, an MX inside the domain itself, no guessed name that
 *    resolves);
 *  - `not-found`: nothing was published there (404, NXDOMAIN, no record);
 *  - `error`: something answered but could not be used (a broken document, every DNS query
 *    failing, a bug in the source);
 *  - `timeout`: the source's own time ran out;
 *  - `aborted`: the caller cancelled, the overall deadline came, or the run stopped early once
 *    the answer was settled or the network was found missing;
 *  - `skipped`: turned off by the `sources` option (or by `offline`). */
export type SourceStatus = 'found' | 'empty' | 'not-found' | 'error' | 'timeout' | 'aborted' | 'skipped';

/** What one source asked, how it went and how long it took. */
export interface SourceRecord {
  source: SourceName;
  /** The URLs fetched or DNS names queried. */
  requests: string[];
  status: SourceStatus;
  durationMs: number;
  candidates: number;
  error?: { code: string; message: string };
  notes: LintNote[];
}

/** What every source returns. */
export interface SourceResult {
  record: SourceRecord;
  candidates: Candidate[];
}

/** A verified (or, offline, published) endpoint the report recommends. Its security is
 *  never 'unspecified': the probe decided it. */
export interface Endpoint {
  protocol: Protocol;
  host: string;
  port: number;
  security: Exclude<PublishedSecurity, 'unspecified'>;
  /** Expanded for the address; writers fall back to the address itself when absent. */
  username?: string;
  usernameTemplate?: string;
  authMethods: AuthMethod[];
  /** A probe confirmed it over a real connection (false offline or with probing off). */
  verified: boolean;
}

export interface Recommendation {
  smtp?: Endpoint;
  imap?: Endpoint;
  pop3?: Endpoint;
}
