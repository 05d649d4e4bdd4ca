// The CLI as a user runs it where there is no network: in a namespace with no route at all
// (`unshare -rn`: only a loopback that is down), with --dns at an address nothing routes to,
// at a loopback DNS server that answers nothing, and at a closed loopback port. Each run
// ends with the documented exit code and an answer, never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseResolvConf } from '@autoconf/core/internal/net/resolv-conf.js';
import { startBlackHoleDns } from '../core/detect/fixtures.js';

const BIN = resolve('packages/cli/src/bin.ts');
const RUN_WAIT_MS = 30_000;
const canUnshare = spawnSync('unshare', ['-rn', 'true']).status === 0;
const skipNamespace = canUnshare ? false : 'needs unshare -rn (user and network namespaces)';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI from source in a fresh node, optionally inside a namespace of its own with no network. */
function runCli(args: string[], options: { isolated?: boolean } = {}): Promise<Run> {
  const node = [process.execPath, '--conditions=source', '--import', 'tsx', BIN, ...args];
  const [command, ...argv] = options.isolated ? ['unshare', '-rn', ...node] : node;
  const child = spawn(command as string, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), RUN_WAIT_MS);
  return new Promise((done) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    });
  });
}

async function closedLoopbackPort(): Promise<string> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((ready) => socket.bind(0, '127.0.0.1', ready));
  const { port } = socket.address();
  await new Promise<void>((closed) => socket.close(() => closed()));
  return `127.0.0.1:${port}`;
}

function assertNoCrash(run: Run): void {
  assert.doesNotMatch(run.stderr, /\n\s+at /, `a stack trace:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /ERR_|internal error/, run.stderr);
}

/** gmail.com: the embedded answer, unverified (exit 1: not verifiable from this network). */
async function expectEmbeddedAnswer(extra: string[], servers: string[], isolated = false): Promise<void> {
  const run = await runCli(['detect', 'someone@gmail.com', '--json', ...extra], { isolated });
  assertNoCrash(run);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.status, 'unverified');
  assert.equal(report.recommended.smtp.host, 'smtp.gmail.com');
  // The policy's first choice, not whichever port a cancelled probe happened to leave alone.
  assert.equal(report.recommended.smtp.port, 587);
  assert.equal(report.unverifiedReason, 'no-network');
  assert.ok(report.alternatives.every((alt: { reason: string }) => !/aborted|not reachable/.test(alt.reason)), JSON.stringify(report.alternatives));
  assert.equal(report.recommended.imap.host, 'imap.gmail.com');
  const noNetwork = report.findings.find((f: { code: string }) => f.code === 'no-network');
  assert.ok(noNetwork, JSON.stringify(report.findings));
  for (const server of servers) assert.ok(noNetwork.message.includes(server), noNetwork.message);
}

/** An unknown domain: no-network (exit 1), the network blamed and the way out named, in plain words. */
async function expectNetworkBlamed(extra: string[], servers: string[], isolated = false): Promise<void> {
  const json = await runCli(['detect', 'someone@unknown-domain.test', '--json', ...extra], { isolated });
  assertNoCrash(json);
  assert.equal(json.code, 1, json.stderr);
  const report = JSON.parse(json.stdout);
  assert.equal(report.status, 'no-network');
  assert.ok(!report.findings.some((f: { code: string }) => f.code === 'not-found'), JSON.stringify(report.findings));
  const human = await runCli(['detect', 'someone@unknown-domain.test', ...extra], { isolated });
  assertNoCrash(human);
  assert.equal(human.code, 1, human.stderr);
  assert.match(human.stdout, /no DNS server answered/);
  assert.match(human.stdout, /--dns/);
  assert.match(human.stdout, /--offline/);
  assert.doesNotMatch(human.stdout, /check the domain/);
  for (const server of servers) assert.ok(human.stdout.includes(server), human.stdout);
}

const systemServers = (): string[] => parseResolvConf(readFileSync('/etc/resolv.conf', 'utf8')).servers.map((s) => s.address);

test('no route at all (unshare -rn): the embedded answer for gmail.com', { skip: skipNamespace }, async () => {
  await expectEmbeddedAnswer([], systemServers(), true);
});

test('no route at all (unshare -rn): an unknown domain blames the network, naming the resolv.conf servers', { skip: skipNamespace }, async () => {
  await expectNetworkBlamed([], systemServers(), true);
});

test('--dns at an address with no route, inside the namespace', { skip: skipNamespace }, async () => {
  await expectEmbeddedAnswer(['--dns', '192.0.2.1'], ['192.0.2.1:53'], true);
  await expectNetworkBlamed(['--dns', '192.0.2.1'], ['192.0.2.1:53'], true);
});

test('--dns at a loopback server that answers nothing', async () => {
  const dark = await startBlackHoleDns();
  try {
    await expectEmbeddedAnswer(['--dns', dark.address], [dark.address]);
    await expectNetworkBlamed(['--dns', dark.address], [dark.address]);
  } finally {
    await dark.close();
  }
});

test('--dns at a closed loopback port (ICMP port unreachable)', async () => {
  const closed = await closedLoopbackPort();
  await expectEmbeddedAnswer(['--dns', closed], [closed]);
  await expectNetworkBlamed(['--dns', closed], [closed]);
});
