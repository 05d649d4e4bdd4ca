// Which of the explained causes the live server bears out. One probe of the endpoint (never a
// login) says what the server really speaks there; each cause that the probe can see is then
// `confirmed` or `ruled-out`, and a login problem (which a probe cannot see) stays `unknown`.
import type { ProbeResult } from '../probe/types.js';
import type { CauseCode } from './causes.js';
import type { Explanation } from './explain.js';

export type LiveVerdict = 'confirmed' | 'ruled-out' | 'unknown';

export interface CheckedExplanation extends Explanation {
  live: LiveVerdict;
}

// OpenSSL (and Node) reading a cleartext "220 …" greeting as a TLS record.
const NOT_TLS = /wrong.version.number|packet.length.too.long|unknown.protocol|record.layer.failure/i;

const verdict = (yes: boolean, no: boolean): LiveVerdict => (yes ? 'confirmed' : no ? 'ruled-out' : 'unknown');

/** What the probe says of one cause. */
export function confirmCause(code: CauseCode | 'not-recognised', probe: ProbeResult): LiveVerdict {
  const connected = probe.address !== undefined && probe.outcome !== 'refused' && probe.outcome !== 'timeout-connect';
  const cleartextGreeting = probe.requestedSecurity !== 'tls' && probe.greeting !== undefined;
  const spokeTls = probe.tls !== undefined && probe.observedSecurity === 'tls';
  const tls = probe.tls;
  switch (code) {
    case 'tls-on-starttls-port':
      return verdict(cleartextGreeting || (probe.outcome === 'tls-failed' && NOT_TLS.test(probe.message)), spokeTls);
    case 'no-tls-on-tls-port':
      // Connected, and no greeting before a deadline (the greeting's own or the whole probe's).
      return verdict(spokeTls || (probe.requestedSecurity !== 'tls' && connected && probe.greeting === undefined && /^timeout-(greeting|total|step)$/.test(probe.outcome)), cleartextGreeting);
    case 'starttls-not-offered':
    case 'starttls-required':
      // 530 5.7.0 is fixed by STARTTLS: it applies when the server offers it.
      return code === 'starttls-not-offered'
        ? verdict(cleartextGreeting && probe.capabilitiesBeforeTls.length > 0 && !probe.starttls.offered, probe.starttls.offered)
        : verdict(probe.starttls.offered, cleartextGreeting && probe.capabilitiesBeforeTls.length > 0 && !probe.starttls.offered);
    case 'tls-not-available':
      return verdict(probe.starttls.attempted && !probe.starttls.succeeded && /^454\b/.test(probe.starttls.reply ?? ''), probe.starttls.succeeded || spokeTls);
    case 'certificate-self-signed':
      return tls === undefined ? 'unknown' : verdict(tls.selfSigned && !tls.chainTrusted, tls.authorized || !tls.selfSigned);
    case 'certificate-name-mismatch':
      return tls === undefined ? 'unknown' : verdict(!tls.nameMatches, tls.nameMatches);
    case 'certificate-expired':
      return tls === undefined ? 'unknown' : verdict(tls.expired, !tls.expired);
    case 'certificate-untrusted':
      return tls === undefined ? 'unknown' : verdict(!tls.chainTrusted, tls.chainTrusted);
    case 'server-busy':
      return verdict(probe.outcome === 'rejected' && /^421\b/.test(probe.greeting ?? ''), probe.greeting !== undefined && /^220\b/.test(probe.greeting));
    case 'connection-refused':
      return verdict(probe.outcome === 'refused', connected);
    case 'connection-timeout':
      return verdict(probe.outcome === 'timeout-connect', connected);
    default:
      // Logins, relaying, provider policies and local settings: a probe sends no password.
      return 'unknown';
  }
}

/** The explanations with the probe's verdict on each: confirmed first, ruled out last. */
export function confirmExplanations(explanations: readonly Explanation[], probe: ProbeResult): CheckedExplanation[] {
  const order: Record<LiveVerdict, number> = { confirmed: 0, unknown: 1, 'ruled-out': 2 };
  return explanations
    .map((explanation) => ({ ...explanation, live: confirmCause(explanation.code, probe) }))
    .sort((a, b) => order[a.live] - order[b.live]);
}
