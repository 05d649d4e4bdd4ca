// The one network context of a detection: a resolver, the lookup built on it, and the CAs
// trusted on top of Node's roots (net/trust-store.ts). Made once per run and handed to every stage.
import { X509Certificate } from 'node:crypto';
import { AutoconfError } from '../errors.js';
import { createResolver } from './dns-client.js';
import { createTrustStore } from './trust-store.js';
import type { Network, Resolver } from './types.js';

export interface NetworkOptions {
  /** DNS servers, `ip` or `ip:port`; default: the nameservers of /etc/resolv.conf. */
  servers?: string[];
  /** Per DNS query; default: resolv.conf `options timeout:N`, else DEFAULTS.dnsTimeoutMs. */
  timeoutMs?: number | undefined;
  /** Default: resolv.conf `options attempts:N`, else DEFAULTS.dnsAttempts. */
  attempts?: number | undefined;
  /** PEM certificates trusted in addition to Node's bundled roots. */
  extraCa?: string[];
  /** Trust the file NODE_EXTRA_CA_CERTS names, as Node does (default true; false opts out). */
  nodeExtraCaCerts?: boolean;
  /** Trust the operating system's store too: SSL_CERT_FILE, else SSL_CERT_DIR, else the
   *  distribution's bundle. Default: whether Node runs with --use-openssl-ca. */
  systemCa?: boolean;
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
  const { resolver: given, extraCa = [], nodeExtraCaCerts, systemCa, ...resolverOptions } = options;
  for (const [name, value] of Object.entries({ nodeExtraCaCerts, systemCa })) {
    if (value !== undefined && typeof value !== 'boolean') throw new AutoconfError('OPTION_INVALID', `${name} must be true or false.`);
  }
  if (given && Object.values(resolverOptions).some((value) => value !== undefined)) {
    throw new AutoconfError('OPTION_INVALID', 'Give either a resolver or servers/timeoutMs/attempts, not both.');
  }
  const resolver = given ?? createResolver(resolverOptions);
  const checked = Object.freeze(extraCa.map(checkCa));
  return Object.freeze({
    resolver,
    lookup: resolver.lookup,
    extraCa: checked,
    trust: createTrustStore({
      extraCa: checked,
      ...(nodeExtraCaCerts === undefined ? {} : { nodeExtraCaCerts }),
      ...(systemCa === undefined ? {} : { systemCa }),
    }),
  });
}
