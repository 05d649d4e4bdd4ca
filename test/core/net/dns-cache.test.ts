import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDnsCache } from '@autoconf/core/internal/net/dns-cache.js';
import type { DnsAnswer, DnsStatus } from '@autoconf/core/internal/net/types.js';

function answerOf(name: string, status: DnsStatus, ttl: number, records: string[] = []): DnsAnswer<'A'> {
  return { name, type: 'A', status, records, ttl, authenticated: false, cnameChain: [] };
}

function clock() {
  const state = { ms: 5_000_000 };
  return { state, now: () => state.ms };
}

test('a positive answer lives for its TTL, counting down', () => {
  const { state, now } = clock();
  const cache = createDnsCache({ now });
  cache.set(answerOf('a.test', 'ok', 60, ['192.0.2.1']));
  assert.equal(cache.get('a.test', 'A')?.ttl, 60);
  assert.equal(cache.get('A.TEST', 'A')?.records[0], '192.0.2.1');
  assert.equal(cache.get('a.test', 'AAAA'), undefined, 'keyed by type too');
  state.ms += 45_500;
  assert.equal(cache.get('a.test', 'A')?.ttl, 15);
  state.ms += 14_500;
  assert.equal(cache.get('a.test', 'A'), undefined);
  assert.equal(cache.size, 0);
});

test('negative answers are cached for their (capped) TTL; failures and TTL 0 are not', () => {
  const { state, now } = clock();
  const cache = createDnsCache({ now });
  cache.set(answerOf('nx.test', 'nxdomain', 30));
  cache.set(answerOf('nodata.test', 'nodata', 999_999));
  for (const status of ['servfail', 'timeout', 'refused', 'error'] as const) cache.set(answerOf(`${status}.test`, status, 300));
  cache.set(answerOf('zero.test', 'ok', 0, ['192.0.2.1']));
  assert.equal(cache.size, 2);
  assert.equal(cache.get('nx.test', 'A')?.status, 'nxdomain');
  assert.equal(cache.get('nodata.test', 'A')?.ttl, 3600);
  state.ms += 31_000;
  assert.equal(cache.get('nx.test', 'A'), undefined);
  assert.equal(cache.get('nodata.test', 'A')?.status, 'nodata');
});

test('huge TTLs are capped at a day', () => {
  const { state, now } = clock();
  const cache = createDnsCache({ now });
  cache.set(answerOf('long.test', 'ok', 2 ** 31 - 1, ['192.0.2.1']));
  assert.equal(cache.get('long.test', 'A')?.ttl, 86_400);
  state.ms += 86_400_000;
  assert.equal(cache.get('long.test', 'A'), undefined);
});

test('entries are copies: a caller mutating an answer does not change the cache', () => {
  const cache = createDnsCache();
  const original = answerOf('copy.test', 'ok', 60, ['192.0.2.1']);
  cache.set(original);
  original.records.push('6.6.6.6');
  cache.get('copy.test', 'A')?.records.push('6.6.6.7');
  assert.deepEqual(cache.get('copy.test', 'A')?.records, ['192.0.2.1']);
});

test('the oldest entry goes when the cache is full', () => {
  const cache = createDnsCache({ maxEntries: 2 });
  cache.set(answerOf('one.test', 'ok', 60, ['192.0.2.1']));
  cache.set(answerOf('two.test', 'ok', 60, ['192.0.2.2']));
  cache.set(answerOf('three.test', 'ok', 60, ['192.0.2.3']));
  assert.equal(cache.size, 2);
  assert.equal(cache.get('one.test', 'A'), undefined);
  assert.ok(cache.get('three.test', 'A'));
  cache.clear();
  assert.equal(cache.size, 0);
});
