// The extension's report document, built from a real detection of a hostile domain on
// loopback: a banner with OSC 52, CSI and a bidi override, a capability line that tries to
// close the code block and open a link. The Markdown shows every control by name, escapes
// markup outside code blocks, and no transcript line can end its code block.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from '@autoconf/core';
import { renderReport } from 'autoconf-vscode/internal/flow/report-markdown.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { startLineServer, type LineServer } from '../helpers/line-server.js';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';

const BANNER = '220 mail.hostile.test ESMTP \x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J evil\u202Etxt.exe';
const FENCE_BREAK = '250-HELP ```\n## Fake heading [click](https://attacker.example) <img src=x>';

let ca: TestCa;
let smtp: LineServer;
let dns: TestDnsServer;

before(async () => {
  ca = createTestCa();
  smtp = await startLineServer({
    greeting: BANNER,
    tls: { cert: ca.issue({ names: ['mail.hostile.test'] }) },
    rules: [
      { match: 'EHLO', when: 'plain', reply: [FENCE_BREAK.replace('\n', ' '), '250-STARTTLS', '250 8BITMIME'] },
      { match: 'STARTTLS', reply: '220 go [click](https://attacker.example) <img src=x> *now*', then: 'starttls' },
      { match: 'EHLO', when: 'tls', reply: ['250-mail.hostile.test', '250 AUTH PLAIN'] },
      { match: 'QUIT', reply: '221 bye', then: 'close' },
    ],
  });
  dns = await startDnsServer({
    zone: {
      '_submission._tcp.hostile.test': { SRV: [{ priority: 0, weight: 0, port: smtp.port, target: 'mail.hostile.test' }] },
      'mail.hostile.test': { A: ['127.0.0.1'] },
    },
  });
});

after(async () => {
  await smtp?.close();
  await dns?.close();
  ca?.dispose();
});

test('the report document shows controls by name and keeps server text out of Markdown syntax', async () => {
  const report = await detect('alice@hostile.test', { nameservers: [dns.address], extraCa: [ca.cert], transcript: true, timeoutMs: 8000 });
  assert.ok(report.probes.some((probe) => probe.transcript?.some((line) => line.line === BANNER)), 'the probe saw the banner');
  const markdown = renderReport(report);
  assert.doesNotMatch(markdown, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  assert.ok(markdown.includes('␛]52;c;cm0gLXJmIH4=␇␛[2J evil<U+202E>txt.exe'), 'the banner is shown with its controls named');
  // The server's ``` cannot close the code block: the fence around it is longer.
  // Outside code blocks (the STARTTLS reply in a list item) server text is not markup.
  assert.ok(markdown.includes('220 go \\[click\\](https://attacker.example) \\<img src=x\\> \\*now\\*'), 'markup escaped');
  // In the code block the line stays as sent: a backslash there would be shown literally.
  assert.ok(markdown.includes('s    220 go [click](https://attacker.example) <img src=x> *now*'));
  const lines = markdown.split('\n');
  const help = lines.findIndex((line) => line.includes('250-HELP ```'));
  assert.ok(help > 0, 'the capability line is in a transcript');
  const opening = lines.slice(0, help).findLast((line) => /^`{3,}$/.test(line));
  const closing = lines.slice(help).find((line) => /^`{3,}$/.test(line));
  assert.equal(opening, '````');
  assert.equal(closing, '````');
});
