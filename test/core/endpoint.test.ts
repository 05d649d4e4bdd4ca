// The one endpoint key and the probe modes: discovery merges by the key, the scheduler probes
// by it and the ranking finds each candidate's probes by it and the modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointKey, probeModes } from '@autoconf/core/internal/endpoint.js';
import { mergeCandidates } from '@autoconf/core/internal/discover/merge.js';
import type { Candidate } from '@autoconf/core/internal/types.js';

const smtp = { protocol: 'smtp', host: 'Mail.Example.TEST', port: 587 } as const;

test('endpointKey: host names compare without case (RFC 4343), every other part counts', () => {
  assert.equal(endpointKey(smtp, 'starttls'), endpointKey({ ...smtp, host: 'mail.example.test' }, 'starttls'));
  const keys = [
    endpointKey(smtp, 'starttls'),
    endpointKey(smtp, 'tls'),
    endpointKey(smtp, 'any'),
    endpointKey({ ...smtp, port: 465 }, 'starttls'),
    endpointKey({ ...smtp, protocol: 'imap' }, 'starttls'),
    endpointKey({ ...smtp, host: 'mail2.example.test' }, 'starttls'),
  ];
  assert.equal(new Set(keys).size, keys.length, keys.join('\n'));
});

test('probeModes: published modes are probed as published, unspecified both ways, cleartext with STARTTLS if offered (opportunistic)', () => {
  assert.deepEqual(probeModes({ security: 'tls' }), ['tls']);
  assert.deepEqual(probeModes({ security: 'starttls' }), ['starttls']);
  assert.deepEqual(probeModes({ security: 'none' }), ['opportunistic']);
  assert.deepEqual(probeModes({ security: 'unspecified' }), ['tls', 'opportunistic']);
});

test('the merge keys by endpointKey: one server named in two cases by two sources is one candidate', () => {
  const from = (source: Candidate['source'], host: string): Candidate => ({
    ...smtp, host, security: 'starttls', authMethods: [], source, evidence: `${source}:test`, trust: 'published', rank: 0,
  });
  const merged = mergeCandidates([from('autoconfig', 'Mail.Example.TEST'), from('ispdb', 'mail.example.test')]);
  assert.equal(merged.length, 1);
  assert.equal(merged[0]!.host, 'mail.example.test');
  assert.deepEqual(merged[0]!.provenance.map((p) => p.source).sort(), ['autoconfig', 'ispdb']);
});
