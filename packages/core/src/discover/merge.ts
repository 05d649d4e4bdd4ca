// One entry per endpoint (protocol, host, port, security), every source that named it kept.
import { endpointKey } from '../endpoint.js';
import { AutoconfError } from '../errors.js';
import type { Candidate, MergedCandidate, Provenance, SourceName, Trust } from '../types.js';

// Strongest first. The domain's own HTTPS autoconfig is the draft's first choice (§1.x); the
// ISPDB is curated but can be stale (§2.1); our embedded table is an older snapshot of the
// same kind of data; Autodiscover is the domain's own answer but its SSL flag is ambiguous and
// it is a "lower priority" mechanism for the draft; MX-derived configs rest on unauthenticated
// DNS (§3.x); SRV is DNS too and carries no username or auth (RFC 6186 §6); guesses know nothing.
export const SOURCE_PRIORITY: readonly SourceName[] = ['autoconfig', 'ispdb', 'embedded', 'autodiscover', 'mx', 'srv', 'guess'];

const TRUST_ORDER: readonly Trust[] = ['published', 'hint'];

export function compareProvenance(a: Provenance, b: Provenance): number {
  return (
    TRUST_ORDER.indexOf(a.trust) - TRUST_ORDER.indexOf(b.trust) ||
    SOURCE_PRIORITY.indexOf(a.source) - SOURCE_PRIORITY.indexOf(b.source) ||
    a.rank - b.rank
  );
}

interface Group {
  endpoint: Pick<Candidate, 'protocol' | 'host' | 'port' | 'security'>;
  members: Candidate[];
}

// Every step is a map lookup or a sort: O(n log n) in the candidates, which the gather stage
// re-merges each time a source ends.
export function mergeCandidates(candidates: readonly Candidate[]): MergedCandidate[] {
  const groups = new Map<string, Group>();
  // The groups with a stated mode, by endpoint without the mode.
  const specificByEndpoint = new Map<string, Group[]>();
  const unknown: Candidate[] = [];
  for (const candidate of candidates) {
    if (candidate.security === 'unknown') {
      unknown.push(candidate);
      continue;
    }
    const key = endpointKey(candidate, candidate.security);
    let group = groups.get(key);
    if (group === undefined) {
      group = { endpoint: pickEndpoint(candidate), members: [] };
      groups.set(key, group);
      const anyMode = endpointKey(candidate, 'any');
      const specific = specificByEndpoint.get(anyMode);
      if (specific === undefined) specificByEndpoint.set(anyMode, [group]);
      else specific.push(group);
    }
    group.members.push(candidate);
  }
  // "TLS or STARTTLS, probe decides": when another source names the mode for the same endpoint,
  // the unknown one supports it; otherwise it stays a candidate of its own.
  for (const candidate of unknown) {
    const specific = specificByEndpoint.get(endpointKey(candidate, 'any'));
    if (specific !== undefined) {
      for (const group of specific) group.members.push(candidate);
      continue;
    }
    const key = endpointKey(candidate, 'unknown');
    const group = groups.get(key) ?? { endpoint: pickEndpoint(candidate), members: [] };
    group.members.push(candidate);
    groups.set(key, group);
  }
  return [...groups.values()].map(toMerged).sort((a, b) => compareProvenance(firstOf(a), firstOf(b)));
}

function toMerged({ endpoint, members }: Group): MergedCandidate {
  const ordered = members.map((member) => ({ member, provenance: toProvenance(member) })).sort((a, b) => compareProvenance(a.provenance, b.provenance));
  const provenance = ordered.map((entry) => entry.provenance);
  const strongest = ordered.map((entry) => entry.member);
  const named = strongest.find((member) => member.usernameTemplate !== undefined);
  const authed = strongest.find((member) => member.authMethods.length > 0);
  return {
    ...endpoint,
    ...(named?.usernameTemplate === undefined ? {} : { usernameTemplate: named.usernameTemplate }),
    ...(named?.username === undefined ? {} : { username: named.username }),
    authMethods: [...(authed?.authMethods ?? [])],
    trust: firstOf({ provenance }).trust,
    provenance: dedupe(provenance),
  };
}

function toProvenance(candidate: Candidate): Provenance {
  return {
    source: candidate.source,
    evidence: candidate.evidence,
    trust: candidate.trust,
    security: candidate.security,
    ...(candidate.usernameTemplate === undefined ? {} : { usernameTemplate: candidate.usernameTemplate }),
    authMethods: [...candidate.authMethods],
    rank: candidate.rank,
    ...(candidate.vouched === true ? { vouched: true } : {}),
  };
}

/** One source naming the same endpoint twice from the same evidence counts once. */
function dedupe(provenance: Provenance[]): Provenance[] {
  const seen = new Set<string>();
  return provenance.filter((entry) => {
    const key = `${entry.source}\u0000${entry.evidence}\u0000${entry.security}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstOf(merged: Pick<MergedCandidate, 'provenance'>): Provenance {
  const first = merged.provenance[0];
  if (first === undefined) throw new AutoconfError('INTERNAL', 'A merged candidate has no provenance.');
  return first;
}

function pickEndpoint(candidate: Candidate): Group['endpoint'] {
  return { protocol: candidate.protocol, host: candidate.host.toLowerCase(), port: candidate.port, security: candidate.security };
}
