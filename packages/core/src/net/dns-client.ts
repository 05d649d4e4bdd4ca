// Our own stub resolver: every name the library looks up goes to the servers of
// /etc/resolv.conf (or the caller's), never through getaddrinfo, so a caller or a test can
// point everything at one DNS server. Outcomes are data; only bad input and abort throw.
import type { Answer, DecodedPacket } from 'dns-packet';
import { AutoconfError } from '../errors.js';
import { createDnsCache, DEFAULT_NEGATIVE_TTL_S, type DnsCache } from './dns-cache.js';
import { queryServer, MAX_RESPONSE_BYTES } from './dns-wire.js';
import { createLookup } from './lookup.js';
import { DEFAULTS, LIMITS } from '../defaults.js';
import { parseServerSpec, readResolvConf, RESOLV_CONF_PATH, type DnsServer } from './resolv-conf.js';
import type { DnsAnswer, DnsStatus, QueryOptions, RecordMap, RecordType, Resolver } from './types.js';

export interface ResolverOptions {
  /** `ip` or `ip:port` (`[v6]:port`); default: the nameservers of resolv.conf. */
  servers?: string[];
  /** Per query and server; default: resolv.conf `options timeout:N` (when `servers` is not
   *  given), else DEFAULTS.dnsTimeoutMs. `undefined` means the default, as an absent key does. */
  timeoutMs?: number | undefined;
  /** Rounds over all servers; default: resolv.conf `options attempts:N`, else DEFAULTS.dnsAttempts. */
  attempts?: number | undefined;
  resolvConfPath?: string;
  /** `true` (default) keeps answers for their TTL; a `DnsCache` shares one (or a test clock). */
  cache?: boolean | DnsCache;
  maxResponseBytes?: number;
}

export const MAX_CNAME_HOPS = LIMITS.cnameHops;
const MAX_ATTEMPTS = LIMITS.dnsAttempts;
const MAX_NAME_OCTETS = 253;
const MAX_LABEL_OCTETS = 63;
const RECORD_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA', 'MX', 'SRV', 'TXT', 'TLSA', 'CNAME']);

interface Settings {
  servers: DnsServer[];
  timeoutMs: number;
  attempts: number;
}

type ServerReply =
  | { kind: 'reply'; packet: DecodedPacket; server: DnsServer }
  | { kind: 'failure'; status: DnsStatus; error: string; server?: DnsServer; tried: string[] };

interface Chain {
  names: string[];
  seen: Set<string>;
  ttl: number;
}

// The most telling failure wins when every server failed: an answer beats silence.
const FAILURE_RANK: Partial<Record<DnsStatus, number>> = { timeout: 1, error: 2, refused: 3, servfail: 4 };

function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Lower-cases and checks a query name (RFC 1035 §2.3.4 limits); A-labels only. */
export function normalizeQueryName(name: string): string {
  const normal = typeof name === 'string' ? normalizeName(name) : '';
  const labels = normal.split('.');
  const valid =
    normal.length > 0 &&
    normal.length <= MAX_NAME_OCTETS &&
    labels.every((label) => label.length > 0 && label.length <= MAX_LABEL_OCTETS && /^[a-z0-9_-]+$/.test(label));
  if (!valid) throw new AutoconfError('DNS_NAME_INVALID', `Not a DNS name that can be queried: ${JSON.stringify(name)}`);
  return normal;
}

function resolveNumber(value: number | undefined, fallback: number, max: number, label: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new AutoconfError('OPTION_INVALID', `${label} must be an integer from 1 to ${max}; got ${String(value)}.`);
  }
  return value;
}

function isInternet(record: Answer): boolean {
  return !('class' in record) || record.class === undefined || record.class === 'IN';
}

function toRecord<T extends RecordType>(type: T, record: Answer): RecordMap[T] {
  const data: unknown = 'data' in record ? record.data : undefined;
  switch (type) {
    case 'MX': {
      const mx = data as { preference?: number; exchange: string };
      return { priority: mx.preference ?? 0, exchange: mx.exchange === '.' ? '' : normalizeName(mx.exchange) } as RecordMap[T];
    }
    case 'SRV': {
      const srv = data as { priority?: number; weight?: number; port: number; target: string };
      const target = srv.target === '.' ? '' : normalizeName(srv.target);
      return { priority: srv.priority ?? 0, weight: srv.weight ?? 0, port: srv.port, target } as RecordMap[T];
    }
    case 'TXT': {
      // RFC 7208 §3.3: the character-strings of one record are joined without separators.
      const parts = Array.isArray(data) ? data : [data];
      return parts.map((part) => (Buffer.isBuffer(part) ? part.toString('utf8') : String(part))).join('') as RecordMap[T];
    }
    case 'TLSA': {
      const tlsa = data as { usage: number; selector: number; matchingType: number; certificate: Buffer };
      const hex = Buffer.from(tlsa.certificate).toString('hex');
      return { usage: tlsa.usage, selector: tlsa.selector, matchingType: tlsa.matchingType, data: hex } as RecordMap[T];
    }
    case 'CNAME':
      return normalizeName(String(data)) as RecordMap[T];
    default:
      return String(data) as RecordMap[T];
  }
}

/** Follows CNAMEs inside one response from `start`; returns where it stopped. */
function followAnswers(packet: DecodedPacket, start: string, type: RecordType, chain: Chain): { name: string; records: Answer[]; error?: string } {
  const answers = (packet.answers ?? []).filter(isInternet);
  let name = start;
  for (;;) {
    const own = answers.filter((record) => record.type === type && normalizeName(record.name) === name);
    if (own.length > 0 || type === 'CNAME') return { name, records: own };
    const alias = answers.find((record) => record.type === 'CNAME' && normalizeName(record.name) === name);
    if (!alias || !('data' in alias)) return { name, records: [] };
    const target = normalizeName(String(alias.data));
    chain.names.push(target);
    chain.ttl = Math.min(chain.ttl, alias.ttl ?? 0);
    if (chain.seen.has(target)) return { name, records: [], error: `CNAME loop: ${[...chain.seen, target].join(' -> ')}` };
    if (chain.names.length > MAX_CNAME_HOPS) return { name, records: [], error: `CNAME chain longer than ${MAX_CNAME_HOPS} hops` };
    chain.seen.add(target);
    name = target;
  }
}

/** RFC 2308 §5: a negative answer lives for min(SOA TTL, SOA MINIMUM). */
function negativeTtl(packet: DecodedPacket): number {
  for (const record of packet.authorities ?? []) {
    if (record.type === 'SOA') return Math.min(record.ttl ?? 0, record.data.minimum ?? 0);
  }
  return DEFAULT_NEGATIVE_TTL_S;
}

// dns-packet decodes the rcode (RFC 1035 §4.1.1) but its types leave it out.
function rcodeOf(packet: DecodedPacket): string {
  return String((packet as DecodedPacket & { rcode?: string }).rcode);
}

function hasSoa(packet: DecodedPacket): boolean {
  return (packet.authorities ?? []).some((record) => record.type === 'SOA');
}

export function createResolver(options: ResolverOptions = {}): Resolver {
  const timeoutMs = options.timeoutMs === undefined ? undefined : resolveNumber(options.timeoutMs, 0, LIMITS.timeoutMs, 'timeoutMs');
  const attempts = options.attempts === undefined ? undefined : resolveNumber(options.attempts, 0, MAX_ATTEMPTS, 'attempts');
  const maxResponseBytes = resolveNumber(options.maxResponseBytes, MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES, 'maxResponseBytes');
  if (options.servers !== undefined && (!Array.isArray(options.servers) || options.servers.length === 0)) {
    throw new AutoconfError('OPTION_INVALID', 'servers must be a non-empty list of DNS server addresses.');
  }
  const givenServers = options.servers?.map(parseServerSpec);
  const resolvConfPath = options.resolvConfPath ?? RESOLV_CONF_PATH;
  const cache = options.cache === false ? undefined : options.cache === true || options.cache === undefined ? createDnsCache() : options.cache;
  let settings: Promise<Settings> | undefined;

  // The caller's value, then what resolv.conf states (only when its servers are used: its
  // options describe those servers), then the table. glibc's own 5 s × 2 never counts.
  function loadSettings(): Promise<Settings> {
    settings ??= givenServers
      ? Promise.resolve({ servers: givenServers, timeoutMs: timeoutMs ?? DEFAULTS.dnsTimeoutMs, attempts: attempts ?? DEFAULTS.dnsAttempts })
      : readResolvConf(resolvConfPath).then((conf) => ({
          servers: conf.servers,
          timeoutMs: timeoutMs ?? conf.stated.timeoutMs ?? DEFAULTS.dnsTimeoutMs,
          attempts: attempts ?? conf.stated.attempts ?? DEFAULTS.dnsAttempts,
        }));
    return settings;
  }

  async function askServers(name: string, type: RecordType, signal: AbortSignal | undefined): Promise<ServerReply> {
    const { servers, timeoutMs: perQueryMs, attempts: rounds } = await loadSettings();
    let failure: (ServerReply & { kind: 'failure' }) | undefined;
    const tried = servers.map((server) => server.address);
    const note = (status: DnsStatus, error: string, server: DnsServer): void => {
      if (!failure || (FAILURE_RANK[status] ?? 0) >= (FAILURE_RANK[failure.status] ?? 0)) failure = { kind: 'failure', status, error, server, tried };
    };
    // resolv.conf(5): each round tries every server in order before the next round.
    for (let round = 0; round < rounds; round += 1) {
      for (const server of servers) {
        const result = await queryServer({ server, name, type, timeoutMs: perQueryMs, signal, maxResponseBytes });
        if (result.kind === 'timeout') {
          note('timeout', `no answer from ${server.address} within ${perQueryMs} ms`, server);
          continue;
        }
        if (result.kind === 'error') {
          note('error', result.message, server);
          continue;
        }
        const rcode = rcodeOf(result.packet);
        if (rcode === 'NOERROR' || rcode === 'NXDOMAIN') return { kind: 'reply', packet: result.packet, server };
        // SERVFAIL and REFUSED speak for this server only: the next one may answer.
        const status = rcode === 'SERVFAIL' ? 'servfail' : rcode === 'REFUSED' ? 'refused' : 'error';
        note(status, `${server.address} answered ${rcode}`, server);
      }
    }
    return failure ?? { kind: 'failure', status: 'error', error: 'no DNS server configured', tried };
  }

  async function resolve<T extends RecordType>(name: string, type: T, signal: AbortSignal | undefined): Promise<DnsAnswer<T>> {
    const chain: Chain = { names: [], seen: new Set([name]), ttl: Number.POSITIVE_INFINITY };
    let authenticated = true;
    let current = name;
    const answer = (status: DnsStatus, server: DnsServer | undefined, fields: Partial<DnsAnswer<T>> = {}): DnsAnswer<T> => ({
      name,
      type,
      status,
      records: [],
      ttl: 0,
      authenticated: false,
      cnameChain: chain.names,
      ...(server ? { server: server.address } : {}),
      ...fields,
    });
    for (;;) {
      const reply = await askServers(current, type, signal);
      if (reply.kind === 'failure') return answer(reply.status, reply.server, { error: reply.error, tried: reply.tried });
      const { packet, server } = reply;
      authenticated &&= packet.flag_ad;
      const followed = followAnswers(packet, current, type, chain);
      if (followed.error) return answer('error', server, { error: followed.error });
      if (followed.records.length > 0) {
        const ttl = Math.min(chain.ttl, ...followed.records.map((record) => ('ttl' in record ? (record.ttl ?? 0) : 0)));
        const records = followed.records.map((record) => toRecord(type, record));
        return answer('ok', server, { records, ttl, authenticated });
      }
      const status = rcodeOf(packet) === 'NXDOMAIN' ? 'nxdomain' : 'nodata';
      // The alias target was not in this response (it lives in another zone): ask for it.
      if (status === 'nodata' && followed.name !== current && !hasSoa(packet)) {
        current = followed.name;
        continue;
      }
      return answer(status, server, { ttl: Math.min(chain.ttl, negativeTtl(packet)), authenticated });
    }
  }

  async function query<T extends RecordType>(name: string, type: T, queryOptions: QueryOptions = {}): Promise<DnsAnswer<T>> {
    const qname = normalizeQueryName(name);
    if (!RECORD_TYPES.has(type)) throw new AutoconfError('OPTION_INVALID', `Unsupported record type: ${String(type)}`);
    const { signal } = queryOptions;
    if (signal?.aborted) throw new AutoconfError('ABORTED', 'The DNS query was cancelled.');
    const cached = cache?.get(qname, type);
    if (cached) return cached;
    return (await joinInFlight(qname, type, signal)) as DnsAnswer<T>;
  }

  // Identical questions asked at the same time (several sources want the MX, the probes want
  // the host the SRV named) share one exchange. It runs under its own signal, aborted only
  // when every caller waiting for it has gone.
  const inFlight = new Map<string, { promise: Promise<DnsAnswer>; controller: AbortController; waiters: number }>();
  function joinInFlight(qname: string, type: RecordType, signal: AbortSignal | undefined): Promise<DnsAnswer> {
    const key = `${type} ${qname}`;
    let entry = inFlight.get(key);
    if (entry === undefined) {
      const controller = new AbortController();
      const promise = resolve(qname, type, controller.signal).then((result) => {
        cache?.set(result);
        return result;
      });
      const created = { promise, controller, waiters: 0 };
      entry = created;
      inFlight.set(key, created);
      promise.then(() => inFlight.delete(key), () => inFlight.delete(key));
    }
    const shared = entry;
    shared.waiters++;
    return new Promise<DnsAnswer>((resolvePromise, reject) => {
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        signal?.removeEventListener('abort', onAbort);
        shared.waiters--;
      };
      const onAbort = (): void => {
        leave();
        if (shared.waiters === 0) shared.controller.abort();
        reject(new AutoconfError('ABORTED', 'The DNS query was cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (result) => {
          if (left) return;
          leave();
          resolvePromise(result);
        },
        (error: unknown) => {
          if (left) return;
          leave();
          reject(error);
        },
      );
    });
  }

  const resolver: Resolver = { query, lookup: createLookup({ query }) };
  return resolver;
}
