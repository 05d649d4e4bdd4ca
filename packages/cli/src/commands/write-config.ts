// --format and --write: a report through one of core's writers. Merging into .env keeps
// everything the user wrote; a value they set differently is left alone unless --force. A file
// of another target is never replaced unless autoconf wrote it: merged by key where the format
// allows, otherwise the config goes beside it (core's writeConfigFile decides, the summary says).
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { isAutoconfError, planWrite, writeConfigFile, type EnvChange, type Report, type Writer, type WriterInput } from '@autoconf/core';
import type { Io } from '../io.js';
import { describeConflicts } from '../output/conflicts.js';

/** The one --ca-file as an absolute path, for configs that can name it; with several files,
 *  none (a config names one file, and which one the server needs is not known here). */
export function caFileForWriters(io: Io, caFiles: readonly string[] | undefined): string | undefined {
  return caFiles?.length === 1 ? resolve(io.cwd, caFiles[0] as string) : undefined;
}

export function writerInput(report: Report, allowInsecure: boolean, caFile?: string): WriterInput {
  return {
    address: report.address.input,
    recommended: report.recommended,
    detectedAt: report.startedAt,
    verified: report.status === 'verified',
    // The CLI never hands a password to a writer: configs get placeholders or env references.
    allowInsecure,
    ...(caFile === undefined ? {} : { caFile }),
  };
}

export interface WriteOutcome {
  path: string;
  /** One line per change, for stderr. */
  summary: string[];
}

/** `--out -`: the config on stdout, nothing on disk. */
export const STDOUT_PATH = '-';

function describeChanges(changes: EnvChange[]): string[] {
  return changes.map((change) => `  ${change.key}: ${change.kind}`);
}

/** Each key the file sets to another value, old → new (secrets masked); '' when there is
 *  none to show (the file is gone, or it differs as a whole). */
async function conflictLines(writer: Writer, input: WriterInput, path: string): Promise<string> {
  let existing: string;
  try {
    existing = await readFile(path, 'utf8');
  } catch {
    return '';
  }
  const plan = planWrite(writer, input, path, existing, { force: false });
  const conflicts = 'changes' in plan ? plan.changes.filter((change) => change.kind === 'conflict') : [];
  return describeConflicts(basename(path), conflicts);
}

export async function writeConfig(io: Io, writer: Writer, input: WriterInput, options: { out?: string; force: boolean }): Promise<WriteOutcome> {
  if (options.out === STDOUT_PATH) {
    io.stdout(writer.render(input));
    return { path: 'stdout', summary: ['  printed, nothing written'] };
  }
  const path = resolve(io.cwd, options.out ?? writer.defaultFileName);
  let result;
  try {
    result = await writeConfigFile(writer, input, path, {
      force: options.force,
      // A symbolic link is followed only into the directory autoconf runs in (or the link's own).
      roots: [io.cwd],
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } catch (error) {
    // Before the error suggests --force, show what --force would change.
    if (isAutoconfError(error, 'FILE_CHANGED')) io.stderr(await conflictLines(writer, input, path));
    throw error;
  }
  const summary = describeChanges(result.changes);
  if (result.changes.length === 0) summary.push(`  ${result.action}`);
  else if (result.action === 'merged' && writer.kind !== 'merge-env') summary.push('  merged by key: every other line of the file kept');
  if (result.beside) {
    summary.push(`  ${basename(result.requested)} exists and is not autoconf's: left untouched; the config is in ${basename(result.path)} beside it (copy what you need)`);
  }
  return { path: result.path, summary };
}
