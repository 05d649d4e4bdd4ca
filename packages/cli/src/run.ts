// The CLI as a function: run(argv, io) → exit code, so tests drive it in-process. Commander
// only parses; each command's module (and @autoconf/core with it) loads when it runs, which
// keeps `autoconf --version` as fast as a bare node start.
import { Argument, Command, CommanderError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { createStyles, type Styles } from './color.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { collect, parseCount, parseMs } from './parse-flags.js';
import { applyEnvDefaults } from './env-defaults.js';
import {
  BATCH_EXAMPLES, BATCH_EXIT_CODES_HELP, COMPLETION_EXAMPLES, DOCTOR_EXAMPLES, DOCTOR_EXIT_CODES_HELP, COMPLETION_EXIT_CODES_HELP, DETECT_EXAMPLES, ENV_HELP, EXIT_CODES_HELP, FORMATS_EXIT_CODES_HELP,
  EXPLAIN_EXAMPLES, EXPLAIN_EXIT_CODES_HELP, LINT_EXAMPLES, LINT_EXIT_CODES_HELP, MAIN_EXAMPLES, PROBE_EXAMPLES, PROBE_EXIT_CODES_HELP,
} from './program-help.js';

export type { Io } from './io.js';
export { EXIT } from './exit-codes.js';

export const CLI_VERSION: string = pkg.version;

/** What every command's module receives: the io, the colours and the parsed flags. */
export interface CommandContext<Flags> {
  io: Io;
  styles: Styles;
  flags: Flags;
}

// Commander reports these after printing what was asked for; they are successes.
const SUCCESS_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

const SYSTEM_CA_HELP = 'also trust the operating system\'s CA store (SSL_CERT_FILE, SSL_CERT_DIR, else the distribution bundle)';

function addNetworkOptions(command: Command): Command {
  return command
    .option('--timeout <ms>', 'overall deadline in milliseconds (default 10000)', parseMs)
    .option('--dns <server>', 'DNS server ip[:port], repeatable (default: /etc/resolv.conf)', collect)
    .option('--ca-file <pem>', 'extra trusted CA certificates (PEM), repeatable', collect)
    .option('--system-ca', SYSTEM_CA_HELP)
    .addOption(new Option('--policy <policy>', 'which submission port wins when both work').choices(['submission-first', 'implicit-tls-first']))
    .option('--offline', 'no network at all: the embedded provider table only, unverified')
    .option('--no-probe', 'do not connect to the servers found (results are unverified)')
    .option('--allow-http', 'also fetch autoconfig over plain HTTP (used as hints only)')
    .option('--allow-insecure', 'allow recommending cleartext or bad-certificate servers (always with a finding)')
    .option('--trust-resolver', 'believe DNSSEC validation (the AD bit) from the DNS servers in use, not only from one on this machine');
}

function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('autoconf');
  program
    .description('Find, verify and write the mail server settings for an email address.')
    .version(`autoconf ${CLI_VERSION}`, '-V, --version', 'print "autoconf" and the version')
    .option('--no-color', 'never colour the output')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .showSuggestionAfterError(true)
    // Only `autoconf --help` shows these; each command has its own examples and exit codes.
    .addHelpText('before', MAIN_EXAMPLES + '\n')
    .addHelpText('after', EXIT_CODES_HELP)
    // AUTOCONF_* defaults for the flags the command line left out (env-defaults.ts).
    .hook('preAction', (_program, actionCommand) => applyEnvDefaults(actionCommand, io.env, io.cwd));

  const context = <F>(command: Command): CommandContext<F> => {
    const flags = command.optsWithGlobals<F & { color: boolean }>();
    return { io, styles: createStyles(io, flags.color), flags };
  };

  addNetworkOptions(
    program
      .command('detect')
      .description('detect, probe and explain the settings for one address')
      .argument('<address>', 'the email address')
      .addHelpText('before', DETECT_EXAMPLES + '\n')
      .addHelpText('after', EXIT_CODES_HELP + ENV_HELP)
      .addOption(new Option('-j, --json', 'print exactly the report as JSON').conflicts('format'))
      .option('-f, --format <target>', 'print a config for a target (see `autoconf formats`)')
      .option('--write <target>', 'write (or merge into) the config file for a target')
      .option('-o, --out <file>', 'the file --write writes (default: the target\'s usual name)')
      .option('-q, --quiet', 'the result only: no spinner, no progress, no hints; one line per server in the human output')
      .option('--force', 'let --write replace values you set differently')
      .option('--trace', 'every DNS query, URL and protocol line with timings, on stderr'),
  )
    .option('--verify-login', 'try one login over trusted TLS (password from a prompt or --password-stdin)')
    .option('--password-stdin', 'read the --verify-login password from standard input')
    .option('--login-host <host>', 'allow the --verify-login password to go to this host although your domain did not name it, repeatable', collect)
    .action(async (address: string, _options: unknown, command: Command) => {
      const { runDetect } = await import('./commands/detect.js');
      setCode(await runDetect(address, context(command)));
    });

  program
    .command('probe')
    .description('connect to one server and show the whole dialogue')
    .argument('<host[:port]>', 'host name or IP, optionally with a port ([v6]:port)')
    .addHelpText('before', PROBE_EXAMPLES + '\n')
    .addHelpText('after', PROBE_EXIT_CODES_HELP + ENV_HELP)
    .addOption(new Option('--protocol <protocol>', 'the protocol to speak').choices(['smtp', 'imap', 'pop3']).default('smtp'))
    .addOption(
      new Option('--security <security>', 'tls: implicit TLS (the default on 465/993/995); starttls: upgrade required; opportunistic (the default elsewhere): upgrade if offered; none: cleartext (unknown: the former name of opportunistic)')
        .choices(['tls', 'starttls', 'opportunistic', 'none', 'unknown']),
    )
    .option('--timeout <ms>', 'deadline for the whole probe in milliseconds', parseMs)
    .option('--dns <server>', 'DNS server ip[:port], repeatable', collect)
    .option('--ca-file <pem>', 'extra trusted CA certificates (PEM), repeatable', collect)
    .option('--system-ca', SYSTEM_CA_HELP)
    .option('-j, --json', 'print the probe result as JSON')
    .action(async (target: string, _options: unknown, command: Command) => {
      const { runProbe } = await import('./commands/probe.js');
      setCode(await runProbe(target, context(command)));
    });

  addNetworkOptions(
    program
      .command('batch')
      .description('detect many addresses: one JSON report per line on stdout')
      .argument('[file]', 'one address per line, # comments; - or nothing for stdin', '-')
      .addHelpText('before', BATCH_EXAMPLES + '\n')
      .addHelpText('after', BATCH_EXIT_CODES_HELP + ENV_HELP)
      .option('--concurrency <n>', 'detections at once (default 4)', parseCount),
  ).action(async (file: string, _options: unknown, command: Command) => {
    const { runBatch } = await import('./commands/batch.js');
    setCode(await runBatch(file, context(command)));
  });

  addNetworkOptions(
    program
      .command('lint')
      .description('check a published autoconfig file, URL or a whole domain')
      .argument('<file|url|domain>', 'a clientConfig XML file, its URL, or a domain (or address)')
      .addHelpText('before', LINT_EXAMPLES + '\n')
      .addHelpText('after', LINT_EXIT_CODES_HELP + ENV_HELP)
      .option('--address <address>', 'the address used to expand %EMAILADDRESS% placeholders in a file or URL'),
  ).action(async (target: string, _options: unknown, command: Command) => {
    const { runLint } = await import('./commands/lint.js');
    setCode(await runLint(target, context(command)));
  });

  addNetworkOptions(
    program
      .command('doctor')
      .description("check the mail settings a project already has: statically, then against the server")
      .argument('[path...]', 'config files to check (default: the ones found from the project root down)')
      .addHelpText('before', DOCTOR_EXAMPLES + '\n')
      .addHelpText('after', DOCTOR_EXIT_CODES_HELP + ENV_HELP)
      .option('-j, --json', 'print the diagnosis as JSON')
      .option('--fix', 'apply the changes to .env files (shown first; asks on a terminal)')
      .option('-y, --yes', 'with --fix: apply without asking'),
  ).action(async (paths: string[], _options: unknown, command: Command) => {
    const { runDoctor } = await import('./commands/doctor.js');
    setCode(await runDoctor(paths, context(command)));
  });

  program
    .command('explain')
    .description('say what a mail client\'s error or a server\'s reply means, and what to change')
    .argument('[text...]', 'the error text; - or nothing to read it from standard input')
    .addHelpText('before', EXPLAIN_EXAMPLES + '\n')
    .addHelpText('after', EXPLAIN_EXIT_CODES_HELP)
    .option('-j, --json', 'the explanations as JSON')
    .addOption(new Option('--server <host[:port]>', 'probe this server (no login) to tell which cause applies; port 587 if none').conflicts('config'))
    .option('--config <file>', 'probe the server a config file (.env, settings.py, application.properties, …) configures, dialled as its client would')
    .option('--timeout <ms>', 'deadline for the probe in milliseconds', parseMs)
    .option('--dns <server>', 'DNS server ip[:port], repeatable', collect)
    .option('--ca-file <pem>', 'extra trusted CA certificates (PEM), repeatable', collect)
    .option('--system-ca', SYSTEM_CA_HELP)
    .action(async (words: string[], _options: unknown, command: Command) => {
      const { runExplain } = await import('./commands/explain.js');
      setCode(await runExplain(words, context(command)));
    });

  program
    .command('formats')
    .description('list the config targets for --format and --write')
    .addHelpText('after', FORMATS_EXIT_CODES_HELP)
    .option('-j, --json', 'the list as JSON')
    .action(async (_options: unknown, command: Command) => {
      const { runFormats } = await import('./commands/formats.js');
      setCode(await runFormats(context(command)));
    });

  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell').choices(['bash', 'zsh', 'fish']))
    .addHelpText('before', COMPLETION_EXAMPLES + '\n')
    .addHelpText('after', COMPLETION_EXIT_CODES_HELP)
    .action(async (shell: 'bash' | 'zsh' | 'fish', _options: unknown, command: Command) => {
      const { runCompletion } = await import('./commands/completion.js');
      setCode(await runCompletion(shell, program, context(command)));
    });
  return program;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (value) => {
    code = value;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    code = exitCodeFor(error, io, argv.includes('--trace'));
    // A script that asked for JSON reads stdout as JSON, failures included.
    if (argv.includes('--json') && code !== EXIT.OK && code !== EXIT.INTERRUPTED) io.stdout(jsonError(error, code));
  }
  return io.signal?.aborted ? EXIT.INTERRUPTED : code;
}

/** `{"error":{"code","message"}}`: the library's error code, USAGE for a bad command line,
 *  INTERNAL for a bug. */
function jsonError(error: unknown, exitCode: number): string {
  const named = (error as { name?: string; code?: string } | null);
  const code = error instanceof CommanderError ? 'USAGE' : named?.name === 'AutoconfError' && named.code !== undefined ? named.code : exitCode === EXIT.INTERNAL ? 'INTERNAL' : 'USAGE';
  const message = oneLine(String((error as Error | null)?.message ?? error)).replace(/^error: /, '');
  return `${JSON.stringify({ error: { code, message } })}\n`;
}

function exitCodeFor(error: unknown, io: Io, trace: boolean): number {
  if (io.signal?.aborted) return EXIT.INTERRUPTED;
  if (error instanceof CommanderError) return SUCCESS_CODES.has(error.code) ? EXIT.OK : EXIT.USAGE;
  // AutoconfError without importing @autoconf/core here (it loads lazily).
  const code = (error as { name?: string; code?: string } | null)?.code;
  if ((error as Error | null)?.name === 'AutoconfError' && code !== 'INTERNAL') {
    if (code === 'ABORTED') return EXIT.INTERRUPTED;
    io.stderr(`autoconf: ${oneLine((error as Error).message)}\n`);
    return EXIT.USAGE;
  }
  // Anything else escaped the library's rule that outcomes are data: a bug. One line for the
  // user; the stack only when asked for, so a report can carry it.
  const message = oneLine(String((error as Error | null)?.message ?? error));
  const verbose = trace || Boolean(io.env.AUTOCONF_DEBUG);
  io.stderr(`autoconf: internal error (this is a bug, please report it): ${message}${verbose ? '' : ' (--trace shows where)'}\n`);
  if (verbose) io.stderr(`${(error as Error | null)?.stack ?? String(error)}\n`);
  return EXIT.INTERNAL;
}
