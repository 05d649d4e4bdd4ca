// Write a config file so that a crash leaves the old file or the new one, never half of
// either, and so that an edit made by someone else after we read the file is never lost.
// Before anything is opened the path is checked with lstat(2): a device, FIFO, socket or
// directory is refused (opening a FIFO blocks; renaming over a device node destroys it), and a
// symbolic link is followed only when its real path stays inside the project.
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { AutoconfError, isAutoconfError } from '../errors.js';
import { forget, removeOnExit } from './exit-cleanup.js';

export interface WriteFileAtomicOptions {
  /** The text the caller based its edit on; `null` means "the file did not exist". When
   *  given, a file that no longer holds exactly this is left alone (FILE_CHANGED). */
  expectedOriginal?: string | null;
  /** Permissions asked for a new file (the umask still applies); an existing file keeps its own. */
  mode?: number;
  /** Directories a symbolic link may point into; the link's own directory always counts. */
  roots?: readonly string[];
  signal?: AbortSignal;
}

export interface TargetInfo {
  /** The file that gets written: the path itself, or where its symbolic link points. */
  realPath: string;
  /** lstat/stat of the real file; undefined when it does not exist yet. */
  stats?: Stats;
  isLink: boolean;
}

/** What `open(2)` gets for a new file: rw for everyone the umask lets through. */
export const NEW_FILE_MODE = 0o666;

function refuse(path: string, why: string): never {
  throw new AutoconfError('FILE_REFUSED', `${path} ${why}; nothing was written.`);
}

function describeSpecial(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isFIFO()) return 'is a FIFO (named pipe)';
  if (stats.isSocket()) return 'is a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device';
  return 'is not a regular file';
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

async function realRoot(root: string): Promise<string | undefined> {
  try {
    return await realpath(root);
  } catch {
    return undefined;
  }
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Where `path` really is, checked before anything is opened. Throws FILE_REFUSED. */
export async function inspectTarget(path: string, roots: readonly string[] = []): Promise<TargetInfo> {
  try {
    return await inspect(path, roots);
  } catch (error) {
    if (isAutoconfError(error)) throw error;
    throw new AutoconfError('FILE_WRITE_FAILED', `${path} could not be checked: ${(error as Error).message}`, { cause: error });
  }
}

async function inspect(path: string, roots: readonly string[]): Promise<TargetInfo> {
  const absolute = resolve(path);
  const own = await lstatOrUndefined(absolute);
  if (own === undefined) return { realPath: absolute, isLink: false };
  if (!own.isSymbolicLink()) {
    const special = describeSpecial(own);
    if (special !== undefined) refuse(path, special);
    return { realPath: absolute, stats: own, isLink: false };
  }
  let realPath: string;
  try {
    realPath = await realpath(absolute);
  } catch {
    refuse(path, 'is a symbolic link to nothing');
  }
  const allowed = await Promise.all([dirname(absolute), ...roots].map(realRoot));
  if (!allowed.some((root) => root !== undefined && isInside(root, realPath))) {
    refuse(path, `is a symbolic link out of the project (to ${realPath})`);
  }
  const stats = await stat(realPath);
  const special = describeSpecial(stats);
  if (special !== undefined) refuse(path, `links to ${realPath}, which ${special}`);
  return { realPath, stats, isLink: true };
}

/**
 * The text of a regular file, or null when there is none. O_NOFOLLOW and O_NONBLOCK close
 * the window between the lstat check and the open: a FIFO or link swapped in meanwhile is
 * refused instead of blocking or being followed.
 */
export async function readRegularFile(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') refuse(path, 'became a symbolic link');
    throw error;
  }
  try {
    const special = describeSpecial(await handle.stat());
    if (special !== undefined) refuse(path, special);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
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

/** A temporary name beside the target, so rename(2) stays on one file system and is atomic. */
function tempPathFor(realPath: string): string {
  return join(dirname(realPath), `.${basename(realPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function writeFileAtomic(path: string, text: string, options: WriteFileAtomicOptions = {}): Promise<void> {
  const { signal } = options;
  checkAborted(signal);
  let temp: string | undefined;
  try {
    const target = await inspectTarget(path, options.roots);
    const original = target.stats === undefined ? null : await readRegularFile(target.realPath);
    const expected = options.expectedOriginal === undefined ? original : options.expectedOriginal;
    assertUnchanged(path, original, expected);

    temp = tempPathFor(target.realPath);
    removeOnExit(temp);
    const existing = target.stats;
    const handle = await open(temp, 'wx', existing === undefined ? (options.mode ?? NEW_FILE_MODE) : 0o600);
    try {
      await handle.writeFile(text, { encoding: 'utf8', ...(signal ? { signal } : {}) });
      if (existing !== undefined) {
        // The replacement is a new inode: give it the old one's owner and mode (the umask
        // does not apply to a mode the user already chose).
        if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
          await handle.chown(existing.uid, existing.gid).catch((error: NodeJS.ErrnoException) => {
            throw new AutoconfError('FILE_WRITE_FAILED', `${path} belongs to uid ${existing.uid}/gid ${existing.gid}; replacing it would change its owner (${error.code}); nothing was written.`);
          });
        }
        await handle.chmod(existing.mode & 0o7777);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    checkAborted(signal);
    // Look again right before the rename: an edit made while we wrote must not be lost, and
    // the path must still be what we checked.
    const again = await inspectTarget(path, options.roots);
    if (again.realPath !== target.realPath) {
      throw new AutoconfError('FILE_CHANGED', `${path} now leads to another file than when it was read; nothing was written.`);
    }
    assertUnchanged(path, again.stats === undefined ? null : await readRegularFile(again.realPath), expected);
    await rename(temp, target.realPath);
    forget(temp);
    temp = undefined;
  } catch (error) {
    if (isAutoconfError(error)) throw error;
    if ((error as Error).name === 'AbortError') throw new AutoconfError('ABORTED', undefined, { cause: signal?.reason });
    throw new AutoconfError('FILE_WRITE_FAILED', `${path} could not be written: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    if (temp !== undefined) {
      await unlink(temp).catch(() => undefined);
      forget(temp);
    }
  }
}
