// Expected network outcomes are data; a bug is not. A probe that throws (here: a lookup that
// throws a TypeError, as a broken network context would) must reject detect() with that
// error, not turn into "not probed" in an otherwise normal-looking report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { createNetwork, detect } from '@autoconf/core';
import { createResolver } from '@autoconf/core/internal/net/dns-client.js';
import { startDnsServer } from '../../helpers/dns-server.js';

test('a TypeError inside a probe rejects detect() instead of reading as "not probed"', async () => {
  const dns = await startDnsServer({ zone: { 'gmail.com': { MX: [{ priority: 5, exchange: 'gmail-smtp-in.l.google.com' }] } } });
  try {
    const resolver = createResolver({ servers: [dns.address], timeoutMs: 500, attempts: 1 });
    const broken: LookupFunction = () => {
      throw new TypeError('lookup is broken');
    };
    const network = { ...createNetwork({ resolver }), lookup: broken };
    await assert.rejects(
      detect('someone@gmail.com', { network, timeoutMs: 5_000 }),
      (error: unknown) => error instanceof TypeError && error.message === 'lookup is broken',
    );
  } finally {
    await dns.close();
  }
});

test('the same detection with a working lookup is a report (the failure above is the bug, not the setup)', async () => {
  const dns = await startDnsServer({ zone: { 'gmail.com': { MX: [{ priority: 5, exchange: 'gmail-smtp-in.l.google.com' }] } } });
  try {
    const resolver = createResolver({ servers: [dns.address], timeoutMs: 500, attempts: 1 });
    const report = await detect('someone@gmail.com', { network: createNetwork({ resolver }), timeoutMs: 5_000, connectTimeoutMs: 500 });
    assert.equal(report.recommended.smtp?.host, 'smtp.gmail.com');
    assert.ok(report.probes.length > 0 && report.probes.every((probe) => probe.outcome === 'dns-failed'), JSON.stringify(report.probes.map((p) => p.outcome)));
  } finally {
    await dns.close();
  }
});
