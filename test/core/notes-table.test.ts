// Every note a source or a parser leaves is in one table (packages/core/src/notes.ts) that says
// which finding it becomes. These tests hold the table to its promise — no high note can be
// lost on the way to the report — and follow three such notes through a whole detect() in a
// world of real servers on loopback: a null MX, a test sink, a published cleartext socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, FINDINGS } from '@autoconf/core';
import { NOTES, note } from '@autoconf/core/internal/notes.js';
import { capNotes } from '@autoconf/core/internal/parse/caps.js';
import { startDnsServer } from '../helpers/dns-server.js';
import { NOT_ROOT, clientConfig, startWorld, xmlRoute } from './discover/world.js';

test('every high note becomes a finding, and every finding a note names exists', () => {
  for (const [code, spec] of Object.entries(NOTES)) {
    if (spec.severity === 'high') assert.notEqual(spec.finding, null, `${code} is high but becomes no finding`);
    if (spec.finding !== null) assert.ok(Object.hasOwn(FINDINGS, spec.finding), `${code} names the unknown finding ${spec.finding}`);
    assert.ok(spec.fix.length > 10 && spec.fix.endsWith('.'), `${code} has a one-line fix`);
  }
});

test('a note takes its severity from the table, not from the place that emits it', () => {
  assert.deepEqual(note('null-mx', 'm', 'x'), { code: 'null-mx', severity: 'high', message: 'm', at: 'x' });
  assert.equal(note('srv-not-offered', 'm').severity, 'info');
});

test('capping a document\'s notes keeps the most severe ones, in their order', () => {
  const trivia = Array.from({ length: 10 }, (_, i) => note('misspelled-element', `t${i}`));
  const capped = capNotes([...trivia, note('plain-socket', 'cleartext'), ...trivia], 3, 'doc');
  assert.deepEqual(capped.map((n) => n.message).slice(0, 3), ['t0', 't1', 'cleartext']);
  assert.equal(capped.at(-1)?.code, 'notes-capped');
  assert.match(capped.at(-1)?.message ?? '', /^18 more notes \(18 info\)/);
});

test('a null MX reaches the report as a high null-mx finding', async () => {
  const dns = await startDnsServer({ zone: { 'nomail.test': { MX: [{ priority: 0, exchange: '' }], TXT: ['v=spf1 -all'] } } });
  try {
    const report = await detect('who@nomail.test', {
      nameservers: [dns.address], dnsTimeoutMs: 500, dnsAttempts: 1, timeoutMs: 4_000,
      sources: { autoconfig: false, ispdb: false, autodiscover: false },
    });
    const found = report.findings.find((f) => f.code === 'null-mx');
    assert.equal(found?.severity, 'high', JSON.stringify(report.findings.map((f) => f.code)));
    assert.match(found?.message ?? '', /nomail\.test publishes a null MX/);
  } finally {
    await dns.close();
  }
});

test('a domain that does not exist is said first, without the plain-HTTP hint', async () => {
  const dns = await startDnsServer({ zone: { 'other.test': { TXT: ['v=spf1 -all'] } } });
  try {
    const report = await detect('who@gmial-typo.test', {
      nameservers: [dns.address], dnsTimeoutMs: 500, dnsAttempts: 1, timeoutMs: 4_000,
      sources: { autoconfig: false, ispdb: false, autodiscover: false },
    });
    assert.equal(report.status, 'not-found');
    const codes = report.findings.map((f) => f.code);
    assert.ok(codes.includes('no-such-domain'), JSON.stringify(codes));
    assert.match(report.findings.find((f) => f.code === 'no-such-domain')?.message ?? '', /gmial-typo\.test does not exist in DNS/);
    assert.ok(!codes.includes('http-only-possible'));
  } finally {
    await dns.close();
  }
});

test('a mail-testing service is named as such, with the high test-sink finding', async () => {
  const report = await detect('dev@ethereal.email', { offline: true });
  const found = report.findings.find((f) => f.code === 'test-sink');
  assert.equal(found?.severity, 'high', JSON.stringify(report.findings.map((f) => f.code)));
  assert.match(found?.fix ?? '', /never delivered/);
});

test('a cleartext socket the domain publishes becomes a published-cleartext finding on that endpoint', { skip: NOT_ROOT }, async () => {
  const world = await startWorld({
    ip: '127.0.0.97',
    https: {
      'autoconfig.clear.test': {
        '/mail/config-v1.1.xml': xmlRoute(clientConfig('clear.test', [['imap', 'imap.clear.test', 993, 'SSL'], ['imap', 'imap.clear.test', 143, 'plain'], ['smtp', 'smtp.clear.test', 25, 'plain']])),
      },
    },
  });
  try {
    const report = await detect('a@clear.test', {
      network: world.network, probe: false, timeoutMs: 4_000,
      sources: { ispdb: false, autodiscover: false, guess: false, srv: false, mx: false },
    });
    const found = report.findings.filter((f) => f.code === 'published-cleartext');
    // One finding per endpoint, though the note's words are the same for both.
    assert.deepEqual(found.map((f) => `${f.endpoint?.host}:${f.endpoint?.port}`).sort(), ['imap.clear.test:143', 'smtp.clear.test:25']);
  } finally {
    await world.close();
  }
});

test('the README\'s findings table is the FINDINGS table, row for row', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (info|low|medium|high) \| (.*) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
  const expected = Object.entries(FINDINGS).map(([code, f]) => [code, f.severity, f.fix.replace(/\|/g, '\\|')]);
  assert.deepEqual(rows, expected, 'run: node --conditions=source --import tsx scripts/gen-readme-findings.ts');
});

test('a published document that cannot be fetched is said in words, without system error codes', async () => {
  const dns = await startDnsServer({ zone: { 'quiet.test': { MX: [{ priority: 10, exchange: 'mail.quiet.test' }] }, 'mail.quiet.test': { A: ['127.0.0.1'] } } });
  try {
    const report = await detect('who@quiet.test', {
      nameservers: [dns.address], dnsTimeoutMs: 500, dnsAttempts: 1, timeoutMs: 4_000, probe: false,
      sources: { ispdb: false, autodiscover: false, guess: false, srv: false, mx: false },
    });
    const notes = report.sources.find((s) => s.source === 'autoconfig')?.notes ?? [];
    assert.ok(notes.some((n) => n.code === 'http-dns' && /^autoconfig\.quiet\.test does not resolve/.test(n.message)), JSON.stringify(notes));
    for (const n of notes) assert.doesNotMatch(n.message, /\bE[A-Z]{4,}\b|getaddrinfo/, n.message);
  } finally {
    await dns.close();
  }
});
