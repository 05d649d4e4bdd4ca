// The security/port preference of a ranking policy. Lower is better.
// `submission-first` follows RFC 6409 (587 is the submission port) and this product's
// probe order; `implicit-tls-first` follows RFC 8314 §3.3 (prefer implicit TLS).
import type { Policy, Protocol, PublishedSecurity } from '../types.js';

type Slot = readonly [port: number, security: PublishedSecurity];

const ORDER: Record<Policy, Record<Protocol, readonly Slot[]>> = {
  'submission-first': {
    smtp: [[587, 'starttls'], [465, 'tls'], [25, 'starttls']],
    imap: [[993, 'tls'], [143, 'starttls']],
    pop3: [[995, 'tls'], [110, 'starttls']],
  },
  'implicit-tls-first': {
    smtp: [[465, 'tls'], [587, 'starttls'], [25, 'starttls']],
    imap: [[993, 'tls'], [143, 'starttls']],
    pop3: [[995, 'tls'], [110, 'starttls']],
  },
};

/** Standard slots first in policy order, then other ports with TLS, then STARTTLS,
 *  and cleartext last of all. */
export function policyRank(policy: Policy, protocol: Protocol, port: number, security: PublishedSecurity): number {
  const slots = ORDER[policy][protocol];
  const index = slots.findIndex(([p, s]) => p === port && s === security);
  if (index >= 0) return index;
  if (security === 'tls') return slots.length;
  if (security === 'starttls') return slots.length + 1;
  return slots.length + 2 + (security === 'unspecified' ? 0 : 1);
}
