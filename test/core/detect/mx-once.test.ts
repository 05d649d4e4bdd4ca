// The domain's MX is wanted three times in one detection: the reachability check (is there a
// network at all?), the MX source and the host-name guesses. On the wire it is asked once.
// With a TTL of 0 nothing may be cached, so only sharing the question in flight can do it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '@autoconf/core';
import { startDnsServer } from '../../helpers/dns-server.js';

for (const ttl of [300, 0]) {
  test(`one detect() asks the domain's MX once on the wire (TTL ${ttl})`, async () => {
    const dns = await startDnsServer({
      zone: {
        'mx-once.test': { MX: [{ priority: 10, exchange: 'mx.mx-once.test' }], ttl },
        // Nothing listens there: every probe is refused at once.
        'mx.mx-once.test': { A: ['127.69.0.1'], ttl },
      },
    });
    try {
      const report = await detect('someone@mx-once.test', { nameservers: [dns.address], dnsTimeoutMs: 500, dnsAttempts: 1, connectTimeoutMs: 500, timeoutMs: 8_000 });
      // All three askers did ask: the MX source and the guesses used the answer.
      assert.ok(report.sources.find((s) => s.source === 'mx')?.requests.includes('MX mx-once.test'));
      assert.ok(report.sources.find((s) => s.source === 'guess')?.requests.includes('MX mx-once.test'));
      const asked = dns.queries.filter((q) => q.name === 'mx-once.test' && q.type === 'MX');
      assert.equal(asked.length, 1, JSON.stringify(dns.queries));
    } finally {
      await dns.close();
    }
  });
}
