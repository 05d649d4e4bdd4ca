// Which probes a candidate needs. A published mode is probed as published; a mode nobody
// could state ('unknown', e.g. Autodiscover's SSL=on) is probed both ways, and a cleartext
// candidate is probed with STARTTLS-if-offered so a server that can do better is seen to.
import type { ProbeRequest } from '../probe/types.js';
import type { MergedCandidate, Security } from '../types.js';

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
