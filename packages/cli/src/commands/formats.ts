// `autoconf formats`: every config target with its one-line description.
import { WRITERS } from '@autoconf/core';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../run.js';

export async function runFormats({ io, styles, flags }: CommandContext<{ json?: boolean }>): Promise<number> {
  if (flags.json) {
    const list = WRITERS.map(({ id, title, description, defaultFileName, kind }) => ({ id, title, description, defaultFileName, kind }));
    io.stdout(JSON.stringify(list, null, 2) + '\n');
    return EXIT.OK;
  }
  const width = Math.max(...WRITERS.map((writer) => writer.id.length)) + 2;
  const lines = WRITERS.map((writer) => `${styles.out.bold(writer.id.padEnd(width))}${writer.description} ${styles.out.dim(`(${writer.defaultFileName})`)}`);
  io.stdout(lines.join('\n') + '\n');
  return EXIT.OK;
}
