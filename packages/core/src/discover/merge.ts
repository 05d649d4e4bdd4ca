// One entry per endpoint (protocol, host, port, security), every source that named it kept.
import { endpointKey } from '../endpoint.js';
import { AutoconfError } from '../errors.js';
import type { Candidate, LintNote, MergedCandidate, Provenance, SourceName, Trust } from '../types.js';

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

/** The merge as sources end: each source's candidates join the running set, and only the
 *  endpoints they name are merged again. `add` returns what `mergeCandidates` would return
 *  for everything added so far (test/core/discover/merge.test.ts compares the two). */
export interface Merger {
  add(candidates: readonly Candidate[]): MergedCandidate[];
}

export function createMerger(): Merger {
  // Groups with a stated mode, by endpoint and mode, in the order they were first seen.
  const stated = new Map<string, Group>();
  // The same groups by endpoint without the mode.
  const statedByEndpoint = new Map<string, Group[]>();
  // Candidates that leave the mode to the probe, by endpoint without the mode.
  const unstated = new Map<string, Group>();
  const merged = new Map<string, MergedCandidate>();
  const remerge = (anyMode: string): void => {
    const loose = unstated.get(anyMode);
    const groups = statedByEndpoint.get(anyMode);
    if (groups === undefined) {
      if (loose !== undefined) merged.set(anyMode, toMerged(loose));
      return;
    }
    // "TLS or STARTTLS, probe decides": when another source names the mode for the same
    // endpoint, the unspecified one supports it; otherwise it stays a candidate of its own.
    merged.delete(anyMode);
    for (const group of groups) {
      merged.set(endpointKey(group.endpoint, group.endpoint.security), toMerged({ endpoint: group.endpoint, members: [...group.members, ...(loose?.members ?? [])] }));
    }
  };
  return {
    add(candidates) {
      const touched = new Set<string>();
      for (const candidate of candidates) {
        const anyMode = endpointKey(candidate, 'any');
        touched.add(anyMode);
        const [table, key] = candidate.security === 'unspecified' ? [unstated, anyMode] : [stated, endpointKey(candidate, candidate.security)];
        let group = table.get(key);
        if (group === undefined) {
          group = { endpoint: pickEndpoint(candidate), members: [] };
          table.set(key, group);
          if (table === stated) statedByEndpoint.set(anyMode, [...(statedByEndpoint.get(anyMode) ?? []), group]);
        }
        group.members.push(candidate);
      }
      for (const anyMode of touched) remerge(anyMode);
      // Stated modes first, then endpoints known only without one, each in first-seen order;
      // the sort is stable, so equal provenance keeps that order.
      const keys = [...stated.keys(), ...[...unstated.keys()].filter((anyMode) => !statedByEndpoint.has(anyMode))];
      return keys.map((key) => merged.get(key)!).sort((a, b) => compareProvenance(firstOf(a), firstOf(b)));
    },
  };
}

// Every step is a map lookup or a sort: O(n log n) in the candidates.
export function mergeCandidates(candidates: readonly Candidate[]): MergedCandidate[] {
  return createMerger().add(candidates);
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
    ...(candidate.notes === undefined || candidate.notes.length === 0 ? {} : { notes: [...candidate.notes] }),
  };
}

/** One source naming the same endpoint twice from the same evidence counts once; what it
 *  noted about either is kept. */
function dedupe(provenance: Provenance[]): Provenance[] {
  const kept = new Map<string, Provenance>();
  for (const entry of provenance) {
    const key = `${entry.source}\u0000${entry.evidence}\u0000${entry.security}`;
    const first = kept.get(key);
    if (first === undefined) {
      kept.set(key, entry);
      continue;
    }
    const extra = (entry.notes ?? []).filter((note) => !(first.notes ?? []).some((known) => sameNote(known, note)));
    if (extra.length > 0) kept.set(key, { ...first, notes: [...(first.notes ?? []), ...extra] });
  }
  return [...kept.values()];
}

function sameNote(a: LintNote, b: LintNote): boolean {
  return a.code === b.code && a.message === b.message && a.at === b.at;
}

function firstOf(merged: Pick<MergedCandidate, 'provenance'>): Provenance {
  const first = merged.provenance[0];
  if (first === undefined) throw new AutoconfError('INTERNAL', 'A merged candidate has no provenance.');
  return first;
}

function pickEndpoint(candidate: Candidate): Group['endpoint'] {
  return { protocol: candidate.protocol, host: candidate.host.toLowerCase(), port: candidate.port, security: candidate.security };
}
