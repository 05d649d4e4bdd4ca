// One DNS question to one server: UDP with EDNS0 first, TCP when the answer was truncated
// (RFC 7766 §5). Replies that do not match our id and question are ignored rather than
// trusted (RFC 5452 §9.1), so a stray or spoofed datagram cannot end the wait early.
import { setMaxListeners } from 'node:events';
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type DecodedPacket, type Packet, type RecordType as WireRecordType } from 'dns-packet';
import { AutoconfError } from '../errors.js';
import type { DnsServer } from './resolv-conf.js';

// RFC 9715 / DNS flag day 2020: 1232 octets avoids IP fragmentation on most paths.
export const EDNS_UDP_PAYLOAD_BYTES = 1232;
// A DNS message over TCP carries a 16-bit length, so nothing larger can arrive.
export const MAX_RESPONSE_BYTES = 65_535;

export type Transport = 'udp' | 'tcp';

export interface WireQueryOptions {
  server: DnsServer;
  name: string;
  type: WireRecordType;
  timeoutMs: number;
  signal?: AbortSignal;
  maxResponseBytes?: number;
}

export type WireResult =
  | { kind: 'response'; packet: DecodedPacket; transport: Transport }
  | { kind: 'timeout'; transport: Transport }
  | { kind: 'error'; transport: Transport; message: string };

interface Exchange {
  server: DnsServer;
  query: Packet;
  timeoutMs: number;
  maxBytes: number;
  signal: AbortSignal | undefined;
}

function buildQuery(name: string, type: WireRecordType): Packet {
  return {
    type: 'query',
    id: randomInt(65_536),
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_PAYLOAD_BYTES, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  };
}

function matches(query: Packet, reply: DecodedPacket): boolean {
  const asked = query.questions?.[0];
  const got = reply.questions?.[0];
  return (
    reply.type === 'response' &&
    reply.id === query.id &&
    reply.questions?.length === 1 &&
    asked !== undefined &&
    got !== undefined &&
    got.name.toLowerCase() === asked.name.toLowerCase() &&
    got.type === asked.type &&
    (got.class ?? 'IN') === 'IN'
  );
}

function tryDecode(bytes: Buffer): DecodedPacket | undefined {
  try {
    return dnsPacket.decode(bytes);
  } catch {
    return undefined;
  }
}

function abortedError(): AutoconfError {
  return new AutoconfError('ABORTED', 'The DNS query was cancelled.');
}

/** Runs `start` with a deadline and the caller's signal; `finish` settles once, then cleans up. */
function runExchange(
  exchange: Exchange,
  transport: Transport,
  start: (finish: (result: WireResult) => void) => () => void,
): Promise<WireResult> {
  return new Promise((resolve, reject) => {
    if (exchange.signal?.aborted) {
      reject(abortedError());
      return;
    }
    let cleanup: () => void = () => {};
    let settled = false;
    const settle = (result: WireResult | AutoconfError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      exchange.signal?.removeEventListener('abort', onAbort);
      cleanup();
      if (result instanceof AutoconfError) reject(result);
      else resolve(result);
    };
    const onAbort = (): void => settle(abortedError());
    const timer = setTimeout(() => settle({ kind: 'timeout', transport }), exchange.timeoutMs);
    // One signal commonly covers dozens of queries in flight (a source, a detection): that fan-out
    // is by design, and each listener is removed when its exchange settles.
    if (exchange.signal !== undefined) setMaxListeners(0, exchange.signal);
    exchange.signal?.addEventListener('abort', onAbort, { once: true });
    cleanup = start(settle);
    if (settled) cleanup();
  });
}

function exchangeUdp(exchange: Exchange): Promise<WireResult> {
  return runExchange(exchange, 'udp', (finish) => {
    const { server, query, maxBytes } = exchange;
    const socket = dgram.createSocket(server.family === 6 ? 'udp6' : 'udp4');
    let closed = false;
    const fail = (message: string): void => finish({ kind: 'error', transport: 'udp', message });
    socket.on('error', (error) => fail(`UDP ${server.address}: ${error.message}`));
    socket.on('message', (message, remote) => {
      if (message.length > maxBytes) return;
      // A connected socket only receives from the server, but check anyway: cheap and explicit.
      if (remote.port !== server.port) return;
      const reply = tryDecode(message);
      if (reply && matches(query, reply)) finish({ kind: 'response', packet: reply, transport: 'udp' });
    });
    // connect() makes the kernel drop datagrams from other peers and report ICMP errors.
    // A failed connect (no route: ENETUNREACH) comes to this callback, not to 'error'.
    socket.connect(server.port, server.host, (error?: Error) => {
      if (closed) return;
      if (error) {
        fail(`UDP ${server.address}: ${error.message}`);
        return;
      }
      socket.send(dnsPacket.encode(query), (error) => {
        if (error) fail(`UDP ${server.address}: ${error.message}`);
      });
    });
    return () => {
      closed = true;
      socket.removeAllListeners('message');
      socket.on('error', () => {});
      try {
        socket.close();
      } catch {
        // Already closed after an error.
      }
    };
  });
}

function exchangeTcp(exchange: Exchange): Promise<WireResult> {
  return runExchange(exchange, 'tcp', (finish) => {
    const { server, query, maxBytes } = exchange;
    const fail = (message: string): void => finish({ kind: 'error', transport: 'tcp', message });
    const socket = net.connect({ host: server.host, port: server.port });
    let buffered = Buffer.alloc(0);
    socket.on('error', (error) => fail(`TCP ${server.address}: ${error.message}`));
    socket.on('connect', () => socket.write(dnsPacket.streamEncode(query)));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // RFC 7766 §8: each message is preceded by its two-octet length; several may follow.
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (length > maxBytes) return fail(`TCP ${server.address}: response of ${length} bytes exceeds the ${maxBytes}-byte cap`);
        if (buffered.length < 2 + length) return;
        const reply = tryDecode(buffered.subarray(2, 2 + length));
        buffered = buffered.subarray(2 + length);
        if (!reply) return fail(`TCP ${server.address}: malformed DNS response`);
        if (matches(query, reply)) return finish({ kind: 'response', packet: reply, transport: 'tcp' });
      }
    });
    socket.on('end', () => fail(`TCP ${server.address}: connection closed before a response`));
    return () => {
      socket.removeAllListeners('data');
      socket.on('error', () => {});
      socket.destroy();
    };
  });
}

/** Returns the server's matching reply, or `timeout` / `error` as data; throws only on abort. */
export async function queryServer(options: WireQueryOptions): Promise<WireResult> {
  const exchange: Exchange = {
    server: options.server,
    query: buildQuery(options.name, options.type),
    timeoutMs: options.timeoutMs,
    maxBytes: Math.min(options.maxResponseBytes ?? MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES),
    signal: options.signal,
  };
  const udp = await exchangeUdp(exchange);
  if (udp.kind !== 'response' || !udp.packet.flag_tc) return udp;
  return exchangeTcp({ ...exchange, query: { ...exchange.query, id: randomInt(65_536) } });
}
