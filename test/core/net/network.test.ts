import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { createResolver } from '@autoconf/core/internal/net/dns-client.js';
import { createNetwork } from '@autoconf/core/internal/net/network.js';
import { createTestCa } from '../../helpers/test-ca.js';
import { startDnsServer } from '../../helpers/dns-server.js';

test('createNetwork builds one resolver whose lookup is the network lookup', async () => {
  const dns = await startDnsServer({ zone: { 'mail.example.test': { A: ['127.0.0.1'] } } });
  const ca = createTestCa();
  try {
    const network = createNetwork({ servers: [dns.address], timeoutMs: 500, attempts: 1, extraCa: [ca.cert] });
    assert.equal(network.lookup, network.resolver.lookup);
    assert.deepEqual(network.extraCa, [ca.cert]);
    assert.ok(Object.isFrozen(network) && Object.isFrozen(network.extraCa));
    assert.deepEqual((await network.resolver.query('mail.example.test', 'A')).records, ['127.0.0.1']);
    const address = await new Promise((resolve, reject) =>
      network.lookup('mail.example.test', {}, (error, value) => (error ? reject(error) : resolve(value))),
    );
    assert.equal(address, '127.0.0.1');
  } finally {
    await dns.close();
    ca.dispose();
  }
});

test('createNetwork takes a ready resolver, and rejects bad options', () => {
  const resolver = createResolver({ servers: ['127.0.0.1:1'] });
  assert.equal(createNetwork({ resolver }).resolver, resolver);
  assert.throws(() => createNetwork({ resolver, servers: ['127.0.0.1'] }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  assert.throws(() => createNetwork({ servers: ['nope'] }), (error) => isAutoconfError(error, 'DNS_SERVER_INVALID'));
  assert.throws(() => createNetwork({ servers: ['127.0.0.1'], extraCa: ['not a pem'] }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
});
