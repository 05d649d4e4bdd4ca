// Options are checked at the door: a typo, a wrong type, a negative timeout, a bad DNS server,
// a bad policy or a callback that is not a function is a typed error before any work starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDetector, detect, isAutoconfError, type DetectOptions } from '@autoconf/core';
import { resolveOptions } from '@autoconf/core/internal/options.js';

const BAD: Array<[string, unknown]> = [
  ['unknown key', { timeout: 5_000 }],
  ['unknown key without a near name', { colour: true }],
  ['a string timeout', { timeoutMs: '5000' }],
  ['a negative timeout', { timeoutMs: -1 }],
  ['a zero DNS timeout', { dnsTimeoutMs: 0 }],
  ['an infinite connect timeout', { connectTimeoutMs: Infinity }],
  ['NaN attempts', { dnsAttempts: Number.NaN }],
  ['a negative per-source timeout', { sourceTimeoutMs: { ispdb: -5 } }],
  ['a per-source timeout for no source', { sourceTimeoutMs: { nope: 5 } }],
  ['nameservers as one string', { nameservers: '127.0.0.1' }],
  ['no nameservers', { nameservers: [] }],
  ['a bad policy', { policy: 'fastest' }],
  ['an unknown source', { sources: { carrier: true } }],
  ['onProgress not a function', { onProgress: 'log' }],
  ['signal not a signal', { signal: { aborted: false } }],
  ['network not a network', { network: {} }],
  ['offline as a string', { offline: 'yes' }],
  ['blockPrivateTargets as a number', { blockPrivateTargets: 1 }],
  ['extraCa as one string', { extraCa: '-----BEGIN CERTIFICATE-----' }],
  ['an EHLO name with a space', { ehloName: 'a b' }],
  ['an EHLO name with CRLF', { ehloName: 'a\r\nMAIL FROM:<x>' }],
  ['verifyLogin without a password', { verifyLogin: { username: 'u' } }],
  ['verifyLogin with a typo', { verifyLogin: { password: 'p', user: 'u' } }],
  ['concurrency zero', { concurrency: 0 }],
  ['options not an object', 'fast'],
];

for (const [what, options] of BAD) {
  test(`OPTION_INVALID: ${what}`, async () => {
    assert.throws(() => resolveOptions(options as DetectOptions), (error) => isAutoconfError(error, 'OPTION_INVALID'));
    await assert.rejects(detect('a@b.test', options as DetectOptions), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  });
}

test('a bad nameserver names itself (DNS_SERVER_INVALID) before any work', () => {
  assert.throws(() => resolveOptions({ nameservers: ['127.0.0.1', 'dns.example.test'] }), (error) => isAutoconfError(error, 'DNS_SERVER_INVALID') && /dns\.example\.test/.test(error.message));
});

test('a typo suggests the option meant', () => {
  assert.throws(() => resolveOptions({ timeout: 5 } as DetectOptions), /Unknown option "timeout"\. Did you mean "timeoutMs"\?/);
});

test('createDetector checks its options too, and per call', async () => {
  assert.throws(() => createDetector({ policy: 'fastest' as never }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  const detector = createDetector({ offline: true });
  await assert.rejects(detector.detect('a@gmail.com', { onProgress: 42 as never }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
});

test('good options, and undefined values meaning "the default", pass', async () => {
  const resolved = resolveOptions({ timeoutMs: undefined, offline: true, policy: 'implicit-tls-first', sourceTimeoutMs: { ispdb: 500 }, onProgress: () => undefined });
  assert.equal(resolved.timeoutMs, 10_000);
  const report = await detect('someone@gmail.com', { offline: true, nameservers: ['127.0.0.1:5353', '[::1]:53'], signal: new AbortController().signal });
  assert.equal(report.recommended.smtp?.host, 'smtp.gmail.com');
});
