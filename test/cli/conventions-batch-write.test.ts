// batch on a terminal says what it waits for and ends with a summary; a --write conflict shows
// old → new per key before suggesting --force, and never a secret (issue 10, section 6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestCa } from '../helpers/test-ca.js';
import { makeTempDir, runCli } from './cli-harness.js';

const LIST = 'ann@gmail.com\nnot-an-address\ncy@unknown-domain.test\n';
const WAITING = /^autoconf: reading addresses from stdin, one per line; end with Ctrl-D/;

test('batch on a terminal: waits for stdin out loud, ends with a summary on stderr', async () => {
  const terminal = await runCli(['batch', '--offline'], { tty: true, stdin: LIST });
  assert.equal(terminal.code, 2, 'a line that is not an address');
  assert.match(terminal.stderr, WAITING);
  assert.match(terminal.stderr, /3 addresses: 0 verified, 1 unverified, 1 not found, 1 not an address\n$/);
  assert.equal(terminal.stdout.trim().split('\n').length, 3, 'stdout keeps one line per address');

  // Piped in and out: neither the prompt nor the summary.
  const piped = await runCli(['batch', '-', '--offline'], { stdin: LIST });
  assert.equal(piped.stderr, '');
  // A file on a terminal: no prompt (stdin is not read), the summary still.
  const tmp = makeTempDir();
  try {
    writeFileSync(join(tmp.dir, 'list.txt'), 'ann@gmail.com\n');
    const fromFile = await runCli(['batch', 'list.txt', '--offline'], { tty: true, cwd: tmp.dir });
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.doesNotMatch(fromFile.stderr, WAITING);
    assert.match(fromFile.stderr, /1 address: 0 verified, 1 unverified, 0 not found\n$/);
  } finally {
    tmp.dispose();
  }
});

test('a --write conflict lists each key old → new before suggesting --force; secrets stay hidden', async () => {
  const tmp = makeTempDir();
  try {
    const env = join(tmp.dir, '.env');
    const before = 'SMTP_HOST=smtp.old.example\nSMTP_PORT=25\nSMTP_PASS=hunter2-env\nOTHER=kept\n';
    writeFileSync(env, before);
    const result = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'env'], { cwd: tmp.dir });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(readFileSync(env, 'utf8'), before, 'nothing written');
    assert.match(result.stderr, /\.env already holds other values for these keys \(old → new\):\n {2}SMTP_HOST +"smtp\.old\.example" → "smtp\.gmail\.com"\n {2}SMTP_PORT +"25" → "587"\n/);
    const listed = result.stderr.indexOf('SMTP_HOST ');
    assert.ok(listed >= 0 && listed < result.stderr.indexOf('--force'), 'the changes come before --force is suggested');
    assert.doesNotMatch(result.stderr, /hunter2/);

    // A password inside a URL, and a key named for a password, are masked.
    writeFileSync(env, 'SMTP_URL=smtps://you%40gmail.com:hunter2-url@smtp.old.example:465\n');
    const url = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'nodemailer-url'], { cwd: tmp.dir });
    assert.equal(url.code, 2, url.stderr);
    assert.match(url.stderr, /SMTP_URL +"smtps:\/\/you%40gmail\.com:\(hidden\)@smtp\.old\.example:465" → "smtp/);
    assert.doesNotMatch(url.stderr, /hunter2/);

    const properties = join(tmp.dir, 'application.properties');
    writeFileSync(properties, 'spring.mail.host=smtp.old.example\nspring.mail.password=hunter2-spring\n');
    const spring = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'spring-boot'], { cwd: tmp.dir });
    assert.equal(spring.code, 2, spring.stderr);
    assert.match(spring.stderr, /spring\.mail\.host +"smtp\.old\.example" → "smtp\.gmail\.com"/);
    assert.match(spring.stderr, /spring\.mail\.password +\(hidden\) → \(hidden\)/);
    assert.doesNotMatch(spring.stderr, /hunter2/);
  } finally {
    tmp.dispose();
  }
});

test('detect passes its one --ca-file (or AUTOCONF_CA_FILE) to the writers as an absolute path; with two, none', async () => {
  const tmp = makeTempDir();
  const ca = createTestCa();
  try {
    writeFileSync(join(tmp.dir, 'ca.pem'), ca.cert);
    writeFileSync(join(tmp.dir, 'other.pem'), ca.cert);
    const one = await runCli(['detect', '--offline', 'you@gmail.com', '--ca-file', 'ca.pem', '--format', 'msmtp'], { cwd: tmp.dir });
    assert.equal(one.code, 0, one.stderr);
    assert.ok(one.stdout.includes(`tls_trust_file "${join(tmp.dir, 'ca.pem')}"`), one.stdout);
    const fromEnv = await runCli(['detect', '--offline', 'you@gmail.com', '--format', 'msmtp'], { cwd: tmp.dir, env: { AUTOCONF_CA_FILE: 'ca.pem' } });
    assert.equal(fromEnv.stdout, one.stdout);
    const two = await runCli(['detect', '--offline', 'you@gmail.com', '--ca-file', 'ca.pem', '--ca-file', 'other.pem', '--format', 'msmtp'], { cwd: tmp.dir });
    assert.match(two.stdout, /^tls_trust_file system$/m);
  } finally {
    ca.dispose();
    tmp.dispose();
  }
});
