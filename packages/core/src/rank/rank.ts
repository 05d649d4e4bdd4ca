// Pick the recommendation and order the alternatives. Confirmed beats published beats guessed;
// a trusted certificate beats an untrusted one; within those, the policy's port order decides.
// Cleartext and certificate problems are only ever chosen when the caller allows insecure results.
import { endpointKey, probeModes } from '../endpoint.js';
import type { ProbeResult } from '../probe/types.js';
import type { Endpoint, MergedCandidate, Policy, Protocol } from '../types.js';
import { assess, compareKeys, publishedHosts, securityEvidence, type Assessment, type Verdict } from './assess.js';

export interface RankInput {
  candidates: readonly MergedCandidate[];
  probes: readonly ProbeResult[];
  policy: Policy;
  allowInsecure: boolean;
}

// An endpoint as the ranking hands it on (the report's recommended and alternatives).
export interface RankedEndpoint extends Endpoint {
  /** Why it ranks where it does, e.g. "confirmed, published by autoconfig, policy slot 1". */
  reason: string;
  /** Sources that proposed it. */
  sources: string[];
}

export interface Ranking {
  recommended: Partial<Record<Protocol, RankedEndpoint>>;
  alternatives: RankedEndpoint[];
  assessments: Assessment[];
}

/** Outcomes that say more about the network we are on than about the server. */
const NETWORK_OUTCOMES = new Set(['timeout-connect', 'unreachable', 'dns-failed', 'aborted', 'timeout-total']);

function assessAll(input: Pick<RankInput, 'candidates' | 'probes' | 'policy'>): Assessment[] {
  const byKey = new Map(input.probes.map((probe) => [endpointKey(probe, probe.requestedSecurity), probe]));
  const published = publishedHosts(input.candidates);
  const evidence = securityEvidence(input.candidates);
  return input.candidates
    .map((candidate) => {
      const probes = probeModes(candidate).flatMap((security) => {
        const probe = byKey.get(endpointKey(candidate, security));
        return probe === undefined ? [] : [probe];
      });
      return assess(candidate, probes, input.policy, published, evidence);
    })
    .sort((a, b) => compareKeys(a.key, b.key));
}

export function rank(input: RankInput): Ranking {
  const assessments = assessAll(input);
  const usable = assessments.filter((a) => isUsable(a, input));
  const recommended: Partial<Record<Protocol, RankedEndpoint>> = {};
  for (const protocol of ['smtp', 'imap', 'pop3'] as const) {
    const best = pickBest(usable.filter((a) => a.candidate.protocol === protocol), input);
    if (best !== undefined) recommended[protocol] = toEndpoint(best);
  }
  // IMAP is preferred, but a provider that publishes only POP3 is not overruled by a guess.
  if (recommended.imap !== undefined && recommended.pop3 !== undefined) {
    const imapPublished = input.candidates.some((c) => c.protocol === 'imap' && c.trust === 'published');
    const pop3Published = input.candidates.some((c) => c.protocol === 'pop3' && c.trust === 'published');
    if (pop3Published && !imapPublished && !recommended.imap.sources.some((s) => s !== 'guess' && s !== 'srv')) {
      delete recommended.imap;
    }
  }
  // An unchecked POP3 next to a verified IMAP adds nothing but doubt: it stays an alternative.
  if (recommended.imap?.verified === true && recommended.pop3 !== undefined && !recommended.pop3.verified) {
    delete recommended.pop3;
  }
  const chosen = new Set(Object.values(recommended).map((e) => endpointKey(e, e.security)));
  const alternatives = usable
    .map(toEndpoint)
    .filter((e) => !chosen.has(endpointKey(e, e.security)));
  return { recommended, alternatives: dedupe(alternatives), assessments };
}

function isUsable(a: Assessment, input: RankInput): boolean {
  const secure = a.security === 'tls' || a.security === 'starttls';
  switch (a.verdict) {
    case 'confirmed':
      return true;
    case 'cert-problem':
      return input.allowInsecure;
    case 'plaintext':
      return input.allowInsecure;
    case 'unprobed':
      return secure && a.candidate.trust === 'published';
    case 'failed':
      // A published endpoint that this network cannot reach is still the provider's answer.
      return secure && a.candidate.trust === 'published' && NETWORK_OUTCOMES.has(a.probe?.outcome ?? '');
    case 'downgrade':
      return false;
  }
}

const PREFERENCE: Verdict[] = ['confirmed', 'unprobed', 'failed', 'cert-problem', 'plaintext'];

function pickBest(list: Assessment[], input: RankInput): Assessment | undefined {
  for (const verdict of PREFERENCE) {
    const found = list.filter((a) => a.verdict === verdict).sort((a, b) => compareKeys(a.key, b.key));
    // Unchecked guesses are not advice: only published data stands in for a probe.
    const pick = verdict === 'confirmed' ? found[0] : found.find((a) => a.candidate.trust === 'published') ?? (input.allowInsecure ? found[0] : undefined);
    if (pick !== undefined) return pick;
  }
  return undefined;
}

function toEndpoint(a: Assessment): RankedEndpoint {
  const { candidate } = a;
  // Never 'unspecified' in practice: an unprobed endpoint is only usable with a stated TLS mode.
  const security = a.security === 'unspecified' ? 'starttls' : a.security;
  return {
    protocol: candidate.protocol,
    host: candidate.host,
    port: candidate.port,
    security,
    // The template only: the report expands it for the address it serves.
    ...(candidate.usernameTemplate === undefined ? {} : { usernameTemplate: candidate.usernameTemplate }),
    // As published; what the server itself offers is in the probe (authAfterTls).
    authMethods: candidate.authMethods,
    verified: a.verdict === 'confirmed',
    reason: reasonOf(a),
    sources: [...new Set(candidate.provenance.map((p) => p.source))],
  };
}

function reasonOf(a: Assessment): string {
  const trust = a.candidate.trust === 'published' ? 'published' : 'hint';
  const by = [...new Set(a.candidate.provenance.map((p) => p.source))].join(', ');
  const what: Record<Verdict, string> = {
    confirmed: 'confirmed by a probe',
    unprobed: 'not probed',
    failed: `not reachable from here (${a.probe?.outcome ?? 'unknown'})`,
    'cert-problem': `certificate problem (${a.probe?.tls?.authorizationError ?? 'untrusted'})`,
    plaintext: 'works in cleartext only',
    downgrade: 'TLS expected but not offered',
  };
  return `${what[a.verdict]}; ${trust} by ${by}`;
}

function dedupe(list: RankedEndpoint[]): RankedEndpoint[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = endpointKey(e, e.security);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
