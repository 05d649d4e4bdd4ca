// Contracts of the network layer. Every lookup, connection and HTTP request of the
// library goes through one `Network`, so a caller (or a test) can point all of it at
// one DNS server and one set of trusted CAs.
import type { LookupFunction } from 'node:net';

export type RecordType = 'A' | 'AAAA' | 'MX' | 'SRV' | 'TXT' | 'TLSA' | 'CNAME';

export interface MxRecord {
  priority: number;
  /** Lower-case, no trailing dot. `''` for a null MX (RFC 7505). */
  exchange: string;
}

export interface SrvRecord {
  priority: number;
  weight: number;
  port: number;
  /** Lower-case, no trailing dot. `''` when the target is "." (service not offered, RFC 2782). */
  target: string;
}

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  /** Hex. */
  data: string;
}

export interface RecordMap {
  A: string;
  AAAA: string;
  MX: MxRecord;
  SRV: SrvRecord;
  TXT: string;
  TLSA: TlsaRecord;
  CNAME: string;
}

/** `nodata`: the name exists without records of that type. Kept apart from `nxdomain`,
 *  `servfail` (temporary) and `timeout` (no answer at all). */
export type DnsStatus = 'ok' | 'nodata' | 'nxdomain' | 'servfail' | 'refused' | 'timeout' | 'error';

export interface DnsAnswer<T extends RecordType = RecordType> {
  name: string;
  type: T;
  status: DnsStatus;
  records: RecordMap[T][];
  /** Seconds; the minimum over the answer (and the CNAME chain). */
  ttl: number;
  /** The AD bit: the resolver says it validated the answer with DNSSEC. */
  authenticated: boolean;
  /** Names followed, in order, when the name was an alias. */
  cnameChain: string[];
  /** The server that answered, `host:port`. */
  server?: string;
  /** When no server gave an answer (timeout, error, refused): every server asked, `host:port`. */
  tried?: string[];
  error?: string;
}

export interface QueryOptions {
  signal?: AbortSignal;
}

export interface Resolver {
  query<T extends RecordType>(name: string, type: T, options?: QueryOptions): Promise<DnsAnswer<T>>;
  /** A `lookup` for `net`, `tls` and HTTP that resolves through this resolver only. */
  lookup: LookupFunction;
}

export type TrustSourceKind = 'node-extra-ca-certs' | 'system' | 'option';

export interface TrustSource {
  kind: TrustSourceKind;
  /** The file or directory read (none for certificates given as an option). */
  path?: string;
  certificates: number;
}

export interface TrustStore {
  /** PEM certificates trusted in addition to Node's bundled roots. */
  added: readonly string[];
  /** Identifies `added` (a digest), so equal stores share one TLS context. */
  key: string;
  /** Where `added` came from, in order. */
  sources: readonly TrustSource[];
  /** Why a configured source added nothing or less (an unreadable file, no store found). */
  notes: readonly string[];
}

/** The port to dial for `host:port` (the host as named, without IPv6 brackets), or undefined
 *  for the port itself. A testing seam: scripted servers on free ports stand in for 587. */
export type PortMap = (host: string, port: number) => number | undefined;

export interface Network {
  resolver: Resolver;
  /** Every connection's name resolution; with `blockPrivateTargets` it drops non-public addresses. */
  lookup: LookupFunction;
  /** Connections to private, loopback, link-local and other non-public addresses are refused
   *  (see net/private-targets.ts); IP literals are checked by the dialers. */
  blockPrivateTargets?: boolean;
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots. */
  extraCa: readonly string[];
  /** Everything trusted on top of Node's bundled roots (NODE_EXTRA_CA_CERTS, the system store,
   *  `extraCa`), where it came from, and why a configured source added nothing. */
  trust: TrustStore;
  /** See PortMap: applied where connections are dialled (probes, logins, HTTP), never to what
   *  a report says. */
  portMap?: PortMap;
}
