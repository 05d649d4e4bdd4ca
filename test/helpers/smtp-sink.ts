// A real SMTP server (npm smtp-server) on loopback that accepts one user and records what
// reached it: every raw byte from every connection, every AUTH attempt and every message.
// Three modes stand in for the ports clients meet: 'tls' (465, implicit TLS), 'starttls'
// (587; AUTH refused before TLS) and 'no-tls' (a 587 whose STARTTLS was stripped: the
// keyword hidden AND the command disabled, and cleartext AUTH accepted so a leak shows).
import { SMTPServer } from 'smtp-server';
import type { IssuedCert } from './test-ca.js';

export type SinkMode = 'tls' | 'starttls' | 'no-tls';

export interface SinkMessage {
  secure: boolean;
  user: string | undefined;
  from: string | undefined;
  to: string[];
  data: string;
}

export interface SinkAuth {
  method: string;
  username: string | undefined;
  password: string | undefined;
  secure: boolean;
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  mode: SinkMode;
  messages: SinkMessage[];
  auths: SinkAuth[];
  /** Every byte clients sent, as received on the wire (encrypted after TLS starts). */
  received(): Buffer;
  reset(): void;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  mode: SinkMode;
  cert: IssuedCert;
  username: string;
  password: string;
}

const SOCKET_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 1_000;

export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const auths: SinkAuth[] = [];
  let chunks: Buffer[] = [];
  const noTls = options.mode === 'no-tls';
  const server = new SMTPServer({
    secure: options.mode === 'tls',
    key: options.cert.key,
    cert: options.cert.cert,
    name: 'sink.test',
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: noTls,
    hideSTARTTLS: noTls,
    disabledCommands: noTls ? ['STARTTLS'] : [],
    socketTimeout: SOCKET_TIMEOUT_MS,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onAuth(auth, session, callback) {
      auths.push({ method: auth.method, username: auth.username, password: auth.password ?? undefined, secure: session.secure });
      if (auth.username === options.username && auth.password === options.password) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const parts: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => parts.push(chunk));
      stream.on('end', () => {
        messages.push({
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
          from: session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          data: Buffer.concat(parts).toString('utf8'),
        });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  server.server.on('connection', (socket) => {
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp sink has no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    mode: options.mode,
    messages,
    auths,
    received: () => Buffer.concat(chunks),
    reset() {
      messages.length = 0;
      auths.length = 0;
      chunks = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
