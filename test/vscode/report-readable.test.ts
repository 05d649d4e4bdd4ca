// The report people read: a failure leads with its causes (no empty recommendation table), a
// probe that did not get the security it asked for says FAILED and why, and protocol lines sit
// in collapsed transcripts. A real detection: SRV publishes submission, the server offers no
// STARTTLS (a stripped STARTTLS, so nothing is usable).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '@autoconf/core';
import { renderReport } from 'autoconf-vscode/internal/flow/report-markdown.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { startLineServer, type LineServer } from '../helpers/line-server.js';

let smtp: LineServer;
let dns: TestDnsServer;

before(async () => {
  smtp = await startLineServer({
    greeting: '220 mail.stripped.test ESMTP',
    rules: [
      { match: 'EHLO', reply: ['250-mail.stripped.test', '250 AUTH PLAIN LOGIN'] },
      { match: 'STARTTLS', reply: '502 5.5.1 not supported' },
      { match: 'QUIT', reply: '221 bye', then: 'close' },
    ],
  });
  dns = await startDnsServer({
    zone: {
      '_submission._tcp.stripped.test': { SRV: [{ priority: 0, weight: 0, port: smtp.port, target: 'mail.stripped.test' }] },
      'mail.stripped.test': { A: ['127.0.0.1'] },
    },
  });
});

after(async () => {
  await smtp?.close();
  await dns?.close();
});

test('a failed detection: FAILED in the title and the probe heading, causes first, transcript collapsed', async () => {
  const report = await detect('dev@stripped.test', { nameservers: [dns.address], transcript: true, timeoutMs: 5000, dnsTimeoutMs: 500 });
  assert.equal(report.recommended.smtp, undefined, JSON.stringify(report.findings));
  const markdown = renderReport(report);
  assert.match(markdown, /^# Mail settings for dev@stripped\.test — FAILED$/m);
  assert.doesNotMatch(markdown, /## Recommendation/, 'no empty recommendation table');
  const why = markdown.indexOf('## Why nothing usable was found');
  assert.ok(why > 0 && why < markdown.indexOf('## Findings'));
  assert.match(markdown.slice(why), /possible STARTTLS stripping/);
  assert.match(markdown, new RegExp(`^### SMTP mail\\.stripped\\.test:${smtp.port} — FAILED: starttls-missing$`, 'm'));
  assert.ok(markdown.includes('<details><summary>Transcript'), markdown.slice(markdown.indexOf('## Probes')));
  assert.match(markdown, /<details><summary>Transcript \(\d+ lines\)<\/summary>\n\n`{3,}\n[^`]*220 mail\.stripped\.test ESMTP/);
  assert.doesNotMatch(markdown, /^ {2}- 250/m, 'protocol lines are not evidence bullets');
});
