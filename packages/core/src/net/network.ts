// The one network context of a detection: a resolver, the lookup built on it, and the CAs
// trusted on top of Node's roots. Made once per run and handed to every stage.
import { X509Certificate } from 'node:crypto';
import { AutoconfError } from '../errors.js';
import { createResolver } from './dns-client.js';
import type { Network, Resolver } from './types.js';

export interface NetworkOptions {
  /** DNS servers, `ip` or `ip:port`; default: the nameservers of /etc/resolv.conf. */
  servers?: string[];
  timeoutMs?: number;
  attempts?: number;
  /** PEM certificates trusted in addition to Node's bundled roots. */
  extraCa?: string[];
  /** A ready resolver; `servers`, `timeoutMs` and `attempts` must not be given with it. */
  resolver?: Resolver;
}

function checkCa(pem: unknown, index: number): string {
  try {
    if (typeof pem !== 'string') throw new TypeError('not a string');
    new X509Certificate(pem);
    return pem;
  } catch (cause) {
    throw new AutoconfError('OPTION_INVALID', `extraCa[${index}] is not a PEM certificate.`, { cause });
  }
}

export function createNetwork(options: NetworkOptions = {}): Network {
  const { resolver: given, extraCa = [], ...resolverOptions } = options;
  if (given && Object.values(resolverOptions).some((value) => value !== undefined)) {
    throw new AutoconfError('OPTION_INVALID', 'Give either a resolver or servers/timeoutMs/attempts, not both.');
  }
  const resolver = given ?? createResolver(resolverOptions);
  return Object.freeze({
    resolver,
    lookup: resolver.lookup,
    extraCa: Object.freeze(extraCa.map(checkCa)),
  });
}
