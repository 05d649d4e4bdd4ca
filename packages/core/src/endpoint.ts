// One endpoint's identity and the modes a probe dials it in. Below every stage: discovery
// merges by the key, the scheduler probes by it, the ranking matches probes to candidates
// and removes duplicates by it.
import type { Protocol, Security } from './types.js';

/** Protocol, host, port and security mode: two endpoints with the same key are one endpoint.
 *  `any` names the endpoint in every mode (the same server published with different security).
 *  Host names compare without regard to case (RFC 4343). */
export function endpointKey(endpoint: { protocol: Protocol; host: string; port: number }, security: Security | 'any'): string {
  return `${endpoint.protocol}|${endpoint.host.toLowerCase()}|${endpoint.port}|${security}`;
}

/** The modes a candidate published as `security` is probed in. A published mode is probed as
 *  published; a mode nobody could state ('unknown', e.g. Autodiscover's SSL=on) is probed both
 *  ways, and a cleartext candidate with STARTTLS-if-offered ('unknown'), so a server that can
 *  do better is seen to. */
export function probeModes(candidate: { security: Security }): Security[] {
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
