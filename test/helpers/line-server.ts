// Scripted SMTP / IMAP / POP3 servers on real loopback sockets, for probe, detect and world tests.
//
//   const server = await startLineServer({
//     greeting: '220 mx.test ESMTP',            // string | string[]; null = tarpit (never greets)
//     tls: { cert: ca.issue({ names: ['127.0.0.1'] }) },  // needed for implicitTls or 'starttls'
//     implicitTls: false,                       // true: TLS from the first byte (465/993/995)
//     rules: [                                  // first match wins; lines without a match get `fallback`
//       { match: 'EHLO', when: 'plain', reply: ['250-mx.test', '250 STARTTLS'] },
//       { match: 'STARTTLS', reply: '220 go ahead', then: 'starttls' },
//       { match: 'EHLO', when: 'tls', reply: ['250-mx.test', '250 AUTH PLAIN'] },
//       { match: 'QUIT', reply: '221 bye', then: 'close' },
//     ],
//   });
//   … probe 127.0.0.1:server.port …
//   server.received()   // every application byte clients sent, all connections (decrypted after TLS)
//   server.lines        // every line received, in order
//   server.servernames  // SNI of each server-side TLS handshake (false: none sent)
//   await server.close()
//
// Rules: `match` is a case-insensitive prefix (string) or a RegExp tested on the received line;
// `when` limits a rule to the cleartext or the TLS part of a connection. `reply` lines get CRLF;
// "{tag}" in them becomes the first word of the received line (for IMAP). A function reply gets
// the line and the connection state. `raw` is written as is after the reply (say, bytes injected
// before a TLS handshake). `stream` writes a lazily generated body with backpressure (a 1 GiB
// reply costs no memory). `then`: 'starttls' (upgrade after replying), 'close', 'reset' (TCP RST),
// 'reset-on-data' (RST as soon as the client sends anything more, e.g. its ClientHello),
// 'hang' (ignore everything from now on).
// `greetingStream` replaces the greeting by a stream. Every socket has an error handler; close()
// destroys every connection. TLS options (minVersion, maxVersion, ciphers) make outdated servers.
import net, { type Socket } from 'node:net';
import tls, { type SecureContext, type SecureVersion, type TLSSocket } from 'node:tls';
import { once } from 'node:events';
import type { IssuedCert } from './test-ca.js';

export type ReplyLines = string | string[];

export interface ConnectionState {
  secure: boolean;
  /** 0 for the first connection. */
  index: number;
}

export interface Rule {
  match: string | RegExp;
  when?: 'plain' | 'tls';
  reply?: ReplyLines | ((line: string, state: ConnectionState) => ReplyLines | undefined);
  raw?: string | Buffer;
  stream?: () => Iterable<Buffer | string>;
  then?: 'starttls' | 'close' | 'reset' | 'reset-on-data' | 'hang';
}

export interface ServerTlsOptions {
  cert: IssuedCert;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

export interface LineServerOptions {
  /** Default 127.0.0.1; '::1' for IPv6. */
  host?: string;
  port?: number;
  greeting: ReplyLines | null;
  greetingStream?: () => Iterable<Buffer | string>;
  tls?: ServerTlsOptions;
  implicitTls?: boolean;
  rules?: Rule[];
  /** Reply to a line no rule matches; default none (silence). */
  fallback?: ReplyLines | ((line: string, state: ConnectionState) => ReplyLines | undefined);
}

export interface LineServer {
  readonly host: string;
  readonly port: number;
  readonly lines: string[];
  /** Connections accepted so far. */
  readonly connections: number;
  /** Server-side TLS handshakes completed. */
  readonly handshakes: number;
  /** The SNI name of each completed handshake; false when the client sent none. */
  readonly servernames: (string | false)[];
  received(): string;
  close(): Promise<void>;
}

const LINE_MAX_BYTES = 65_536;

/** A body of `totalBytes` made by repeating `chunk`, generated as it is written. */
export function* repeatBytes(chunk: Buffer | string, totalBytes: number): Generator<Buffer> {
  const block = Buffer.from(chunk);
  for (let sent = 0; sent < totalBytes; sent += block.length) yield block;
}

export async function startLineServer(options: LineServerOptions): Promise<LineServer> {
  const host = options.host ?? '127.0.0.1';
  const rules = options.rules ?? [];
  const context: SecureContext | undefined = options.tls
    ? tls.createSecureContext({
        cert: options.tls.cert.cert,
        key: options.tls.cert.key,
        ...(options.tls.minVersion ? { minVersion: options.tls.minVersion } : {}),
        ...(options.tls.maxVersion ? { maxVersion: options.tls.maxVersion } : {}),
        ...(options.tls.ciphers ? { ciphers: options.tls.ciphers } : {}),
      })
    : undefined;
  const sockets = new Set<Socket>();
  const received: Buffer[] = [];
  const lines: string[] = [];
  let connections = 0;
  let handshakes = 0;
  const servernames: (string | false)[] = [];

  function serve(plain: Socket): void {
    const state: ConnectionState = { secure: false, index: connections++ };
    let socket: Socket = plain;
    let pending = '';
    let mode: 'normal' | 'reset-on-data' | 'hang' = 'normal';
    sockets.add(plain);
    plain.on('error', () => {});
    plain.on('close', () => sockets.delete(plain));

    function write(reply: ReplyLines | undefined, line = ''): void {
      if (reply === undefined || socket.destroyed) return;
      const tag = line.split(' ')[0] ?? '';
      const list = Array.isArray(reply) ? reply : [reply];
      if (list.length > 0) socket.write(list.map((entry) => `${entry.replaceAll('{tag}', tag)}\r\n`).join(''));
    }

    async function pump(body: Iterable<Buffer | string>): Promise<void> {
      for (const chunk of body) {
        if (socket.destroyed) return;
        if (!socket.write(chunk)) {
          await Promise.race([once(socket, 'drain'), once(socket, 'close')]).catch(() => undefined);
        }
      }
    }

    function upgrade(): void {
      if (!context) throw new Error('line-server: a rule asked for STARTTLS but no tls option was given');
      socket.off('data', onData);
      const secure: TLSSocket = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
      secure.on('error', () => {});
      secure.once('secure', () => {
        handshakes++;
        servernames.push((secure as TLSSocket & { servername?: string | false }).servername ?? false);
      });
      socket = secure;
      state.secure = true;
      pending = '';
      secure.on('data', onData);
    }

    function handle(line: string): void {
      lines.push(line);
      const rule = rules.find((candidate) => {
        if (candidate.when === 'plain' && state.secure) return false;
        if (candidate.when === 'tls' && !state.secure) return false;
        return typeof candidate.match === 'string'
          ? line.toUpperCase().startsWith(candidate.match.toUpperCase())
          : candidate.match.test(line);
      });
      if (!rule) {
        const fallback = options.fallback;
        write(typeof fallback === 'function' ? fallback(line, state) : fallback, line);
        return;
      }
      write(typeof rule.reply === 'function' ? rule.reply(line, state) : rule.reply, line);
      if (rule.raw !== undefined) socket.write(rule.raw);
      if (rule.stream) void pump(rule.stream());
      switch (rule.then) {
        case 'starttls':
          upgrade();
          break;
        case 'close':
          socket.end();
          break;
        case 'reset':
          plain.resetAndDestroy();
          break;
        case 'reset-on-data':
        case 'hang':
          mode = rule.then;
          break;
      }
    }

    function onData(chunk: Buffer): void {
      received.push(Buffer.from(chunk));
      if (mode === 'reset-on-data') {
        plain.resetAndDestroy();
        return;
      }
      if (mode === 'hang') return;
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\n'); end >= 0 && mode === 'normal'; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end).replace(/\r$/, '');
        pending = pending.slice(end + 1);
        const before = socket;
        handle(Buffer.from(line, 'latin1').toString('utf8'));
        // After an upgrade, bytes left from the cleartext part are not TLS: drop them.
        if (socket !== before) pending = '';
      }
      if (pending.length > LINE_MAX_BYTES) socket.destroy();
    }

    if (options.implicitTls) upgrade();
    else plain.on('data', onData);
    if (options.greetingStream) void pump(options.greetingStream());
    else if (options.greeting !== null) write(options.greeting);
  }

  const server = net.createServer(serve);
  server.on('error', () => {});
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('line-server: no port');

  return {
    host,
    port: address.port,
    lines,
    servernames,
    get connections() {
      return connections;
    },
    get handshakes() {
      return handshakes;
    },
    received: () => Buffer.concat(received).toString('latin1'),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
