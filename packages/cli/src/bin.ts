#!/usr/bin/env node
// The `autoconf` executable: wires the process to run(). Ctrl-C aborts the work (a second
// Ctrl-C, or work that does not stop in time, ends the process at once) and exits 130.
import { setMaxListeners } from 'node:events';
import { EXIT } from './exit-codes.js';
import { loadCommands } from './load-commands.js';
import pkg from '../package.json' with { type: 'json' };

const STOP_GRACE_MS = 3_000;
// A detection shares one cancellation signal among dozens of concurrent DNS queries and
// probes by design; Node's default of 10 listeners would print a leak warning on every run.
const SIGNAL_LISTENERS_MAX = 256;
setMaxListeners(SIGNAL_LISTENERS_MAX);
const controller = new AbortController();

process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED);
  controller.abort(new Error('interrupted'));
  setTimeout(() => process.exit(EXIT.INTERRUPTED), STOP_GRACE_MS).unref();
});

const argv = process.argv.slice(2);
// The one call scripts make in a loop answers before commander is even parsed; run() gives
// the same answer for every other spelling (tested in-process).
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`autoconf ${pkg.version}\n`);
  process.exit(EXIT.OK);
}
const { run, createProcessIo } = await loadCommands();
const code = await run(argv, createProcessIo(controller));
// Cancelled work may leave timers behind; nothing of value is pending on stdout then.
if (code === EXIT.INTERRUPTED) process.exit(code);
process.exitCode = code;
