// Ranking and findings are pure functions of candidates and probe results; these tests feed
// them the data shapes the probes produce and check every policy rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rank } from '@autoconf/core/internal/rank/rank.js';
import { policyRank } from '@autoconf/core/internal/rank/policy.js';
import { probeFindings, reportFindings } from '@autoconf/core/internal/report/derive-findings.js';
import type { ProbeResult, TlsFacts } from '@autoconf/core/internal/probe/types.js';
import type { MergedCandidate, Protocol, PublishedSecurity, SourceName, Trust } from '@autoconf/core/internal/types.js';

function candidate(protocol: Protocol, host: string, port: number, security: PublishedSecurity, source: SourceName = 'autoconfig', trust: Trust = 'published', authMethods: MergedCandidate['authMethods'] = ['password-cleartext']): MergedCandidate {
  return { protocol, host, port, security, authMethods, trust, provenance: [{ source, evidence: `${source}:test`, trust, security, authMethods, rank: 0 }] };
}

const goodTls: TlsFacts = {
  protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true, chainTrusted: true, nameMatches: true,
  subject: 'mail.example.test', subjectAltNames: ['DNS:mail.example.test'], issuer: 'test CA', selfSigned: false,
  validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z', daysLeft: 30, expired: false,
  fingerprint256: 'AA', outdated: false, servername: 'mail.example.test',
};

function probe(c: MergedCandidate, observed: ProbeResult['observedSecurity'], overrides: Partial<ProbeResult> = {}): ProbeResult {
  const requested = c.security === 'none' || c.security === 'unspecified' ? 'opportunistic' : c.security;
  return {
    protocol: c.protocol, host: c.host, port: c.port, requestedSecurity: requested, observedSecurity: observed,
    outcome: 'ok', message: 'answered', durationMs: 10, capabilitiesBeforeTls: [], authBeforeTls: [], authAfterTls: ['PLAIN'],
    starttls: { offered: observed === 'starttls', attempted: observed === 'starttls', succeeded: observed === 'starttls' },
    ...(observed === 'none' ? {} : { tls: goodTls }),
    ...overrides,
  };
}

const base = { policy: 'submission-first' as const, allowInsecure: false };

test('the policy orders 587 STARTTLS, 465, 25; implicit-tls-first puts 465 first', () => {
  assert.ok(policyRank('submission-first', 'smtp', 587, 'starttls') < policyRank('submission-first', 'smtp', 465, 'tls'));
  assert.ok(policyRank('submission-first', 'smtp', 465, 'tls') < policyRank('submission-first', 'smtp', 25, 'starttls'));
  assert.ok(policyRank('implicit-tls-first', 'smtp', 465, 'tls') < policyRank('implicit-tls-first', 'smtp', 587, 'starttls'));
  assert.ok(policyRank('submission-first', 'smtp', 2525, 'tls') < policyRank('submission-first', 'smtp', 2525, 'none'));
});

test('confirmed beats published-but-failed, and a confirmed guess on another host does not beat a confirmed published host', () => {
  const published587 = candidate('smtp', 'smtp.provider.test', 587, 'starttls');
  const guess587 = candidate('smtp', 'mail.example.test', 587, 'starttls', 'guess', 'hint');
  const published465 = candidate('smtp', 'smtp.provider.test', 465, 'tls');
  const { recommended } = rank({
    ...base,
    candidates: [published587, guess587, published465],
    probes: [probe(published587, 'none', { outcome: 'timeout-connect', tls: undefined }), probe(guess587, 'starttls'), probe(published465, 'tls')],
  });
  assert.equal(recommended.smtp?.host, 'smtp.provider.test');
  assert.equal(recommended.smtp?.port, 465);
  assert.equal(recommended.smtp?.verified, true);
});

test('cleartext is never recommended unless allowInsecure, and then with plaintext-only', () => {
  const plain = candidate('smtp', 'mail.example.test', 2525, 'none');
  const probes = [probe(plain, 'none')];
  assert.equal(rank({ ...base, candidates: [plain], probes }).recommended.smtp, undefined);
  const insecure = rank({ ...base, allowInsecure: true, candidates: [plain], probes });
  assert.equal(insecure.recommended.smtp?.security, 'none');
  const findings = reportFindings(insecure.assessments, [], insecure.recommended);
  assert.ok(findings.some((f) => f.code === 'plaintext-only'));
});

test('a certificate problem is data: not recommended by default, named by its findings', () => {
  const c = candidate('imap', 'imap.example.test', 993, 'tls');
  const badTls: TlsFacts = { ...goodTls, authorized: false, chainTrusted: false, nameMatches: false, expired: true, selfSigned: true, authorizationError: 'CERT_HAS_EXPIRED', outdated: true, protocol: 'TLSv1' };
  const probes = [probe(c, 'tls', { tls: badTls })];
  const ranking = rank({ ...base, candidates: [c], probes });
  assert.equal(ranking.recommended.imap, undefined);
  const codes = probeFindings(ranking.assessments, probes).map((f) => f.code).sort();
  assert.deepEqual(codes, ['cert-expired', 'cert-name-mismatch', 'tls-outdated']);
  assert.equal(rank({ ...base, allowInsecure: true, candidates: [c], probes }).recommended.imap?.verified, false);
});

test('a published STARTTLS endpoint that offers none is a downgrade: starttls-missing, never recommended', () => {
  const c = candidate('smtp', 'mail.example.test', 587, 'starttls');
  const probes = [probe(c, 'none', { starttls: { offered: false, attempted: true, succeeded: false, reply: '502 no' } })];
  const ranking = rank({ ...base, allowInsecure: true, candidates: [c], probes });
  assert.equal(ranking.recommended.smtp, undefined);
  const findings = probeFindings(ranking.assessments, probes);
  assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['starttls-missing', 'high']]);
});

test('AUTH offered before STARTTLS is named', () => {
  const c = candidate('smtp', 'mail.example.test', 587, 'starttls');
  const probes = [probe(c, 'starttls', { authBeforeTls: ['PLAIN', 'LOGIN'], capabilitiesBeforeTls: ['STARTTLS', 'AUTH PLAIN LOGIN'] })];
  const ranking = rank({ ...base, candidates: [c], probes });
  assert.equal(ranking.recommended.smtp?.port, 587);
  assert.ok(probeFindings(ranking.assessments, probes).some((f) => f.code === 'auth-before-tls'));
});

test('only port 25 confirmed: mta-only-port', () => {
  const c = candidate('smtp', 'mail.example.test', 25, 'starttls', 'guess', 'hint');
  const blocked = candidate('smtp', 'mail.example.test', 587, 'starttls', 'guess', 'hint');
  const probes = [probe(c, 'starttls'), probe(blocked, 'none', { outcome: 'timeout-connect', tls: undefined, address: '127.0.0.1' })];
  const ranking = rank({ ...base, candidates: [c, blocked], probes: probes.map((p) => ({ ...p, address: '127.0.0.1' })) });
  assert.equal(ranking.recommended.smtp?.port, 25);
  const codes = [...reportFindings(ranking.assessments, [], ranking.recommended), ...probeFindings(ranking.assessments, probes.map((p) => ({ ...p, address: '127.0.0.1' })))].map((f) => f.code);
  assert.ok(codes.includes('mta-only-port'));
  assert.ok(codes.includes('port-blocked'));
});

test('IMAP is preferred, but a POP3-only provider is not overruled by a guessed IMAP', () => {
  const pop = candidate('pop3', 'pop.provider.test', 995, 'tls');
  const imapGuess = candidate('imap', 'imap.provider.test', 993, 'tls', 'guess', 'hint');
  const ranking = rank({ ...base, candidates: [pop, imapGuess], probes: [probe(pop, 'tls'), probe(imapGuess, 'tls')] });
  assert.equal(ranking.recommended.imap, undefined);
  assert.equal(ranking.recommended.pop3?.port, 995);
});

test('offline: published data stands in, unverified; guesses never do', () => {
  const published = candidate('smtp', 'smtp.provider.test', 465, 'tls', 'embedded');
  const guess = candidate('smtp', 'smtp.example.test', 587, 'starttls', 'guess', 'hint');
  const ranking = rank({ ...base, candidates: [guess, published], probes: [] });
  assert.equal(ranking.recommended.smtp?.host, 'smtp.provider.test');
  assert.equal(ranking.recommended.smtp?.verified, false);
});

test('OAuth2-only endpoints and conflicting sources are named', () => {
  const oauth = candidate('imap', 'outlook.office365.test', 993, 'tls', 'ispdb', 'published', ['oauth2']);
  const a = candidate('smtp', 'smtp.example.test', 587, 'starttls', 'autoconfig');
  const b = candidate('smtp', 'smtp.example.test', 587, 'tls', 'ispdb');
  const ranking = rank({ ...base, candidates: [oauth, a, b], probes: [probe(oauth, 'tls'), probe(a, 'starttls')] });
  const codes = reportFindings(ranking.assessments, [], ranking.recommended).map((f) => f.code);
  assert.ok(codes.includes('oauth2-only'));
  assert.ok(codes.includes('source-conflict'));
});

// TLS is expected from evidence, not from the port (issue 9): what a source published decides,
// and only a guess (or a mode nobody stated) falls back to the port's registered service.
const relayProbe = (c: MergedCandidate): ProbeResult => probe(c, 'none', { capabilitiesBeforeTls: ['PIPELINING', '8BITMIME'], authBeforeTls: [], authAfterTls: [] });

test('a relay the domain publishes as cleartext on 25 is plaintext, not a downgrade: recommended only with allowInsecure, then with a finding naming it', () => {
  const relay = candidate('smtp', 'relay.example.test', 25, 'none');
  const probes = [relayProbe(relay)];
  const strict = rank({ ...base, candidates: [relay], probes });
  assert.equal(strict.assessments[0]?.verdict, 'plaintext');
  assert.equal(strict.recommended.smtp, undefined);
  const strictFindings = [...probeFindings(strict.assessments, probes), ...reportFindings(strict.assessments, [], strict.recommended)];
  assert.deepEqual(strictFindings.map((f) => f.code), ['plaintext-only']);
  assert.match(strictFindings[0]!.message, /Published as cleartext, and not recommended unless insecure results are allowed.*relay\.example\.test:25/);

  const insecure = rank({ ...base, allowInsecure: true, candidates: [relay], probes });
  assert.deepEqual({ ...insecure.recommended.smtp, reason: undefined, sources: undefined }, {
    protocol: 'smtp', host: 'relay.example.test', port: 25, security: 'none', authMethods: ['password-cleartext'], verified: false, reason: undefined, sources: undefined,
  });
  assert.equal(probeFindings(insecure.assessments, probes).length, 0, 'no starttls-missing: nothing expected TLS there');
  const cleartext = reportFindings(insecure.assessments, [], insecure.recommended).find((f) => f.code === 'plaintext-only');
  assert.deepEqual(cleartext?.endpoint, { protocol: 'smtp', host: 'relay.example.test', port: 25, security: 'none' });
  assert.equal(cleartext?.severity, 'high');
  assert.match(cleartext?.message ?? '', /relay\.example\.test:25 is recommended in cleartext/);
});

test('the same relay only guessed on 25 is a downgrade, never recommended even with allowInsecure: nothing says cleartext is intended', () => {
  const guess = candidate('smtp', 'relay.example.test', 25, 'starttls', 'guess', 'hint');
  const probes = [relayProbe(guess)];
  const ranking = rank({ ...base, allowInsecure: true, candidates: [guess], probes });
  assert.equal(ranking.assessments[0]?.verdict, 'downgrade');
  assert.equal(ranking.recommended.smtp, undefined);
  assert.deepEqual(ranking.alternatives, []);
  const missing = probeFindings(ranking.assessments, probes).find((f) => f.code === 'starttls-missing');
  assert.match(missing?.message ?? '', /port 25 is a STARTTLS port and nothing published says it is cleartext/);
});

test('cleartext stated only by a hint (plain-HTTP autoconfig) lowers nothing: a downgrade on 25', () => {
  const overHttp = candidate('smtp', 'relay.example.test', 25, 'none', 'autoconfig', 'hint');
  const ranking = rank({ ...base, allowInsecure: true, candidates: [overHttp], probes: [relayProbe(overHttp)] });
  assert.equal(ranking.assessments[0]?.verdict, 'downgrade');
  assert.equal(ranking.recommended.smtp, undefined);
});

test('a guess on an endpoint the domain publishes as cleartext is plaintext too: no STARTTLS-stripping alarm beside the published answer', () => {
  const published = candidate('smtp', 'smtp.example.test', 25, 'none');
  const guess = candidate('smtp', 'smtp.example.test', 25, 'starttls', 'guess', 'hint');
  const probes = [relayProbe(published), probe(guess, 'none', { capabilitiesBeforeTls: ['PIPELINING'] })];
  const ranking = rank({ ...base, allowInsecure: true, candidates: [published, guess], probes });
  assert.deepEqual(ranking.assessments.map((a) => [a.candidate.provenance[0]?.source, a.verdict]), [['autoconfig', 'plaintext'], ['guess', 'plaintext']]);
  assert.equal(ranking.recommended.smtp?.port, 25);
  assert.deepEqual(ranking.recommended.smtp?.sources, ['autoconfig']);
  assert.ok(!probeFindings(ranking.assessments, probes).some((f) => f.code === 'starttls-missing'));
});

test('when another source publishes TLS for the endpoint, a cleartext answer is a downgrade whatever this one says', () => {
  const plain = candidate('smtp', 'smtp.example.test', 25, 'none', 'autoconfig');
  const tls = candidate('smtp', 'smtp.example.test', 25, 'starttls', 'ispdb');
  const probes = [relayProbe(plain), probe(tls, 'none', { starttls: { offered: false, attempted: true, succeeded: false, reply: '502 no' } })];
  const ranking = rank({ ...base, allowInsecure: true, candidates: [plain, tls], probes });
  assert.deepEqual(ranking.assessments.map((a) => a.verdict), ['downgrade', 'downgrade']);
  assert.equal(ranking.recommended.smtp, undefined);
  const messages = probeFindings(ranking.assessments, probes).filter((f) => f.code === 'starttls-missing').map((f) => f.message);
  assert.ok(messages.some((m) => /another source publishes TLS for it/.test(m)) && messages.some((m) => /ispdb publishes TLS for it/.test(m)), messages.join('\n'));
});

test('a mode nobody stated on a STARTTLS port that answers in cleartext is still a downgrade (Autodiscover SSL=on on 587)', () => {
  const ad = candidate('smtp', 'smtp.example.test', 587, 'unspecified', 'autodiscover');
  const ranking = rank({ ...base, allowInsecure: true, candidates: [ad], probes: [relayProbe(ad)] });
  assert.equal(ranking.assessments[0]?.verdict, 'downgrade');
  assert.equal(ranking.recommended.smtp, undefined);
});

test('port 25 recommended without a probe (hints only, or offline) gets the same mta-only-port warning', () => {
  const c = candidate('smtp', 'relay.example.test', 25, 'starttls');
  const ranking = rank({ ...base, candidates: [c], probes: [] });
  assert.equal(ranking.recommended.smtp?.port, 25);
  const found = reportFindings(ranking.assessments, [], ranking.recommended).find((f) => f.code === 'mta-only-port');
  assert.match(found?.message ?? '', /Sending is recommended on relay\.example\.test:25/);
  assert.equal(found?.endpoint?.port, 25);
});
