// Where a password may go (RFC 6186 §6, DESIGN security rule 1). A login is tried on a host
// only when it lies inside the address's registrable domain, when a source we trust to name
// hosts named it (`vouched`: the embedded table, the ISPDB, the domain's own HTTPS autoconfig or
// Autodiscover with no redirect off it, DNSSEC from a trusted resolver), or when the user
// consented by naming that host. Unsigned DNS and cross-domain redirects can be forged by
// anyone on the path, so they never decide on their own where a password goes.
import { getDomain } from 'tldts';
import type { ParsedAddress } from '../address.js';
import { hasControlCharacters } from '../text/control-characters.js';
import type { Endpoint, MergedCandidate, Provenance } from '../types.js';

export type LoginBasis =
  /** Allowed: the host is inside the address's registrable domain. */
  | 'own-domain'
  /** Allowed: a trustworthy source named the host. */
  | 'trusted-source'
  /** Allowed: the user named the host. */
  | 'consent'
  /** Not tried: only unauthenticated sources named the host; it needs the user's consent. */
  | 'needs-consent'
  /** Not tried: no probe confirmed the endpoint. */
  | 'not-verified'
  /** Not tried: the endpoint has no TLS. */
  | 'insecure';

export interface LoginPermission {
  allowed: boolean;
  basis: LoginBasis;
  /** Why, in plain words. */
  reason: string;
  /** The sources that named the host: `source: evidence`. */
  namedBy: string[];
}

export interface LoginTarget {
  endpoint: Pick<Endpoint, 'protocol' | 'host' | 'port' | 'security' | 'verified'>;
  candidates: readonly MergedCandidate[];
  address: Pick<ParsedAddress, 'domain'>;
  allowHosts?: readonly string[];
}

export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

export function decideLogin({ endpoint, candidates, address, allowHosts = [] }: LoginTarget): LoginPermission {
  const host = normalizeHost(endpoint.host);
  const naming = candidates.filter((candidate) => normalizeHost(candidate.host) === host).flatMap((candidate) => candidate.provenance);
  const namedBy = [...new Set(naming.map((entry) => `${entry.source}: ${entry.evidence}`))];
  const vouching = [...new Set(naming.filter((entry) => entry.vouched === true).map((entry) => `${entry.source}: ${entry.evidence}`))];
  if (endpoint.security === 'none') {
    return { allowed: false, basis: 'insecure', reason: `${host} offers no TLS: a password never travels in cleartext.`, namedBy };
  }
  if (!endpoint.verified) {
    return { allowed: false, basis: 'not-verified', reason: `no probe confirmed ${host}:${endpoint.port} over trusted TLS.`, namedBy };
  }
  const userDomain = getDomain(address.domain) ?? address.domain;
  if (getDomain(host) === userDomain) {
    return { allowed: true, basis: 'own-domain', reason: `${host} is inside ${userDomain}.`, namedBy };
  }
  if (vouching.length > 0) {
    return { allowed: true, basis: 'trusted-source', reason: `${host} was named by a trusted source (${vouching[0]}).`, namedBy: vouching };
  }
  if (allowHosts.some((allowed) => normalizeHost(allowed) === host)) {
    return { allowed: true, basis: 'consent', reason: `you allowed ${host}.`, namedBy };
  }
  const by = [...new Set(naming.map((entry) => UNVOUCHED[entry.source]))].join(' and ') || 'nothing';
  return {
    allowed: false,
    basis: 'needs-consent',
    reason: `${host} is outside ${userDomain}, and only ${by} named it, which anyone on the network path can forge.`,
    namedBy,
  };
}

/** What a source that did not vouch for a host was, in words a user can weigh. */
const UNVOUCHED: Record<Provenance['source'], string> = {
  embedded: 'the embedded table',
  autoconfig: 'autoconfig reached over plain HTTP or a redirect off the domain',
  ispdb: 'the ISPDB reached through a redirect',
  srv: 'an SRV record without trusted DNSSEC',
  mx: 'an MX record without trusted DNSSEC',
  autodiscover: 'Autodiscover reached through DNS or a redirect off the domain',
  guess: 'a host-name guess',
};

/** NUL separates SASL PLAIN fields, CR and LF end a command line, and no other control or
 *  bidi character has business in a login name: refused before the first login sends anything. */
export function isSendableUsername(username: string): boolean {
  return username.length > 0 && !hasControlCharacters(username);
}
