import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { createResolver } from '@autoconf/core/internal/net/dns-client.js';
import { createDnsCache } from '@autoconf/core/internal/net/dns-cache.js';
import { startDnsServer, type TestDnsServer, type ZoneNode } from '../../helpers/dns-server.js';

const TLSA_HEX = 'aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899';

const zone: Record<string, ZoneNode> = {
  'example.test': {
    MX: [{ priority: 20, exchange: 'Backup.Example.TEST' }, { priority: 10, exchange: 'mail.example.test' }],
    TXT: [['v=spf1 ', 'include:x.test ', '-all'], 'second record'],
    ttl: 120,
  },
  'mail.example.test': { A: ['127.0.0.1', '127.0.0.2'], AAAA: ['::1'], ttl: 600 },
  'nullmx.example.test': { MX: [{ priority: 0, exchange: '' }] },
  '_imaps._tcp.example.test': { SRV: [{ priority: 0, weight: 1, port: 993, target: 'Mail.Example.Test' }] },
  '_pop3._tcp.example.test': { SRV: [{ priority: 0, weight: 0, port: 0, target: '' }] },
  '_25._tcp.mail.example.test': { TLSA: [{ usage: 3, selector: 1, matchingType: 1, data: TLSA_HEX }] },
  'alias.example.test': { CNAME: 'alias2.example.test', ttl: 30 },
  'alias2.example.test': { CNAME: 'mail.example.test', ttl: 900 },
  'far.example.test': { CNAME: 'mail.example.test' },
  'dangling.example.test': { CNAME: 'gone.example.test' },
  'loop1.example.test': { CNAME: 'loop2.example.test' },
  'loop2.example.test': { CNAME: 'loop1.example.test' },
  'signed.example.test': { A: ['192.0.2.10'] },
  'bad.example.test': { A: ['192.0.2.11'] },
  'refusing.example.test': { A: ['192.0.2.12'] },
  'quiet.example.test': { A: ['192.0.2.13'] },
  'trunc.example.test': { A: ['192.0.2.14'] },
  'huge.example.test': { TXT: ['first'] },
};
// Nine hops: one more than the resolver follows.
for (let i = 0; i < 10; i += 1) zone[`hop${i}.example.test`] = i < 9 ? { CNAME: `hop${i + 1}.example.test` } : { A: ['192.0.2.99'] };

let dns: TestDnsServer;
let dead: TestDnsServer;

before(async () => {
  dns = await startDnsServer({
    zone,
    negativeTtl: 42,
    behaviours: {
      'far.example.test': ['no-chase'],
      'signed.example.test': ['ad'],
      'bad.example.test': ['servfail'],
      'refusing.example.test': ['refused'],
      'quiet.example.test': ['silence'],
      'trunc.example.test': ['truncate-udp'],
      'huge.example.test': ['huge'],
    },
  });
  dead = await startDnsServer({ zone: {} });
  // Closed at once: its port answers nothing (ICMP port unreachable).
  await dead.close();
});

after(() => dns.close());

const resolverFor = (extra: Parameters<typeof createResolver>[0] = {}) => createResolver({ servers: [dns.address], timeoutMs: 500, attempts: 1, cache: false, ...extra });

test('A, AAAA: records, lower-cased name without the trailing dot, TTL and server', async () => {
  const answer = await resolverFor().query('MAIL.Example.test.', 'A');
  assert.deepEqual(answer, {
    name: 'mail.example.test',
    type: 'A',
    status: 'ok',
    records: ['127.0.0.1', '127.0.0.2'],
    ttl: 600,
    authenticated: false,
    cnameChain: [],
    server: dns.address,
  });
  assert.deepEqual((await resolverFor().query('mail.example.test', 'AAAA')).records, ['::1']);
});

test('MX, null MX, SRV, "." SRV target, TLSA, TXT', async () => {
  const resolver = resolverFor();
  assert.deepEqual((await resolver.query('example.test', 'MX')).records, [
    { priority: 20, exchange: 'backup.example.test' },
    { priority: 10, exchange: 'mail.example.test' },
  ]);
  assert.deepEqual((await resolver.query('nullmx.example.test', 'MX')).records, [{ priority: 0, exchange: '' }]);
  assert.deepEqual((await resolver.query('_imaps._tcp.example.test', 'SRV')).records, [{ priority: 0, weight: 1, port: 993, target: 'mail.example.test' }]);
  assert.deepEqual((await resolver.query('_pop3._tcp.example.test', 'SRV')).records, [{ priority: 0, weight: 0, port: 0, target: '' }]);
  assert.deepEqual((await resolver.query('_25._tcp.mail.example.test', 'TLSA')).records, [{ usage: 3, selector: 1, matchingType: 1, data: TLSA_HEX }]);
  assert.deepEqual((await resolver.query('example.test', 'TXT')).records, ['v=spf1 include:x.test -all', 'second record']);
});

test('the AD bit becomes authenticated', async () => {
  assert.equal((await resolverFor().query('signed.example.test', 'A')).authenticated, true);
  assert.equal((await resolverFor().query('mail.example.test', 'A')).authenticated, false);
});

test('NXDOMAIN and NODATA are told apart, with the SOA minimum as TTL', async () => {
  const nx = await resolverFor().query('nowhere.example.test', 'A');
  assert.equal(nx.status, 'nxdomain');
  assert.equal(nx.ttl, 42);
  assert.deepEqual(nx.records, []);
  const nodata = await resolverFor().query('mail.example.test', 'MX');
  assert.equal(nodata.status, 'nodata');
  assert.equal(nodata.ttl, 42);
  // An empty non-terminal exists: NODATA, not NXDOMAIN.
  assert.equal((await resolverFor().query('_tcp.example.test', 'SRV')).status, 'nodata');
});

test('CNAME chains in the answer are followed, TTL is the minimum over the chain', async () => {
  const answer = await resolverFor().query('alias.example.test', 'A');
  assert.equal(answer.status, 'ok');
  assert.deepEqual(answer.records, ['127.0.0.1', '127.0.0.2']);
  assert.deepEqual(answer.cnameChain, ['alias2.example.test', 'mail.example.test']);
  assert.equal(answer.ttl, 30);
  const cname = await resolverFor().query('alias.example.test', 'CNAME');
  assert.deepEqual(cname.records, ['alias2.example.test']);
  assert.deepEqual(cname.cnameChain, []);
});

test('a CNAME target left out of the answer is asked for', async () => {
  const before = dns.queries.length;
  const answer = await resolverFor().query('far.example.test', 'A');
  assert.equal(answer.status, 'ok');
  assert.deepEqual(answer.cnameChain, ['mail.example.test']);
  assert.deepEqual(dns.queries.slice(before).map((query) => query.name), ['far.example.test', 'mail.example.test']);
});

test('a CNAME to a missing name is NXDOMAIN with the chain', async () => {
  const answer = await resolverFor().query('dangling.example.test', 'A');
  assert.equal(answer.status, 'nxdomain');
  assert.deepEqual(answer.cnameChain, ['gone.example.test']);
});

test('CNAME loops and chains over 8 hops end with status error', async () => {
  const loop = await resolverFor().query('loop1.example.test', 'A');
  assert.equal(loop.status, 'error');
  assert.match(loop.error ?? '', /CNAME loop: loop1\.example\.test -> loop2\.example\.test -> loop1\.example\.test/);
  const long = await resolverFor().query('hop0.example.test', 'A');
  assert.equal(long.status, 'error');
  assert.match(long.error ?? '', /longer than 8/);
  const eight = await resolverFor().query('hop1.example.test', 'A');
  assert.equal(eight.status, 'ok');
  assert.equal(eight.cnameChain.length, 8);
});

test('SERVFAIL, REFUSED and silence are statuses; each attempt asks again', async () => {
  const before = dns.queries.length;
  const servfail = await resolverFor({ attempts: 2 }).query('bad.example.test', 'A');
  assert.equal(servfail.status, 'servfail');
  assert.equal(servfail.server, dns.address);
  assert.equal(dns.queries.length - before, 2);
  assert.equal((await resolverFor().query('refusing.example.test', 'A')).status, 'refused');
  const started = Date.now();
  const timeout = await resolverFor({ timeoutMs: 150, attempts: 2 }).query('quiet.example.test', 'A');
  assert.equal(timeout.status, 'timeout');
  assert.match(timeout.error ?? '', /within 150 ms/);
  assert.ok(Date.now() - started < 1500);
});

test('servers are tried in order: a dead first server is passed over', async () => {
  const answer = await createResolver({ servers: [dead.address, dns.address], timeoutMs: 200, attempts: 1, cache: false }).query('mail.example.test', 'A');
  assert.equal(answer.status, 'ok');
  assert.equal(answer.server, dns.address);
  const failing = await createResolver({ servers: [dead.address, dns.address], timeoutMs: 200, attempts: 1 }).query('bad.example.test', 'A');
  assert.equal(failing.status, 'servfail', 'SERVFAIL tells more than silence');
});

test('truncation and huge answers go over TCP', async () => {
  const before = dns.queries.length;
  assert.deepEqual((await resolverFor().query('trunc.example.test', 'A')).records, ['192.0.2.14']);
  assert.deepEqual(dns.queries.slice(before).map((query) => query.transport), ['udp', 'tcp']);
  const huge = await resolverFor().query('huge.example.test', 'TXT');
  assert.equal(huge.records.length, 401);
  const capped = await resolverFor({ maxResponseBytes: 4096 }).query('huge.example.test', 'TXT');
  assert.equal(capped.status, 'error');
});

test('answers are cached by name and type for their TTL; failures are not', async () => {
  const now = { ms: 1_000_000 };
  const resolver = createResolver({ servers: [dns.address], timeoutMs: 500, attempts: 1, cache: createDnsCache({ now: () => now.ms }) });
  const before = dns.queries.length;
  await resolver.query('mail.example.test', 'A');
  await resolver.query('MAIL.example.test.', 'A');
  await resolver.query('nowhere.example.test', 'A');
  await resolver.query('nowhere.example.test', 'A');
  await resolver.query('bad.example.test', 'A');
  await resolver.query('bad.example.test', 'A');
  assert.deepEqual(dns.queries.slice(before).map((query) => query.name), ['mail.example.test', 'nowhere.example.test', 'bad.example.test', 'bad.example.test']);
  now.ms += 100_000;
  assert.equal((await resolver.query('mail.example.test', 'A')).ttl, 500);
  now.ms += 600_000;
  await resolver.query('mail.example.test', 'A');
  assert.equal(dns.queries.at(-1)?.name, 'mail.example.test');
  assert.equal(dns.queries.length - before, 5);
});

test('servers come from resolv.conf when none are given', async (t) => {
  // resolv.conf has no port syntax, so a server on port 53 of a loopback address is needed.
  let local: TestDnsServer;
  try {
    local = await startDnsServer({ host: '127.53.0.1', port: 53, zone: { 'conf.example.test': { A: ['192.0.2.53'] } } });
  } catch (error) {
    t.skip(`cannot bind 127.53.0.1:53 here: ${(error as Error).message}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'autoconf-resolv-'));
  try {
    writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.53.0.1\noptions timeout:1 attempts:1\n');
    const answer = await createResolver({ resolvConfPath: join(dir, 'resolv.conf') }).query('conf.example.test', 'A');
    assert.deepEqual(answer.records, ['192.0.2.53']);
    assert.equal(answer.server, '127.53.0.1:53');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await local.close();
  }
});

test('bad names, types, options and a cancelled signal throw typed errors', async () => {
  const resolver = resolverFor();
  for (const name of ['', '.', 'a..b', `${'a'.repeat(64)}.test`, `${'abcdefghi.'.repeat(26)}test`, 'sp ace.test', 'ünï.test']) {
    await assert.rejects(resolver.query(name, 'A'), (error) => isAutoconfError(error, 'DNS_NAME_INVALID'), name);
  }
  await assert.rejects(resolver.query('a.test', 'NS' as 'A'), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  await assert.rejects(resolver.query('a.test', 'A', { signal: AbortSignal.abort() }), (error) => isAutoconfError(error, 'ABORTED'));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(resolverFor({ timeoutMs: 5000 }).query('quiet.example.test', 'A', { signal: controller.signal }), (error) => isAutoconfError(error, 'ABORTED'));
  assert.throws(() => createResolver({ servers: [] }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  assert.throws(() => createResolver({ servers: ['dns.example.test'] }), (error) => isAutoconfError(error, 'DNS_SERVER_INVALID'));
  assert.throws(() => createResolver({ timeoutMs: 0 }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  assert.throws(() => createResolver({ attempts: 1.5 }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
});

test('identical questions asked at once share one exchange; one caller cancelling does not cancel the other', async () => {
  const dns = await startDnsServer({ zone: { 'shared.test': { MX: [{ priority: 10, exchange: 'mx.shared.test' }] } } });
  try {
    const resolver = createResolver({ servers: [dns.address], timeoutMs: 1_000, attempts: 1 });
    const leaving = new AbortController();
    const [kept, cancelled] = await Promise.allSettled([
      resolver.query('shared.test', 'MX'),
      resolver.query('shared.test', 'MX', { signal: leaving.signal }),
      Promise.resolve().then(() => leaving.abort()),
    ]);
    assert.equal(kept.status, 'fulfilled');
    assert.equal(kept.status === 'fulfilled' && kept.value.records[0]?.exchange, 'mx.shared.test');
    assert.equal(cancelled.status, 'rejected');
    assert.equal(dns.queries.filter((q) => q.name === 'shared.test' && q.type === 'MX').length, 1);
  } finally {
    await dns.close();
  }
});
