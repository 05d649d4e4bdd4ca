// A small authoritative DNS server for tests, on real UDP and TCP loopback sockets.
//
//   const dns = await startDnsServer({
//     zone: {
//       'example.test': { MX: [{ priority: 10, exchange: 'mail.example.test' }], TXT: ['v=spf1 -all'] },
//       'mail.example.test': { A: ['127.0.0.1'] },
//       'alias.example.test': { CNAME: 'mail.example.test' },
//       'nomail.example.test': { MX: [{ priority: 0, exchange: '' }] },     // null MX (RFC 7505)
//       '_imaps._tcp.example.test': { SRV: [{ priority: 0, weight: 0, port: 0, target: '' }] },
//     },
//     behaviours: { 'slow.example.test': ['silence'] },
//   });
//   createResolver({ servers: [dns.address] });   // dns.address is '127.0.0.1:PORT'
//   dns.queries        // every query received: { name, type, transport: 'udp' | 'tcp' }
//   await dns.close();
//
// Zone data uses the same shapes as our DnsAnswer records ('' = the root name "."); TXT
// entries are a string or a list of character-strings. A name with records or with names
// below it exists: other types get NODATA, unknown names NXDOMAIN, both with an SOA whose
// TTL and MINIMUM are `negativeTtl` (default 60). CNAMEs are chased inside the zone (as an
// authoritative server does) unless the name has the 'no-chase' behaviour; a loop in the
// data is served as is. Behaviours, per queried name:
//   'wrong-id-first'       UDP: a reply with another id first, then the real one
//   'wrong-question-first' UDP: a reply for another name (A 192.0.2.66) first
//   'garbage-first'        UDP: a datagram that is not DNS first
//   'truncate-udp'         UDP: an empty reply with TC set; TCP answers in full
//   'servfail' | 'refused' rcode SERVFAIL / REFUSED
//   'silence'              no reply at all, on either transport
//   'no-chase'             answer only the CNAME, leave the target to the client
//   'ad'                   set the AD bit (also `authenticated: true` for all names)
//   'huge'                 adds 400 TXT records (~40 KB): truncated on UDP, full on TCP
// UDP replies larger than the EDNS payload size of the query (512 without EDNS) are sent
// empty with TC set, as a real server does.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type Packet, type Question } from 'dns-packet';

export interface ZoneNode {
  A?: string[];
  AAAA?: string[];
  MX?: { priority: number; exchange: string }[];
  SRV?: { priority: number; weight: number; port: number; target: string }[];
  TXT?: (string | string[])[];
  TLSA?: { usage: number; selector: number; matchingType: number; data: string }[];
  CNAME?: string;
  ttl?: number;
}

export type Behaviour =
  | 'wrong-id-first'
  | 'wrong-question-first'
  | 'garbage-first'
  | 'truncate-udp'
  | 'servfail'
  | 'refused'
  | 'silence'
  | 'no-chase'
  | 'ad'
  | 'huge';

export interface DnsServerOptions {
  zone: Record<string, ZoneNode>;
  behaviours?: Record<string, Behaviour[]>;
  /** '127.0.0.1' (default) or '::1'. */
  host?: string;
  /** 0 (default) picks a free port, the same for UDP and TCP. */
  port?: number;
  authenticated?: boolean;
  negativeTtl?: number;
  defaultTtl?: number;
}

export interface LoggedQuery {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
}

export interface TestDnsServer {
  host: string;
  port: number;
  /** `host:port` (`[::1]:port` for IPv6), ready for `servers: [...]`. */
  address: string;
  queries: LoggedQuery[];
  close(): Promise<void>;
}

const CLASSIC_UDP_BYTES = 512;
const HUGE_TXT_COUNT = 400;
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;
const RCODE_REFUSED = 5;

const lower = (name: string): string => name.toLowerCase().replace(/\.$/, '');
const wireName = (name: string): string => (name === '' ? '.' : name);

function recordsOf(name: string, node: ZoneNode, type: string, ttl: number): Answer[] {
  const base = { name, ttl, class: 'IN' as const };
  switch (type) {
    case 'A':
    case 'AAAA':
      return (node[type] ?? []).map((data) => ({ ...base, type, data }));
    case 'MX':
      return (node.MX ?? []).map((mx) => ({ ...base, type, data: { preference: mx.priority, exchange: wireName(mx.exchange) } }));
    case 'SRV':
      return (node.SRV ?? []).map((srv) => ({ ...base, type, data: { ...srv, target: wireName(srv.target) } }));
    case 'TXT':
      return (node.TXT ?? []).map((txt) => ({ ...base, type, data: txt }));
    case 'TLSA':
      return (node.TLSA ?? []).map((t) => ({ ...base, type, data: { usage: t.usage, selector: t.selector, matchingType: t.matchingType, certificate: Buffer.from(t.data, 'hex') } }));
    case 'CNAME':
      return node.CNAME === undefined ? [] : [{ ...base, type, data: node.CNAME }];
    default:
      return [];
  }
}

function createAnswerer(options: DnsServerOptions) {
  const zone = new Map(Object.entries(options.zone).map(([name, node]) => [lower(name), node]));
  const behaviours = new Map(Object.entries(options.behaviours ?? {}).map(([name, list]) => [lower(name), new Set(list)]));
  const defaultTtl = options.defaultTtl ?? 300;
  const negativeTtl = options.negativeTtl ?? 60;
  const exists = (name: string): boolean => zone.has(name) || [...zone.keys()].some((key) => key.endsWith(`.${name}`));

  function soa(name: string): Answer {
    const apex = name.split('.').slice(-2).join('.');
    const data = { mname: `ns.${apex}`, rname: `hostmaster.${apex}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: negativeTtl };
    return { type: 'SOA', name: apex, ttl: negativeTtl, class: 'IN', data };
  }

  return function answer(query: DecodedPacket, question: Question): { reply: Packet; has: Set<Behaviour> } {
    const qname = lower(question.name);
    const has = behaviours.get(qname) ?? new Set<Behaviour>();
    const flags = dnsPacket.AUTHORITATIVE_ANSWER | (query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) |
      (options.authenticated || has.has('ad') ? dnsPacket.AUTHENTIC_DATA : 0);
    const reply: Packet = { type: 'response', id: query.id, flags, questions: [question], answers: [], authorities: [] };
    // dns-packet encodes the rcode only as the low four bits of the flags (RFC 1035 §4.1.1).
    if (has.has('servfail') || has.has('refused')) return { reply: { ...reply, flags: flags | (has.has('servfail') ? RCODE_SERVFAIL : RCODE_REFUSED) }, has };
    const answers: Answer[] = [];
    let name = qname;
    // Chase CNAMEs inside the zone, stopping at a name already served (a loop in the data).
    for (const seen = new Set<string>(); !seen.has(name); ) {
      seen.add(name);
      const node = zone.get(name);
      const ttl = node?.ttl ?? defaultTtl;
      if (node?.CNAME !== undefined && question.type !== 'CNAME') {
        answers.push(...recordsOf(name, node, 'CNAME', ttl));
        if (has.has('no-chase')) break;
        name = lower(node.CNAME);
        continue;
      }
      if (node) answers.push(...recordsOf(name, node, question.type, ttl));
      if (has.has('huge') && question.type === 'TXT') {
        for (let i = 0; i < HUGE_TXT_COUNT; i += 1) answers.push({ type: 'TXT', name, ttl, class: 'IN', data: `filler-${i}-${'x'.repeat(80)}` });
      }
      break;
    }
    reply.answers = answers;
    if (answers.length === 0 || answers.every((record) => record.type === 'CNAME' && question.type !== 'CNAME')) {
      if (!exists(name)) reply.flags = flags | RCODE_NXDOMAIN;
      if (!has.has('no-chase')) reply.authorities = [soa(name)];
    }
    return { reply, has };
  };
}

function udpLimit(query: DecodedPacket): number {
  const opt = (query.additionals ?? []).find((record) => record.type === 'OPT');
  return opt && 'udpPayloadSize' in opt ? Math.max(opt.udpPayloadSize, CLASSIC_UDP_BYTES) : CLASSIC_UDP_BYTES;
}

function bindUdp(type: 'udp4' | 'udp6', host: string, port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(type);
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function listenTcp(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startDnsServer(options: DnsServerOptions): Promise<TestDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const answer = createAnswerer(options);
  const queries: LoggedQuery[] = [];
  const sockets = new Set<net.Socket>();

  function handle(bytes: Buffer, transport: 'udp' | 'tcp'): { reply: Packet; has: Set<Behaviour>; query: DecodedPacket } | undefined {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(bytes);
    } catch {
      return undefined;
    }
    const question = query.questions?.[0];
    if (!question) return undefined;
    queries.push({ name: lower(question.name), type: question.type, transport });
    return { ...answer(query, question), query };
  }

  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const handled = handle(buffered.subarray(2, 2 + length), 'tcp');
        buffered = buffered.subarray(2 + length);
        if (handled && !handled.has.has('silence')) socket.write(dnsPacket.streamEncode(handled.reply));
      }
    });
  });
  tcp.on('error', () => {});

  // Port 0 for UDP, then the same port for TCP; another process may hold it, so retry.
  let udp: dgram.Socket | undefined;
  for (let attempt = 0; attempt < 20 && !udp; attempt += 1) {
    const candidate = await bindUdp(net.isIPv6(host) ? 'udp6' : 'udp4', host, options.port ?? 0);
    try {
      await listenTcp(tcp, host, candidate.address().port);
      udp = candidate;
    } catch (error) {
      candidate.close();
      if (options.port) throw error;
    }
  }
  if (!udp) throw new Error('could not bind UDP and TCP on one port');
  const port = udp.address().port;
  const socket = udp;
  socket.on('error', () => {});
  socket.on('message', (bytes, remote) => {
    const handled = handle(bytes, 'udp');
    if (!handled || handled.has.has('silence')) return;
    const { reply, has, query } = handled;
    const send = (packet: Packet | Buffer): void => {
      socket.send(Buffer.isBuffer(packet) ? packet : dnsPacket.encode(packet), remote.port, remote.address);
    };
    if (has.has('garbage-first')) send(Buffer.from('this is not a DNS message'));
    if (has.has('wrong-id-first')) send({ ...reply, id: ((query.id ?? 0) + 1) % 65_536 });
    if (has.has('wrong-question-first')) {
      const other = { name: `spoofed.${reply.questions?.[0]?.name ?? 'test'}`, type: 'A' as const, class: 'IN' as const };
      send({ ...reply, questions: [other], answers: [{ type: 'A', name: other.name, ttl: 60, data: '192.0.2.66' }] });
    }
    const full = dnsPacket.encode(reply);
    if (has.has('truncate-udp') || full.length > udpLimit(query)) {
      send({ ...reply, flags: (reply.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [] });
    } else {
      send(full);
    }
  });

  return {
    host,
    port,
    address: net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        for (const open of sockets) open.destroy();
        socket.close(() => tcp.close(() => resolve()));
      }),
  };
}
