// `autoconf probe --security` speaks dial modes (issue 9): `opportunistic` is the default and
// the name the result carries; `unknown`, its former name, is still accepted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLineServer, type LineServer } from '../helpers/line-server.js';
import { runCli } from './cli-harness.js';

let smtp: LineServer;

before(async () => {
  // Cleartext only: no STARTTLS offered, so no certificate is needed.
  smtp = await startLineServer({
    greeting: '220 relay ESMTP',
    rules: [{ match: 'EHLO', reply: ['250-relay', '250 8BITMIME'] }, { match: 'QUIT', reply: '221 bye', then: 'close' }],
    fallback: '502 5.5.1 Unrecognized command',
  });
});

after(async () => {
  await smtp?.close();
});

for (const flags of [[], ['--security', 'opportunistic'], ['--security', 'unknown']]) {
  test(`probe ${flags.join(' ') || '(no --security)'}: dialled opportunistically, reported as opportunistic`, async () => {
    const result = await runCli(['probe', `127.0.0.1:${smtp.port}`, ...flags, '--json', '--timeout', '10000']);
    assert.equal(result.code, 0, result.stderr);
    const probe = JSON.parse(result.stdout);
    assert.equal(probe.requestedSecurity, 'opportunistic');
    assert.equal(probe.observedSecurity, 'none');
    assert.equal(probe.starttls.attempted, false);
  });
}

test('probe --security with a published-security word is refused before dialling', async () => {
  const before = smtp.connections;
  const result = await runCli(['probe', `127.0.0.1:${smtp.port}`, '--security', 'unspecified', '--json']);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /unspecified/);
  assert.equal(smtp.connections, before);
});
