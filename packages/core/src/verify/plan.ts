// Which probes a candidate needs. A published mode is probed as published; a mode nobody
// could state ('unknown', e.g. Autodiscover's SSL=on) is probed both ways, and a cleartext
// candidate is probed with STARTTLS-if-offered so a server that can do better is seen to.
import type { ProbeRequest } from '../probe/types.js';
import type { MergedCandidate, Protocol, Security } from '../types.js';

// Candidates per protocol the scheduler is offered, strongest first. One document adds at
// most 50 servers per protocol (parse/caps.ts), but a detection reads up to a dozen documents
// (autoconfig, ISPDB, the MX provider's, Autodiscover); the scheduler's bookkeeping grows
// with its jobs, and a deadline leaves time for only so many probes anyway. The rest stay in
// the report as unprobed candidates.
export const MAX_PROBED_PER_PROTOCOL = 50;

export function probeModes(candidate: MergedCandidate): Security[] {
  switch (candidate.security) {
    case 'tls':
      return ['tls'];
    case 'starttls':
      return ['starttls'];
    case 'none':
      return ['unknown'];
    case 'unknown':
      return ['tls', 'unknown'];
  }
}

export function probeKey(request: Pick<ProbeRequest, 'protocol' | 'host' | 'port' | 'security'>): string {
  return `${request.protocol}|${request.host}|${request.port}|${request.security}`;
}

export function candidateKey(candidate: Pick<MergedCandidate, 'protocol' | 'host' | 'port' | 'security'>): string {
  return `${candidate.protocol}|${candidate.host}|${candidate.port}|${candidate.security}`;
}

/** The strongest `MAX_PROBED_PER_PROTOCOL` of each protocol, in the order given (the merge's). */
export function capForProbing(candidates: readonly MergedCandidate[]): MergedCandidate[] {
  const counts: Partial<Record<Protocol, number>> = {};
  return candidates.filter((candidate) => {
    const count = (counts[candidate.protocol] ?? 0) + 1;
    counts[candidate.protocol] = count;
    return count <= MAX_PROBED_PER_PROTOCOL;
  });
}
