// The CLI without a network: usage, exit code 2, offline detection, formats and writing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { VERSION, WRITERS } from '@autoconf/core';
import { ESC, makeTempDir, runCli } from './cli-harness.js';

const schema = JSON.parse(readFileSync('packages/core/schema/report.schema.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

test('--version prints the name and the package version, the same as core', async () => {
  for (const flag of ['--version', '-V']) {
    const result = await runCli([flag]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), `autoconf ${VERSION}`);
    assert.equal(result.stdout.trim(), `autoconf ${JSON.parse(readFileSync('packages/cli/package.json', 'utf8')).version}`);
  }
});

test('--help leads with examples and documents the exit codes', async () => {
  const result = await runCli(['--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Examples:\n {2}autoconf detect/);
  assert.match(result.stdout, /130 {2}interrupted/);
  const detectHelp = await runCli(['detect', '--help']);
  assert.match(detectHelp.stdout, /^Examples:/);
  for (const flag of ['--json', '--format', '--write', '--out', '--force', '--trace', '--timeout', '--dns', '--ca-file', '--policy', '--offline', '--no-probe', '--allow-http', '--allow-insecure', '--verify-login', '--password-stdin']) {
    assert.ok(detectHelp.stdout.includes(flag), flag);
  }
  assert.ok(!/--password[ =<]/.test(detectHelp.stdout), 'no flag takes the password itself');
});

test('usage errors exit 2 with one line on stderr and nothing on stdout', async () => {
  const cases: string[][] = [
    [],
    ['frobnicate'],
    ['detect'],
    ['detect', 'x@y.test', '--bogus'],
    ['detect', 'x@y.test', '--timeout', 'soon'],
    ['detect', 'x@y.test', '--timeout', '0'],
    ['detect', 'x@y.test', '--policy', 'fastest'],
    ['detect', 'x@y.test', '--json', '--format', 'env'],
    ['detect', 'x@y.test', '--offline', '--format', 'no-such-target'],
    ['detect', 'x@y.test', '--offline', '--out', 'x.env'],
    ['detect', 'x@y.test', '--offline', '--ca-file', '/nonexistent/ca.pem'],
    ['detect', 'x@y.test', '--dns', 'not an ip'],
    ['detect', 'x@y.test', '--offline', '--verify-login'],
    ['probe', 'host:99999'],
    ['probe', 'host', '--protocol', 'gopher'],
    ['batch', '/nonexistent/list.txt', '--offline'],
  ];
  for (const argv of cases) {
    const result = await runCli(argv);
    assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`);
    // Under --json the error is also JSON on stdout (issue: scripts read stdout); else nothing.
    if (argv.includes('--json')) assert.equal(JSON.parse(result.stdout).error.code, 'USAGE', argv.join(' '));
    else assert.equal(result.stdout, '', argv.join(' '));
    assert.ok(result.stderr.length > 0, argv.join(' '));
    if (argv.length > 1) assert.equal(result.stderr.trim().split('\n').length, 1, `${argv.join(' ')}: ${result.stderr}`);
  }
});

test('bad addresses give a one-line error and exit 2, before any network work', async () => {
  for (const address of ['no-at-sign', '@example.com', 'user@', 'user@[192.0.2.1]', 'us er@example.com', `u@${'a'.repeat(64)}.com`]) {
    const started = performance.now();
    const result = await runCli(['detect', address, '--dns', '127.0.0.1:9']);
    assert.equal(result.code, 2, address);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^autoconf: .+\n$/, address);
    assert.ok(performance.now() - started < 1_000, 'no network wait');
  }
});

test('detect --offline you@gmail.com works with no network and is marked unverified', async () => {
  // A DNS server that does not exist: offline must never ask it.
  const result = await runCli(['detect', '--offline', 'you@gmail.com', '--dns', '127.0.0.1:9'], { env: { NO_COLOR: '1' } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /NOT VERIFIED \(--offline\): nothing below was checked/);
  assert.match(result.stdout, /Send \(SMTP\)\n {2}host {9}smtp\.gmail\.com\n {2}port {9}587\n {2}security {5}STARTTLS/);
  assert.match(result.stdout, /Receive \(IMAP\)\n {2}host {9}imap\.gmail\.com/);
  assert.match(result.stdout, /verified {5}no/);
  assert.match(result.stdout, /\[low\] +unverified: .*\n +fix: /);
  assert.ok(!result.stdout.includes(ESC));
  assert.equal(result.stderr, '', 'no spinner without a terminal');
});

test('--json prints exactly the report, valid against the schema', async () => {
  const result = await runCli(['detect', '--offline', 'you@gmail.com', '--json']);
  assert.equal(result.code, 0);
  const report = JSON.parse(result.stdout);
  assert.equal(report.schemaVersion, 2);
  assert.equal(report.status, 'unverified');
  assert.equal(report.unverifiedReason, 'offline');
  assert.equal(result.stdout, JSON.stringify(report, null, 2) + '\n');
  assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
});

test('an unknown domain offline is "nothing usable": exit 1', async () => {
  const result = await runCli(['detect', '--offline', 'x@unknown-domain.test']);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /nothing usable found/);
  const json = await runCli(['detect', '--offline', 'x@unknown-domain.test', '--format', 'env']);
  assert.equal(json.code, 1);
  assert.equal(json.stdout, '');
  assert.match(json.stderr, /Nothing was printed/);
});

test('colour: on for a terminal, off for NO_COLOR, TERM=dumb, --no-color and pipes', async () => {
  const tty = await runCli(['detect', '--offline', 'you@gmail.com'], { tty: true });
  assert.ok(tty.stdout.includes(ESC), 'a terminal gets colour');
  assert.ok(tty.stderr.includes('\r'), 'a terminal gets the spinner on stderr');
  for (const [env, argv] of [
    [{ NO_COLOR: '1' }, []],
    [{ TERM: 'dumb' }, []],
    [{}, ['--no-color']],
  ] as const) {
    const result = await runCli([...argv, 'detect', '--offline', 'you@gmail.com'], { tty: true, env });
    assert.ok(!result.stdout.includes(ESC), JSON.stringify(env) + argv.join(' '));
  }
  const piped = await runCli(['detect', '--offline', 'you@gmail.com'], { env: { CI: 'true' } });
  assert.ok(!piped.stdout.includes(ESC) && !piped.stderr.includes(ESC), 'CI=true alone does not turn colour on');
  const forced = await runCli(['formats'], { env: { FORCE_COLOR: '1' } });
  assert.ok(forced.stdout.includes(ESC));
});

test('formats lists every writer with its description; --json too', async () => {
  const result = await runCli(['formats']);
  assert.equal(result.code, 0);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, WRITERS.length);
  WRITERS.forEach((writer, i) => {
    assert.ok(lines[i]?.startsWith(writer.id + ' '), lines[i]);
    assert.ok(lines[i]?.includes(writer.description));
  });
  const json = JSON.parse((await runCli(['formats', '--json'])).stdout);
  assert.deepEqual(json.map((w: { id: string }) => w.id), WRITERS.map((w) => w.id));
});

test('--format prints a config from the writer, strict for its target', async () => {
  const result = await runCli(['detect', '--offline', 'you@gmail.com', '--format', 'env']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^SMTP_HOST=smtp\.gmail\.com$/m);
  assert.match(result.stdout, /^SMTP_REQUIRE_TLS=true$/m);
  assert.ok(!/SMTP_PASS=/.test(result.stdout), 'never a password');
  assert.match(result.stdout, /not verified by a probe/);
});

test('--write env merges into .env keeping the user\'s lines; a different value needs --force', async () => {
  const tmp = makeTempDir();
  try {
    const env = join(tmp.dir, '.env');
    const original = '# my app\r\nexport APP_KEY="secret"\r\nSMTP_PORT=2525 # local relay\r\n';
    writeFileSync(env, original);
    const refused = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'env'], { cwd: tmp.dir });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /SMTP_PORT.*--force/);
    assert.equal(readFileSync(env, 'utf8'), original, 'nothing written on a conflict');

    const forced = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'env', '--force'], { cwd: tmp.dir });
    assert.equal(forced.code, 0, forced.stderr);
    const text = readFileSync(env, 'utf8');
    assert.ok(text.startsWith('# my app\r\nexport APP_KEY="secret"\r\nSMTP_PORT=587 # local relay\r\n'), text);
    assert.match(text, /SMTP_HOST=smtp\.gmail\.com\r\n/);
    assert.match(forced.stderr, /SMTP_PORT: updated/);
    assert.match(forced.stdout, /Send \(SMTP\)/, 'the result still goes to stdout');
    assert.deepEqual(readdirSync(tmp.dir).sort(), ['.env'], 'no temp file left');
  } finally {
    tmp.dispose();
  }
});

test('--write <file target> --out creates the file once and never replaces a different one', async () => {
  const tmp = makeTempDir();
  try {
    const out = join('conf', 'msmtprc');
    const dirPath = join(tmp.dir, 'conf');
    const first = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'msmtp', '--out', 'msmtprc'], { cwd: tmp.dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(readFileSync(join(tmp.dir, 'msmtprc'), 'utf8'), /host smtp\.gmail\.com/);
    const again = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'msmtp', '--out', 'msmtprc'], { cwd: tmp.dir });
    assert.equal(again.code, 0);
    assert.match(again.stderr, /unchanged/);
    writeFileSync(join(tmp.dir, 'msmtprc'), 'account mine\n');
    const beside = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'msmtp', '--out', 'msmtprc'], { cwd: tmp.dir });
    assert.equal(beside.code, 0, beside.stderr);
    assert.equal(readFileSync(join(tmp.dir, 'msmtprc'), 'utf8'), 'account mine\n');
    assert.match(readFileSync(join(tmp.dir, 'msmtprc.autoconf'), 'utf8'), /host smtp\.gmail\.com/);
    const missingDir = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'msmtp', '--out', out], { cwd: tmp.dir });
    assert.equal(missingDir.code, 2, 'an unwritable path is an input error');
    assert.ok(!existsSync(dirPath));
  } finally {
    tmp.dispose();
  }
});

test('--verify-login takes the password from --password-stdin or a terminal prompt, never a flag', async () => {
  const empty = await runCli(['detect', '--offline', 'you@gmail.com', '--password-stdin'], { stdin: '' });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /standard input was empty/);
  let asked = '';
  const prompted = await runCli(['detect', '--offline', 'you@gmail.com', '--verify-login'], {
    tty: true,
    promptSecret: async (question) => {
      asked = question;
      return 'pw';
    },
  });
  assert.equal(prompted.code, 0, 'offline: nothing to log in to, the run still completes');
  assert.equal(asked, '', 'no password is asked when no login can happen');
  assert.match(prompted.stderr, /no login in --offline mode/);
  const noTerminal = await runCli(['detect', '--offline', 'you@gmail.com', '--verify-login']);
  assert.equal(noTerminal.code, 2);
  assert.match(noTerminal.stderr, /needs a password: run it on a terminal or pass --password-stdin/);
});

test('batch: one JSON report per line in input order, comments skipped, bad lines in place', async () => {
  const input = '# team\nann@gmail.com\n\nbob@gmail.com  # same domain\nnot-an-address\ncy@unknown-domain.test\n';
  const result = await runCli(['batch', '-', '--offline'], { stdin: input });
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(lines.map((l) => l.address?.input ?? l.input), ['ann@gmail.com', 'bob@gmail.com', 'not-an-address', 'cy@unknown-domain.test']);
  assert.equal(lines[0].schemaVersion, 2);
  assert.equal(lines[1].recommended.smtp.username, 'bob@gmail.com', 'the shared detection is re-expanded per address');
  assert.equal(lines[2].error.code, 'ADDRESS_NO_AT');
  assert.equal(lines[3].status, 'not-found');
  assert.equal(result.code, 2, 'a bad line makes the batch an input error');
  assert.equal(result.stderr, '', 'no progress without a terminal');

  const tmp = makeTempDir();
  try {
    writeFileSync(join(tmp.dir, 'list.txt'), 'a@gmail.com\nb@gmail.com\n');
    const fromFile = await runCli(['batch', 'list.txt', '--offline', '--concurrency', '1'], { cwd: tmp.dir, tty: true });
    assert.equal(fromFile.code, 0);
    assert.equal(fromFile.stdout.trim().split('\n').length, 2);
    assert.match(fromFile.stderr, /2\/2 addresses/, 'progress on a terminal');
  } finally {
    tmp.dispose();
  }
});

test('lint <file>: the clientConfig notes, and exit 1 for a file with no usable server', async () => {
  const tmp = makeTempDir();
  try {
    writeFileSync(join(tmp.dir, 'good.xml'), `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.com"><domain>example.com</domain>
<incomingServer type="imap"><hostname>imap.example.com</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.example.com</hostname><port>587</port><socketType>plain</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>`);
    writeFileSync(join(tmp.dir, 'broken.xml'), '<clientConfig version="1.1"><emailProvider>');
    const good = await runCli(['lint', 'good.xml', '--address', 'me@example.com'], { cwd: tmp.dir });
    assert.match(good.stdout, /imap imap\.example\.com:993 tls user me@example\.com/);
    assert.match(good.stdout, /smtp smtp\.example\.com:587 none/);
    assert.ok([0, 3].includes(good.code), String(good.code));
    const broken = await runCli(['lint', 'broken.xml'], { cwd: tmp.dir });
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /not a usable clientConfig|no usable/);
  } finally {
    tmp.dispose();
  }
});

test('lint <domain> offline prints the sources and findings', async () => {
  const result = await runCli(['lint', 'gmail.com', '--offline']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^gmail\.com: what it publishes/);
  assert.match(result.stdout, /embedded found/);
  // Findings print most severe first: Gmail's app-password rule (medium) before unverified (low).
  assert.match(result.stdout, /Findings\n.*app-password: .*\n.*create an app password(?:.*\n)*.*unverified/);
});

test('under --json an error is JSON on stdout too, with the same exit code', async () => {
  const bad = await runCli(['detect', '--json', 'not an address']);
  assert.equal(bad.code, 2);
  assert.deepEqual(Object.keys(JSON.parse(bad.stdout).error).sort(), ['code', 'message']);
  assert.match(JSON.parse(bad.stdout).error.code, /^ADDRESS_/);
  assert.match(bad.stderr, /^autoconf: /);
  const usage = await runCli(['detect', '--json', '--no-such-flag', 'a@b.test']);
  assert.equal(usage.code, 2);
  assert.equal(JSON.parse(usage.stdout).error.code, 'USAGE');
  const fine = await runCli(['detect', '--json', '--offline', 'x@unknown-domain.test']);
  assert.equal(fine.code, 1);
  assert.equal(JSON.parse(fine.stdout).status, 'not-found', 'a result that is not an error stays the report');
  assert.match(fine.stderr, /^autoconf: No usable mail server was found/m);
});

test('lint: a mistyped file name is exit 2, never a network detection of a "domain" called that', async () => {
  for (const target of ['nosuchfile.xml', './config-v1.1.xml', 'conf/mail.xml']) {
    const result = await runCli(['lint', target]);
    assert.equal(result.code, 2, `${target}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, /no such file/);
    assert.equal(result.stdout, '');
  }
});

test('--format for a provider that refuses account passwords: the config on stdout, the app-password advice on stderr', async () => {
  const result = await runCli(['detect', '--offline', 'you@gmail.com', '--format', 'env']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /SMTP_HOST=smtp\.gmail\.com/);
  assert.match(result.stderr, /^autoconf: note: .*app-specific password.*\n {2}fix: .*create an app password/m);
  const json = await runCli(['detect', '--offline', 'you@gmail.com', '--json']);
  assert.equal(json.stderr, '', 'JSON carries the findings itself');
  assert.ok(JSON.parse(json.stdout).findings.some((f: { code: string }) => f.code === 'app-password'));
});
