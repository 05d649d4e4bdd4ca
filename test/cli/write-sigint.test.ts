// Ctrl-C while a file is being written: real processes, a real SIGINT sent the moment the
// temporary file appears. The target keeps its old content and no temporary or lock file stays
// behind, whether the write is cancelled (the CLI's first Ctrl-C) or the process exits in the
// middle of it (what a second Ctrl-C does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTempDir } from './cli-harness.js';

const BIN = resolve('packages/cli/src/bin.ts');
const TSX = import.meta.resolve('tsx');
// Large enough that writing and syncing it takes a while: the signal lands mid-write.
const BIG_ENV_LINES = 1_500_000;
const EXIT_WAIT_MS = 60_000;

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const CLI_ARGS = [BIN, 'detect', '--offline', 'you@gmail.com', '--write', 'env', '--out', 'big.env'];
// Exits on SIGINT in the middle of the write, without cancelling it (a second Ctrl-C).
const EXIT_MID_WRITE_ARGS = [resolve('test/cli/exit-mid-write.ts'), 'big.env', String(BIG_ENV_LINES * 6)];

function interruptMidWrite(dir: string, args: string[]): Promise<{ code: number | null; signalled: boolean; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, ...args], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let signalled = false;
  const watcher = watch(dir, (_event, name) => {
    if (signalled || name === null || !name.endsWith('.tmp')) return;
    signalled = true;
    child.kill('SIGINT');
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_WAIT_MS);
  return new Promise((resolveRun) => {
    child.on('close', (code) => {
      watcher.close();
      clearTimeout(killer);
      resolveRun({ code, signalled, stderr });
    });
  });
}

for (const [name, args] of [['the CLI (the write is cancelled)', CLI_ARGS], ['a process that exits at once', EXIT_MID_WRITE_ARGS]] as const) {
  test(`SIGINT during a write, ${name}: the old file stays and no temporary file`, { timeout: EXIT_WAIT_MS + 10_000 }, async () => {
    const tmp = makeTempDir();
    try {
      const path = join(tmp.dir, 'big.env');
      writeFileSync(path, `# padding\n${'# a comment line that makes the file large\n'.repeat(BIG_ENV_LINES)}APP=1\n`);
      const before = digest(path);
      const result = await interruptMidWrite(tmp.dir, [...args]);
      assert.ok(result.signalled, 'the temporary file appeared and the signal was sent');
      assert.equal(result.code, 130, result.stderr);
      assert.deepEqual(readdirSync(tmp.dir), ['big.env'], 'no temporary or lock file');
      assert.equal(digest(path), before, 'the old content, whole');
    } finally {
      tmp.dispose();
    }
  });
}
