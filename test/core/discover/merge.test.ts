import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandUsername, parseAddress } from '@autoconf/core/internal/address.js';
import { mergeCandidates } from '@autoconf/core/internal/discover/merge.js';
import type { Candidate } from '@autoconf/core/internal/types.js';

function candidate(overrides: Partial<Candidate>): Candidate {
  return {
    protocol: 'smtp', host: 'smtp.example.test', port: 587, security: 'starttls', authMethods: [],
    source: 'guess', evidence: 'guess:smtp.example.test', trust: 'hint', rank: 0, ...overrides,
  };
}

test('merge: one entry per endpoint, every provenance kept strongest first, username/auth from the strongest', () => {
  const merged = mergeCandidates([
    candidate({}),
    candidate({ source: 'srv', evidence: 'dns:_submission._tcp.example.test SRV 0 0 587 smtp.example.test' }),
    candidate({ source: 'ispdb', evidence: 'https://ispdb/example.test', trust: 'published', usernameTemplate: '%EMAILLOCALPART%', authMethods: ['password-cleartext'] }),
    candidate({ source: 'autoconfig', evidence: 'https://autoconfig.example.test/x', trust: 'published', usernameTemplate: '%EMAILADDRESS%', authMethods: ['oauth2', 'password-cleartext'] }),
    candidate({ host: 'SMTP.Example.Test', source: 'mx', evidence: 'mx' }),
  ]);
  assert.equal(merged.length, 1);
  const only = merged[0];
  assert.equal(only?.trust, 'published');
  assert.deepEqual(only?.provenance.map((p) => p.source), ['autoconfig', 'ispdb', 'mx', 'srv', 'guess']);
  assert.equal(only?.usernameTemplate, '%EMAILADDRESS%');
  assert.equal(expandUsername(only?.usernameTemplate ?? '', parseAddress('u@example.test')), 'u@example.test');
  assert.deepEqual(only?.authMethods, ['oauth2', 'password-cleartext']);
});

test('merge: published beats a higher-priority source that is only a hint', () => {
  const [only] = mergeCandidates([
    candidate({ source: 'autoconfig', evidence: 'http://autoconfig.example.test/x', trust: 'hint' }),
    candidate({ source: 'embedded', evidence: 'embedded:x', trust: 'published' }),
  ]);
  assert.deepEqual(only?.provenance.map((p) => p.source), ['embedded', 'autoconfig']);
});

test('merge: different security on the same port stays apart; unspecified folds into the specific one', () => {
  const merged = mergeCandidates([
    candidate({ port: 465, security: 'tls', source: 'ispdb', trust: 'published', evidence: 'ispdb' }),
    candidate({ port: 465, security: 'unspecified', source: 'autodiscover', trust: 'published', evidence: 'ad' }),
    candidate({ port: 587, security: 'starttls' }),
    candidate({ port: 587, security: 'none', source: 'autoconfig', evidence: 'plain', trust: 'published' }),
    candidate({ port: 2525, security: 'unspecified', source: 'autodiscover', evidence: 'ad2', trust: 'published' }),
  ]);
  const key = (m: (typeof merged)[number]) => `${m.port}/${m.security}`;
  assert.deepEqual(merged.map(key).sort(), ['2525/unspecified', '465/tls', '587/none', '587/starttls']);
  const tls = merged.find((m) => m.port === 465);
  assert.deepEqual(tls?.provenance.map((p) => [p.source, p.security]), [['ispdb', 'tls'], ['autodiscover', 'unspecified']]);
});

test('merge: results sorted strongest first across endpoints', () => {
  const merged = mergeCandidates([
    candidate({ host: 'guessed.example.test' }),
    candidate({ host: 'published.example.test', source: 'ispdb', trust: 'published', evidence: 'i' }),
    candidate({ host: 'srv.example.test', source: 'srv', evidence: 's' }),
  ]);
  assert.deepEqual(merged.map((m) => m.host), ['published.example.test', 'srv.example.test', 'guessed.example.test']);
});
