// blockPrivateTargets: names the test DNS server points at 127.0.0.96 (SRV targets, MX hosts,
// autoconfig, guesses) and an IP-literal ISPDB URL are never dialled — a real loopback server
// on every port they use counts zero connections — and the report says why. Without the
// option the same detection does connect (the count can fail).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createNetwork, detect, probeEndpoint } from '@autoconf/core';
import { createResolver } from '@autoconf/core/internal/net/dns-client.js';
import { withPrivateTargetsBlocked } from '@autoconf/core/internal/net/private-targets.js';
import { privateRange } from '@autoconf/core/internal/net/private-targets.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';

const IS_ROOT = process.getuid?.() === 0;
const HOST = '127.0.0.96';
const DOMAIN = 'inside.test';
// Standard ports need root to bind; the SRV ports are ours.
const PORTS = IS_ROOT ? [25, 110, 143, 443, 465, 587, 993, 995, 2443, 2587, 2993] : [2443, 2587, 2993];

let dns: TestDnsServer;
const servers: net.Server[] = [];
let connections = 0;

before(async () => {
  for (const port of PORTS) {
    const server = net.createServer((socket) => {
      connections++;
      socket.on('error', () => undefined);
      socket.destroy();
    });
    server.on('error', () => undefined);
    await new Promise<void>((ready) => server.listen(port, HOST, ready));
    servers.push(server);
  }
  dns = await startDnsServer({
    zone: {
      [DOMAIN]: { A: [HOST], MX: [{ priority: 10, exchange: `mx.${DOMAIN}` }] },
      [`mx.${DOMAIN}`]: { A: [HOST] },
      [`mail.${DOMAIN}`]: { A: [HOST] },
      [`smtp.${DOMAIN}`]: { A: [HOST] },
      [`imap.${DOMAIN}`]: { A: [HOST] },
      [`autoconfig.${DOMAIN}`]: { A: [HOST] },
      [`autodiscover.${DOMAIN}`]: { A: [HOST] },
      [`_submission._tcp.${DOMAIN}`]: { SRV: [{ priority: 0, weight: 1, port: 2587, target: `mail.${DOMAIN}` }] },
      [`_imaps._tcp.${DOMAIN}`]: { SRV: [{ priority: 0, weight: 1, port: 2993, target: `mail.${DOMAIN}` }] },
    },
  });
});
after(async () => {
  await dns?.close();
  await Promise.all(servers.map((server) => new Promise<void>((closed) => server.close(() => closed()))));
});

const options = () => ({
  nameservers: [dns.address],
  dnsTimeoutMs: 500,
  dnsAttempts: 1,
  connectTimeoutMs: 1_000,
  timeoutMs: 6_000,
  // An IP literal never passes through the lookup: the HTTP client checks it itself.
  ispdbBaseUrl: `https://${HOST}:2443/v1.1/`,
});

test('the ranges: private, loopback, link-local, CGNAT, ULA and mapped addresses are named; public ones are not', () => {
  for (const address of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', '127.0.0.5', '169.254.169.254', '0.0.0.0', '::1', 'fc00::1', 'fd12::1', 'fe80::1', '::ffff:10.0.0.1', '[::1]', '224.0.0.1']) {
    assert.ok(privateRange(address), address);
  }
  for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2a00:1450::1', 'mail.example.com']) {
    assert.equal(privateRange(address), undefined, address);
  }
});

test('blockPrivateTargets on: nothing connects, and every refusal is in the report', async () => {
  connections = 0;
  const report = await detect(`user@${DOMAIN}`, { ...options(), blockPrivateTargets: true });
  assert.equal(connections, 0, 'no connection reached the loopback servers');
  assert.ok(report.probes.length > 0, 'candidates were found (SRV, MX, guesses) and refused, not missed');
  for (const probe of report.probes) {
    assert.equal(probe.outcome, 'blocked', `${probe.host}:${probe.port} ${probe.outcome}`);
    assert.match(probe.message, /blockPrivateTargets/);
  }
  assert.ok(report.probes.some((probe) => probe.host === `mail.${DOMAIN}` && probe.port === 2587), 'the SRV target was a candidate');
  const notes = report.sources.flatMap((source) => source.notes.map((note) => ({ source: source.source, ...note })));
  const blocked = notes.filter((note) => note.code === 'http-blocked');
  assert.ok(blocked.some((note) => note.source === 'autoconfig'), JSON.stringify(notes));
  assert.ok(blocked.some((note) => note.source === 'ispdb' && note.message.includes(HOST)), JSON.stringify(notes));
  assert.equal(report.recommended.smtp, undefined);
});

test('blockPrivateTargets off (the default): the same detection connects', async () => {
  connections = 0;
  const report = await detect(`user@${DOMAIN}`, options());
  assert.ok(connections > 0, 'the loopback servers were reached');
  assert.ok(!report.probes.some((probe) => probe.outcome === 'blocked'));
});

test('a blocking network for the direct API: probeEndpoint refuses a loopback literal and a loopback name', async () => {
  connections = 0;
  const network = withPrivateTargetsBlocked(createNetwork({ resolver: createResolver({ servers: [dns.address], timeoutMs: 500, attempts: 1 }) }));
  const literal = await probeEndpoint({ network, protocol: 'smtp', host: HOST, port: 2587, security: 'none' });
  const named = await probeEndpoint({ network, protocol: 'smtp', host: `mail.${DOMAIN}`, port: 2587, security: 'none' });
  assert.equal(literal.outcome, 'blocked');
  assert.equal(named.outcome, 'blocked');
  assert.equal(connections, 0);
});
