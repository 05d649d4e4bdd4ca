// One writer process for concurrent-writes.test.ts: on each "round N" line from stdin it
// merges its own key into DIR/round-N.env and answers "done N ok" or "done N error CODE".
// Mode `locked` goes through writeConfigFile (what the CLI does); `bare` is the old
// read → mergeEnv → writeFileAtomic sequence without the lock, kept to measure the difference.
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { mergeEnv } from '@autoconf/core/internal/writers/env-merge.js';
import { readRegularFile, writeFileAtomic } from '@autoconf/core/internal/writers/write-file-atomic.js';
import { writeConfigFile } from '@autoconf/core/internal/writers/write-config-file.js';
import type { Writer, WriterInput } from '@autoconf/core/internal/writers/types.js';

const [dir = '.', index = '0', mode = 'locked'] = process.argv.slice(2);
const key = `WRITER_${index.padStart(2, '0')}`;

function writerFor(round: string): Writer {
  return {
    id: 'env',
    title: 'test writer',
    description: 'one key',
    defaultFileName: '.env',
    kind: 'merge-env',
    render: () => `${key}=${round}\n`,
    entries: () => [{ key, value: round }],
  };
}

async function writeRound(round: string): Promise<void> {
  const path = join(dir, `round-${round}.env`);
  if (mode === 'bare') {
    const original = await readRegularFile(path);
    await writeFileAtomic(path, mergeEnv(original ?? '', [{ key, value: round }]).text, { expectedOriginal: original });
    return;
  }
  await writeConfigFile(writerFor(round), {} as WriterInput, path, { force: false });
}

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  const round = /^round (\d+)$/.exec(line)?.[1];
  if (round === undefined) continue;
  try {
    await writeRound(round);
    process.stdout.write(`done ${round} ok\n`);
  } catch (error) {
    process.stdout.write(`done ${round} error ${(error as { code?: string }).code ?? (error as Error).message}\n`);
  }
}
