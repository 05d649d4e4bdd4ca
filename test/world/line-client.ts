// A minimal line-based client for the smoke scenario: talks SMTP, IMAP and POP3 to the
// world's real servers with node's net and tls, every read bounded by a timeout.
import net from 'node:net';
import tls from 'node:tls';

const STEP_TIMEOUT_MS = 5_000;
const MAX_BUFFER_BYTES = 64 * 1024;

export interface LineClient {
  socket: net.Socket;
  send(line: string): void;
  /** Lines up to and including the first that `isLast` accepts. */
  readUntil(isLast: (line: string) => boolean): Promise<string[]>;
  /** Stops reading the plain socket and starts TLS on it (STARTTLS, STLS). */
  startTls(servername: string, ca: string): Promise<LineClient>;
  close(): void;
}

export const smtpDone = (line: string): boolean => /^\d{3} /.test(line);
export const taggedDone = (tag: string) => (line: string): boolean => line.startsWith(`${tag} `);
export const pop3Done = (line: string): boolean => /^(\+OK|-ERR)/.test(line);
export const dotDone = (line: string): boolean => line === '.' || line.startsWith('-ERR');

function wrap(socket: net.Socket): LineClient {
  let buffer = '';
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const onData = (chunk: Buffer): void => {
    buffer += chunk.toString('latin1');
    if (buffer.length > MAX_BUFFER_BYTES) failure = new Error('line too long');
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      lines.push(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
    wake?.();
  };
  const onEnd = (error?: Error): void => {
    failure ??= error ?? new Error('connection closed');
    wake?.();
  };
  socket.on('data', onData);
  socket.on('error', onEnd);
  socket.on('close', () => onEnd());

  async function readUntil(isLast: (line: string) => boolean): Promise<string[]> {
    const taken: string[] = [];
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      while (lines.length > 0) {
        const line = lines.shift() as string;
        taken.push(line);
        if (isLast(line)) return taken;
      }
      if (failure) throw new Error(`${failure.message} after ${JSON.stringify(taken)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no complete reply within ${STEP_TIMEOUT_MS} ms: ${JSON.stringify(taken)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  async function startTls(servername: string, ca: string): Promise<LineClient> {
    socket.off('data', onData);
    socket.removeAllListeners('error');
    socket.removeAllListeners('close');
    return wrap(await handshake(tls.connect({ socket, servername, ca })));
  }

  return {
    socket,
    send: (line) => void socket.write(`${line}\r\n`),
    readUntil,
    startTls,
    close: () => socket.destroy(),
  };
}

function handshake<T extends net.Socket>(socket: T, event = 'secureConnect'): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no ${event} within ${STEP_TIMEOUT_MS} ms`));
    }, STEP_TIMEOUT_MS);
    socket.once(event, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}

export async function connectPlain(host: string, port: number): Promise<LineClient> {
  return wrap(await handshake(net.connect({ host, port }), 'connect'));
}

/** Implicit TLS, verified against `ca` for `servername` (never disabled). */
export async function connectTls(host: string, port: number, servername: string, ca: string): Promise<LineClient> {
  return wrap(await handshake(tls.connect({ host, port, servername, ca })));
}

/** How a TCP connect ends within `waitMs`: 'connected', 'refused', 'timeout' or an error code. */
export function tryConnect(host: string, port: number, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), waitMs);
    socket.once('connect', () => done('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : error.code ?? 'error'));
  });
}
