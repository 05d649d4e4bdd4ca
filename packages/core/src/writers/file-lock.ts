// One writer at a time per file: a lock file created with O_EXCL beside the target. The
// FILE_CHANGED check in writeFileAtomic alone leaves a window between its last read and the
// rename in which two writers each see the file unchanged and the second rename drops the
// first writer's update; holding this lock across read → merge → rename closes it for every
// writer that takes it (an editor that does not is still caught by FILE_CHANGED).
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AutoconfError } from '../errors.js';
import { forget, removeOnExit } from './exit-cleanup.js';

export const LOCK_WAIT_MS = 10_000;
/** A lock older than this is stale even when its owner cannot be checked (another host). */
export const LOCK_STALE_MS = 60_000;
const RETRY_MIN_MS = 2;
const RETRY_MAX_MS = 25;

export interface FileLockOptions {
  waitMs?: number;
  signal?: AbortSignal;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

export function lockPathFor(realPath: string): string {
  return join(dirname(realPath), `.${basename(realPath)}.autoconf-lock`);
}


async function readOwner(lockPath: string): Promise<{ owner?: LockOwner; raw: string } | undefined> {
  try {
    const raw = await readFile(lockPath, 'utf8');
    try {
      return { owner: JSON.parse(raw) as LockOwner, raw };
    } catch {
      return { raw };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock whose owner died (same host, no such process) or that is older than LOCK_STALE_MS. */
async function isStale(lockPath: string, owner: LockOwner | undefined): Promise<boolean> {
  if (owner !== undefined && owner.host === hostname() && Number.isInteger(owner.pid)) return !processIsAlive(owner.pid);
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > LOCK_STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Takes a stale lock away: renamed to a private name first, so of two writers that both judged
 * it stale only one removes it, and the content is compared so a fresh lock taken meanwhile by
 * a third writer is put back instead of removed.
 */
async function breakStaleLock(lockPath: string, seen: string): Promise<void> {
  const aside = `${lockPath}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  const taken = await readFile(aside, 'utf8').catch(() => seen);
  if (taken !== seen) {
    await rename(aside, lockPath).catch(() => undefined);
    return;
  }
  await unlink(aside).catch(() => undefined);
}

async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(owner));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Runs `task` holding the lock of `realPath`; FILE_LOCKED when it stays taken for waitMs. */
export async function withFileLock<T>(realPath: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = lockPathFor(realPath);
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + (options.waitMs ?? LOCK_WAIT_MS);
  let delay = RETRY_MIN_MS;
  for (;;) {
    if (options.signal?.aborted) throw new AutoconfError('ABORTED', undefined, { cause: options.signal.reason });
    let created: boolean;
    try {
      created = await tryCreate(lockPath, owner);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `its directory ${dirname(realPath)} does not exist` : (error as Error).message;
      throw new AutoconfError('FILE_WRITE_FAILED', `${realPath} could not be written: ${why}; nothing was written.`, { cause: error });
    }
    if (created) break;
    const current = await readOwner(lockPath);
    // An empty file is a lock being written this very moment: not stale.
    if (current !== undefined && current.raw !== '' && (await isStale(lockPath, current.owner))) {
      await breakStaleLock(lockPath, current.raw);
      continue;
    }
    if (Date.now() >= deadline) {
      const by = current?.owner === undefined ? '' : ` by process ${current.owner.pid} on ${current.owner.host}`;
      throw new AutoconfError('FILE_LOCKED', `${realPath} is being written${by} (lock ${lockPath}); nothing was written. Try again, or remove the lock if no autoconf is running.`);
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  }
  removeOnExit(lockPath);
  try {
    return await task();
  } finally {
    forget(lockPath);
    // Only our own lock is removed: a lock broken as stale and retaken belongs to another.
    const current = await readOwner(lockPath).catch(() => undefined);
    if (current?.owner?.token === owner.token) await unlink(lockPath).catch(() => undefined);
  }
}
