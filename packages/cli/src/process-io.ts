// The real process behind Io: streams, TTY flags, and a no-echo password prompt. Kept free of
// @autoconf/core so that `autoconf --version` loads nothing it does not need.
import type { Io } from './io.js';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = /[\u0008\u007f]/;

function promptSecret(question: string, interrupt: () => void): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise<string>((resolve, reject) => {
    let secret = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    // Raw mode turns Ctrl-C into a byte instead of SIGINT, so it is handled here.
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === CTRL_C) {
          interrupt();
          return finish(Object.assign(new Error('The password prompt was cancelled.'), { name: 'AutoconfError', code: 'ABORTED' }));
        }
        if (char === '\r' || char === '\n' || char === CTRL_D) return finish();
        if (BACKSPACE.test(char)) secret = secret.slice(0, -1);
        else secret += char;
      }
    };
    input.on('data', onData);
  });
}

/** One line from the terminal: yes only for an explicit y/yes. Ctrl-C cancels the run. */
async function confirm(question: string, interrupt: () => void): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const cancelled = new AbortController();
  rl.on('SIGINT', () => {
    interrupt();
    cancelled.abort();
  });
  try {
    const answer = await rl.question(question, { signal: cancelled.signal });
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch {
    throw Object.assign(new Error('The question was cancelled.'), { name: 'AutoconfError', code: 'ABORTED' });
  } finally {
    rl.close();
  }
}

export function createProcessIo(controller: AbortController): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: () => process.stdin,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    ...(process.stdin.isTTY
      ? {
          promptSecret: (question: string) => promptSecret(question, () => controller.abort()),
          confirm: (question: string) => confirm(question, () => controller.abort()),
        }
      : {}),
  };
}
