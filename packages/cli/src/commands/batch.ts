// `autoconf batch [file|-]`: one JSON report per line, in input order, with a bounded number
// of detections at once and one detection per domain (createDetector caches by domain).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AutoconfError, createDetector, isAutoconfError, type Report } from '@autoconf/core';
import { EXIT } from '../exit-codes.js';
import { readAll } from '../io.js';
import type { CommandContext } from '../run.js';
import { buildDetectOptions, exitCodeForReport, type NetworkFlags } from './detect-setup.js';

export interface BatchFlags extends NetworkFlags {
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 4;
// Worst first: the batch exits with the most serious outcome of any line.
const SEVERITY_OF_CODE: Record<number, number> = { [EXIT.OK]: 0, [EXIT.NOT_FOUND]: 1, [EXIT.HIGH_FINDING]: 2, [EXIT.USAGE]: 3 };

export function parseAddressList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** How each line ended, for the summary a person at a terminal reads. */
type LineOutcome = Report['status'] | 'error';
const OUTCOME_WORDS: Array<[LineOutcome, string]> = [
  ['verified', 'verified'],
  ['unverified', 'unverified'],
  ['not-found', 'not found'],
  ['no-network', 'no network'],
  ['error', 'not an address'],
];

/** `3 addresses: 1 verified, 1 unverified, 1 not found` (rarer outcomes only when they occur). */
export function summarizeBatch(outcomes: readonly LineOutcome[], highFindings: number): string {
  const count = (outcome: LineOutcome) => outcomes.filter((o) => o === outcome).length;
  const parts = OUTCOME_WORDS.filter(([outcome], index) => index < 3 || count(outcome) > 0).map(([outcome, words]) => `${count(outcome)} ${words}`);
  const high = highFindings > 0 ? ` (${highFindings} with a high-severity finding: see its report)` : '';
  return `${outcomes.length} address${outcomes.length === 1 ? '' : 'es'}: ${parts.join(', ')}${high}`;
}

async function readInput(file: string, context: CommandContext<BatchFlags>): Promise<string> {
  if (file === '-') {
    // Nothing piped in: say what the silence is waiting for.
    if (context.io.stdinIsTTY) context.io.stderr('autoconf: reading addresses from stdin, one per line; end with Ctrl-D (Ctrl-C cancels).\n');
    return readAll(context.io.stdin());
  }
  try {
    return await readFile(resolve(context.io.cwd, file), 'utf8');
  } catch (error) {
    throw new AutoconfError('OPTION_INVALID', `${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
}

export async function runBatch(file: string, context: CommandContext<BatchFlags>): Promise<number> {
  const { io, flags } = context;
  const addresses = parseAddressList(await readInput(file, context));
  const detector = createDetector(await buildDetectOptions(io, flags));
  const lines: Array<string | undefined> = new Array(addresses.length);
  const codes: number[] = [];
  const outcomes: LineOutcome[] = [];
  let next = 0;
  let printed = 0;
  let done = 0;
  const showProgress = io.stderrIsTTY;

  // Lines go out in input order as soon as every earlier one is ready.
  const flush = () => {
    while (printed < lines.length && lines[printed] !== undefined) io.stdout(lines[printed++] + '\n');
    if (showProgress) io.stderr(`\r\x1b[K${done}/${addresses.length} addresses`);
  };

  const work = async () => {
    while (next < addresses.length && io.signal?.aborted !== true) {
      const index = next++;
      const address = addresses[index] as string;
      try {
        const report = await detector.detect(address, io.signal ? { signal: io.signal } : {});
        lines[index] = JSON.stringify(report);
        codes.push(exitCodeForReport(report, flags));
        outcomes.push(report.status);
      } catch (error) {
        if (!isAutoconfError(error) || error.code === 'ABORTED') throw error;
        // A bad line is reported in place, so the output still lines up with the input.
        lines[index] = JSON.stringify({ input: address, error: { code: error.code, message: error.message } });
        codes.push(EXIT.USAGE);
        outcomes.push('error');
      }
      done++;
      flush();
    }
  };
  const workers = Array.from({ length: Math.min(flags.concurrency ?? DEFAULT_CONCURRENCY, addresses.length) }, work);
  try {
    await Promise.all(workers);
  } finally {
    if (showProgress) io.stderr('\r\x1b[K');
  }
  if (io.signal?.aborted) return EXIT.INTERRUPTED;
  if (showProgress) io.stderr(`${summarizeBatch(outcomes, codes.filter((code) => code === EXIT.HIGH_FINDING).length)}\n`);
  return codes.reduce((worst, code) => ((SEVERITY_OF_CODE[code] ?? 0) > (SEVERITY_OF_CODE[worst] ?? 0) ? code : worst), EXIT.OK);
}
