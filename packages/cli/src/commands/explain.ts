// `autoconf explain "<error text>"`: what a mail client's error or a server's reply means and
// what to change, in plain words (core explain/). With --server or --config, one probe of the
// endpoint (never a login) says which of the possible causes the server bears out.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AutoconfError, probeEndpoint, showControlCharacters, showControlCharactersDeep, type DialMode, type ProbeResult } from '@autoconf/core';
import { readEnvConfigs } from '@autoconf/core/internal/diagnose/read-env.js';
import { configFileKind, readConfigFile } from '@autoconf/core/internal/diagnose/read-file.js';
import { checkLive } from '@autoconf/core/internal/diagnose/live.js';
import { explainProbe } from '@autoconf/core/internal/explain-probe.js';
import { confirmExplanations, type CheckedExplanation } from '@autoconf/core/internal/explain/confirm.js';
import { explainError, recogniseClient, type Explanation } from '@autoconf/core/internal/explain/explain.js';
import { CLIENT_NAMES } from '@autoconf/core/internal/explain/causes.js';
import { EXIT } from '../exit-codes.js';
import { readAll } from '../io.js';
import { isImplicitTlsPort } from '../output/probe-words.js';
import type { CommandContext } from '../run.js';
import { createCliNetwork } from './detect-setup.js';
import { parseTarget } from './probe.js';

export interface ExplainFlags {
  json?: boolean;
  server?: string;
  config?: string;
  timeout?: number;
  dns?: string[];
  caFile?: string[];
  systemCa?: boolean;
}

const SUBMISSION_PORT = 587;

interface LiveResult {
  host: string;
  port: number;
  dialled: DialMode;
  /** Where the endpoint came from: `--server` or the config file and its format. */
  from: string;
  headline: string;
  words: string;
  probe: ProbeResult;
}

async function readText(words: readonly string[], context: CommandContext<ExplainFlags>): Promise<string> {
  const { io } = context;
  if (words.length > 0 && !(words.length === 1 && words[0] === '-')) return words.join(' ');
  // A terminal on stdin would wait for typing nobody asked for.
  if (words.length === 0 && io.stdinIsTTY) throw new AutoconfError('OPTION_INVALID', 'Give the error text: autoconf explain "<error text>" (or pipe it on standard input).');
  return readAll(io.stdin());
}

async function checkServer(context: CommandContext<ExplainFlags>): Promise<LiveResult | undefined> {
  const { io, flags } = context;
  if (flags.server !== undefined && flags.config !== undefined) throw new AutoconfError('OPTION_INVALID', '--server and --config both name the server: give one.');
  if (flags.server === undefined && flags.config === undefined) return undefined;
  const network = await createCliNetwork(io, flags);
  const common = { network, ...(io.signal === undefined ? {} : { signal: io.signal }) };
  if (flags.server !== undefined) {
    const { host, port = SUBMISSION_PORT } = parseTarget(flags.server);
    // As `autoconf probe` dials: TLS first on 465, else cleartext with STARTTLS when offered —
    // the two ways that show what the port really speaks.
    const dialled: DialMode = isImplicitTlsPort(port) ? 'tls' : 'opportunistic';
    const probe = await probeEndpoint({ ...common, protocol: 'smtp', host, port, security: dialled, ...(flags.timeout === undefined ? {} : { totalTimeoutMs: flags.timeout }) });
    return { host, port, dialled, from: '--server', ...explainProbe(showControlCharactersDeep(probe)), probe };
  }
  const path = resolve(io.cwd, flags.config!);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AutoconfError('OPTION_INVALID', `Cannot read ${flags.config}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
  // Every format `doctor` reads, by file name; any other name is read as KEY=value lines.
  const configs = configFileKind(flags.config!) === undefined ? readEnvConfigs(text, flags.config!, io.env) : await readConfigFile(flags.config!, text, io.env);
  const config = configs.find((candidate) => candidate.host !== undefined);
  if (config === undefined) throw new AutoconfError('OPTION_INVALID', `${flags.config} holds no mail server setting with a host that autoconf reads (the formats \`autoconf doctor\` reads).`);
  const live = await checkLive(config, { ...common, ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }) });
  if (live === undefined) return undefined;
  const { probe } = live;
  return { host: probe.host, port: live.port, dialled: probe.requestedSecurity, from: `${flags.config} (${config.format})`, ...explainProbe(showControlCharactersDeep(probe)), probe };
}

const LIVE_WORDS: Record<CheckedExplanation['live'], string> = {
  confirmed: 'the server confirms this',
  unknown: 'the server cannot tell',
  'ruled-out': 'the server rules this out',
};

function render(explanations: ReadonlyArray<Explanation | CheckedExplanation>, live: LiveResult | undefined, text: string, { styles }: CommandContext<ExplainFlags>): string {
  const c = styles.out;
  const client = recogniseClient(text);
  const lines: string[] = [];
  if (explanations[0]?.code === 'not-recognised') {
    lines.push(`${c.bold('Not recognised')}: ${explanations[0].cause}`, `  ${explanations[0].fix}`);
  } else {
    if (client !== undefined) lines.push(c.dim(`Read as ${CLIENT_NAMES[client]}'s wording.`), '');
    explanations.forEach((explanation, index) => {
      const verdict = 'live' in explanation ? ` ${explanation.live === 'confirmed' ? c.green(`[${LIVE_WORDS.confirmed}]`) : c.dim(`[${LIVE_WORDS[explanation.live]}]`)}` : '';
      lines.push(`${c.bold(`${index + 1}. ${explanation.title}`)}${verdict}`);
      // The user's own text, echoed: shown, never obeyed by the terminal.
      lines.push(`   ${c.dim(`recognised: "${showControlCharacters(explanation.matched)}"`)}`);
      lines.push(`   Cause: ${explanation.cause}`, `   Fix: ${explanation.fix}`);
      for (const { name, setting } of explanation.settings) lines.push(`   ${name}: ${setting}`);
      lines.push('');
    });
  }
  if (live !== undefined) {
    const where = `${live.host.includes(':') ? `[${live.host}]` : live.host}:${live.port}`;
    lines.push(`${c.bold(`Server ${where}`)} (${live.from}, dialled ${live.dialled}): ${live.headline}: ${live.words}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export async function runExplain(words: readonly string[], context: CommandContext<ExplainFlags>): Promise<number> {
  const { io, flags } = context;
  const text = await readText(words, context);
  if (text.trim() === '') throw new AutoconfError('OPTION_INVALID', 'The error text is empty.');
  const live = await checkServer(context);
  if (io.signal?.aborted) return EXIT.INTERRUPTED;
  const explained = explainError(text);
  const explanations = live === undefined || explained[0]?.code === 'not-recognised' ? explained : confirmExplanations(explained, live.probe);
  if (flags.json) {
    const server = live === undefined ? undefined : { host: live.host, port: live.port, dialled: live.dialled, from: live.from, verdict: explainProbe(live.probe).verdict, headline: live.headline, words: live.words, outcome: live.probe.outcome };
    io.stdout(`${JSON.stringify({ client: recogniseClient(text) ?? null, explanations, ...(server === undefined ? {} : { server }) }, null, 2)}\n`);
  } else {
    io.stdout(render(explanations, live, text, context));
  }
  return explained[0]?.code === 'not-recognised' ? EXIT.NOT_FOUND : EXIT.OK;
}
