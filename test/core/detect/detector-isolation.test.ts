// createDetector shares one detection per domain, yet each report carries only its own
// address: no other caller's address in usernames, requested URLs, evidence or anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDetector } from '@autoconf/core';
import { startDnsServer } from '../../helpers/dns-server.js';

test('two addresses of one domain through one detector: the first appears nowhere in the second report', async () => {
  // autoconfig.gmail.com points at a loopback address nobody listens on: its request is made
  // (and recorded, with emailaddress=…) and refused at once.
  const dns = await startDnsServer({
    zone: {
      'gmail.com': { MX: [{ priority: 5, exchange: 'mx.gmail.com' }] },
      'autoconfig.gmail.com': { A: ['127.0.0.93'] },
    },
  });
  try {
    const detector = createDetector({ nameservers: [dns.address], dnsTimeoutMs: 500, dnsAttempts: 1, connectTimeoutMs: 500, timeoutMs: 8_000 });
    const first = await detector.detect('First.Person+tag@gmail.com');
    const second = await detector.detect('second@gmail.com');
    assert.equal(detector.detections, 1, 'one detection served both');

    const firstJson = JSON.stringify(first);
    const secondJson = JSON.stringify(second);
    // The first report does carry its own address where the requests and usernames put it …
    assert.ok(firstJson.includes('First.Person%2Btag%40gmail.com'), 'the autoconfig request names the first address');
    assert.equal(first.recommended.smtp?.username, 'First.Person+tag@gmail.com');
    // … and the second carries only its own, in every spelling.
    for (const spelling of ['first.person', 'first.person%2btag', 'first.person+tag']) {
      assert.ok(!secondJson.toLowerCase().includes(spelling), `"${spelling}" leaked into the second report`);
    }
    assert.equal(second.recommended.smtp?.username, 'second@gmail.com');
    assert.ok(second.candidates.every((candidate) => candidate.username === undefined || candidate.username === 'second@gmail.com'));
    const requests = second.sources.flatMap((source) => source.requests);
    assert.ok(requests.some((request) => request.includes('emailaddress=second%40gmail.com')), JSON.stringify(requests));
  } finally {
    await dns.close();
  }
});
