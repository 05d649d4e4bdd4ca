// The `exhaustive` option (for `autoconf lint`): every published endpoint is probed to its end.
// By default the detection stops once the policy's first choice (587 with STARTTLS, on a host
// the domain published) is confirmed, so the published 465 is skipped or cancelled; with
// `exhaustive` it is probed and answers. Real ports 587/465/993 on 127.0.0.101: needs root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { detect, type Report } from '@autoconf/core';
import { IS_ROOT, startMailDomain, type MailDomain } from './fixtures.js';

const skip = IS_ROOT ? false : 'binds the real ports 587/465/993 on loopback: needs root';
let world: MailDomain;

before(async () => {
  if (IS_ROOT) world = await startMailDomain({ ip: '127.0.0.101', domain: 'every.test' });
});
after(async () => {
  await world?.close();
});

function run(exhaustive?: boolean): Promise<Report> {
  return detect('owner@every.test', {
    nameservers: [world.dns.address], extraCa: [world.ca.cert], dnsTimeoutMs: 500, dnsAttempts: 1, timeoutMs: 8_000,
    sources: { guess: false, autoconfig: false, ispdb: false, autodiscover: false, mx: false },
    ...(exhaustive === undefined ? {} : { exhaustive }),
  });
}

const answered = (report: Report, port: number) => report.probes.some((probe) => probe.port === port && probe.outcome === 'ok');

// By default 465 starts 150 ms after 587 and is skipped (or cancelled) once 587 confirms; on a
// loaded machine it may still finish first, so the default run is not asserted on here.
test('exhaustive: every published endpoint is probed to its end, the answer is the same', { skip }, async () => {
  const report = await run(true);
  assert.equal(report.recommended.smtp?.port, 587);
  for (const port of [587, 465, 993]) assert.ok(answered(report, port), `${port}: ${JSON.stringify(report.probes.map((p) => [p.port, p.outcome]))}`);
  assert.equal(report.complete, true);
});

test('exhaustive must be true or false', async () => {
  await assert.rejects(detect('a@b.test', { offline: true, exhaustive: 'yes' as never }), /exhaustive must be true or false/);
});
