// The built bundle as a user runs it: Ctrl-C (SIGINT) in the middle of a detection against a
// DNS server that never answers exits 130 and leaves no file, partial or temporary, behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startBlackHoleDns } from '../core/detect/fixtures.js';
import { makeTempDir } from './cli-harness.js';

const CLI_DIR = resolve('packages/cli');
const BIN = join(CLI_DIR, 'dist/bin.js');
const SIGINT_AFTER_MS = 700;
const EXIT_WAIT_MS = 10_000;

let dark: Awaited<ReturnType<typeof startBlackHoleDns>>;
let tmp: ReturnType<typeof makeTempDir>;

before(async () => {
  // Always rebuilt: a stale dist would test yesterday's code.
  {
    const built = spawnSync(process.execPath, ['build.mjs'], { cwd: CLI_DIR, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
  }
  dark = await startBlackHoleDns();
  tmp = makeTempDir();
});
after(async () => {
  await dark?.close();
  tmp?.dispose();
});

// Ctrl-C is sent once --trace shows a DNS query in flight (a fixed delay races node's startup
// on a loaded machine), then SIGINT_AFTER_MS later.
function runBundle(args: string[], interruptAfterMs?: number): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; interruptedAt?: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  let timer: NodeJS.Timeout | undefined;
  let interruptedAt: number | undefined;
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (interruptAfterMs === undefined || timer !== undefined || !stderr.includes('source ')) return;
    timer = setTimeout(() => {
      interruptedAt = performance.now();
      child.kill('SIGINT');
    }, interruptAfterMs);
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_WAIT_MS);
  return new Promise((resolveRun) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolveRun({ code, stdout, stderr, ms: performance.now() - started, ...(interruptedAt === undefined ? {} : { interruptedAt: performance.now() - interruptedAt }) });
    });
  });
}

test('the bundle runs: --version and an offline detection', async () => {
  const version = await runBundle(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^autoconf \d+\.\d+\.\d+\n$/);
  const offline = await runBundle(['detect', '--offline', 'you@gmail.com', '--json']);
  assert.equal(offline.code, 0, offline.stderr);
  assert.equal(JSON.parse(offline.stdout).schemaVersion, 2);
  assert.equal(offline.stderr, '');
});

test('the bundle compiles with the code cache its build made', async () => {
  const { compileCommands } = await import('@autoconf/cli/internal/load-commands-cached.js');
  const { script, commands } = compileCommands(join(CLI_DIR, 'dist'));
  // undefined when there is no cache file, true when V8 refused it: either way every run compiles.
  assert.equal(script.cachedDataRejected, false, 'dist/cli.cache is missing or does not fit dist/cli.cjs and this Node');
  assert.equal(typeof commands.run, 'function');
});

test('SIGINT mid-detection exits 130 promptly', async () => {
  const result = await runBundle(['detect', 'x@y.test', '--dns', dark.address, '--trace'], SIGINT_AFTER_MS);
  assert.equal(result.code, 130, result.stderr);
  assert.equal(result.stdout, '', 'no half result');
  assert.ok(result.interruptedAt !== undefined && result.interruptedAt < 4_000, `${result.interruptedAt} ms after SIGINT`);
});

test('SIGINT mid-detection with --write leaves no file behind', async () => {
  const result = await runBundle(['detect', 'x@y.test', '--dns', dark.address, '--trace', '--write', 'env', '--out', 'mail.env'], SIGINT_AFTER_MS);
  assert.equal(result.code, 130, result.stderr);
  assert.deepEqual(readdirSync(tmp.dir), [], 'neither mail.env nor a temporary file');
});
