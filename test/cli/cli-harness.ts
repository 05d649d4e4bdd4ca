// run() in-process with captured streams, a temp cwd and chosen TTY flags.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type Io } from '@autoconf/cli/internal/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  tty?: boolean;
  cwd?: string;
  signal?: AbortSignal;
  promptSecret?: Io['promptSecret'];
  confirm?: Io['confirm'];
}

export const ESC = '\x1b';

export function makeTempDir(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'autoconf-cli-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function runCli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const tty = options.tty ?? false;
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdin: async function* () {
      if (options.stdin !== undefined) yield options.stdin;
    },
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    stdinIsTTY: tty,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.promptSecret ? { promptSecret: options.promptSecret } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
