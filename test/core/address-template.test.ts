// Facts in template form: the address taken out where a source returns, put back once for the
// address a report serves, in the spelling it had (raw, or percent-encoded in a URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandText, parseAddress, templateText, templateUsername } from '@autoconf/core/internal/address.js';
import { expandCandidate, expandRecord, templateSourceResult } from '@autoconf/core/internal/address-template.js';
import { mergeCandidates } from '@autoconf/core/internal/discover/merge.js';
import type { SourceResult } from '@autoconf/core/internal/types.js';

const alice = parseAddress("Alice.O'Neil+x@Example.test");
const bob = parseAddress('bob@example.test');

test('every spelling of the address becomes a placeholder; expanded, each comes back in its own spelling', () => {
  const url = `https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(alice.address)}`;
  const form = `https://x.test/?u=${new URLSearchParams({ a: alice.address }).toString().slice(2)}`;
  assert.equal(templateText(url, alice), 'https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=%25EMAILADDRESS%25');
  assert.equal(templateText(form, alice), 'https://x.test/?u=%25EMAILADDRESS%25');
  // Any case: a server need not keep it; the input as typed too.
  assert.equal(templateText("Sent to alice.o'neil+x@example.test and Alice.O'Neil+x@Example.test.", alice), 'Sent to %EMAILADDRESS% and %EMAILADDRESS%.');
  assert.equal(templateText('ALICE.O%27NEIL%2BX%40EXAMPLE.TEST', alice), '%25EMAILADDRESS%25');
  assert.equal(expandText(templateText(url, alice), alice), url);
  assert.equal(expandText(templateText(url, alice), bob), 'https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=bob%40example.test');
  assert.equal(expandText('for %EMAILADDRESS%', bob), 'for bob@example.test');
  // Text without the address is left alone.
  assert.equal(templateText('dns:_imaps._tcp.example.test SRV 0 0 993 imap.example.test', alice), 'dns:_imaps._tcp.example.test SRV 0 0 993 imap.example.test');
});

test('expansion is one pass: an address that reads like a placeholder is inserted as text', () => {
  const odd = parseAddress('%EMAILADDRESS%@example.test');
  assert.equal(expandText('user %EMAILADDRESS% at %25EMAILADDRESS%25', odd), 'user %EMAILADDRESS%@example.test at %25EMAILADDRESS%25%40example.test');
});

test('a username echoed back becomes a template: the address, or the local part when it is all of it', () => {
  assert.equal(templateUsername(alice.address, alice), '%EMAILADDRESS%');
  assert.equal(templateUsername("alice.o'neil+x", alice), '%EMAILLOCALPART%');
  assert.equal(templateUsername(`EXAMPLE\\${alice.address}`, alice), 'EXAMPLE\\%EMAILADDRESS%');
  assert.equal(templateUsername('%EMAILLOCALPART%', alice), '%EMAILLOCALPART%');
  assert.equal(templateUsername('postmaster', alice), 'postmaster');
});

test('a source result leaves in template form and comes back for another address', () => {
  const url = `https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(alice.address)}`;
  const result: SourceResult = {
    record: {
      source: 'autoconfig', requests: [`GET ${url}`], status: 'found', durationMs: 1, candidates: 1,
      notes: [{ code: 'enable-first', severity: 'medium', message: `Enable IMAP for ${alice.address}.`, at: url }],
    },
    candidates: [{
      protocol: 'imap', host: 'imap.example.test', port: 993, security: 'tls', usernameTemplate: alice.address, authMethods: [],
      source: 'autoconfig', evidence: url, trust: 'published', rank: 0,
      notes: [{ code: 'enable-first', severity: 'medium', message: `Enable IMAP for ${alice.address}.` }],
    }],
  };
  const shared = templateSourceResult(result, alice);
  assert.ok(!JSON.stringify(shared).toLowerCase().includes('alice'), JSON.stringify(shared));
  const record = expandRecord(shared.record, bob);
  assert.deepEqual(record.requests, ['GET https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=bob%40example.test']);
  assert.equal(record.notes[0]?.message, 'Enable IMAP for bob@example.test.');
  const [candidate] = mergeCandidates(shared.candidates).map((merged) => expandCandidate(merged, bob));
  assert.equal(candidate?.username, 'bob@example.test');
  assert.equal(candidate?.usernameTemplate, '%EMAILADDRESS%');
  assert.equal(candidate?.provenance[0]?.evidence, 'https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=bob%40example.test');
  assert.equal(candidate?.provenance[0]?.notes?.[0]?.message, 'Enable IMAP for bob@example.test.');
  // And back for the address it was gathered for, exactly as it was.
  assert.deepEqual(expandRecord(shared.record, alice), result.record);
});
