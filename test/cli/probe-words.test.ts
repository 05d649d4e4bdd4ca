// `autoconf probe` says what happened in words (issue 10): FAILED when the requested security
// was not reached, no STARTTLS or pre-TLS AUTH lines on implicit TLS, a silent port called
// probably filtered (port 25: blocked at most ISPs), TLS errors and certificate codes in plain
// words (the codes stay in --json), and 465/993/995 dialled with implicit TLS by default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLineServer, type LineServer } from '../helpers/line-server.js';
import { createTestCa } from '../helpers/test-ca.js';
import { makeTempDir, runCli } from './cli-harness.js';

const IS_ROOT = process.getuid?.() === 0;
const rootOnly = IS_ROOT ? false : 'binds the real ports 25/465/587 on loopback: needs root';
// A fresh loopback address for the fixed ports of this file.
const IP = '127.0.0.104';
const ca = createTestCa();
const cert = ca.issue({ names: ['mail.words.test'] });
const QUIT = { match: 'QUIT', reply: '221 bye', then: 'close' as const };
const CLEAR_EHLO = { match: 'EHLO', reply: ['250-relay', '250 AUTH PLAIN LOGIN'] };
const RAW_CODES = /ERR_[A-Z_]+|[A-Z_]{2,}_CERT|ALTNAME|wrong version number|\.c:\d+|ETIMEDOUT|ECONNREFUSED/;

let cleartext: LineServer;
let implicitTls: LineServer;
let tmp: ReturnType<typeof makeTempDir>;
const rootServers: LineServer[] = [];
const silent: ChildProcess[] = [];
const fillers: net.Socket[] = [];

/** A port that takes no connection and refuses none: a listener in another process whose
 *  accept queue is full and whose event loop never runs, so the kernel drops every new SYN
 *  (as a firewall that drops packets does). Nothing leaves loopback. */
async function startSilentPort(host: string, port: number): Promise<number> {
  const script = `const s = require('node:net').createServer();
s.listen({ host: ${JSON.stringify(host)}, port: ${port}, backlog: 1 }, () => {
  process.stdout.write(String(s.address().port) + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  silent.push(child);
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const bound = Number(chunk.toString().trim());
  // Fill the accept queue: connect until one connection gets no answer.
  for (let i = 0; i < 8; i++) {
    const socket = net.connect({ host, port: bound });
    socket.on('error', () => undefined);
    fillers.push(socket);
    const answered = await Promise.race([once(socket, 'connect').then(() => true), new Promise((resolve) => setTimeout(resolve, 500, false))]);
    if (!answered) break;
  }
  return bound;
}

before(async () => {
  tmp = makeTempDir();
  writeFileSync(join(tmp.dir, 'ca.pem'), ca.cert);
  cleartext = await startLineServer({ greeting: '220 relay ESMTP', rules: [CLEAR_EHLO, QUIT], fallback: '502 5.5.1 Unrecognized command' });
  implicitTls = await startLineServer({
    greeting: '220 mail.words.test ESMTP', tls: { cert }, implicitTls: true,
    rules: [{ match: 'EHLO', reply: ['250-mail.words.test', '250 AUTH PLAIN'] }, QUIT],
  });
  if (IS_ROOT) {
    rootServers.push(await startLineServer({ host: IP, port: 587, greeting: '220 relay ESMTP', rules: [CLEAR_EHLO, QUIT], fallback: '502 5.5.1 no' }));
    rootServers.push(await startLineServer({
      host: IP, port: 465, greeting: '220 mail.words.test ESMTP', tls: { cert }, implicitTls: true,
      rules: [{ match: 'EHLO', reply: ['250-mail.words.test', '250 AUTH PLAIN'] }, QUIT],
    }));
  }
});

after(async () => {
  for (const socket of fillers) socket.destroy();
  for (const child of silent) child.kill();
  await Promise.all([cleartext?.close(), implicitTls?.close(), ...rootServers.map((server) => server.close())]);
  tmp?.dispose();
  ca.dispose();
});

test('--security starttls with no STARTTLS offered: FAILED in the headline, exit 3', async () => {
  const result = await runCli(['probe', `127.0.0.1:${cleartext.port}`, '--security', 'starttls', '--timeout', '8000']);
  assert.equal(result.code, 3, result.stdout);
  assert.match(result.stdout, /smtp 127\.0\.0\.1:\d+ FAILED: The server does not offer STARTTLS \(it answered "502 5\.5\.1 Unrecognized command"\): nothing was encrypted\./);
  assert.doesNotMatch(result.stdout, /\bok\b/);
  assert.match(result.stdout, /STARTTLS +offered no, upgrade FAILED/);
});

test('--security tls on a cleartext server: FAILED in words, no STARTTLS or pre-TLS AUTH line; the codes stay in --json', async () => {
  const result = await runCli(['probe', `127.0.0.1:${cleartext.port}`, '--security', 'tls', '--timeout', '8000']);
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stdout, /FAILED: The server did not start TLS at once: it may expect STARTTLS \(choose --security starttls\) or no TLS at all\./);
  assert.doesNotMatch(result.stdout, RAW_CODES);
  assert.doesNotMatch(result.stdout, /STARTTLS +offered|auth before TLS/);
  const json = await runCli(['probe', `127.0.0.1:${cleartext.port}`, '--security', 'tls', '--json', '--timeout', '8000']);
  const probe = JSON.parse(json.stdout);
  assert.equal(probe.outcome, 'tls-failed');
  assert.match(probe.message, /wrong version number|WRONG_VERSION_NUMBER|packet length/i);
});

test('implicit TLS with a certificate for another name: the problem in words, no STARTTLS line, exit 3', async () => {
  const result = await runCli(['probe', `127.0.0.1:${implicitTls.port}`, '--security', 'tls', '--ca-file', 'ca.pem', '--timeout', '8000'], { cwd: tmp.dir });
  assert.equal(result.code, 3, result.stdout);
  assert.match(result.stdout, /CERTIFICATE PROBLEM: Connected with implicit TLS, but the certificate is for mail\.words\.test, not 127\.0\.0\.1 \(try mail\.words\.test\)/);
  assert.match(result.stdout, /certificate +mail\.words\.test, issued by .*, NOT trusted: the certificate is for mail\.words\.test.*expires in \d+ day\(s\)/);
  assert.match(result.stdout, /\n {2}auth {10}PLAIN\n/);
  assert.doesNotMatch(result.stdout, /STARTTLS +offered|auth before TLS|auth after TLS/);
  assert.doesNotMatch(result.stdout, RAW_CODES);
});

test('a refused port says nothing listens there and what to try', async () => {
  const result = await runCli(['probe', '127.0.0.1:2', '--timeout', '3000']);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /FAILED: 127\.0\.0\.1:2 refused the connection: nothing listens on port 2 there\. Try 587 \(--security starttls\) or 465 \(--security tls\)\./);
});

test('a port that drops connections silently is called probably filtered, with what to try', async () => {
  const port = await startSilentPort('127.0.0.1', 0);
  const started = performance.now();
  const result = await runCli(['probe', `127.0.0.1:${port}`, '--protocol', 'imap', '--timeout', '1500']);
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stdout, /FAILED: No answer and no refusal either: something on the way \(a firewall\) probably drops the connection\. Try 143 \(--security starttls\) or 993 \(--security tls\)\./);
  assert.ok(performance.now() - started < 5_000);
  assert.doesNotMatch(result.stdout, RAW_CODES);
});

test('port 25 dropped silently: blocked by most ISPs and clouds, try 587 or 465', { skip: rootOnly }, async () => {
  await startSilentPort(IP, 25);
  const result = await runCli(['probe', `${IP}:25`, '--timeout', '1500']);
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stdout, /FAILED: .*probably drops the connection\. Port 25 is blocked by most ISPs and clouds .*try 587 \(--security starttls\) or 465 \(--security tls\)/);
});

test('host:465 with no --security is dialled with implicit TLS, and says so', { skip: rootOnly }, async () => {
  const json = await runCli(['probe', `${IP}:465`, '--json', '--timeout', '8000']);
  assert.equal(JSON.parse(json.stdout).requestedSecurity, 'tls');
  assert.equal(JSON.parse(json.stdout).observedSecurity, 'tls');
  const human = await runCli(['probe', `${IP}:465`, '--timeout', '8000']);
  assert.match(human.stdout, /dialled {7}implicit TLS: port 465's registered mode \(choose with --security\)/);
  assert.doesNotMatch(human.stdout, /STARTTLS +offered/);
});

test('port 587: TLS first is said to be the wrong mode; cleartext with no STARTTLS is NOT ENCRYPTED, exit 3', { skip: rootOnly }, async () => {
  const tls = await runCli(['probe', `${IP}:587`, '--security', 'tls', '--timeout', '8000']);
  assert.equal(tls.code, 1);
  assert.match(tls.stdout, /FAILED: The server did not start TLS at once: port 587 expects STARTTLS .*; choose --security starttls\./);
  const plain = await runCli(['probe', `${IP}:587`, '--timeout', '8000']);
  assert.equal(plain.code, 3, plain.stdout);
  assert.match(plain.stdout, /NOT ENCRYPTED: The server offers no STARTTLS on port 587, a STARTTLS port/);
  assert.match(plain.stdout, /dialled {7}cleartext, upgrading with STARTTLS if offered/);
});

test('a trusted certificate over TLS 1.0: OUTDATED TLS, not a certificate problem, exit 3', async () => {
  const ipCert = ca.issue({ names: ['127.0.0.1'] });
  const old = await startLineServer({
    greeting: '220 old ESMTP', implicitTls: true,
    tls: { cert: ipCert, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' },
    rules: [{ match: 'EHLO', reply: ['250-old', '250 AUTH PLAIN'] }, QUIT],
  });
  try {
    const result = await runCli(['probe', `127.0.0.1:${old.port}`, '--security', 'tls', '--ca-file', 'ca.pem', '--timeout', '8000'], { cwd: tmp.dir });
    assert.equal(result.code, 3, result.stdout);
    assert.match(result.stdout, /OUTDATED TLS: Connected with implicit TLS, but TLSv1, which is outdated \(RFC 8996\)/);
  } finally {
    await old.close();
  }
});

test('an IMAP server probed as SMTP: the replies are not SMTP, and the port says which --protocol to try', { skip: rootOnly }, async () => {
  const imap = await startLineServer({ host: IP, port: 143, greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready', rules: [] , fallback: '* BAD unknown command' });
  try {
    const result = await runCli(['probe', `${IP}:143`, '--timeout', '3000']);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stdout, /FAILED: The replies are not SMTP: .*Port 143 is IMAP's: try --protocol imap\./);
  } finally {
    await imap.close();
  }
});
