import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { discoverAutoconfig } from '@autoconf/core/internal/discover/autoconfig.js';
import { discoverIspdb } from '@autoconf/core/internal/discover/ispdb.js';
import { makeContext } from './context.js';
import { clientConfig, NOT_ROOT, startWorld, xmlRoute, type World } from './world.js';
import { expandUsername, parseAddress } from '@autoconf/core/internal/address.js';

let world: World;

before(async () => {
  if (NOT_ROOT) return;
  world = await startWorld({
    ip: '127.61.0.1',
    https: {
      'autoconfig.ac.test': { '/mail/config-v1.1.xml': xmlRoute(clientConfig('ac.test', [['imap', 'imap.ac.test', 993, 'SSL'], ['smtp', 'smtp.ac.test', 465, 'SSL']])) },
      'ac.test': { '/.well-known/autoconfig/mail/config-v1.1.xml': xmlRoute(clientConfig('ac.test', [['imap', 'imap.ac.test', 993, 'SSL'], ['smtp', 'smtp.ac.test', 587, 'STARTTLS']])) },
      'broken.test': { '/.well-known/autoconfig/mail/config-v1.1.xml': xmlRoute('<clientConfig><oops') },
      'ispdb.test': { '/v1.1/ac.test': xmlRoute(clientConfig('ac.test', [['pop3', 'pop.ac.test', 995, 'SSL']])) },
    },
    http: {
      'autoconfig.plain.test': { '/mail/config-v1.1.xml': xmlRoute(clientConfig('plain.test', [['imap', 'imap.plain.test', 993, 'SSL']])) },
      'plain.test': { '/.well-known/autoconfig/mail/config-v1.1.xml': xmlRoute(clientConfig('plain.test', [['smtp', 'smtp.plain.test', 587, 'STARTTLS']])) },
    },
  });
});
after(() => world?.close());

test('autoconfig: both HTTPS URLs at once, autoconfig.<domain> ranked first, both kept with their URL', { skip: NOT_ROOT }, async () => {
  const { record, candidates } = await discoverAutoconfig(makeContext('jane@ac.test', world.network));
  assert.equal(record.status, 'found');
  assert.deepEqual(candidates.map((c) => [c.protocol, c.port, c.rank, new URL(c.evidence).hostname]), [
    ['imap', 993, 0, 'autoconfig.ac.test'],
    ['smtp', 465, 1, 'autoconfig.ac.test'],
    ['imap', 993, 2, 'ac.test'],
    ['smtp', 587, 3, 'ac.test'],
  ]);
  assert.ok(candidates.every((c) => c.trust === 'published' && c.source === 'autoconfig' && expandUsername(c.usernameTemplate ?? '', parseAddress('jane@ac.test')) === 'jane@ac.test'));
  const sent = world.requests.filter((r) => r.host === 'autoconfig.ac.test');
  assert.equal(sent[0]?.query.emailaddress, 'jane@ac.test');
  assert.deepEqual(world.requests.filter((r) => r.host === 'ac.test').map((r) => r.query), [{}]);
  assert.ok(world.requests.every((r) => r.scheme === 'https'), 'no plain HTTP without allowHttp');
});

test('autoconfig: plain HTTP only with allowHttp, never with the address, always a hint with a note', { skip: NOT_ROOT }, async () => {
  const off = await discoverAutoconfig(makeContext('joe@plain.test', world.network));
  assert.equal(off.candidates.length, 0);
  assert.ok(!world.requests.some((r) => r.host.endsWith('plain.test') && r.scheme === 'http'));

  const on = await discoverAutoconfig(makeContext('joe@plain.test', world.network, { allowHttp: true }));
  assert.deepEqual(on.candidates.map((c) => c.host), ['imap.plain.test', 'smtp.plain.test']);
  for (const candidate of on.candidates) {
    assert.equal(candidate.trust, 'hint');
    assert.ok(candidate.notes?.some((n) => n.code === 'http-source'));
  }
  const plain = world.requests.filter((r) => r.scheme === 'http');
  assert.equal(plain.length, 2);
  for (const request of plain) {
    assert.deepEqual(request.query, {});
    assert.ok(!JSON.stringify(request).includes('joe'), 'the address never travels over http');
  }
});

test('autoconfig: a broken document is an error status with the parser notes, not a throw', { skip: NOT_ROOT }, async () => {
  const { record, candidates } = await discoverAutoconfig(makeContext('a@broken.test', world.network));
  assert.equal(candidates.length, 0);
  assert.equal(record.status, 'error');
  assert.ok(record.notes.some((n) => n.severity === 'high'));
});

test('ispdb: <base><domain>, no address sent, published', { skip: NOT_ROOT }, async () => {
  const before = world.requests.length;
  const { record, candidates } = await discoverIspdb(makeContext('jane@ac.test', world.network, { ispdbBaseUrl: 'https://ispdb.test/v1.1/' }));
  assert.equal(record.status, 'found');
  assert.deepEqual(record.requests, ['GET https://ispdb.test/v1.1/ac.test']);
  assert.deepEqual(candidates.map((c) => [c.host, c.trust, c.source]), [['pop.ac.test', 'published', 'ispdb']]);
  const sent = world.requests.slice(before);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0]?.query, {});
});
