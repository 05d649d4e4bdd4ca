// Our client against a real server: BIND 9 from Debian, run from a private config on a
// free loopback port, authoritative for a zone written here. Proves EDNS (a reply over
// 512 bytes still comes by UDP), name compression, and TCP fallback on truncation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createResolver } from '@autoconf/core/internal/net/dns-client.js';
import { queryServer } from '@autoconf/core/internal/net/dns-wire.js';
import { parseServerSpec } from '@autoconf/core/internal/net/resolv-conf.js';
import type { Resolver } from '@autoconf/core/internal/net/types.js';

const NAMED = '/usr/sbin/named';
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const BIG_TXT_COUNT = 40;
const SRV_COUNT = 60;
const MEDIUM_TXT_COUNT = 8;

const skip = existsSync(NAMED) ? false : `${NAMED} is not installed (apt-get install bind9; CI installs it)`;

function zoneFile(): string {
  const lines = [
    '$TTL 300',
    '@ IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 45',
    '@ IN NS ns.example.test.',
    'ns IN A 127.0.0.1',
    '@ IN MX 10 mail.example.test.',
    'mail IN A 127.0.0.1',
    'mail IN AAAA ::1',
    'nullmx IN MX 0 .',
    '_pop3._tcp IN SRV 0 0 0 .',
    'www IN CNAME mail',
    'outside IN CNAME mail.elsewhere.invalid.',
  ];
  for (let i = 0; i < BIG_TXT_COUNT; i += 1) lines.push(`big IN TXT "record-${String(i).padStart(3, '0')} ${'y'.repeat(100)}"`);
  for (let i = 0; i < MEDIUM_TXT_COUNT; i += 1) lines.push(`medium IN TXT "m-${i} ${'z'.repeat(70)}"`);
  for (let i = 0; i < SRV_COUNT; i += 1) lines.push(`_imaps._tcp IN SRV ${i % 3} ${i} 993 imap${i}.example.test.`);
  return `${lines.join('\n')}\n`;
}

/** A port free on 127.0.0.1 for both UDP and TCP at this moment. */
async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const port = udp.address().port;
    const tcp = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    udp.close();
    if (free) {
      await new Promise((resolve) => tcp.close(resolve));
      return port;
    }
  }
  throw new Error('no free port for named');
}

let dir: string;
let named: ChildProcess | undefined;
let address: string;
let resolver: Resolver;
let log = '';

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'autoconf-named-'));
  const port = await findFreePort();
  address = `127.0.0.1:${port}`;
  writeFileSync(join(dir, 'example.test.zone'), zoneFile());
  writeFileSync(
    join(dir, 'named.conf'),
    [
      'options {',
      `  directory "${dir}";`,
      `  pid-file "${dir}/named.pid";`,
      `  session-keyfile "${dir}/session.key";`,
      `  managed-keys-directory "${dir}";`,
      `  listen-on port ${port} { 127.0.0.1; };`,
      '  listen-on-v6 { none; };',
      '  recursion no;',
      '  dnssec-validation no;',
      '  allow-query { any; };',
      '};',
      'controls { };',
      `zone "example.test" { type primary; file "${dir}/example.test.zone"; };`,
      '',
    ].join('\n'),
  );
  // -g: foreground, log to stderr; -4: IPv4 only; -n 1: one worker on this small machine.
  named = spawn(NAMED, ['-g', '-4', '-n', '1', '-c', join(dir, 'named.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  named.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000)));
  named.on('error', () => {});
  resolver = createResolver({ servers: [address], timeoutMs: 500, attempts: 1, cache: false });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (named.exitCode !== null) throw new Error(`named exited with ${named.exitCode}:\n${log}`);
    if ((await resolver.query('mail.example.test', 'A')).status === 'ok') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`named did not answer within ${READY_TIMEOUT_MS} ms:\n${log}`);
});

after(async () => {
  if (named && named.exitCode === null) {
    const exited = new Promise((resolve) => named?.once('exit', resolve));
    named.kill('SIGTERM');
    const timer = setTimeout(() => named?.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('BIND: a truncated UDP answer is fetched again over TCP, complete', { skip }, async () => {
  const wire = await queryServer({ server: parseServerSpec(address), name: 'big.example.test', type: 'TXT', timeoutMs: 1000 });
  assert.equal(wire.kind, 'response');
  assert.equal(wire.transport, 'tcp');
  const answer = await resolver.query('big.example.test', 'TXT');
  assert.equal(answer.status, 'ok');
  assert.equal(answer.records.length, BIG_TXT_COUNT);
  assert.ok(answer.records.includes(`record-007 ${'y'.repeat(100)}`));
});

test('BIND: EDNS lets a reply over 512 bytes come by UDP', { skip }, async () => {
  const wire = await queryServer({ server: parseServerSpec(address), name: 'medium.example.test', type: 'TXT', timeoutMs: 1000 });
  assert.equal(wire.kind, 'response');
  assert.equal(wire.transport, 'udp');
  assert.ok(wire.kind === 'response' && wire.packet.flag_tc === false);
  assert.equal((await resolver.query('medium.example.test', 'TXT')).records.length, MEDIUM_TXT_COUNT);
});

test('BIND: a large SRV set with compressed names decodes whole', { skip }, async () => {
  const answer = await resolver.query('_imaps._tcp.example.test', 'SRV');
  assert.equal(answer.status, 'ok');
  assert.equal(answer.records.length, SRV_COUNT);
  const targets = new Set(answer.records.map((record) => record.target));
  for (let i = 0; i < SRV_COUNT; i += 1) assert.ok(targets.has(`imap${i}.example.test`), `imap${i}`);
  assert.ok(answer.records.every((record) => record.port === 993));
});

test('BIND: MX, null MX, "." SRV, CNAME, NXDOMAIN/NODATA with the SOA minimum', { skip }, async () => {
  assert.deepEqual((await resolver.query('example.test', 'MX')).records, [{ priority: 10, exchange: 'mail.example.test' }]);
  assert.deepEqual((await resolver.query('nullmx.example.test', 'MX')).records, [{ priority: 0, exchange: '' }]);
  assert.deepEqual((await resolver.query('_pop3._tcp.example.test', 'SRV')).records, [{ priority: 0, weight: 0, port: 0, target: '' }]);
  const www = await resolver.query('WWW.example.test', 'AAAA');
  assert.deepEqual(www.records, ['::1']);
  assert.deepEqual(www.cnameChain, ['mail.example.test']);
  const nx = await resolver.query('nothing.example.test', 'A');
  assert.equal(nx.status, 'nxdomain');
  assert.equal(nx.ttl, 45);
  const nodata = await resolver.query('mail.example.test', 'TXT');
  assert.equal(nodata.status, 'nodata');
  assert.equal(nodata.ttl, 45);
});

test('BIND: a CNAME out of its zone is followed by asking again (here: REFUSED)', { skip }, async () => {
  const answer = await resolver.query('outside.example.test', 'A');
  assert.deepEqual(answer.cnameChain, ['mail.elsewhere.invalid']);
  assert.equal(answer.status, 'refused');
  assert.equal((await resolver.query('other.invalid', 'A')).status, 'refused');
});
