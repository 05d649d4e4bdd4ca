// What a probe says about a candidate, and the key that orders candidates under a policy.
// Pure functions: the scheduler uses them to decide when the best answer is confirmed,
// the ranker to pick the recommendation.
import { endpointKey } from '../endpoint.js';
import type { ProbeResult } from '../probe/types.js';
import type { MergedCandidate, Policy, Protocol, PublishedSecurity } from '../types.js';
import { SOURCE_PRIORITY } from '../discover/merge.js';
import { policyRank } from './policy.js';

/** `confirmed`: reached, secured, certificate trusted for the name dialled.
 *  `cert-problem`: secured, but the certificate is expired, untrusted or for another name.
 *  `downgrade`: TLS was expected (see tlsExpected) but none was offered.
 *  `plaintext`: works, in cleartext only, where the domain published cleartext (or nothing
 *  expects TLS).  `failed`: no dialogue.  `unprobed`: not checked. */
export type Verdict = 'confirmed' | 'cert-problem' | 'downgrade' | 'plaintext' | 'failed' | 'unprobed';

export interface Assessment {
  candidate: MergedCandidate;
  /** The probe that decided the verdict (the best one when there were several modes). */
  probe?: ProbeResult;
  verdict: Verdict;
  /** The security the dialogue actually had, else the published one. */
  security: PublishedSecurity;
  /** Lexicographic: lower is better. */
  key: number[];
}

const SAYS_NOTHING: ReadonlySet<string> = new Set(['aborted', 'dns-failed']);

const VERDICT_TIER: Record<Verdict, number> = {
  confirmed: 0, unprobed: 1, 'cert-problem': 2, plaintext: 3, downgrade: 8, failed: 9,
};

/** Ports whose registered service upgrades with STARTTLS (RFC 6409, RFC 3207, RFC 3501, RFC 2595). */
const STARTTLS_SERVICE_PORTS: Record<Protocol, readonly number[]> = { smtp: [587, 25], imap: [143], pop3: [110] };

/** What the sources said about each endpoint's security, whatever mode they merged under.
 *  `tls`: some source (a guess aside) stated TLS or STARTTLS for it — SRV's service names
 *  state it too (discover/srv.ts). `cleartext`: a published source (HTTPS from the domain or
 *  its provider, or our table) stated cleartext for it; hints do not count, since plain HTTP,
 *  unsigned DNS and MX-derived data must never lower a security mode (DESIGN rule 2). */
export interface SecurityEvidence {
  readonly tls: ReadonlySet<string>;
  readonly cleartext: ReadonlySet<string>;
}

export function securityEvidence(candidates: readonly MergedCandidate[]): SecurityEvidence {
  const tls = new Set<string>();
  const cleartext = new Set<string>();
  for (const candidate of candidates) {
    const key = endpointKey(candidate, 'any');
    for (const entry of candidate.provenance) {
      if (entry.source === 'guess') continue;
      if (entry.security === 'tls' || entry.security === 'starttls') tls.add(key);
      else if (entry.security === 'none' && entry.trust === 'published') cleartext.add(key);
    }
  }
  return { tls, cleartext };
}

/** TLS is expected from evidence, not from the port: a source stated TLS for the endpoint;
 *  else, a published source stated cleartext, and it is not; else (a guess, or a mode nobody
 *  stated) nothing says cleartext is intended, so on a STARTTLS service's port a cleartext
 *  answer is what STARTTLS stripping looks like, and it is a downgrade. A guess's own mode is
 *  ours, not the domain's: it is no evidence either way. */
function tlsExpected(candidate: MergedCandidate, evidence: SecurityEvidence): boolean {
  const key = endpointKey(candidate, 'any');
  if (evidence.tls.has(key)) return true;
  if (evidence.cleartext.has(key)) return false;
  return STARTTLS_SERVICE_PORTS[candidate.protocol].includes(candidate.port);
}

function verdictOf(candidate: MergedCandidate, probe: ProbeResult | undefined, evidence: SecurityEvidence): Verdict {
  if (probe === undefined) return 'unprobed';
  if (probe.outcome !== 'ok') return 'failed';
  if (probe.observedSecurity === 'none') return tlsExpected(candidate, evidence) ? 'downgrade' : 'plaintext';
  // TLS below 1.2 is deprecated (RFC 8996): it counts with certificate problems, not as confirmed.
  return probe.tls?.authorized === true && !probe.tls.outdated ? 'confirmed' : 'cert-problem';
}

/** How far the domain stands behind each host, per protocol (lower is stronger): 0 a published
 *  source named it (a guess or DNS hint on such a host carries the provider's word for the
 *  host, and only the port is the guess); 1 the host may receive the password (inside the
 *  address's domain, or vouched for). Hosts absent from the map only unauthenticated sources
 *  named: a forged SRV or MX must not outrank the domain's own working server. */
export type HostStanding = ReadonlyMap<string, number>;

/** A host's standing is per protocol: a provider may publish its IMAP host but not its SMTP. */
const hostKey = (candidate: MergedCandidate): string => `${candidate.protocol}|${candidate.host}`;

export function publishedHosts(candidates: readonly MergedCandidate[]): HostStanding {
  const standing = new Map<string, number>();
  for (const candidate of candidates) {
    const key = hostKey(candidate);
    const level = candidate.trust === 'published' ? 0 : candidate.provenance.some((p) => p.vouched === true) ? 1 : undefined;
    if (level !== undefined && level < (standing.get(key) ?? 2)) standing.set(key, level);
  }
  return standing;
}

export function assess(
  candidate: MergedCandidate,
  probes: readonly ProbeResult[],
  policy: Policy,
  published: HostStanding,
  evidence: SecurityEvidence,
): Assessment {
  // A probe we cancelled (the answer was settled, the deadline came, the network was gone), or
  // one whose name our resolver could not look up, never reached the server and says nothing
  // about it: the endpoint counts as not probed, not as unreachable.
  const options = probes.filter((probe) => !SAYS_NOTHING.has(probe.outcome)).map((probe) => ({ probe, verdict: verdictOf(candidate, probe, evidence) }));
  const best = options.sort((a, b) => VERDICT_TIER[a.verdict] - VERDICT_TIER[b.verdict])[0];
  const verdict = best?.verdict ?? 'unprobed';
  const security = best !== undefined && best.probe.outcome === 'ok' ? best.probe.observedSecurity : candidate.security;
  return {
    candidate,
    ...(best === undefined ? {} : { probe: best.probe }),
    verdict,
    security,
    key: keyOf(candidate, verdict, security, policy, published),
  };
}

/** The key a candidate would have if its probe confirmed it: what the scheduler waits for.
 *  A cleartext or unstated candidate is dialled opportunistically, so at best it upgrades
 *  with STARTTLS; whether its cleartext answer would be a downgrade or plaintext does not
 *  matter here, since only a confirmed probe ends the wait. */
export function optimisticKey(candidate: MergedCandidate, policy: Policy, published: HostStanding): number[] {
  const security = candidate.security === 'unspecified' || candidate.security === 'none' ? 'starttls' : candidate.security;
  return keyOf(candidate, 'confirmed', security, policy, published);
}

function keyOf(
  candidate: MergedCandidate,
  verdict: Verdict,
  security: PublishedSecurity,
  policy: Policy,
  published: HostStanding,
): number[] {
  const first = candidate.provenance[0];
  return [
    VERDICT_TIER[verdict],
    published.get(hostKey(candidate)) ?? 2,
    policyRank(policy, candidate.protocol, candidate.port, security),
    first === undefined ? SOURCE_PRIORITY.length : SOURCE_PRIORITY.indexOf(first.source),
    first?.rank ?? 0,
  ];
}

/** A confirmed key nothing could beat: the policy's first choice on a host a published source
 *  named (the second and third places of the key). */
export function isUnbeatable(key: readonly number[]): boolean {
  return key[1] === 0 && key[2] === 0;
}

export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
