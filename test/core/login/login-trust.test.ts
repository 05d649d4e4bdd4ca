// A password goes only where the address's own domain sent it (RFC 6186 §6). Each path an
// attacker with a valid certificate for its own name can use to be recommended must deliver
// zero bytes of the password; a host the domain's own HTTPS autoconfig names still gets the login.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkReportLogins, detect, isAutoconfError, planReportLogins, type Report } from '@autoconf/core';
import { isLoopbackServer, isTrustedAd } from '@autoconf/core/internal/discover/dnssec.js';
import { IS_ROOT, PASSWORD, secretForms, startPhishingWorld, type PhishingWorld } from './phishing-world.js';

const skip = IS_ROOT ? false : 'binds the real ports 443/465/993 on loopback: needs root';
const FAST = { dnsTimeoutMs: 500, dnsAttempts: 1, connectTimeoutMs: 1_000, stepTimeoutMs: 2_000, timeoutMs: 8_000 } as const;

let world: PhishingWorld;
before(async () => {
  if (IS_ROOT) world = await startPhishingWorld(101);
});
after(async () => world?.close());

const optionsFor = () => ({ ...FAST, nameservers: [world.dns.address], extraCa: [world.ca.cert] });

/** Bytes the attacker received from now on (earlier tests may have consented to a login there). */
function markEvil(): number {
  return world.evil.received().length;
}

function assertNoSecretAtEvil(address: string, since: number): void {
  const received = world.evil.received().slice(since);
  for (const secret of secretForms(address)) assert.ok(!received.includes(secret), `the password reached ${world.evil.name}`);
  assert.ok(!/^AUTH|AUTHENTICATE|\bLOGIN\b/im.test(received), 'no login command reached the attacker');
}

function evilRecommended(report: Report): void {
  const hosts = Object.values(report.recommended).map((endpoint) => endpoint.host);
  assert.ok(hosts.includes(world.evil.name), `the attacker is recommended: ${JSON.stringify(report.recommended)}`);
}

for (const [path, address] of [
  ['a spoofed SRV target in another domain', 'alice@srv.test'],
  ['an Autodiscover redirectUrl to another domain', 'alice@adredir.test'],
  ['an autoconfig HTTPS redirect to another domain', 'alice@acredir.test'],
  ['an MX pointing at an attacker whose autoconfig names itself', 'alice@mxevil.test'],
  ['an MX to the attacker while the domain\'s own 465 works', 'alice@mxevil2.test'],
] as const) {
  test(`${path}: 0 bytes of the password, the login is "not-tried" and says why`, { skip }, async () => {
    const mark = markEvil();
    const report = await detect(address, { ...optionsFor(), verifyLogin: { password: PASSWORD } });
    assertNoSecretAtEvil(address, mark);
    const atEvil = report.logins.filter((login) => login.host === world.evil.name);
    for (const login of atEvil) {
      assert.equal(login.outcome, "not-tried", JSON.stringify(login));
      assert.equal(login.permission.allowed, false);
      assert.equal(login.permission.basis, 'needs-consent');
      assert.match(login.permission.reason, /outside/);
      assert.ok(login.permission.namedBy.length > 0);
    }
    // Whatever else was recommended, logins that were tried went only to hosts allowed.
    for (const login of report.logins.filter((l) => l.outcome !== 'not-tried')) assert.ok(login.permission.allowed);
    if (address.endsWith('@mxevil2.test')) {
      // The domain's own working server outranks a host only an unsigned MX pointed at.
      assert.equal(report.recommended.smtp?.host, world.own.name, JSON.stringify(report.recommended));
      const own = report.logins.filter((login) => login.host === world.own.name);
      assert.ok(own.length >= 2 && own.every((login) => login.outcome === 'ok' && login.permission.basis === 'own-domain'), JSON.stringify(report.logins));
    } else {
      evilRecommended(report);
      assert.ok(atEvil.length > 0, JSON.stringify(report.logins));
    }
  });
}

test('redirects off the domain are cross-domain findings and never "published"', { skip }, async () => {
  for (const address of ['bob@adredir.test', 'bob@acredir.test']) {
    const report = await detect(address, optionsFor());
    assert.ok(report.findings.some((f) => f.code === 'cross-domain'), `${address}: ${JSON.stringify(report.findings.map((f) => f.code))}`);
    const evil = report.candidates.filter((candidate) => candidate.host === world.evil.name);
    assert.ok(evil.length > 0);
    for (const candidate of evil) {
      assert.equal(candidate.trust, 'hint', `${address}: ${JSON.stringify(candidate.provenance)}`);
      assert.ok(candidate.provenance.every((entry) => entry.vouched !== true));
    }
  }
});

test('consent naming the host lets the login through; consent for another host does not', { skip }, async () => {
  const mark = markEvil();
  const other = await detect('carol@srv.test', { ...optionsFor(), verifyLogin: { password: PASSWORD, allowHosts: ['smtp.elsewhere.test'] } });
  assert.ok(other.logins.every((login) => login.outcome === 'not-tried'));
  assertNoSecretAtEvil('carol@srv.test', mark);
  const report = await detect('carol@srv.test', { ...optionsFor(), verifyLogin: { password: PASSWORD, allowHosts: ['SMTP.EVIL.TEST.'] } });
  assert.ok(report.logins.length > 0);
  for (const login of report.logins) {
    assert.equal(login.permission.basis, 'consent');
    assert.equal(login.outcome, 'ok', JSON.stringify(login));
  }
  assert.ok(world.evil.received().includes(Buffer.from(`\0carol@srv.test\0${PASSWORD}`).toString('base64')));
});

test('the domain\'s own HTTPS autoconfig may name a host elsewhere: the login goes there', { skip }, async () => {
  const report = await detect('dave@good.test', { ...optionsFor(), verifyLogin: { password: PASSWORD } });
  assert.equal(report.recommended.smtp?.host, world.provider.name);
  assert.ok(report.logins.length >= 2, JSON.stringify(report.logins));
  for (const login of report.logins) {
    assert.equal(login.permission.basis, 'trusted-source');
    assert.equal(login.outcome, 'ok', JSON.stringify(login));
  }
});

test('SRV with the AD bit counts from a loopback resolver, and not when the resolver is not trusted', { skip }, async () => {
  const trusted = await detect('erin@signed.test', { ...optionsFor(), verifyLogin: { password: PASSWORD } });
  assert.ok(trusted.logins.length > 0);
  assert.ok(trusted.logins.every((login) => login.permission.basis === 'trusted-source' && login.outcome === 'ok'), JSON.stringify(trusted.logins));
  const mark = markEvil();
  const untrusted = await detect('frank@signed.test', { ...optionsFor(), trustResolver: false, verifyLogin: { password: PASSWORD } });
  assert.ok(untrusted.logins.length > 0);
  assert.ok(untrusted.logins.every((login) => login.outcome === 'not-tried' && login.permission.basis === 'needs-consent'));
  assertNoSecretAtEvil('frank@signed.test', mark);
});

test('a bad username stops every login before the first one sends anything', { skip }, async () => {
  const before = world.provider.received().length;
  await assert.rejects(
    detect('gina@good.test', { ...optionsFor(), verifyLogin: { password: PASSWORD, username: 'gina\r\nAUTH PLAIN x' } }),
    (error) => isAutoconfError(error, 'OPTION_INVALID'),
  );
  assert.ok(!world.provider.received().slice(before).includes(PASSWORD));
  assert.ok(!/AUTH/.test(world.provider.received().slice(before)));
});

test('a front end can plan first and log in after consent (checkReportLogins)', { skip }, async () => {
  const report = await detect('hal@srv.test', optionsFor());
  assert.deepEqual(report.logins, []);
  const plan = planReportLogins(report);
  assert.ok(plan.length > 0 && plan.every((entry) => !entry.permission.allowed && entry.permission.basis === 'needs-consent'));
  const mark = markEvil();
  const refused = await checkReportLogins(report, { ...optionsFor(), password: PASSWORD });
  assert.ok(refused.logins.every((login) => login.outcome === 'not-tried'));
  assertNoSecretAtEvil('hal@srv.test', mark);
  const allowed = await checkReportLogins(report, { ...optionsFor(), password: PASSWORD, allowHosts: [world.evil.name] });
  assert.ok(allowed.logins.every((login) => login.outcome === 'ok'), JSON.stringify(allowed.logins));
});

test('the AD bit counts only from a loopback resolver unless the user says otherwise', () => {
  assert.equal(isLoopbackServer('127.0.0.53:53'), true);
  assert.equal(isLoopbackServer('[::1]:53'), true);
  assert.equal(isLoopbackServer('::1'), true);
  assert.equal(isLoopbackServer('192.0.2.1:53'), false);
  assert.equal(isLoopbackServer('[2001:db8::1]:53'), false);
  assert.equal(isTrustedAd({ authenticated: true, server: '192.0.2.1:53' }, undefined), false);
  assert.equal(isTrustedAd({ authenticated: true, server: '192.0.2.1:53' }, true), true);
  assert.equal(isTrustedAd({ authenticated: true, server: '127.0.0.1:53' }, false), false);
  assert.equal(isTrustedAd({ authenticated: false, server: '127.0.0.1:53' }, true), false);
});
