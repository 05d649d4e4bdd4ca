// One probe conversation: a socket (cleartext, then maybe TLS), a capped line reader,
// a per-step timeout and one deadline signal for the whole connection.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Network } from '../net/types.js';
import { openConnection } from './connect.js';
import { ProbeFailure, classifySocketError } from './failure.js';
import { RESPONSE_MAX_BYTES, createLineReader, type LineReader } from './line-reader.js';
import { upgradeToTls } from './starttls.js';
import { readTlsFacts } from './tls-facts.js';
import type { Transcript } from './transcript.js';
import type { ObservedSecurity, TlsFacts } from './types.js';

export interface SessionOptions {
  host: string;
  port: number;
  connectTimeoutMs: number;
  stepTimeoutMs: number;
  /** Aborted with a ProbeFailure reason on the total deadline or the caller's abort. */
  signal: AbortSignal;
  transcript: Transcript;
}

/** `greeting` only changes which timeout outcome a silent server gets. */
export type WaitKind = 'greeting' | 'step';

const FRAMING_MESSAGES = {
  'line-too-long': 'the server sent a line longer than 4 KiB',
  'queue-full': 'the server sent more than 64 KiB without being asked',
} as const;

export class Session {
  readonly address: string | undefined;
  security: ObservedSecurity;
  tls: TlsFacts | undefined;
  private socket: Socket;
  private reader: LineReader = createLineReader();
  private failure: ProbeFailure | undefined;
  private wake: (() => void) | undefined;
  private readonly options: SessionOptions;

  private constructor(socket: Socket, options: SessionOptions) {
    this.socket = socket;
    this.options = options;
    this.address = socket.remoteAddress;
    this.security = 'none';
    options.signal.addEventListener('abort', this.onAbort);
    this.attach(socket);
  }

  static async open(network: Network, options: SessionOptions): Promise<Session> {
    const { host, port, connectTimeoutMs, signal, transcript } = options;
    const plain = await openConnection(network, { host, port, timeoutMs: connectTimeoutMs, signal });
    transcript.add('info', `connected to ${plain.remoteAddress}:${plain.remotePort}`);
    return new Session(plain, options);
  }

  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  send(line: string, shown: string = line): void {
    this.options.transcript.add('c', shown);
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  /** Reads lines until `isLast` says the reply is complete; at most 64 KiB per reply. */
  async readReply(kind: WaitKind, isLast: (line: string) => boolean): Promise<string[]> {
    const lines: string[] = [];
    let bytes = 0;
    for (;;) {
      const line = await this.readLine(kind);
      bytes += line.length + 2;
      if (bytes > RESPONSE_MAX_BYTES) throw this.fail(new ProbeFailure('protocol-error', 'the server sent a reply longer than 64 KiB'));
      lines.push(line);
      if (isLast(line)) return lines;
    }
  }

  readLine(kind: WaitKind): Promise<string> {
    const ready = this.take();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    const { stepTimeoutMs } = this.options;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        const outcome = kind === 'greeting' ? 'timeout-greeting' : 'timeout-step';
        reject(new ProbeFailure(outcome, `no ${kind === 'greeting' ? 'greeting' : 'reply'} within ${stepTimeoutMs} ms`));
      }, stepTimeoutMs);
      this.wake = () => {
        const line = this.take();
        if (line === undefined && !this.failure) return;
        clearTimeout(timer);
        this.wake = undefined;
        if (line !== undefined) resolve(line);
        else reject(this.failure);
      };
    });
  }

  /** Implicit TLS, or STARTTLS/STLS accepted: drop whatever came before the handshake. */
  async startTls(network: Network, security: 'tls' | 'starttls'): Promise<void> {
    const { host, stepTimeoutMs, signal, transcript } = this.options;
    const dropped = this.reader.clear();
    if (dropped > 0) transcript.add('info', `discarded ${dropped} bytes the server sent before the TLS handshake`);
    const plain = this.socket;
    this.detach(plain);
    const secure = await upgradeToTls(network, plain, { host, timeoutMs: stepTimeoutMs, signal });
    this.socket = secure;
    this.reader = createLineReader();
    this.attach(secure);
    this.noteTls(secure, security);
  }

  close(): void {
    this.options.signal.removeEventListener('abort', this.onAbort);
    this.detach(this.socket);
    this.socket.destroy();
    this.wake = undefined;
  }

  private noteTls(socket: TLSSocket, security: 'tls' | 'starttls'): void {
    this.security = security;
    this.tls = readTlsFacts(socket, this.options.host);
    const { protocol, cipher, authorized, authorizationError } = this.tls;
    this.options.transcript.add('tls', `${protocol} ${cipher}${authorized ? ', trusted' : `, not trusted (${authorizationError})`}`);
  }

  private take(): string | undefined {
    const line = this.reader.shift();
    if (line !== undefined) this.options.transcript.add('s', line);
    return line;
  }

  private fail(failure: ProbeFailure): ProbeFailure {
    this.failure ??= failure;
    this.socket.destroy();
    this.wake?.();
    return this.failure;
  }

  private readonly onData = (chunk: Buffer): void => {
    const error = this.reader.push(chunk);
    if (error) this.fail(new ProbeFailure('protocol-error', FRAMING_MESSAGES[error]));
    else this.wake?.();
  };

  private readonly onError = (error: unknown): void => {
    this.fail(classifySocketError(error, 'reset'));
  };

  private readonly onClose = (): void => {
    this.fail(new ProbeFailure('closed', 'the server closed the connection'));
  };

  private readonly onAbort = (): void => {
    const reason: unknown = this.options.signal.reason;
    // The deadline's reason wins over the close it causes.
    this.failure = reason instanceof ProbeFailure ? reason : new ProbeFailure('aborted', 'aborted');
    this.fail(this.failure);
  };

  private attach(socket: Socket): void {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private detach(socket: Socket): void {
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
  }
}
