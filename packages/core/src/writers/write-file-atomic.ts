// Write a config file so that a crash leaves the old file or the new one, never half of
// either, and so that an edit made by someone else after we read the file is never lost.
import { randomBytes } from 'node:crypto';
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AutoconfError, isAutoconfError } from '../errors.js';

export interface WriteFileAtomicOptions {
  /** The text the caller based its edit on; `null` means "the file did not exist". When
   *  given, a file that no longer holds exactly this is left alone (FILE_CHANGED). */
  expectedOriginal?: string | null;
  /** Permissions for a new file; an existing file keeps its own. */
  mode?: number;
  signal?: AbortSignal;
}

const NEW_FILE_MODE = 0o644;

async function readCurrent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Follow a symlink so the link stays a link and its target gets the new content. */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AutoconfError('ABORTED', undefined, { cause: signal.reason });
}

function assertUnchanged(path: string, current: string | null, expected: string | null): void {
  if (current !== expected) {
    throw new AutoconfError('FILE_CHANGED', `${path} changed since it was read; nothing was written.`);
  }
}

export async function writeFileAtomic(path: string, text: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const { signal } = options;
  checkAborted(signal);
  let temp: string | undefined;
  try {
    const target = await resolveTarget(path);
    const original = await readCurrent(target);
    const expected = options.expectedOriginal === undefined ? original : options.expectedOriginal;
    assertUnchanged(path, original, expected);
    const mode = original === null ? (options.mode ?? NEW_FILE_MODE) : (await stat(target)).mode & 0o7777;

    // Same directory, so rename(2) is atomic (same file system).
    temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    checkAborted(signal);
    // Read again right before the rename: an edit made while we wrote must not be lost.
    assertUnchanged(path, await readCurrent(target), expected);
    await rename(temp, target);
    temp = undefined;
  } catch (error) {
    if (isAutoconfError(error)) throw error;
    throw new AutoconfError('FILE_WRITE_FAILED', `${path} could not be written: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    if (temp !== undefined) await unlink(temp).catch(() => undefined);
  }
}
