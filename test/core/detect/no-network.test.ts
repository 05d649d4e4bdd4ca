// A resolver that fails is news about the network, never about the domain: the report says
// which DNS servers were asked, keeps the embedded answer where there is one, and never says
// `not-found` ("check the domain") when it could not look anything up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { detect, type Report } from '@autoconf/core';
import { startBlackHoleDns } from './fixtures.js';
import { startDnsServer } from '../../helpers/dns-server.js';

const FAST = { dnsTimeoutMs: 400, dnsAttempts: 1, connectTimeoutMs: 500 } as const;

/** A loopback UDP port with nobody on it: the kernel answers ICMP port unreachable. */
async function closedPort(): Promise<string> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

function assertNoNetwork(report: Report, server: string): void {
  const finding = report.findings.find((f) => f.code === 'no-network');
  assert.ok(finding, JSON.stringify(report.findings.map((f) => f.code)));
  assert.ok(finding.message.includes(server), finding.message);
  assert.match(finding.fix, /--dns/);
  assert.match(finding.fix, /--offline/);
  assert.ok(!report.findings.some((f) => f.code === 'not-found'), 'the domain is not blamed');
  assert.notEqual(report.status, 'not-found');
}

for (const [name, start] of [
  ['a DNS server that answers nothing', async () => startBlackHoleDns()],
  ['a closed DNS port (ICMP refused)', async () => ({ address: await closedPort(), close: async () => undefined })],
] as const) {
  test(`${name}: the embedded answer for gmail.com, a no-network finding naming the server`, async () => {
    const dns = await start();
    try {
      const report = await detect('someone@gmail.com', { ...FAST, nameservers: [dns.address] });
      assert.equal(report.status, 'unverified');
      assert.equal(report.recommended.smtp?.host, 'smtp.gmail.com');
      assert.equal(report.recommended.imap?.host, 'imap.gmail.com');
      assertNoNetwork(report, dns.address);
    } finally {
      await dns.close();
    }
  });

  test(`${name}: an unknown domain is no-network, not not-found`, async () => {
    const dns = await start();
    try {
      const report = await detect('someone@unknown-domain.test', { ...FAST, nameservers: [dns.address] });
      assert.equal(report.status, 'no-network');
      assert.deepEqual(report.recommended, {});
      assertNoNetwork(report, dns.address);
    } finally {
      await dns.close();
    }
  });
}

test('every server asked is named, in order', async () => {
  const [first, second] = [await closedPort(), await closedPort()];
  const report = await detect('someone@unknown-domain.test', { ...FAST, nameservers: [first, second] });
  const message = report.findings.find((f) => f.code === 'no-network')?.message ?? '';
  assert.ok(message.indexOf(first) >= 0 && message.indexOf(first) < message.indexOf(second), message);
});

test('a resolver that refuses every query is a DNS failure too, said as such', async () => {
  const dns = await startDnsServer({ zone: {}, behaviours: { 'unknown-domain.test': ['refused'] } });
  try {
    const report = await detect('someone@unknown-domain.test', { ...FAST, nameservers: [dns.address] });
    assert.equal(report.status, 'no-network');
    assertNoNetwork(report, dns.address);
    assert.match(report.findings.find((f) => f.code === 'no-network')?.message ?? '', /refused the query/);
  } finally {
    await dns.close();
  }
});

test('SERVFAIL is an answer about the domain (say, broken DNSSEC), not a dead network', async () => {
  const dns = await startDnsServer({ zone: {}, behaviours: { 'broken.test': ['servfail'] } });
  try {
    const report = await detect('someone@broken.test', { ...FAST, nameservers: [dns.address] });
    assert.ok(!report.findings.some((f) => f.code === 'no-network'), JSON.stringify(report.findings.map((f) => f.code)));
    assert.equal(report.status, 'not-found');
  } finally {
    await dns.close();
  }
});
