// One endpoint's identity and the modes a probe dials it in. Below every stage: discovery
// merges by the key, the scheduler probes by it, the ranking matches probes to candidates
// and removes duplicates by it.
import type { DialMode, Protocol, PublishedSecurity } from './types.js';

/** Protocol, host, port and security mode: two endpoints with the same key are one endpoint.
 *  The mode is a published one for candidates and a dial mode for probes (probeModes maps
 *  one onto the other). `any` names the endpoint in every mode (the same server published
 *  with different security). Host names compare without regard to case (RFC 4343). */
export function endpointKey(endpoint: { protocol: Protocol; host: string; port: number }, security: PublishedSecurity | DialMode | 'any'): string {
  return `${endpoint.protocol}|${endpoint.host.toLowerCase()}|${endpoint.port}|${security}`;
}

/** How a candidate published as `security` is dialled. A stated TLS mode is dialled as
 *  published; a mode nobody stated ('unspecified', e.g. Autodiscover's SSL=on) both ways, and
 *  a cleartext candidate opportunistically (STARTTLS if offered), so a server that can do
 *  better is seen to. */
export function probeModes(candidate: { security: PublishedSecurity }): DialMode[] {
  switch (candidate.security) {
    case 'tls':
      return ['tls'];
    case 'starttls':
      return ['starttls'];
    case 'none':
      return ['opportunistic'];
    case 'unspecified':
      return ['tls', 'opportunistic'];
  }
}
