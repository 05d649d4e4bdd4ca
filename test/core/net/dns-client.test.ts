import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createResolver } from '../../../packages/core/src/net/dns-client.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';

let dns: TestDnsServer;

before(async () => {
  dns = await startDnsServer({
    zone: {
      'example.test': { MX: [{ priority: 10, exchange: 'Mail.Example.TEST' }], TXT: [['v=spf1 ', '-all']], ttl: 120 },
      'mail.example.test': { A: ['127.0.0.1'], AAAA: ['::1'] },
      'alias.example.test': { CNAME: 'mail.example.test' },
    },
  });
});

after(() => dns.close());

test('an A query returns the records, lower-cased names and the server', async () => {
  const resolver = createResolver({ servers: [dns.address], timeoutMs: 1000 });
  const answer = await resolver.query('MAIL.example.test.', 'A');
  assert.equal(answer.status, 'ok');
  assert.deepEqual(answer.records, ['127.0.0.1']);
  assert.equal(answer.name, 'mail.example.test');
  assert.equal(answer.server, dns.address);
  const mx = await resolver.query('example.test', 'MX');
  assert.deepEqual(mx.records, [{ priority: 10, exchange: 'mail.example.test' }]);
  assert.equal(mx.ttl, 120);
  const txt = await resolver.query('example.test', 'TXT');
  assert.deepEqual(txt.records, ['v=spf1 -all']);
  const alias = await resolver.query('alias.example.test', 'AAAA');
  assert.deepEqual(alias.records, ['::1']);
  assert.deepEqual(alias.cnameChain, ['mail.example.test']);
  const none = await resolver.query('none.example.test', 'A');
  assert.equal(none.status, 'nxdomain');
  const nodata = await resolver.query('mail.example.test', 'MX');
  assert.equal(nodata.status, 'nodata');
});
