// A probe whose host name never resolves (a resolver that answers nothing) ends as dns-failed,
// not as a port that drops connections: it never reached the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNetwork, probeEndpoint } from '@autoconf/core';
import { startBlackHoleDns } from '../detect/fixtures.js';

test('an unanswered lookup is dns-failed, not timeout-connect', async () => {
  const dark = await startBlackHoleDns();
  try {
    const network = createNetwork({ servers: [dark.address], timeoutMs: 5_000, attempts: 1 });
    const result = await probeEndpoint({
      network, protocol: 'smtp', host: 'mail.dark.test', port: 587, security: 'starttls', connectTimeoutMs: 300, stepTimeoutMs: 300, totalTimeoutMs: 2_000,
    });
    assert.equal(result.outcome, 'dns-failed', result.message);
    assert.match(result.message, /no DNS answer within 300 ms/);
  } finally {
    await dark.close();
  }
});
