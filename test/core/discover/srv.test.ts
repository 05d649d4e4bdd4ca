import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { discoverSrv } from '@autoconf/core/internal/discover/srv.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import { makeContext, makeNetwork } from './context.js';

let dns: TestDnsServer;

before(async () => {
  dns = await startDnsServer({
    zone: {
      // Two submission records: the lower priority wins whatever the service label.
      '_submissions._tcp.srv.test': { SRV: [{ priority: 10, weight: 0, port: 465, target: 'smtp.srv.test' }] },
      '_submission._tcp.srv.test': { SRV: [{ priority: 0, weight: 0, port: 587, target: 'submit.srv.test' }] },
      '_imaps._tcp.srv.test': {
        SRV: [
          { priority: 0, weight: 10, port: 993, target: 'imap-light.srv.test' },
          { priority: 0, weight: 50, port: 993, target: 'imap-heavy.srv.test' },
        ],
      },
      '_imap._tcp.srv.test': { SRV: [{ priority: 0, weight: 0, port: 0, target: '' }] },
      '_pop3s._tcp.srv.test': { SRV: [{ priority: 5, weight: 0, port: 995, target: 'pop.other-hoster.test' }] },
      '_pop3._tcp.srv.test': { SRV: [{ priority: 0, weight: 0, port: 0, target: '' }] },
      '_imaps._tcp.signed.test': { SRV: [{ priority: 0, weight: 0, port: 993, target: 'imap.signed.test' }] },
      '_imaps._tcp.none.test': { SRV: [{ priority: 0, weight: 0, port: 0, target: '' }] },
      'failing.test': { A: ['192.0.2.1'] },
    },
    behaviours: {
      '_imaps._tcp.signed.test': ['ad'],
      ...Object.fromEntries(
        ['_submissions', '_submission', '_imaps', '_imap', '_pop3s', '_pop3'].map((label) => [`${label}._tcp.failing.test`, ['servfail' as const]]),
      ),
    },
  });
});
after(() => dns.close());

test('SRV: all six services asked; priority then weight; security from the service label', async () => {
  const { record, candidates } = await discoverSrv(makeContext('u@srv.test', makeNetwork(dns.address)));
  assert.equal(record.status, 'found');
  assert.equal(record.requests.length, 6);
  const smtp = candidates.filter((c) => c.protocol === 'smtp');
  assert.deepEqual(smtp.map((c) => [c.host, c.port, c.security, c.rank]), [
    ['submit.srv.test', 587, 'starttls', 0],
    ['smtp.srv.test', 465, 'tls', 1],
  ]);
  const read = candidates.filter((c) => c.protocol !== 'smtp');
  assert.deepEqual(read.map((c) => [c.protocol, c.host, c.security]), [
    ['imap', 'imap-heavy.srv.test', 'tls'],
    ['imap', 'imap-light.srv.test', 'tls'],
    ['pop3', 'pop.other-hoster.test', 'tls'],
  ]);
  for (const candidate of candidates) {
    assert.equal(candidate.trust, 'hint');
    assert.equal(candidate.source, 'srv');
    assert.match(candidate.evidence, /^dns:_\w+\._tcp\.srv\.test SRV /);
  }
});

test('SRV: a "." target is reported as not offered and yields no candidate', async () => {
  const { record, candidates } = await discoverSrv(makeContext('u@srv.test', makeNetwork(dns.address)));
  assert.ok(!candidates.some((c) => c.port === 0 || c.host === ''));
  const notOffered = record.notes.filter((n) => n.code === 'srv-not-offered').map((n) => n.at);
  assert.deepEqual(notOffered.sort(), ['_imap._tcp.srv.test', '_pop3._tcp.srv.test']);
  const only = await discoverSrv(makeContext('u@none.test', makeNetwork(dns.address)));
  assert.equal(only.record.status, 'empty');
  assert.equal(only.candidates.length, 0);
});

test('SRV: a target outside the registrable domain carries a cross-domain note', async () => {
  const { candidates } = await discoverSrv(makeContext('u@srv.test', makeNetwork(dns.address)));
  const pop = candidates.find((c) => c.protocol === 'pop3');
  assert.deepEqual(pop?.notes?.filter((n) => n.code === 'cross-domain').map((n) => n.severity), ['medium']);
  const imap = candidates.find((c) => c.host === 'imap-heavy.srv.test');
  assert.ok(!imap?.notes?.some((n) => n.code === 'cross-domain'));
});

test('SRV: the DNSSEC AD bit is surfaced', async () => {
  const { candidates } = await discoverSrv(makeContext('u@signed.test', makeNetwork(dns.address)));
  assert.equal(candidates.length, 1);
  assert.match(candidates[0]?.evidence ?? '', /\(AD\)$/);
  assert.ok(candidates[0]?.notes?.some((n) => n.code === 'dnssec-validated'));
  const plain = await discoverSrv(makeContext('u@srv.test', makeNetwork(dns.address)));
  assert.ok(plain.candidates.every((c) => c.notes?.some((n) => n.code === 'dnssec-unvalidated')));
});

test('SRV: every query failing is an error status, not a throw', async () => {
  const { record, candidates } = await discoverSrv(makeContext('u@failing.test', makeNetwork(dns.address)));
  assert.equal(record.status, 'error');
  assert.equal(candidates.length, 0);
  assert.equal(record.notes.filter((n) => n.code === 'dns-failure').length, 6);
});
