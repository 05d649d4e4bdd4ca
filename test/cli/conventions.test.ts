// What users expect from a CLI: help per command, `autoconf X.Y.Z`, short flags and --quiet,
// AUTOCONF_* defaults, a trimmed address, next steps on a terminal (issue 10, section 6).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '@autoconf/core';
import { startBlackHoleDns } from '../core/detect/fixtures.js';
import { makeTempDir, runCli } from './cli-harness.js';

const NO_COLOR = { NO_COLOR: '1' };
const MAIN_ONLY = 'autoconf lint example.com';
const FULL_TABLE = ['0    found and verified', '1    nothing usable', '2    usage or input error', '3    found, but with a high-severity finding', '70   internal error', '130  interrupted'];

let tmp: ReturnType<typeof makeTempDir>;
before(() => {
  tmp = makeTempDir();
});
after(() => tmp?.dispose());

test('autoconf --help alone shows the main examples; each command shows its own examples and exit codes', async () => {
  const main = await runCli(['--help']);
  assert.ok(main.stdout.includes(MAIN_ONLY));
  for (const line of FULL_TABLE) assert.ok(main.stdout.includes(line), line);

  const detect = await runCli(['detect', '--help']);
  assert.match(detect.stdout, /^Examples:\n {2}autoconf detect you@example\.com\n/);
  assert.ok(!detect.stdout.includes(MAIN_ONLY), 'no main examples above detect');
  for (const line of FULL_TABLE) assert.ok(detect.stdout.includes(line), line);

  const batch = await runCli(['batch', '--help']);
  assert.match(batch.stdout, /^Examples:\n {2}autoconf batch addresses\.txt/);
  assert.match(batch.stdout, /Exit codes \(the worst of all lines\):/);
  assert.match(batch.stdout, /2 {4}usage or input error, or a line that is not an address/);

  const lint = await runCli(['lint', '--help']);
  assert.match(lint.stdout, /^Examples:\n {2}autoconf lint config-v1\.1\.xml/);
  assert.match(lint.stdout, /3 {4}a high-severity note or finding/);

  // probe's codes are about one connection, not about finding settings.
  const probe = await runCli(['probe', '--help']);
  assert.match(probe.stdout, /^Examples:\n {2}autoconf probe smtp\.example\.com:587/);
  assert.match(probe.stdout, /0 {4}secured with a trusted certificate, or cleartext nobody asked to secure/);
  assert.match(probe.stdout, /1 {4}the connection or the dialogue failed/);
  assert.match(probe.stdout, /3 {4}a certificate problem, TLS below 1\.2, STARTTLS asked for but not used, or cleartext\n {7}only on a STARTTLS port/);
  assert.ok(!probe.stdout.includes('found and verified'));
  assert.ok(!probe.stdout.includes(MAIN_ONLY));

  const formats = await runCli(['formats', '--help']);
  assert.match(formats.stdout, /Exit codes:\n {2}0 {4}the list was printed\n {2}2 {4}usage error\n/);
  assert.ok(!formats.stdout.includes('found and verified'));
  assert.ok(!formats.stdout.includes('130'));
  assert.ok(!formats.stdout.includes('Examples:'));

  for (const help of [detect, batch, lint, probe]) assert.match(help.stdout, /AUTOCONF_TIMEOUT=<ms>/);
});

test('--version prints "autoconf X.Y.Z" from bin.ts\'s fast path and through run()', () => {
  // A real process from source: the bare --version never loads the commands; the second
  // spelling goes through commander.
  for (const argv of [['--version'], ['-V'], ['--no-color', '--version']]) {
    const child = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/cli/src/bin.ts', ...argv], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, `autoconf ${VERSION}\n`, argv.join(' '));
  }
});

test('-q/--quiet: one line per server on stdout, nothing on stderr, even on a terminal', async () => {
  const quiet = await runCli(['detect', '--offline', 'you@gmail.com', '-q'], { tty: true, env: NO_COLOR });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr, '', 'no spinner, no progress');
  assert.equal(
    quiet.stdout,
    'smtp smtp.gmail.com 587 starttls you@gmail.com unverified\nimap imap.gmail.com 993 tls you@gmail.com unverified\npop3 pop.gmail.com 995 tls you@gmail.com unverified\n',
  );
  const long = await runCli(['detect', '--offline', 'you@gmail.com', '--quiet'], { tty: true, env: NO_COLOR });
  assert.equal(long.stdout, quiet.stdout);
  // With --json or --format, --quiet changes nothing on stdout; the write summary goes.
  const json = await runCli(['detect', '--offline', 'you@gmail.com', '--json', '-q']);
  assert.equal(JSON.parse(json.stdout).recommended.smtp.host, 'smtp.gmail.com');
  const written = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'env', '-q'], { cwd: tmp.dir });
  assert.equal(written.code, 0, written.stderr);
  assert.equal(written.stderr, '');
  const loud = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'env', '--out', 'loud.env'], { cwd: tmp.dir });
  assert.match(loud.stderr, /loud\.env/, 'without --quiet the write is summarised');
});

test('short flags -j, -f, -o mean --json, --format, --out', async () => {
  const long = await runCli(['detect', '--offline', 'you@gmail.com', '--json']);
  const short = await runCli(['detect', '--offline', 'you@gmail.com', '-j']);
  const strip = (text: string) => text.replace(/"(startedAt|finishedAt)": "[^"]*"/g, '').replace(/"\w*(Ms|ms)": \d+/g, '');
  assert.equal(strip(short.stdout), strip(long.stdout));
  const formatLong = await runCli(['detect', '--offline', 'you@gmail.com', '--format', 'msmtp']);
  const formatShort = await runCli(['detect', '--offline', 'you@gmail.com', '-f', 'msmtp']);
  assert.match(formatShort.stdout, /host smtp\.gmail\.com/);
  assert.equal(formatShort.stdout, formatLong.stdout);
  const out = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'env', '-o', 'short.env'], { cwd: tmp.dir });
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /short\.env/);
  assert.equal((await runCli(['detect', '--offline', 'you@gmail.com', '-j', '-f', 'env'])).code, 2, '-j and -f conflict as the long forms do');
  const probeJson = await runCli(['formats', '-j']);
  assert.ok(Array.isArray(JSON.parse(probeJson.stdout)));
});

test('AUTOCONF_* set defaults; a flag wins; a bad value is exit 2 naming the variable', async () => {
  const offline = await runCli(['detect', 'you@gmail.com', '--dns', '127.0.0.1:9'], { env: { ...NO_COLOR, AUTOCONF_OFFLINE: '1' } });
  assert.equal(offline.code, 0, offline.stderr);
  assert.match(offline.stdout, /NOT VERIFIED \(--offline\)/);

  const policy = await runCli(['detect', '--offline', 'you@gmail.com', '--json'], { env: { AUTOCONF_POLICY: 'implicit-tls-first' } });
  assert.equal(JSON.parse(policy.stdout).recommended.smtp.port, 465);
  const flagWins = await runCli(['detect', '--offline', 'you@gmail.com', '--json', '--policy', 'submission-first'], { env: { AUTOCONF_POLICY: 'implicit-tls-first' } });
  assert.equal(JSON.parse(flagWins.stdout).recommended.smtp.port, 587);
  // The flag given, the variable is not even read.
  const timeoutWins = await runCli(['detect', '--offline', 'you@gmail.com', '--timeout', '5000'], { env: { AUTOCONF_TIMEOUT: 'soon' } });
  assert.equal(timeoutWins.code, 0, timeoutWins.stderr);

  const bad: Array<[string, string]> = [
    ['AUTOCONF_TIMEOUT', 'soon'],
    ['AUTOCONF_TIMEOUT', '0'],
    ['AUTOCONF_DNS', 'not an ip'],
    ['AUTOCONF_POLICY', 'fastest'],
    ['AUTOCONF_OFFLINE', 'maybe'],
    ['AUTOCONF_PROBE', 'perhaps'],
    ['AUTOCONF_CA_FILE', '/nonexistent/ca.pem'],
  ];
  for (const [variable, value] of bad) {
    // Nothing reaches the network: the variable is refused first (and a flag would hide it).
    const quiet = variable === 'AUTOCONF_OFFLINE' ? ['--dns', '127.0.0.1:9', '--no-probe', '--timeout', '500'] : variable === 'AUTOCONF_PROBE' ? [] : ['--offline'];
    for (const json of [false, true]) {
      const result = await runCli(['detect', 'you@gmail.com', ...quiet, ...(json ? ['--json'] : [])], { env: { [variable]: value, ...(variable === 'AUTOCONF_PROBE' ? { AUTOCONF_OFFLINE: '1' } : {}) } });
      assert.equal(result.code, 2, `${variable}=${value}: ${result.stderr}`);
      assert.ok(result.stderr.includes(variable), result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      if (json) assert.equal(JSON.parse(result.stdout).error.code, 'USAGE');
      else assert.equal(result.stdout, '');
    }
  }
  // probe and batch read them too.
  assert.equal((await runCli(['probe', '127.0.0.1:9'], { env: { AUTOCONF_TIMEOUT: 'soon' } })).code, 2);
  assert.equal((await runCli(['batch', '-'], { stdin: 'you@gmail.com\n', env: { AUTOCONF_TIMEOUT: 'soon' } })).code, 2);
});

test('AUTOCONF_DNS and AUTOCONF_TIMEOUT reach the detection; --dns given wins', async () => {
  // Two loopback ports nobody listens on: each query fails at once, and the report names the
  // servers it asked.
  const [fromEnv, fromFlag] = await Promise.all([closedUdpPort(), closedUdpPort()]);
  const env = { AUTOCONF_DNS: fromEnv, AUTOCONF_TIMEOUT: '1500' };
  const viaEnv = await runCli(['detect', 'someone@unknown-domain.test', '--json'], { env });
  assert.equal(viaEnv.code, 1, viaEnv.stderr);
  const report = JSON.parse(viaEnv.stdout);
  assert.equal(report.status, 'no-network');
  const blamed = (r: { findings: Array<{ code: string; message: string }> }) => r.findings.find((f) => f.code === 'no-network')?.message ?? '';
  assert.ok(blamed(report).includes(fromEnv), blamed(report));

  const viaFlag = JSON.parse((await runCli(['detect', 'someone@unknown-domain.test', '--json', '--dns', fromFlag], { env })).stdout);
  assert.ok(blamed(viaFlag).includes(fromFlag), blamed(viaFlag));
  assert.ok(!blamed(viaFlag).includes(fromEnv), blamed(viaFlag));

  // The deadline comes from AUTOCONF_TIMEOUT: a DNS server that never answers costs 1.5 s, not 10.
  const dark = await startBlackHoleDns();
  try {
    const started = performance.now();
    const slow = await runCli(['detect', 'someone@unknown-domain.test', '--json'], { env: { AUTOCONF_DNS: dark.address, AUTOCONF_TIMEOUT: '1500' } });
    assert.equal(slow.code, 1, slow.stderr);
    assert.ok(performance.now() - started < 5_000, `${performance.now() - started} ms`);
  } finally {
    await dark.close();
  }
});

async function closedUdpPort(): Promise<string> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

test('detect trims whitespace around the address; whitespace inside stays an error', async () => {
  const result = await runCli(['detect', '  you@gmail.com \n', '--offline', '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).address.input, 'you@gmail.com');
  const inner = await runCli(['detect', ' you @gmail.com ', '--offline']);
  assert.equal(inner.code, 2);
  assert.match(inner.stderr, /^autoconf: /);
});

test('on a terminal a good human detect ends with next steps; never piped, --json, --format or --quiet', async () => {
  const terminal = await runCli(['detect', '--offline', 'you@gmail.com'], { tty: true, env: NO_COLOR });
  assert.equal(terminal.code, 0, terminal.stderr);
  assert.match(terminal.stdout, /\nNext:\n {2}autoconf detect you@gmail\.com --write env +merge/);
  assert.match(terminal.stdout, /\n {2}autoconf detect you@gmail\.com --verify-login +check/);
  assert.ok(terminal.stdout.trimEnd().split('\n').length - terminal.stdout.trimEnd().split('\n').indexOf('Next:') - 1 <= 2, 'one or two lines');

  // Already written: only the login is left to suggest.
  const wrote = await runCli(['detect', '--offline', 'you@gmail.com', '--write', 'env', '--out', 'next.env'], { tty: true, env: NO_COLOR, cwd: tmp.dir });
  assert.match(wrote.stdout, /Next:\n {2}autoconf detect you@gmail\.com --verify-login/);
  assert.doesNotMatch(wrote.stdout, /--write env/);

  for (const [argv, tty] of [[[], false], [['--json'], true], [['--format', 'env'], true], [['-q'], true]] as Array<[string[], boolean]>) {
    const result = await runCli(['detect', '--offline', 'you@gmail.com', ...argv], { tty, env: NO_COLOR });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout + result.stderr, /Next:/, `${argv.join(' ')} tty=${tty}`);
  }
  // A run that found nothing usable suggests nothing.
  const nothing = await runCli(['detect', '--offline', 'someone@unknown-domain.test'], { tty: true, env: NO_COLOR });
  assert.equal(nothing.code, 1);
  assert.doesNotMatch(nothing.stdout, /Next:/);
});

test('next steps quote an address the shell would split', async () => {
  const { renderNextSteps } = await import('@autoconf/cli/internal/output/next-steps.js');
  const plain = { bold: (s: string) => s, dim: (s: string) => s } as never;
  const text = renderNextSteps({ address: "o'neil&co@example.com", wrote: false, loggedIn: true }, plain);
  assert.ok(text.includes(`autoconf detect 'o'\\''neil&co@example.com' --write env`), text);
});

test('the --format nodemailer example of detect --help works with plain node in a project without "type": "module"', async () => {
  const help = (await runCli(['detect', '--help'])).stdout;
  const example = /autoconf detect you@example\.com --format nodemailer > (\S+)/.exec(help);
  assert.ok(example, help);
  const fileName = example[1] as string;
  const project = makeTempDir();
  try {
    writeFileSync(join(project.dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0' }));
    const printed = await runCli(['detect', '--offline', 'you@gmail.com', '--format', 'nodemailer']);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /^export default smtpOptions;$/m, 'an ES module');
    writeFileSync(join(project.dir, fileName), printed.stdout);
    const script = `import(${JSON.stringify(`./${fileName}`)}).then((m) => console.log(JSON.stringify(m.default)))`;
    const child = spawnSync(process.execPath, ['-e', script], { cwd: project.dir, encoding: 'utf8', env: { ...process.env, SMTP_PASS: 'from-the-env' } });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stderr, '');
    assert.deepEqual(JSON.parse(child.stdout), { host: 'smtp.gmail.com', port: 587, secure: false, requireTLS: true, auth: { user: 'you@gmail.com', pass: 'from-the-env' } });
  } finally {
    project.dispose();
  }
});
