// The lock beside a file: a stale one (its process is gone) is broken, a live one makes the
// second writer wait and then give up with FILE_LOCKED, and only the owner removes it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockPathFor, withFileLock } from '@autoconf/core/internal/writers/file-lock.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';

function withDir(run: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autoconf-lock-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** The pid of a process that has exited: a real one, not a guess. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('withFileLock', () => {
  it('breaks a lock whose process is gone', withDir(async (dir) => {
    const target = join(dir, '.env');
    writeFileSync(lockPathFor(target), JSON.stringify({ pid: deadPid(), host: hostname(), token: 'old' }));
    const value = await withFileLock(target, async () => {
      assert.ok(existsSync(lockPathFor(target)), 'held while the task runs');
      return 42;
    }, { waitMs: 2_000 });
    assert.equal(value, 42);
    assert.deepEqual(readdirSync(dir), [], 'released, and the stale one is gone');
  }));

  it('waits for a live lock, then gives up with FILE_LOCKED naming the holder', withDir(async (dir) => {
    const target = join(dir, '.env');
    writeFileSync(lockPathFor(target), JSON.stringify({ pid: process.pid, host: hostname(), token: 'theirs' }));
    const started = Date.now();
    await assert.rejects(withFileLock(target, async () => assert.fail('must not run'), { waitMs: 300 }), (error) =>
      isAutoconfError(error, 'FILE_LOCKED') && error.message.includes(`process ${process.pid}`));
    assert.ok(Date.now() - started >= 300);
    assert.ok(existsSync(lockPathFor(target)), 'a lock that is not ours stays');
  }));

  it('serialises tasks in one process and releases on a throw', withDir(async (dir) => {
    const target = join(dir, '.env');
    const order: string[] = [];
    const task = (name: string) => withFileLock(target, async () => {
      order.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(`${name}-`);
    });
    await Promise.all([task('a'), task('b')]);
    assert.ok(order.join(' ') === 'a+ a- b+ b-' || order.join(' ') === 'b+ b- a+ a-', order.join(' '));
    await assert.rejects(withFileLock(target, async () => { throw new Error('boom'); }), /boom/);
    assert.deepEqual(readdirSync(dir), []);
  }));
});
