// --format and --write: a report through one of core's writers. Merging into .env keeps
// everything the user wrote; a value they set differently is left alone unless --force.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AutoconfError, mergeEnv, writeFileAtomic, type EnvChange, type Report, type Writer, type WriterInput } from '@autoconf/core';
import type { Io } from '../io.js';

export function writerInput(report: Report, allowInsecure: boolean): WriterInput {
  return {
    address: report.address.input,
    recommended: report.recommended,
    detectedAt: report.startedAt,
    verified: report.status === 'verified',
    // The CLI never hands a password to a writer: configs get placeholders or env references.
    allowInsecure,
  };
}

async function readExisting(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AutoconfError('FILE_WRITE_FAILED', `${path} could not be read: ${(error as Error).message}`);
  }
}

export interface WriteOutcome {
  path: string;
  /** One line per change, for stderr. */
  summary: string[];
}

function describeChanges(changes: EnvChange[]): string[] {
  return changes.map((change) =>
    change.kind === 'conflict'
      ? `  ${change.key}: kept your value (differs from the detected one; --force replaces it)`
      : `  ${change.key}: ${change.kind}`,
  );
}

export async function writeConfig(io: Io, writer: Writer, input: WriterInput, options: { out?: string; force: boolean }): Promise<WriteOutcome> {
  const path = resolve(io.cwd, options.out ?? writer.defaultFileName);
  const original = await readExisting(path);
  const signal = io.signal;
  if (writer.kind === 'merge-env' && writer.entries !== undefined) {
    const merged = mergeEnv(original ?? '', writer.entries(input), { force: options.force });
    const conflicts = merged.changes.filter((change) => change.kind === 'conflict');
    if (conflicts.length > 0) {
      throw new AutoconfError(
        'FILE_CHANGED',
        `${path} already sets ${conflicts.map((c) => c.key).join(', ')} to other values; nothing was written (--force replaces them).`,
      );
    }
    if (merged.text !== original) await writeFileAtomic(path, merged.text, { expectedOriginal: original, ...(signal ? { signal } : {}) });
    return { path, summary: describeChanges(merged.changes) };
  }
  const text = writer.render(input);
  if (original === text) return { path, summary: ['  unchanged'] };
  if (original !== null && !options.force) {
    throw new AutoconfError('FILE_CHANGED', `${path} exists and differs; nothing was written (--force replaces it).`);
  }
  await writeFileAtomic(path, text, { expectedOriginal: original, ...(signal ? { signal } : {}) });
  return { path, summary: [original === null ? '  created' : '  replaced'] };
}
