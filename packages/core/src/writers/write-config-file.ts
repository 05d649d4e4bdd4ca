// A writer's output onto disk under the rules of plan-write: the path is checked before it is
// opened, the file is locked from the read to the rename, merged or written beside, never
// replaced when it is not ours. An edit by a writer that takes no lock (an editor) between our
// read and our rename is caught by FILE_CHANGED, and we read, merge and try again.
import { AutoconfError, isAutoconfError } from '../errors.js';
import type { EnvChange } from './env-merge.js';
import { withFileLock } from './file-lock.js';
import { planWrite } from './plan-write.js';
import type { Writer, WriterInput } from './types.js';
import { NEW_FILE_MODE, inspectTarget, readRegularFile, writeFileAtomic } from './write-file-atomic.js';

/** A new `.env` may hold secrets later: nobody but the owner reads it (before the umask). */
export const NEW_ENV_FILE_MODE = 0o600;
const CHANGED_RETRIES = 3;

export interface WriteConfigFileOptions {
  /** Replace values set differently in a keyed merge, or a file autoconf wrote earlier. */
  force: boolean;
  /** Directories a symbolic link may point into (the project); the link's own directory counts. */
  roots?: readonly string[];
  lockWaitMs?: number;
  signal?: AbortSignal;
}

export interface WriteConfigFileResult {
  /** The file written (or left unchanged): `requested`, or the sibling written beside it. */
  path: string;
  requested: string;
  action: 'created' | 'merged' | 'replaced' | 'unchanged';
  /** The config went into a sibling because `requested` is not autoconf's to replace. */
  beside: boolean;
  changes: EnvChange[];
}

function conflictError(path: string, changes: EnvChange[]): AutoconfError {
  const keys = changes.filter((change) => change.kind === 'conflict').map((change) => change.key);
  return new AutoconfError('FILE_CHANGED', `${path} already sets ${keys.join(', ')} to other values; nothing was written (--force replaces them).`);
}

type Attempt = WriteConfigFileResult | { redirect: string };

async function writeOnce(writer: Writer, input: WriterInput, path: string, beside: boolean, options: WriteConfigFileOptions): Promise<Attempt> {
  const { signal } = options;
  const target = await inspectTarget(path, options.roots);
  const result = (action: WriteConfigFileResult['action'], changes: EnvChange[]): WriteConfigFileResult => ({
    path,
    requested: path,
    action,
    beside,
    changes,
  });
  return withFileLock(
    target.realPath,
    async (): Promise<Attempt> => {
      for (let attempt = 0; ; attempt++) {
        const existing = await readRegularFile(target.realPath);
        const plan = planWrite(writer, input, path, existing, { force: options.force });
        // Every key in conflict leaves the text as it was: still a conflict, not "unchanged".
        if (plan.action === 'unchanged' && plan.changes.some((change) => change.kind === 'conflict')) throw conflictError(path, plan.changes);
        if (plan.action === 'unchanged') return result('unchanged', plan.changes);
        if (plan.action === 'beside') {
          if (beside) {
            throw new AutoconfError('FILE_REFUSED', `${path} exists and was not written by autoconf; nothing was written (choose another file with --out).`);
          }
          return { redirect: plan.besidePath };
        }
        if (plan.action === 'differs') {
          throw new AutoconfError('FILE_CHANGED', `${path} was written by autoconf earlier and differs; nothing was written (--force replaces it).`);
        }
        const changes = plan.action === 'replace' ? [] : plan.changes;
        if (changes.some((change) => change.kind === 'conflict')) throw conflictError(path, changes);
        try {
          await writeFileAtomic(path, plan.text, {
            expectedOriginal: existing,
            mode: writer.kind === 'merge-env' ? NEW_ENV_FILE_MODE : NEW_FILE_MODE,
            ...(options.roots ? { roots: options.roots } : {}),
            ...(signal ? { signal } : {}),
          });
        } catch (error) {
          if (isAutoconfError(error, 'FILE_CHANGED') && attempt < CHANGED_RETRIES) continue;
          throw error;
        }
        return result(plan.action === 'create' ? 'created' : plan.action === 'replace' ? 'replaced' : 'merged', changes);
      }
    },
    { ...(options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs }), ...(signal ? { signal } : {}) },
  );
}

/** File system errors (EACCES, ENOTDIR, …) as the typed error callers expect. */
async function typed<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAutoconfError(error)) throw error;
    throw new AutoconfError('FILE_WRITE_FAILED', `${path} could not be written: ${(error as Error).message}`, { cause: error });
  }
}

export async function writeConfigFile(writer: Writer, input: WriterInput, path: string, options: WriteConfigFileOptions): Promise<WriteConfigFileResult> {
  const first = await typed(path, () => writeOnce(writer, input, path, false, options));
  if (!('redirect' in first)) return first;
  const second = await typed(first.redirect, () => writeOnce(writer, input, first.redirect, true, options));
  if ('redirect' in second) throw new AutoconfError('INTERNAL', 'a sibling file was redirected again');
  return { ...second, requested: path };
}
