// `autoconf lint <domain>` for the domain's owner (issue 10): what the domain publishes, source
// by source and server by server; every published server probed to its end (no early stop
// once a best answer is settled, no guesses); a verdict per server and overall, with exit
// codes 0 (all good), 3 (a server with a problem) and 1 (nothing usable). Real ports
// 587/465/993 on 127.0.0.102 and 127.0.0.103: needs root.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { IS_ROOT, startMailDomain, type MailDomain } from '../core/detect/fixtures.js';
import { makeTempDir, runCli } from './cli-harness.js';

const skip = IS_ROOT ? false : 'binds the real ports 587/465/993 on loopback: needs root';
let good: MailDomain;
let broken: MailDomain;
let dead: TestDnsServer;
let tmp: ReturnType<typeof makeTempDir>;

before(async () => {
  // Nothing listens on port 2 of 127.0.0.1: the only published server refuses connections.
  dead = await startDnsServer({
    zone: {
      'dead.test': { TXT: ['v=spf1 -all'] },
      'mail.dead.test': { A: ['127.0.0.1'] },
      '_submission._tcp.dead.test': { SRV: [{ priority: 0, weight: 1, port: 2, target: 'mail.dead.test' }] },
    },
  });
  if (!IS_ROOT) return;
  good = await startMailDomain({ ip: '127.0.0.103', domain: 'owner.test' });
  // 587 hides STARTTLS, and a published POP3S port has nothing listening behind it.
  broken = await startMailDomain({
    ip: '127.0.0.102', domain: 'broken.test', hide587Starttls: true,
    zone: { '_pop3s._tcp.broken.test': { SRV: [{ priority: 0, weight: 1, port: 995, target: 'mail.broken.test' }] } },
  });
  tmp = makeTempDir();
  writeFileSync(join(tmp.dir, 'good-ca.pem'), good.ca.cert);
  writeFileSync(join(tmp.dir, 'broken-ca.pem'), broken.ca.cert);
});
after(async () => {
  await Promise.all([good?.close(), broken?.close(), dead?.close()]);
  tmp?.dispose();
});

const flags = (world: MailDomain, ca: string) => ['--dns', world.dns.address, '--ca-file', ca, '--timeout', '8000'];

test('a healthy domain: every published server listed with its record, probed, and said to work; exit 0', { skip }, async () => {
  const result = await runCli(['lint', 'owner.test', ...flags(good, 'good-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  // Source by source, server by server, with the record that named it.
  assert.match(result.stdout, /^srv found, 3 candidate\(s\)$/m);
  assert.match(result.stdout, /^ {2}smtp mail\.owner\.test:587 STARTTLS\n {6}from dns:_submission\._tcp\.owner\.test SRV 0 1 587 mail\.owner\.test$/m);
  // 465 is published too: an ordinary detection stops once 587 is confirmed and never probes
  // it; the owner's lint waits for it.
  assert.match(result.stdout, /^ {2}smtp mail\.owner\.test:465 TLS: works: Secured with implicit TLS, TLSv1\.[23], certificate trusted, expires in \d+ day\(s\)/m);
  assert.match(result.stdout, /^ {2}smtp mail\.owner\.test:587 STARTTLS: works: Secured with STARTTLS, TLSv1\.[23], certificate trusted/m);
  assert.match(result.stdout, /^ {2}imap mail\.owner\.test:993 TLS: works/m);
  assert.match(result.stdout, /^Overall: every published server works \(3\)$/m);
  // Each note carries the fix for the owner.
  assert.match(result.stdout, /srv-not-offered: .*\n +fix: The domain says it does not offer this service/);
  // Guesses are ours, not the domain's: not run, not listed.
  assert.doesNotMatch(result.stdout, /guess|smtp\.owner\.test|imap\.owner\.test/);
});

test('a stripped STARTTLS and a dead published port: a verdict per server in words, exit 3', { skip }, async () => {
  const result = await runCli(['lint', 'broken.test', ...flags(broken, 'broken-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 3, result.stdout + result.stderr);
  assert.match(result.stdout, /^ {2}smtp mail\.broken\.test:587 STARTTLS: DOWNGRADE: published as STARTTLS, but the server offers no STARTTLS \(asked anyway, it answered "502 5\.5\.1 Unrecognized command"\): clients either fail or send the password in cleartext$/m);
  assert.match(result.stdout, /^ {2}pop3 mail\.broken\.test:995 TLS: UNREACHABLE: mail\.broken\.test:995 refused the connection: nothing listens on port 995 there/m);
  assert.match(result.stdout, /^ {2}smtp mail\.broken\.test:465 TLS: works/m);
  assert.match(result.stdout, /^Overall: 2 of 4 published server\(s\) have a problem$/m);
  assert.match(result.stdout, /\[high\] +starttls-missing: .*\n +fix: /);
  assert.doesNotMatch(result.stdout, /ECONNREFUSED|ERR_[A-Z_]+/);
});

test('a certificate nobody here trusts: CERTIFICATE PROBLEM in words, exit 1 when nothing else works', { skip }, async () => {
  const result = await runCli(['lint', 'owner.test', '--dns', good.dns.address, '--timeout', '8000']);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /^ {2}smtp mail\.owner\.test:465 TLS: CERTIFICATE PROBLEM: Connected with implicit TLS, but a certificate whose issuer is not trusted here/m);
  assert.match(result.stdout, /^Overall: nothing usable: none of the 3 published server\(s\) works from here$/m);
  assert.doesNotMatch(result.stdout, /UNABLE_TO_GET_ISSUER|UNABLE_TO_VERIFY_LEAF/);
});

test('nothing usable: the only published server refuses connections, exit 1', async () => {
  const result = await runCli(['lint', 'dead.test', '--dns', dead.address, '--timeout', '6000']);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /^ {2}smtp mail\.dead\.test:2 STARTTLS: UNREACHABLE: mail\.dead\.test:2 refused the connection/m);
  assert.match(result.stdout, /^Overall: nothing usable: none of the 1 published server\(s\) works from here$/m);
});
