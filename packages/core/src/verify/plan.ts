// How many candidates the scheduler is offered. (The modes each is probed in are in
// endpoint.ts, below this stage and the ranking, which matches probes to candidates by them.)
import type { MergedCandidate, Protocol } from '../types.js';

// Candidates per protocol the scheduler is offered, strongest first. One document adds at
// most 50 servers per protocol (parse/caps.ts), but a detection reads up to a dozen documents
// (autoconfig, ISPDB, the MX provider's, Autodiscover); the scheduler's bookkeeping grows
// with its jobs, and a deadline leaves time for only so many probes anyway. The rest stay in
// the report as unprobed candidates.
export const MAX_PROBED_PER_PROTOCOL = 50;

/** The strongest `MAX_PROBED_PER_PROTOCOL` of each protocol, in the order given (the merge's). */
export function capForProbing(candidates: readonly MergedCandidate[]): MergedCandidate[] {
  const counts: Partial<Record<Protocol, number>> = {};
  return candidates.filter((candidate) => {
    const count = (counts[candidate.protocol] ?? 0) + 1;
    counts[candidate.protocol] = count;
    return count <= MAX_PROBED_PER_PROTOCOL;
  });
}
