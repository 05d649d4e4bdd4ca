// A bug is exit 70 with one line that says so; the stack only with --trace or AUTOCONF_DEBUG.
// The fault is real: the CLI's own output stream throws, as a broken pipe wrapper would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, EXIT, type Io } from '@autoconf/cli/internal/run.js';

async function runWithBrokenStdout(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: Io = {
    stdout: () => {
      throw new TypeError('stdout is broken');
    },
    stderr: (text) => void (stderr += text),
    stdin: async function* () {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    env,
    cwd: process.cwd(),
  };
  return { code: await run(argv, io), stderr };
}

const BUG_LINE = /^autoconf: internal error \(this is a bug, please report it\): stdout is broken/;

test('an internal error is exit 70 with one line saying it is a bug, no stack', async () => {
  const { code, stderr } = await runWithBrokenStdout(['formats']);
  assert.equal(code, EXIT.INTERNAL);
  assert.equal(code, 70);
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0] ?? '', BUG_LINE);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('--trace shows the stack of an internal error', async () => {
  const { code, stderr } = await runWithBrokenStdout(['detect', 'someone@gmail.com', '--offline', '--trace']);
  assert.equal(code, 70);
  assert.match(stderr, /autoconf: internal error \(this is a bug, please report it\): stdout is broken\n/);
  assert.match(stderr, /TypeError: stdout is broken\n\s+at /);
});

test('AUTOCONF_DEBUG shows the stack too', async () => {
  const { code, stderr } = await runWithBrokenStdout(['formats'], { AUTOCONF_DEBUG: '1' });
  assert.equal(code, 70);
  assert.match(stderr, /TypeError: stdout is broken\n\s+at /);
});

test('usage errors stay exit 2, not internal', async () => {
  const { code } = await runWithBrokenStdout(['detect', 'not-an-address', '--offline']);
  assert.equal(code, EXIT.USAGE);
});
