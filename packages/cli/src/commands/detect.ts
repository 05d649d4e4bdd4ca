// `autoconf detect <address>`: flags → DetectOptions → detect() → one output mode.
import { AutoconfError, detect, getWriter, isAutoconfError, parseAddress, showControlCharacters, suggestDomain, type DetectOptions, type ProgressEvent, type Report } from '@autoconf/core';
import { EXIT } from '../exit-codes.js';
import { exitReason } from '../output/exit-reason.js';
import { renderReport } from '../output/human.js';
import { renderNextSteps } from '../output/next-steps.js';
import { describeProgress, startSpinner, type Spinner } from '../output/progress.js';
import { renderQuiet } from '../output/quiet.js';
import { createTracer } from '../output/trace.js';
import type { CommandContext } from '../run.js';
import { buildDetectOptions, exitCodeForReport, type NetworkFlags } from './detect-setup.js';
import { runLoginCheck, type LoginFlags } from './login-check.js';
import { readPassword } from './password.js';
import { caFileForWriters, writeConfig, writerInput } from './write-config.js';

export interface DetectFlags extends NetworkFlags, LoginFlags {
  json?: boolean;
  format?: string;
  write?: string;
  out?: string;
  force?: boolean;
  /** The result only: no spinner, no hints, no write summary; one line per server. */
  quiet?: boolean;
  trace?: boolean;
  verifyLogin?: boolean;
  passwordStdin?: boolean;
}

function exitCodeWithLogins(report: Report, flags: DetectFlags): number {
  const code = exitCodeForReport(report, flags);
  // A login the server refused means the settings are not usable with these credentials.
  if (code === EXIT.OK && report.logins.some((login) => login.outcome !== 'ok')) return EXIT.NOT_FOUND;
  return code;
}

export async function runDetect(typed: string, { io, styles, flags }: CommandContext<DetectFlags>): Promise<number> {
  // A pasted address often carries a space or a line end around it (batch trims its lines
  // too); a space inside it stays an error.
  const address = typed.trim();
  // Everything that can be wrong with the input is found before any network work.
  const parsed = parseAddress(address);
  const formatWriter = flags.format === undefined ? undefined : getWriter(flags.format);
  const writeWriter = flags.write === undefined ? undefined : getWriter(flags.write);
  if (flags.out !== undefined && writeWriter === undefined) {
    io.stderr('autoconf: --out needs --write <target>.\n');
    return EXIT.USAGE;
  }
  // `--out -` puts the config on stdout, which then carries nothing else.
  const configOnStdout = flags.out === '-';
  if (configOnStdout && (flags.json || formatWriter !== undefined)) {
    io.stderr('autoconf: --out - prints the config on stdout; it cannot share it with --json or --format.\n');
    return EXIT.USAGE;
  }
  // A hint, never a correction: the domain as typed may exist (typo-squatters register them).
  const meant = suggestDomain(parsed.domain);
  if (meant !== undefined) {
    io.stderr(showControlCharacters(`autoconf: did you mean ${parsed.localPart}@${meant}? ${parsed.domainUnicode} is one typo away from ${meant}; detecting ${parsed.addressUnicode} as typed.`) + '\n');
  }
  const tracer = flags.trace ? createTracer(io.stderr, styles.err) : undefined;
  const options: DetectOptions = await buildDetectOptions(io, flags, tracer);
  const wantsLogin = flags.verifyLogin === true || flags.passwordStdin === true;
  // A password on stdin is read now; a terminal is asked only after detection, once the user
  // has seen where the password would go.
  const stdinPassword = flags.passwordStdin ? await readPassword(io, true, parsed.address) : undefined;
  if (wantsLogin && stdinPassword === undefined && (!io.stdinIsTTY || io.promptSecret === undefined)) {
    throw new AutoconfError('OPTION_INVALID', '--verify-login needs a password: run it on a terminal or pass --password-stdin.');
  }

  let spinner: Spinner | undefined;
  if (tracer === undefined && io.stderrIsTTY && flags.quiet !== true) spinner = startSpinner(io.stderr, `detecting ${parsed.addressUnicode}…`);
  options.onProgress = (event: ProgressEvent) => {
    tracer?.event(event);
    const text = describeProgress(event);
    if (text !== undefined) spinner?.update(text);
  };
  let report: Report;
  try {
    report = await detect(address, options);
  } finally {
    spinner?.stop();
  }
  if (wantsLogin) report = await runLoginCheck(io, report, flags, options, stdinPassword);

  const code = exitCodeWithLogins(report, flags);
  const refused = report.logins.filter((login) => login.permission.basis === 'needs-consent');
  for (const host of new Set(refused.map((login) => login.host))) {
    const mine = refused.filter((login) => login.host === host);
    const ports = mine.map((login) => login.port).join(', ');
    io.stderr(`autoconf: no login was tried on ${host} (port ${ports}): ${mine[0]!.permission.reason} To allow it: --login-host ${host}\n`);
  }
  const input = writerInput(report, flags.allowInsecure === true, caFileForWriters(io, flags.caFile));
  // The human report explains itself on a terminal; every other way out says why on stderr.
  const humanOnTerminal = !flags.json && formatWriter === undefined && !configOnStdout && io.stdoutIsTTY && flags.quiet !== true;
  try {
    if (flags.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    // Nothing usable, nothing printed: a config for settings that do not work is worse than none.
    else if (formatWriter !== undefined && code !== EXIT.NOT_FOUND) io.stdout(formatWriter.render(input));
    else if (formatWriter === undefined && !configOnStdout) io.stdout(flags.quiet ? renderQuiet(report) : renderReport(report, styles.out));
    // --quiet keeps the reasons for a failure, not the advice that goes with a success.
    // A written file gets its advice after the write, so a refused write stays one line.
    const advise = (formatWriter !== undefined || configOnStdout) && flags.quiet !== true;
    if (!humanOnTerminal) io.stderr(exitReason(report, code, { advise }));
    if (formatWriter !== undefined && code === EXIT.NOT_FOUND) io.stderr('autoconf: Nothing was printed: there are no settings that work.\n');
    if (writeWriter === undefined) {
      if (humanOnTerminal && code === EXIT.OK) io.stdout(renderNextSteps({ address, wrote: false, loggedIn: wantsLogin }, styles.out));
      return code;
    }
    if (code === EXIT.NOT_FOUND) {
      io.stderr('autoconf: Nothing was written: there are no settings that work.\n');
      return code;
    }
    const outcome = await writeConfig(io, writeWriter, input, {
      ...(flags.out === undefined ? {} : { out: flags.out }),
      force: flags.force === true,
    });
    if (flags.quiet !== true) io.stderr(`${writeWriter.title} → ${outcome.path}\n${outcome.summary.join('\n')}\n`);
    if (flags.quiet !== true && !humanOnTerminal && code === EXIT.OK) io.stderr(exitReason(report, code, { advise: true }));
    if (humanOnTerminal && code === EXIT.OK) io.stdout(renderNextSteps({ address, wrote: true, loggedIn: wantsLogin }, styles.out));
    return code;
  } catch (error) {
    // The detection worked but gave this target nothing it may use: a result, not a usage error.
    if (isAutoconfError(error, 'WRITER_NO_ENDPOINT') || isAutoconfError(error, 'WRITER_INSECURE') || isAutoconfError(error, 'WRITER_UNSAFE_VALUE')) {
      io.stderr(`autoconf: ${error.message} Nothing was ${writeWriter ? 'written' : 'printed'}.\n`);
      return error.code === 'WRITER_INSECURE' ? EXIT.HIGH_FINDING : EXIT.NOT_FOUND;
    }
    throw error;
  }
}
