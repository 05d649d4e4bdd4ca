// The report: the one JSON-serialisable object every front end consumes. Bump
// REPORT_SCHEMA_VERSION on any incompatible change and keep schema/report.schema.json in step.
import type { ProbeResult } from '../probe/types.js';
import type { RankedEndpoint } from '../rank/rank.js';
import type { AddressedCandidate, Policy, Protocol, PublishedSecurity, Severity, SourceRecord } from '../types.js';
import type { LoginCheck } from '../verify/logins.js';
import type { FindingCode } from './findings.js';

// Made by the stages below; part of the report's vocabulary.
export type { LoginCheck, RankedEndpoint };

// 2: published security says `unspecified` (was `unknown`), a probe request `opportunistic`
// (was `unknown`), candidates carry their provenance notes, and new finding codes.
export const REPORT_SCHEMA_VERSION = 2;

/** The endpoint a finding is about, as it was published: `unspecified` when the source did
 *  not say (the probes' own dial modes are in `probes[].requestedSecurity`). */
export interface EndpointRef {
  protocol: Protocol;
  host: string;
  port: number;
  security: PublishedSecurity;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** One line: what to do about it. */
  fix: string;
  endpoint?: EndpointRef;
  /** URLs, DNS records or protocol lines that show it. */
  evidence: string[];
}

/** How the report came to be: `verified` — the recommendation was confirmed over the network;
 *  `unverified` — some of it stands on published data alone (offline, probing off, no network,
 *  or no probe could confirm it from this network);
 *  `not-found` — nothing usable; `no-network` — nothing usable because no DNS server answered
 *  (a statement about the network, not the domain). */
export type ReportStatus = 'verified' | 'unverified' | 'not-found' | 'no-network';

/** Why nothing recommended is verified (or, with `not-found`, why nothing could be trusted):
 *  `offline`: the offline option; `no-network`: no DNS server answered; `probing-off`: the probe
 *  option was false; `certificate`: the server answered, but its certificate is not trusted
 *  (recommended only with allowInsecure); `cleartext`: the server answered, in cleartext only
 *  (recommended only with allowInsecure); `not-confirmed`: no probe reached it from here. */
export type UnverifiedReason = 'offline' | 'no-network' | 'probing-off' | 'certificate' | 'cleartext' | 'not-confirmed';

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generator: { name: string; version: string };
  /** ISO 8601, when the detection started. */
  startedAt: string;
  address: {
    input: string;
    address: string;
    addressUnicode: string;
    localPart: string;
    domain: string;
    domainUnicode: string;
  };
  status: ReportStatus;
  /** Only when `status` is `unverified`: why nothing was confirmed. */
  unverifiedReason?: UnverifiedReason;
  policy: Policy;
  recommended: {
    smtp?: RankedEndpoint;
    imap?: RankedEndpoint;
    pop3?: RankedEndpoint;
  };
  /** Every other usable endpoint, best first. */
  alternatives: RankedEndpoint[];
  findings: Finding[];
  /** Usernames, evidence and notes expanded for this report's address. */
  candidates: AddressedCandidate[];
  probes: ProbeResult[];
  sources: SourceRecord[];
  /** Opt-in login checks (only with a password given by the caller), one per recommended
   *  endpoint, each saying why a login was or was not tried there. */
  logins: LoginCheck[];
  /** False when the overall deadline cut the work short or no DNS server answered. (A
   *  cancelled detection returns no report: it throws ABORTED.) */
  complete: boolean;
  timings: {
    totalMs: number;
    discoverMs: number;
    probeMs: number;
    /** Per source, from its record. */
    sources: Record<string, number>;
  };
}
