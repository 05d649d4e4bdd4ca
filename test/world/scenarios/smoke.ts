// Smoke scenario: starts a world and reports what its real servers say on each port, so
// world-smoke.test.ts can assert on it. Argument: 'starttls' (default) or 'cleartext'
// (587 hides STARTTLS and offers AUTH in the clear).
import { promises as dns } from 'node:dns';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { runScenario } from '../scenario.js';
import { startWorld, type World } from '../world.js';
import { connectPlain, connectTls, dotDone, pop3Done, smtpDone, taggedDone, tryConnect, type LineClient } from '../line-client.js';
import type { SubmissionMode } from '../postfix.js';

const DROP_WAIT_MS = 1_500;
const FETCH_TIMEOUT_MS = 5_000;
const AUTOCONFIG_XML = '<?xml version="1.0"?><clientConfig version="1.1"/>';

const extensions = (lines: string[]): string[] => lines.slice(1).map((line) => line.slice(4).split(' ')[0] ?? '');
const authLine = (lines: string[]): string | undefined => lines.find((line) => /^250[ -]AUTH /.test(line))?.slice(4);
const plain = (user: string, password: string): string => Buffer.from(`\0${user}\0${password}`).toString('base64');

async function ehlo(client: LineClient): Promise<string[]> {
  client.send('EHLO client.example.test');
  return client.readUntil(smtpDone);
}

async function smtpPort(world: World, port: number, implicitTls: boolean, password?: string) {
  const { address, name } = world.hosts.smtp;
  let client = implicitTls ? await connectTls(address, port, name, world.ca.cert) : await connectPlain(address, port);
  try {
    const greeting = await client.readUntil(smtpDone);
    const before = await ehlo(client);
    const facts: Record<string, unknown> = { greeting, extensions: extensions(before), auth: authLine(before) };
    if (!implicitTls && before.some((line) => line.slice(4) === 'STARTTLS')) {
      client.send('STARTTLS');
      facts.starttlsReply = (await client.readUntil(smtpDone)).at(-1);
      client = await client.startTls(name, world.ca.cert);
      const after = await ehlo(client);
      facts.tlsExtensions = extensions(after);
      facts.tlsAuth = authLine(after);
    }
    if (password !== undefined) {
      client.send(`AUTH PLAIN ${plain(world.user.name, password)}`);
      facts.authReply = (await client.readUntil(smtpDone)).at(-1);
    }
    client.send('QUIT');
    return facts;
  } finally {
    client.close();
  }
}

async function imapPort(world: World, port: number, password?: string) {
  const { address, name } = world.hosts.mailbox;
  let client = port === 993 ? await connectTls(address, port, name, world.ca.cert) : await connectPlain(address, port);
  try {
    const facts: Record<string, unknown> = { greeting: (await client.readUntil((line) => line.startsWith('* ')))[0] };
    if (port === 143) {
      client.send('a STARTTLS');
      facts.starttlsReply = (await client.readUntil(taggedDone('a'))).at(-1);
      client = await client.startTls(name, world.ca.cert);
    }
    client.send('b CAPABILITY');
    facts.capability = (await client.readUntil(taggedDone('b'))).find((line) => line.startsWith('* CAPABILITY'));
    if (password !== undefined) {
      client.send(`c LOGIN "${world.user.name}" "${password}"`);
      facts.loginReply = (await client.readUntil(taggedDone('c'))).at(-1)?.split(' ')[1];
    }
    client.send('z LOGOUT');
    return facts;
  } finally {
    client.close();
  }
}

async function pop3Port(world: World, port: number) {
  const { address, name } = world.hosts.mailbox;
  let client = port === 995 ? await connectTls(address, port, name, world.ca.cert) : await connectPlain(address, port);
  try {
    const facts: Record<string, unknown> = { greeting: (await client.readUntil(pop3Done))[0] };
    client.send('CAPA');
    facts.capa = (await client.readUntil(dotDone)).slice(1, -1);
    if (port === 110) {
      client.send('STLS');
      facts.stlsReply = (await client.readUntil(pop3Done))[0];
      client = await client.startTls(name, world.ca.cert);
      client.send('CAPA');
      facts.tlsCapa = (await client.readUntil(dotDone)).slice(1, -1);
    }
    client.send('QUIT');
    return facts;
  } finally {
    client.close();
  }
}

/** GET through getaddrinfo (so the world's resolv.conf) and real certificate checks. */
function fetchText(url: string, ca?: string): Promise<{ status?: number; body?: string; remote?: string; error?: string }> {
  return new Promise((resolve) => {
    const request = https.get(url, { ca, timeout: FETCH_TIMEOUT_MS }, (response) => {
      const remote = response.socket.remoteAddress;
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body, remote }));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

async function firewallFacts(world: World) {
  const { address } = world.hosts.smtp;
  world.dropPort(address, 25);
  world.rejectPort(address, 465);
  const started = Date.now();
  const timed = async (port: number) => ({ outcome: await tryConnect(address, port, DROP_WAIT_MS), afterMs: Date.now() - started });
  const [dropped, rejected] = await Promise.all([timed(25), timed(465)]);
  world.clearFirewall();
  const afterClear = await tryConnect(address, 25, DROP_WAIT_MS);
  // A dark host: the DNS server's address drops everything, UDP included.
  world.dropAddress(world.hosts.dns.address);
  const resolver = new dns.Resolver({ timeout: DROP_WAIT_MS / 3, tries: 1 });
  const mx = (): Promise<string | undefined> => resolver.resolveMx(world.domain).then(() => 'answered', (error: NodeJS.ErrnoException) => error.code);
  const darkDns = await mx();
  world.clearFirewall();
  world.rejectPort(world.hosts.dns.address, 53, 'udp');
  const rejectedDns = await mx();
  world.clearFirewall();
  return { dropped, rejected, waitMs: DROP_WAIT_MS, afterClear, darkDns, rejectedDns, dnsAfterClear: await mx() };
}

await runScenario(async (args) => {
  const submission = (args[0] ?? 'starttls') as SubmissionMode;
  const startedAt = Date.now();
  const routes = { '/mail/config-v1.1.xml': { body: AUTOCONFIG_XML, headers: { 'content-type': 'text/xml' } } };
  const world = await startWorld({ smtp: { submission }, https: { 'autoconfig.example.test': { routes } } });
  const startMs = Date.now() - startedAt;
  if (submission === 'cleartext') return { startMs, submission: await smtpPort(world, 587, false) };
  const wrong = `${world.user.password}-wrong`;
  return {
    startMs,
    resolvConf: readFileSync('/etc/resolv.conf', 'utf8'),
    // The system resolver (c-ares, reading /etc/resolv.conf) and getaddrinfo both reach the world's DNS.
    // A new Resolver: node's default one read resolv.conf before the world bound its own.
    mx: await new dns.Resolver().resolveMx(world.domain),
    lookup: await dns.lookup(world.hosts.smtp.name, { family: 4 }),
    autoconfig: await fetchText('https://autoconfig.example.test/mail/config-v1.1.xml', world.ca.cert),
    autoconfigWithoutCa: await fetchText('https://autoconfig.example.test/mail/config-v1.1.xml'),
    autoconfigRequests: world.sites['autoconfig.example.test']?.https.requests.map((request) => request.servername),
    smtp25: await smtpPort(world, 25, false),
    submission: await smtpPort(world, 587, false, world.user.password),
    submissionWrong: await smtpPort(world, 587, false, wrong),
    submissions: await smtpPort(world, 465, true, world.user.password),
    imap: await imapPort(world, 143),
    imaps: await imapPort(world, 993, world.user.password),
    imapsWrong: await imapPort(world, 993, wrong),
    pop3: await pop3Port(world, 110),
    pop3s: await pop3Port(world, 995),
    firewall: await firewallFacts(world),
  };
});
