// The servers that make real clients fail the way they fail in the field: each scenario is a
// scripted SMTP server on loopback (or a closed port) and the way the app dials it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLineServer, type LineServer, type LineServerOptions, type Rule } from '../../helpers/line-server.js';
import { createTestCa, type IssuedCert, type TestCa } from '../../helpers/test-ca.js';
import { runClient } from '../../writers/client-harness.js';
import type { Dial, DialAs } from './client-drivers.js';

export const USER = 'alice@example.test';
export const PASSWORD = 'wrong-or-right';
const TIMEOUT_MS = 2_000;
const DAY_MS = 86_400_000;

export interface Scenario {
  id: string;
  /** How the app dials the server. */
  as: DialAs;
  /** The server; undefined: a port where nothing listens (or, with `filtered`, where nothing answers). */
  server?(certs: Certs): LineServerOptions;
  /** A port whose connections are never answered, as behind a firewall that drops them. */
  filtered?: true;
}

interface Certs {
  trusted: IssuedCert;
  selfSigned: IssuedCert;
  otherCa: IssuedCert;
  otherName: IssuedCert;
  expired: IssuedCert;
}

const EHLO_TLS = ['250-mx.test', '250-AUTH PLAIN', '250 8BITMIME'];
// AUTH PLAIN with its initial response, or the response on the next line (PHPMailer).
const LOGIN_OK: Rule[] = [
  { match: /^AUTH PLAIN \S/i, reply: '235 2.7.0 Authentication successful' },
  { match: /^AUTH/i, reply: '334 ' },
  { match: /^[A-Za-z0-9+/]{8,}={0,2}$/, reply: '235 2.7.0 Authentication successful' },
];
const QUIT: Rule = { match: 'QUIT', reply: '221 2.0.0 bye', then: 'close' };

/** An implicit-TLS server that answers `reply` at the step `at` and behaves before it. */
function failingAt(at: 'AUTH' | 'MAIL' | 'RCPT', reply: string[]) {
  return ({ trusted }: Certs): LineServerOptions => ({
    greeting: '220 mx.test ESMTP',
    tls: { cert: trusted },
    implicitTls: true,
    rules: [
      { match: /^(EHLO|HELO)/i, reply: EHLO_TLS },
      ...(at === 'AUTH' ? [{ match: /^AUTH/i, reply }] : LOGIN_OK),
      { match: 'MAIL', reply: at === 'MAIL' ? reply : '250 2.1.0 ok' },
      { match: 'RCPT', reply: at === 'RCPT' ? reply : '250 2.1.5 ok' },
      { match: 'RSET', reply: '250 2.0.0 ok' },
      QUIT,
    ],
  });
}

function implicitTls(cert: keyof Certs) {
  return (certs: Certs): LineServerOptions => ({
    greeting: '220 mx.test ESMTP',
    tls: { cert: certs[cert] },
    implicitTls: true,
    rules: [{ match: /^(EHLO|HELO)/i, reply: EHLO_TLS }, ...LOGIN_OK, QUIT],
  });
}

/** A submission port: cleartext greeting, STARTTLS offered (or not), AUTH only after TLS. */
function starttlsPort(offer: boolean, starttlsReply: string | undefined = undefined) {
  return ({ trusted }: Certs): LineServerOptions => ({
    greeting: '220 mx.test ESMTP',
    tls: { cert: trusted },
    rules: [
      { match: /^(EHLO|HELO)/i, when: 'plain', reply: offer ? ['250-mx.test', '250-STARTTLS', '250 8BITMIME'] : ['250-mx.test', '250-AUTH PLAIN', '250 8BITMIME'] },
      // A server without STARTTLS does not know the command (a client may send it unasked).
      !offer ? { match: 'STARTTLS', reply: '502 5.5.1 Unrecognized command' }
        : starttlsReply === undefined ? { match: 'STARTTLS', reply: '220 2.0.0 Ready to start TLS', then: 'starttls' } : { match: 'STARTTLS', reply: starttlsReply },
      { match: /^(EHLO|HELO)/i, when: 'tls', reply: EHLO_TLS },
      { match: /^AUTH/i, when: 'plain', reply: '530 5.7.0 Must issue a STARTTLS command first' },
      { match: 'MAIL', when: 'plain', reply: '530 5.7.0 Must issue a STARTTLS command first' },
      ...LOGIN_OK,
      QUIT,
    ],
  });
}

export const SCENARIOS = {
  'tls-on-starttls-port': { id: 'tls-on-starttls-port', as: 'tls', server: starttlsPort(true) },
  'plain-on-tls-port': { id: 'plain-on-tls-port', as: 'starttls', server: implicitTls('trusted') },
  'no-starttls': { id: 'no-starttls', as: 'starttls', server: starttlsPort(false) },
  'self-signed': { id: 'self-signed', as: 'tls', server: implicitTls('selfSigned') },
  'unknown-ca': { id: 'unknown-ca', as: 'tls', server: implicitTls('otherCa') },
  'name-mismatch': { id: 'name-mismatch', as: 'tls', server: implicitTls('otherName') },
  expired: { id: 'expired', as: 'tls', server: implicitTls('expired') },
  refused: { id: 'refused', as: 'starttls' },
  filtered: { id: 'filtered', as: 'starttls', filtered: true },
  'starttls-first': { id: 'starttls-first', as: 'plain', server: starttlsPort(false) },
  'tls-not-available': { id: 'tls-not-available', as: 'starttls', server: starttlsPort(true, '454 4.7.0 TLS not available due to local problem') },
  'busy-421': {
    id: 'busy-421',
    as: 'starttls',
    server: () => ({ greeting: '421 4.7.0 mx.test Too many concurrent SMTP connections; please try again later', rules: [QUIT], fallback: '421 4.7.0 closing' }),
  },
  'bad-credentials': { id: 'bad-credentials', as: 'tls', server: failingAt('AUTH', ['535 5.7.8 Username and Password not accepted. For more information, go to', '535 5.7.8  https://support.google.com/mail/?p=BadCredentials a1sm123 - gsmtp']) },
  'app-password': { id: 'app-password', as: 'tls', server: failingAt('AUTH', ['534-5.7.9 Application-specific password required. For more information, go to', '534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor a1sm123 - gsmtp']) },
  'basic-auth-disabled': { id: 'basic-auth-disabled', as: 'tls', server: failingAt('AUTH', ['535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]']) },
  'not-authenticated': { id: 'not-authenticated', as: 'tls', server: failingAt('MAIL', ['530 5.7.57 Client not authenticated to send mail. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]']) },
  'relay-denied': { id: 'relay-denied', as: 'tls', server: failingAt('RCPT', ['550 5.7.1 Unable to relay for bob@example.test']) },
} satisfies Record<string, Scenario>;

export type ScenarioId = keyof typeof SCENARIOS;

export interface World {
  /** Starts the scenario's server, runs `client` against it, and returns what the client said. */
  provoke(scenario: Scenario, send: (dial: Dial) => Promise<string>): Promise<string>;
  close(): Promise<void>;
}

/** A port that never completes a connection: a listener with a backlog of 0 that never
 *  accepts, its queue filled first, so the kernel drops every further SYN — a connect timeout
 *  on loopback, as a firewall makes one. (Node's net.Server accepts at once, hence python3.) */
async function filteredPort(): Promise<{ port: number; close(): void }> {
  const listener = spawn('python3', ['-c', 'import socket, sys\ns = socket.socket()\ns.bind(("127.0.0.1", 0))\ns.listen(0)\nprint(s.getsockname()[1], flush=True)\nsys.stdin.read()'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const [line] = (await once(listener.stdout, 'data')) as [Buffer];
  const port = Number(String(line).trim());
  const fillers = Array.from({ length: 3 }, () => net.connect(port, '127.0.0.1').on('error', () => undefined));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    port,
    close() {
      for (const filler of fillers) filler.destroy();
      listener.kill();
    },
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startWorld(): Promise<World> {
  const ca: TestCa = createTestCa();
  const stranger: TestCa = createTestCa('another CA');
  const certs: Certs = {
    trusted: ca.issue({ names: ['127.0.0.1'] }),
    selfSigned: ca.selfSigned(['127.0.0.1']),
    otherCa: stranger.issue({ names: ['127.0.0.1'] }),
    otherName: ca.issue({ names: ['mail.other.test'] }),
    expired: ca.issue({ names: ['127.0.0.1'], notBefore: new Date(Date.now() - 60 * DAY_MS), notAfter: new Date(Date.now() - 30 * DAY_MS) }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'autoconf-explain-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  const trustStore = join(dir, 'trust.p12');
  await runClient('keytool', ['-importcert', '-noprompt', '-alias', 'test-ca', '-file', caFile, '-keystore', trustStore, '-storetype', 'PKCS12', '-storepass', 'changeit']);
  return {
    async provoke(scenario, send) {
      const server: LineServer | undefined = scenario.server === undefined ? undefined : await startLineServer(scenario.server(certs));
      const filtered = scenario.filtered ? await filteredPort() : undefined;
      try {
        const port = server?.port ?? filtered?.port ?? (await closedPort());
        return await send({ host: '127.0.0.1', port, as: scenario.as, caFile, trustStore, user: USER, password: PASSWORD, timeoutMs: TIMEOUT_MS });
      } finally {
        filtered?.close();
        await server?.close();
      }
    },
    async close() {
      ca.dispose();
      stranger.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
