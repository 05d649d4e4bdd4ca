// The one network context of a detection: a resolver, the lookup built on it, and the CAs
// trusted on top of Node's roots (net/trust-store.ts). Made once per run and handed to every stage.
import { X509Certificate } from 'node:crypto';
import { AutoconfError } from '../errors.js';
import { createResolver } from './dns-client.js';
import { createTrustStore } from './trust-store.js';
import type { Network, PortMap, Resolver } from './types.js';

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
  /** A testing seam: dial another port than the one a candidate, probe or URL names, e.g.
   *  `{ 'mail.example.test:587': 40123 }` or `(host, port) => port`. Reports keep the named port. */
  portMap?: PortMap | Readonly<Record<string, number>>;
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

const isPort = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65_535;
const mapKey = (host: string, port: number): string => `${host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')}:${port}`;

/** One function from either form; a map that returns a non-port is a caller's bug and throws. */
function checkPortMap(portMap: PortMap | Readonly<Record<string, number>>): PortMap {
  if (typeof portMap === 'function') {
    return (host, port) => {
      const mapped = portMap(host, port);
      if (mapped !== undefined && !isPort(mapped)) throw new AutoconfError('OPTION_INVALID', `portMap gave ${String(mapped)} for ${host}:${port}; not a port.`);
      return mapped;
    };
  }
  if (typeof portMap !== 'object' || portMap === null) throw new AutoconfError('OPTION_INVALID', 'portMap must be a function or { "host:port": port }.');
  const table = new Map<string, number>();
  for (const [key, value] of Object.entries(portMap)) {
    const match = /^(.+):(\d{1,5})$/.exec(key);
    if (match === null || !isPort(Number(match[2])) || !isPort(value)) {
      throw new AutoconfError('OPTION_INVALID', `portMap entry ${JSON.stringify(key)}: ${String(value)} is not "host:port": port.`);
    }
    table.set(mapKey(match[1] ?? '', Number(match[2])), value);
  }
  return (host, port) => table.get(mapKey(host, port));
}

export function createNetwork(options: NetworkOptions = {}): Network {
  const { resolver: given, extraCa = [], nodeExtraCaCerts, systemCa, portMap, ...resolverOptions } = options;
  for (const [name, value] of Object.entries({ nodeExtraCaCerts, systemCa })) {
    if (value !== undefined && typeof value !== 'boolean') throw new AutoconfError('OPTION_INVALID', `${name} must be true or false.`);
  }
  if (given && Object.values(resolverOptions).some((value) => value !== undefined)) {
    throw new AutoconfError('OPTION_INVALID', 'Give either a resolver or servers/timeoutMs/attempts, not both.');
  }
  const resolver = given ?? createResolver(resolverOptions);
  const checked = Object.freeze(extraCa.map(checkCa));
  const dialPort = portMap === undefined ? undefined : checkPortMap(portMap);
  return Object.freeze({
    resolver,
    ...(dialPort === undefined ? {} : { portMap: dialPort }),
    lookup: resolver.lookup,
    extraCa: checked,
    trust: createTrustStore({
      extraCa: checked,
      ...(nodeExtraCaCerts === undefined ? {} : { nodeExtraCaCerts }),
      ...(systemCa === undefined ? {} : { systemCa }),
    }),
  });
}
