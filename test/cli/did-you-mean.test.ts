// `detect` names the provider domain one typo away, on stderr, and still detects what was typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './cli-harness.js';

test('a domain one typo from a provider\'s: "did you mean" on stderr, the address used as typed', async () => {
  const result = await runCli(['detect', '--offline', 'bob@gmial.com', '--json', '--dns', '127.0.0.1:9']);
  assert.match(result.stderr, /^autoconf: did you mean bob@gmail\.com\? gmial\.com is one typo away from gmail\.com; detecting bob@gmial\.com as typed\.\n/);
  const report = JSON.parse(result.stdout);
  assert.equal(report.address.domain, 'gmial.com', 'never changed silently');
  assert.notEqual(report.recommended.smtp?.host, 'smtp.gmail.com');
});

test('a provider\'s own domain and an unrelated one get no hint', async () => {
  for (const address of ['bob@gmail.com', 'bob@shop.example']) {
    const result = await runCli(['detect', '--offline', address, '--json', '--dns', '127.0.0.1:9']);
    assert.doesNotMatch(result.stderr, /did you mean/, address);
  }
});
