// --verify-login from the terminal's side: the password is asked after detection, only when a
// login may go somewhere; a host nobody trustworthy named needs a yes naming it on a terminal,
// or --login-host without one. The attacker's server records every byte it gets after TLS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IS_ROOT, PASSWORD, secretForms, startPhishingWorld, type PhishingWorld } from '../core/login/phishing-world.js';
import { makeTempDir, runCli } from './cli-harness.js';

const skip = IS_ROOT ? false : 'binds the real ports 443/465/993 on loopback: needs root';
let world: PhishingWorld;
let tmp: ReturnType<typeof makeTempDir>;

before(async () => {
  if (!IS_ROOT) return;
  world = await startPhishingWorld(102);
  tmp = makeTempDir();
  writeFileSync(join(tmp.dir, 'ca.pem'), world.ca.cert);
});
after(async () => {
  await world?.close();
  tmp?.dispose();
});

const flags = () => ['--dns', world.dns.address, '--ca-file', 'ca.pem', '--timeout', '8000'];

function secretsAtEvil(since: number, address: string): boolean {
  const received = world.evil.received().slice(since);
  return secretForms(address).some((secret) => received.includes(secret));
}

test('non-interactive: no login on a host only SRV named, exit 1, and the flag to type', { skip }, async () => {
  const mark = world.evil.received().length;
  const result = await runCli(['detect', 'alice@srv.test', '--verify-login', '--password-stdin', ...flags()], { cwd: tmp.dir, stdin: `${PASSWORD}\n` });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.ok(!secretsAtEvil(mark, 'alice@srv.test'));
  assert.match(result.stderr, /no login was tried on smtp\.evil\.test \(port 465, 993\): .*outside srv\.test.* To allow it: --login-host smtp\.evil\.test/);
  assert.match(result.stdout, /Login smtp smtp\.evil\.test:465: not tried — .*To allow it: --login-host smtp\.evil\.test/);
});

test('non-interactive with --login-host naming the host: the login is tried', { skip }, async () => {
  const result = await runCli(['detect', 'bob@srv.test', '--password-stdin', '--login-host', 'smtp.evil.test', ...flags()], { cwd: tmp.dir, stdin: `${PASSWORD}\n` });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.ok(secretsAtEvil(0, 'bob@srv.test'));
});

test('on a terminal: the question names the host and its source; "no" sends nothing and asks no password', { skip }, async () => {
  const questions: string[] = [];
  let passwordAsked = false;
  const mark = world.evil.received().length;
  const result = await runCli(['detect', 'carol@acredir.test', '--verify-login', ...flags()], {
    cwd: tmp.dir,
    tty: true,
    env: { NO_COLOR: '1' },
    confirm: async (question) => (questions.push(question), false),
    promptSecret: async () => ((passwordAsked = true), PASSWORD),
  });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.ok(questions.length >= 1);
  assert.match(questions[0]!, /smtp\.evil\.test is outside acredir\.test, and only autoconfig reached .*\n  autoconfig: .*autoconfig\.evil\.test/);
  assert.equal(passwordAsked, false, 'no password is asked when it could go nowhere');
  assert.ok(!secretsAtEvil(mark, 'carol@acredir.test'));
});

test('on a terminal: "yes" lets the login through, and the password is asked after detection', { skip }, async () => {
  const order: string[] = [];
  const result = await runCli(['detect', 'dave@srv.test', '--verify-login', ...flags()], {
    cwd: tmp.dir,
    tty: true,
    env: { NO_COLOR: '1' },
    confirm: async () => (order.push('confirm'), true),
    promptSecret: async () => (order.push('password'), PASSWORD),
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.deepEqual(order, ['confirm', 'password']);
  assert.ok(secretsAtEvil(0, 'dave@srv.test'));
});

test('the domain\'s own HTTPS autoconfig: no question, the login works', { skip }, async () => {
  const result = await runCli(['detect', 'erin@good.test', '--verify-login', ...flags()], {
    cwd: tmp.dir,
    tty: true,
    env: { NO_COLOR: '1' },
    confirm: async () => assert.fail('no consent is needed for a host the domain named'),
    promptSecret: async () => PASSWORD,
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /Login smtp mail\.provider\.test:465: ok — .*\(mail\.provider\.test was named by a trusted source \(autoconfig: https:\/\/autoconfig\.good\.test/);
});

test('--json carries why each login was or was not tried', { skip }, async () => {
  const result = await runCli(['detect', 'fay@adredir.test', '--json', '--password-stdin', ...flags()], { cwd: tmp.dir, stdin: PASSWORD });
  const report = JSON.parse(result.stdout);
  assert.ok(report.logins.length > 0);
  for (const login of report.logins) {
    assert.equal(login.outcome, 'not-tried');
    assert.equal(login.permission.basis, 'needs-consent');
    assert.ok(login.permission.namedBy.some((entry: string) => entry.startsWith('autodiscover:')));
  }
});
