// The CLI against a real mail domain on loopback: a test DNS server publishing SRV records and
// scripted servers on the real ports 587/465/993 of 127.0.0.81 (good) and 127.0.0.82 (587
// hides STARTTLS). Exit codes 0, 1 and 3, --trace, --verify-login and probe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IS_ROOT, PASSWORD, startMailDomain, type MailDomain } from '../core/detect/fixtures.js';
import { ESC, makeTempDir, runCli } from './cli-harness.js';

const skip = IS_ROOT ? false : 'binds the real ports 587/465/993 on loopback: needs root';
let good: MailDomain;
let stripped: MailDomain;
let tmp: ReturnType<typeof makeTempDir>;

before(async () => {
  if (!IS_ROOT) return;
  good = await startMailDomain({ ip: '127.0.0.81', domain: 'good.test' });
  stripped = await startMailDomain({ ip: '127.0.0.82', domain: 'stripped.test', hide587Starttls: true });
  tmp = makeTempDir();
  writeFileSync(join(tmp.dir, 'good-ca.pem'), good.ca.cert);
  writeFileSync(join(tmp.dir, 'stripped-ca.pem'), stripped.ca.cert);
});
after(async () => {
  await good?.close();
  await stripped?.close();
  tmp?.dispose();
});

const flagsFor = (world: MailDomain, ca: string) => ['--dns', world.dns.address, '--ca-file', ca, '--timeout', '8000'];

test('a verified domain: exit 0 and a readable result with certificate and auth', { skip }, async () => {
  const result = await runCli(['detect', 'alice@good.test', ...flagsFor(good, 'good-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /verified: every recommended server/);
  assert.match(result.stdout, /Send \(SMTP\)\n {2}host {9}mail\.good\.test\n {2}port {9}587\n {2}security {5}STARTTLS/);
  assert.match(result.stdout, /verified {5}yes/);
  assert.match(result.stdout, /certificate {2}TLSv1\.[23], trusted, expires in \d+ day\(s\) \(\d{1,2} [A-Z][a-z]{2} \d{4}\)/);
  assert.match(result.stdout, /auth {9}PLAIN/);
  assert.match(result.stdout, /sources {6}srv/);
  assert.ok(!result.stdout.includes(ESC));
});

test('--json is the report; --policy implicit-tls-first picks 465', { skip }, async () => {
  const result = await runCli(['detect', 'bob@good.test', '--json', '--policy', 'implicit-tls-first', ...flagsFor(good, 'good-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 0);
  const report = JSON.parse(result.stdout);
  assert.equal(report.schemaVersion, 2);
  assert.equal(report.status, 'verified');
  assert.equal(report.recommended.smtp.port, 465);
});

test('without the test CA the certificate is untrusted: exit 3 with the finding named', { skip }, async () => {
  const result = await runCli(['detect', 'carl@good.test', '--dns', good.dns.address, '--timeout', '8000']);
  assert.notEqual(result.code, 0);
  assert.match(result.stdout, /cert-untrusted|nothing usable/);
  // In words, not OpenSSL's codes (those stay in --json and --trace).
  assert.match(result.stdout, /issuer is not trusted here/);
  assert.doesNotMatch(result.stdout, /UNABLE_TO_GET_ISSUER|DEPTH_ZERO|ERR_TLS_CERT/);
  const insecure = await runCli(['detect', 'carl@good.test', '--allow-insecure', '--dns', good.dns.address, '--timeout', '8000']);
  assert.match(insecure.stdout, /certificate {2}TLSv1\.[23], NOT trusted: a certificate whose issuer is not trusted here/);
});

test('587 hiding STARTTLS: exit 3 and the starttls-missing finding with its fix', { skip }, async () => {
  const result = await runCli(['detect', 'carol@stripped.test', ...flagsFor(stripped, 'stripped-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 3, result.stdout);
  assert.match(result.stdout, /\[high\] +starttls-missing: .*587/);
  assert.match(result.stdout, /fix: Do not use this endpoint/);
  assert.match(result.stdout, /port {9}465/, 'the safe port is recommended');
});

test('--trace shows DNS queries, probe lines and TLS with timings on stderr only', { skip }, async () => {
  const result = await runCli(['detect', 'dan@good.test', '--trace', ...flagsFor(good, 'good-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 0);
  assert.match(result.stderr, /\[ +\d+ ms\] dns SRV _submission\._tcp\.good\.test → .*mail\.good\.test/);
  assert.match(result.stderr, /lookup mail\.good\.test → 127\.0\.0\.81/);
  assert.match(result.stderr, /\d+ ms {2}S: 220 mail\.good\.test ESMTP/);
  assert.match(result.stderr, /\d+ ms {2}C: EHLO /);
  assert.match(result.stderr, /C: STARTTLS/);
  assert.match(result.stderr, /TLS .*TLSv1\.[23]/);
  assert.match(result.stderr, /S: 250[ -]AUTH/);
  assert.ok(!result.stdout.includes('EHLO'), 'stdout holds only the result');
});

test('--verify-login: right password exit 0, wrong one exit 1, never echoed', { skip }, async () => {
  const right = await runCli(['detect', 'erin@good.test', '--verify-login', '--password-stdin', ...flagsFor(good, 'good-ca.pem')], { cwd: tmp.dir, stdin: PASSWORD + '\n' });
  assert.equal(right.code, 0, right.stdout);
  assert.match(right.stdout, /Login smtp mail\.good\.test:587: ok/);
  const wrong = await runCli(['detect', 'erin@good.test', '--verify-login', ...flagsFor(good, 'good-ca.pem')], {
    cwd: tmp.dir, tty: true, promptSecret: async () => 'wrong-password',
  });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /bad-credentials/);
  assert.ok(!(right.stdout + right.stderr + wrong.stdout + wrong.stderr).includes(PASSWORD));
  assert.ok(!(wrong.stdout + wrong.stderr).includes('wrong-password'));
});

test('--no-probe: DNS hints alone are not trusted (exit 1), and no connection is made', { skip }, async () => {
  const before = good.received().length;
  const result = await runCli(['detect', 'fay@good.test', '--no-probe', ...flagsFor(good, 'good-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 1);
  // Said as what it is: the user turned probing off, the domain is not at fault.
  assert.match(result.stdout, /not probed \(--no-probe\): the servers the sources named are hints a probe must confirm/);
  assert.match(result.stdout, /not-probed: Not probed \(probing is off\): the \d+ server setting\(s\) the sources named/);
  assert.match(result.stdout, /fix: Run again without --no-probe/);
  assert.match(result.stdout, /srv +found 3 server setting\(s\)/);
  assert.equal(good.received().length, before);
});

test('a dark DNS server and --timeout: a bounded run that ends in exit 1', { skip }, async () => {
  const started = performance.now();
  const result = await runCli(['detect', 'x@nowhere.test', '--dns', '127.0.0.1:9', '--timeout', '2000']);
  assert.equal(result.code, 1);
  assert.ok(performance.now() - started < 6_000);
});

test('probe: the whole dialogue for one endpoint, exit 0 / 3 / 1', { skip }, async () => {
  const ok = await runCli(['probe', 'mail.good.test:587', '--security', 'starttls', ...flagsFor(good, 'good-ca.pem').slice(0, 4)], { cwd: tmp.dir });
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /S: 220 mail\.good\.test ESMTP\n.*C: EHLO/);
  assert.match(ok.stdout, /C: STARTTLS/);
  assert.match(ok.stdout, /certificate +.*trusted/);
  const imap = await runCli(['probe', '127.0.0.81', '--protocol', 'imap', '--security', 'tls', '--json', '--ca-file', 'good-ca.pem'], { cwd: tmp.dir });
  const result = JSON.parse(imap.stdout);
  assert.equal(result.port, 993);
  assert.equal(result.observedSecurity, 'tls');
  assert.equal(imap.code, 3, 'an IP literal does not match the certificate name');
  const downgraded = await runCli(['probe', 'mail.stripped.test:587', '--security', 'starttls', ...flagsFor(stripped, 'stripped-ca.pem').slice(0, 4)], { cwd: tmp.dir });
  assert.notEqual(downgraded.code, 0, downgraded.stdout);
  assert.match(downgraded.stdout, /STARTTLS +offered no/);
  const refused = await runCli(['probe', '127.0.0.81:2', '--timeout', '2000']);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /refused/);
});

test('batch over the network: one detection per domain, reports in order', { skip }, async () => {
  const input = 'a@good.test\nb@good.test\nc@stripped.test\n';
  const result = await runCli(['batch', '-', '--dns', good.dns.address, '--ca-file', 'good-ca.pem', '--timeout', '8000'], { cwd: tmp.dir, stdin: input });
  const reports = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(reports.map((r) => r.address.input), ['a@good.test', 'b@good.test', 'c@stripped.test']);
  assert.equal(reports[0].status, 'verified');
  assert.equal(reports[1].recommended.smtp.host, 'mail.good.test');
  // stripped.test is not in good's DNS: nothing usable, so the batch exits 1.
  assert.equal(reports[2].status, 'not-found');
  assert.equal(result.code, 1);
});

test('lint <domain>: the sources with their requests, and the findings', { skip }, async () => {
  const result = await runCli(['lint', 'stripped.test', ...flagsFor(stripped, 'stripped-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 3);
  assert.match(result.stdout, /^srv found/m);
  assert.match(result.stdout, /_submission\._tcp\.stripped\.test/);
  assert.match(result.stdout, /starttls-missing/);
});

// Every way out that is not exit 0 says why on stderr, whatever stdout carries.
test('--format on a downgraded domain: the safe config on stdout, exit 3, the downgrade named on stderr', { skip }, async () => {
  const result = await runCli(['detect', 'gus@stripped.test', '--format', 'env', ...flagsFor(stripped, 'stripped-ca.pem')], { cwd: tmp.dir });
  assert.equal(result.code, 3);
  assert.match(result.stdout, /SMTP_PORT=465/);
  assert.match(result.stderr, /^autoconf: SMTP mail\.stripped\.test:587 offered no STARTTLS.*\n {2}fix: Do not use this endpoint/m);
});

test('--write on a downgraded domain: written, exit 3, and the reason on stderr', { skip }, async () => {
  const dir = makeTempDir();
  try {
    writeFileSync(join(dir.dir, 'stripped-ca.pem'), stripped.ca.cert);
    const result = await runCli(['detect', 'hal@stripped.test', '--write', 'env', ...flagsFor(stripped, 'stripped-ca.pem')], { cwd: dir.dir });
    assert.equal(result.code, 3);
    assert.match(result.stderr, /starttls|STARTTLS/);
    assert.match(result.stderr, /fix: /);
  } finally {
    dir.dispose();
  }
});

test('only untrusted certificates: --format prints nothing, exits 1, and names the certificates', { skip }, async () => {
  const result = await runCli(['detect', 'ida@good.test', '--format', 'env', '--dns', good.dns.address, '--timeout', '8000']);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /certificate/);
  assert.match(result.stderr, /Nothing was printed/);
});

test('a wrong password: exit 1, the headline says the login failed, stderr says why', { skip }, async () => {
  const wrong = await runCli(['detect', 'jo@good.test', '--verify-login', '--password-stdin', ...flagsFor(good, 'good-ca.pem')], { cwd: tmp.dir, stdin: 'wrong-password\n' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /servers verified, but the login on mail\.good\.test failed \(bad-credentials\)/);
  assert.doesNotMatch(wrong.stdout, /verified: every recommended server/);
  assert.match(wrong.stderr, /the login on SMTP mail\.good\.test:587 failed \(bad-credentials\)/);
  const json = await runCli(['detect', 'jo@good.test', '--json', '--verify-login', '--password-stdin', ...flagsFor(good, 'good-ca.pem')], { cwd: tmp.dir, stdin: 'wrong-password\n' });
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).logins[0].outcome, 'bad-credentials');
  assert.match(json.stderr, /failed \(bad-credentials\)/);
});

test('--allow-insecure with only untrusted certificates: the certificates are named as the problem', { skip }, async () => {
  const result = await runCli(['detect', 'kim@good.test', '--allow-insecure', '--dns', good.dns.address, '--timeout', '8000']);
  assert.match(result.stdout, /NOT VERIFIED: the server answered, but its certificate is not trusted \(accepted by --allow-insecure/);
  assert.doesNotMatch(result.stdout, /no probe could confirm/);
  const json = await runCli(['detect', 'kim@good.test', '--json', '--allow-insecure', '--dns', good.dns.address, '--timeout', '8000']);
  assert.equal(JSON.parse(json.stdout).unverifiedReason, 'certificate');
});
