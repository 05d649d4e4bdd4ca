// The gather stage merges each source's candidates into the running set as the source ends.
// After every step that set must be exactly what one merge of everything so far gives, in
// whatever order the sources end: same entries, same order, same provenance and notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMerger, mergeCandidates } from '@autoconf/core/internal/discover/merge.js';
import type { Candidate, LintNote, SourceName } from '@autoconf/core/internal/types.js';

const AUTOCONFIG = 'https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=%25EMAILADDRESS%25';
const CROSS: LintNote = { code: 'cross-domain', severity: 'medium', message: 'SRV names a host in another domain.', at: '_imaps._tcp.example.test' };
const HTTP: LintNote = { code: 'http-source', severity: 'medium', message: 'Fetched over plain HTTP.', at: 'http://autoconfig.example.test/mail/config-v1.1.xml' };
const PLAIN: LintNote = { code: 'plain-socket', severity: 'high', message: 'No encryption.', at: 'Account/Protocol[3]' };

function c(source: SourceName, protocol: Candidate['protocol'], host: string, port: number, security: Candidate['security'], extra: Partial<Candidate> = {}): Candidate {
  return { protocol, host, port, security, authMethods: [], source, evidence: `${source}:${host}`, trust: 'hint', rank: 0, ...extra };
}

// What each source proposed for one domain, as the sources would hand it over.
const SOURCES: Record<SourceName, Candidate[]> = {
  embedded: [
    c('embedded', 'imap', 'imap.example.test', 993, 'tls', { trust: 'published', vouched: true, usernameTemplate: '%EMAILLOCALPART%', authMethods: ['password-cleartext'], evidence: 'embedded:example' }),
    c('embedded', 'smtp', 'smtp.example.test', 587, 'starttls', { trust: 'published', vouched: true, usernameTemplate: '%EMAILLOCALPART%', evidence: 'embedded:example', rank: 1 }),
  ],
  autoconfig: [
    // HTTPS says TLS on 993 with the full address; plain HTTP says the same endpoint again
    // (a hint) and adds a cleartext one.
    c('autoconfig', 'imap', 'imap.example.test', 993, 'tls', { trust: 'published', vouched: true, usernameTemplate: '%EMAILADDRESS%', authMethods: ['oauth2', 'password-cleartext'], evidence: AUTOCONFIG }),
    c('autoconfig', 'smtp', 'SMTP.Example.Test', 465, 'tls', { trust: 'published', vouched: true, usernameTemplate: '%EMAILADDRESS%', evidence: AUTOCONFIG, rank: 1 }),
    c('autoconfig', 'imap', 'imap.example.test', 993, 'tls', { evidence: 'http://autoconfig.example.test/mail/config-v1.1.xml', rank: 2, notes: [HTTP] }),
    c('autoconfig', 'imap', 'imap.example.test', 143, 'none', { evidence: 'http://autoconfig.example.test/mail/config-v1.1.xml', rank: 3, notes: [HTTP] }),
  ],
  ispdb: [
    // The same endpoint with another mode than the embedded table: they stay apart.
    c('ispdb', 'smtp', 'smtp.example.test', 587, 'tls', { trust: 'published', vouched: true, usernameTemplate: '%EMAILADDRESS%', evidence: 'https://ispdb.test/v1.1/example.test' }),
  ],
  srv: [
    c('srv', 'imap', 'imap.example.test', 993, 'tls', { evidence: 'dns:_imaps._tcp.example.test SRV 0 0 993 imap.example.test' }),
    c('srv', 'imap', 'imap.elsewhere.test', 993, 'tls', { evidence: 'dns:_imaps._tcp.example.test SRV 10 0 993 imap.elsewhere.test', rank: 1, notes: [CROSS] }),
  ],
  mx: [
    c('mx', 'imap', 'imap.example.test', 993, 'tls', { trust: 'published', usernameTemplate: '%EMAILADDRESS%', evidence: 'dns:MX mx.example.test -> embedded:example' }),
  ],
  autodiscover: [
    // "SSL on": the probe decides. One endpoint others name with a mode, one nobody else names,
    // and one named twice from the same document with different notes.
    c('autodiscover', 'smtp', 'smtp.example.test', 587, 'unspecified', { trust: 'published', vouched: true, evidence: 'https://autodiscover.example.test/autodiscover/autodiscover.xml' }),
    c('autodiscover', 'pop3', 'pop.example.test', 995, 'unspecified', { trust: 'published', evidence: 'https://autodiscover.example.test/autodiscover/autodiscover.xml', rank: 1 }),
    c('autodiscover', 'smtp', 'smtp.example.test', 25, 'none', { trust: 'published', evidence: 'https://autodiscover.example.test/autodiscover/autodiscover.xml', rank: 2, notes: [PLAIN] }),
    c('autodiscover', 'smtp', 'smtp.example.test', 25, 'none', { trust: 'published', evidence: 'https://autodiscover.example.test/autodiscover/autodiscover.xml', rank: 3, notes: [PLAIN, CROSS] }),
  ],
  guess: [
    c('guess', 'imap', 'imap.example.test', 993, 'tls'),
    c('guess', 'imap', 'imap.example.test', 143, 'starttls', { rank: 1 }),
    c('guess', 'smtp', 'smtp.example.test', 587, 'starttls', { rank: 2 }),
    c('guess', 'smtp', 'smtp.example.test', 465, 'tls', { rank: 3 }),
    // Named with a mode only after autodiscover left it open (in some orders).
    c('guess', 'pop3', 'pop.example.test', 995, 'tls', { rank: 4 }),
    c('guess', 'pop3', 'pop.example.test', 110, 'starttls', { rank: 5 }),
  ],
};

const ORDERS: SourceName[][] = [
  ['embedded', 'autoconfig', 'ispdb', 'srv', 'mx', 'autodiscover', 'guess'],
  ['guess', 'autodiscover', 'mx', 'srv', 'ispdb', 'autoconfig', 'embedded'],
  ['autodiscover', 'embedded', 'guess', 'srv', 'autoconfig', 'mx', 'ispdb'],
  ['srv', 'guess', 'embedded', 'autodiscover', 'ispdb', 'mx', 'autoconfig'],
];

test('merging source by source gives what one merge of everything gives, after every source, in any order', () => {
  for (const order of ORDERS) {
    const merger = createMerger();
    const seen: Candidate[] = [];
    let running = merger.add([]);
    assert.deepEqual(running, []);
    for (const source of order) {
      seen.push(...SOURCES[source]);
      running = merger.add(SOURCES[source]);
      assert.deepEqual(running, mergeCandidates(seen), `${order.join(',')}: after ${source}`);
    }
  }
});

test('the full set merges as the ranking expects: modes apart, unspecified folded in, notes kept', () => {
  const merged = mergeCandidates(ORDERS[0]!.flatMap((source) => SOURCES[source]));
  const key = (m: (typeof merged)[number]) => `${m.protocol} ${m.host}:${m.port} ${m.security}`;
  const byKey = new Map(merged.map((m) => [key(m), m]));
  // Two modes on smtp 587 stay two entries; autodiscover's unspecified supports both.
  assert.deepEqual(byKey.get('smtp smtp.example.test:587 starttls')?.provenance.map((p) => p.source), ['embedded', 'autodiscover', 'guess']);
  assert.deepEqual(byKey.get('smtp smtp.example.test:587 tls')?.provenance.map((p) => p.source), ['ispdb', 'autodiscover']);
  // Named with a mode by the guesses, the pop3 endpoint is not also kept unspecified.
  assert.equal(byKey.get('pop3 pop.example.test:995 unspecified'), undefined);
  assert.deepEqual(byKey.get('pop3 pop.example.test:995 tls')?.provenance.map((p) => [p.source, p.security]), [['autodiscover', 'unspecified'], ['guess', 'tls']]);
  // The published HTTPS answer outranks its plain-HTTP twin, whose note stays with it.
  const imaps = byKey.get('imap imap.example.test:993 tls');
  assert.equal(imaps?.usernameTemplate, '%EMAILADDRESS%');
  assert.deepEqual(imaps?.authMethods, ['oauth2', 'password-cleartext']);
  assert.deepEqual(imaps?.provenance.map((p) => [p.source, p.trust]), [['autoconfig', 'published'], ['embedded', 'published'], ['mx', 'published'], ['autoconfig', 'hint'], ['srv', 'hint'], ['guess', 'hint']]);
  assert.deepEqual(imaps?.provenance[3]?.notes, [HTTP]);
  // One document naming an endpoint twice counts once, with the notes of both.
  const smtp25 = byKey.get('smtp smtp.example.test:25 none');
  assert.equal(smtp25?.provenance.length, 1);
  assert.deepEqual(smtp25?.provenance[0]?.notes, [PLAIN, CROSS]);
  assert.deepEqual(byKey.get('imap imap.elsewhere.test:993 tls')?.provenance[0]?.notes, [CROSS]);
  // Host names are compared and shown in lower case.
  assert.ok(byKey.has('smtp smtp.example.test:465 tls'));
});
