// Preloaded into every test process (node --import): an unhandled rejection or an uncaught
// exception anywhere — in a test, a hook, a server callback, after the last test — fails the
// run, whatever the test runner of this Node version makes of it. The product must turn every
// expected failure into data; one that escapes is a bug even when every assertion passed.
let escaped = 0;

function report(kind, error) {
  escaped += 1;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`\n[fail-on-unhandled] ${kind} in ${process.argv[1] ?? 'the test process'}: ${detail}\n`);
  process.exitCode = 1;
}

process.on('unhandledRejection', (reason) => report('unhandledRejection', reason));
process.on('uncaughtException', (error) => report('uncaughtException', error));
// Whatever set the exit code later (the test runner sets it only on failures), the run fails.
process.on('exit', (code) => {
  if (escaped > 0 && code === 0) process.exitCode = 1;
});
