import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { discoverGuess } from '@autoconf/core/internal/discover/guess.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import { makeContext, makeNetwork } from './context.js';

let dns: TestDnsServer;

before(async () => {
  dns = await startDnsServer({
    zone: {
      'guess.test': { A: ['127.0.0.1'], MX: [{ priority: 20, exchange: 'mx2.hoster.test' }, { priority: 10, exchange: 'mx1.hoster.test' }] },
      'smtp.guess.test': { A: ['127.0.0.1'] },
      'mail.guess.test': { AAAA: ['::1'] },
      'imap.guess.test': { A: ['127.0.0.1'] },
      'mx1.hoster.test': { A: ['127.0.0.2'] },
      'mx2.hoster.test': { A: ['127.0.0.3'] },
      'pop.guess.test': { A: ['127.0.0.1'] },
    },
    behaviours: { 'pop3.guess.test': ['servfail'] },
  });
});
after(() => dns.close());

test('guess: prefixes, the bare domain and MX hosts in the product port order; unresolvable names dropped', async () => {
  const { record, candidates } = await discoverGuess(makeContext('u@guess.test', makeNetwork(dns.address)));
  assert.equal(record.status, 'found');
  const smtp = candidates.filter((c) => c.protocol === 'smtp');
  // submission.guess.test has no address: dropped. 587 first, then 465, then 25.
  assert.deepEqual(smtp.map((c) => `${c.host}:${c.port}/${c.security}`).slice(0, 6), [
    'smtp.guess.test:587/starttls', 'mail.guess.test:587/starttls', 'guess.test:587/starttls',
    'mx1.hoster.test:587/starttls', 'mx2.hoster.test:587/starttls', 'smtp.guess.test:465/tls',
  ]);
  assert.deepEqual([...new Set(smtp.map((c) => c.port))], [587, 465, 25]);
  assert.deepEqual(smtp.map((c) => c.rank), smtp.map((_, i) => i));
  const imap = candidates.filter((c) => c.protocol === 'imap');
  assert.deepEqual([...new Set(imap.map((c) => c.port))], [993, 143]);
  assert.ok(imap.every((c) => (c.port === 993 ? c.security === 'tls' : c.security === 'starttls')));
  const pop = candidates.filter((c) => c.protocol === 'pop3');
  assert.deepEqual([...new Set(pop.map((c) => c.port))], [995, 110]);
  // A SERVFAIL is not a "no": pop3.guess.test stays.
  assert.ok(pop.some((c) => c.host === 'pop3.guess.test'));
  assert.ok(!candidates.some((c) => c.host === 'submission.guess.test'));
  assert.ok(record.notes.some((n) => n.code === 'guess-unresolved' && n.at === 'submission.guess.test'));
  assert.ok(candidates.every((c) => c.trust === 'hint' && c.source === 'guess'));
  assert.equal(candidates.find((c) => c.host === 'mx1.hoster.test')?.evidence, 'guess:mx mx1.hoster.test');
});

test('guess: nothing resolves → empty, no candidates', async () => {
  const { record, candidates } = await discoverGuess(makeContext('u@nothing.test', makeNetwork(dns.address)));
  assert.equal(record.status, 'empty');
  assert.equal(candidates.length, 0);
});
