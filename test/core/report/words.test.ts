// Plain words for the codes the report keeps for machines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TlsFacts } from '@autoconf/core';
import { authMethodWords, certificateErrorWords, certificateProblem, expiryWords, formatDay } from '@autoconf/core/internal/report/words.js';

const base: TlsFacts = {
  protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true, chainTrusted: true, nameMatches: true,
  subject: 'imap.example.test', subjectAltNames: ['DNS:imap.example.test'], issuer: 'Test CA', selfSigned: false,
  validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-12-11T12:00:00.000Z', daysLeft: 12, expired: false,
  fingerprint256: 'AA', outdated: false,
};

test('certificate problems in words, the code never shown', () => {
  assert.equal(certificateErrorWords('DEPTH_ZERO_SELF_SIGNED_CERT'), 'a self-signed certificate');
  assert.match(certificateErrorWords('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), /issuer is not trusted here/);
  assert.equal(certificateProblem(base, 'imap.example.test'), undefined);
  assert.equal(
    certificateProblem({ ...base, authorized: false, nameMatches: false, subjectAltNames: ['DNS:imap.elsewhere.test'], authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'imap.example.test'),
    'the certificate is for imap.elsewhere.test, not imap.example.test (try imap.elsewhere.test)',
  );
  assert.equal(certificateProblem({ ...base, authorized: false, chainTrusted: false, selfSigned: true, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'x'), 'a self-signed certificate');
  assert.equal(certificateProblem({ ...base, authorized: false, expired: true, daysLeft: -3, validTo: '2026-11-26T00:00:00.000Z' }, 'x'), 'the certificate expired 3 day(s) ago (26 Nov 2026)');
});

test('dates as a day, auth methods as what they mean', () => {
  assert.equal(expiryWords(base), 'expires in 12 day(s) (11 Dec 2026)');
  assert.equal(formatDay('not a date'), 'not a date');
  assert.equal(authMethodWords('password-cleartext'), 'password (sent inside TLS)');
  assert.equal(authMethodWords('oauth2'), 'OAuth2 token');
});
