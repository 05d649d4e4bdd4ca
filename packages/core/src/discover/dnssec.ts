// When a DNS answer's AD bit may be believed. The bit is set by the resolver, not signed: a
// resolver across the network can claim it, and anyone on the path can set it. So it counts
// only from a resolver on this machine, or one the user says is trusted (RFC 6186 §6).
import { isIP } from 'node:net';
import { parseServerSpec } from '../net/resolv-conf.js';
import type { DnsAnswer } from '../net/types.js';

/** `undefined`: trust only resolvers on loopback; `true`: trust the configured ones; `false`: never. */
export type ResolverTrust = boolean | undefined;

export function isTrustedAd(answer: Pick<DnsAnswer, 'authenticated' | 'server'>, trust: ResolverTrust): boolean {
  if (!answer.authenticated || trust === false) return false;
  if (trust === true) return true;
  return answer.server !== undefined && isLoopbackServer(answer.server);
}

/** `127.0.0.53:53`, `[::1]:53`, `::1`: the answer's server, as the resolver records it. */
export function isLoopbackServer(server: string): boolean {
  let host: string;
  try {
    ({ host } = parseServerSpec(server));
  } catch {
    return false;
  }
  return isIP(host) === 4 ? host.startsWith('127.') : host === '::1' || /^::ffff:127\./i.test(host);
}
