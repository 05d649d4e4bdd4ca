// `autoconf probe <host>[:port]`: one endpoint, the whole dialogue on stdout, then a headline
// that says in words what happened (output/probe-words.ts) and the facts behind it.
import { AutoconfError, probeEndpoint, showControlCharactersDeep, type DialMode, type ProbeResult, type Protocol } from '@autoconf/core';
import { certificateErrorWords, certificateProblem, expiryWords } from '@autoconf/core/internal/report/words.js';
import { EXIT } from '../exit-codes.js';
import { REGISTERED_PORTS } from '@autoconf/core/internal/probe/registered-ports.js';
import { defaultModeWords, isImplicitTlsPort, probeMeaning, type ProbeMeaning } from '../output/probe-words.js';
import { formatTranscriptLine } from '../output/trace.js';
import type { CommandContext } from '../run.js';
import { createCliNetwork } from './detect-setup.js';

export interface ProbeFlags {
  protocol: Protocol;
  /** `unknown`: the former name of `opportunistic`, still accepted. */
  security?: DialMode | 'unknown';
  timeout?: number;
  dns?: string[];
  caFile?: string[];
  systemCa?: boolean;
  json?: boolean;
}

export function parseTarget(target: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  const plain = /^([^:[\]\s]+)(?::(\d+))?$/.exec(target);
  // A bare IPv6 literal has several colons and no port.
  const match = bracketed ?? plain ?? (/^[0-9a-f:.]+$/i.test(target) && target.includes('::') ? [target, target] : null);
  const host = match?.[1];
  if (host === undefined || host === '') throw new AutoconfError('OPTION_INVALID', `"${target}" is not host, host:port or [v6]:port.`);
  if (match?.[2] === undefined) return { host };
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) throw new AutoconfError('OPTION_INVALID', `Port ${match[2]} is out of range.`);
  return { host, port };
}

/** 0 secured and trusted (or cleartext nobody asked to secure); 3 the requested or expected
 *  encryption did not happen, or the certificate or TLS version is not acceptable; 1 no dialogue. */
export function exitCodeForProbe(meaning: ProbeMeaning): number {
  switch (meaning.verdict) {
    case 'works':
    case 'cleartext':
      return EXIT.OK;
    case 'downgrade':
    case 'certificate':
      return EXIT.HIGH_FINDING;
    case 'failed':
      return EXIT.NOT_FOUND;
  }
}

/** The transcript as people read it: the line that says why a probe failed carries the
 *  library's words (ERR_SSL_…), and the TLS line a certificate code; both are said in words
 *  below instead. --json and --trace keep them. */
function humanTranscript(result: ProbeResult): ProbeResult['transcript'] {
  const failure = result.outcome === 'ok' ? undefined : `${result.outcome}: `;
  return (result.transcript ?? [])
    .filter((line) => !(line.dir === 'info' && failure !== undefined && line.line.startsWith(failure)))
    .map((line) => (line.dir === 'tls' ? { ...line, line: line.line.replace(/not trusted \(([A-Z0-9_]+)\)/, (_, code: string) => `not trusted (${certificateErrorWords(code)})`) } : line));
}

function renderProbe(unsafeResult: ProbeResult, chosen: string | undefined, { styles }: CommandContext<ProbeFlags>): string {
  // Banners, capabilities and certificate names are the server's words: shown, never obeyed.
  const result = showControlCharactersDeep(unsafeResult);
  const meaning = probeMeaning(result);
  const c = styles.out;
  const lines = (humanTranscript(result) ?? []).map((line) => formatTranscriptLine(line, c));
  const label = meaning.headline;
  const painted = meaning.verdict === 'works' || meaning.verdict === 'cleartext' ? c.green(label) : c.red(label);
  lines.push('', `${c.bold(`${result.protocol} ${result.host}:${result.port}`)} ${painted}: ${meaning.words} ${c.dim(`(${Math.round(result.durationMs)} ms)`)}`);
  if (chosen !== undefined) lines.push(`  dialled       ${chosen}`);
  if (result.address) lines.push(`  address       ${result.address}`);
  // Implicit TLS has no STARTTLS and no "before TLS": those facts do not exist there.
  const implicit = result.requestedSecurity === 'tls';
  if (!implicit && result.greeting !== undefined) {
    lines.push(`  STARTTLS      offered ${result.starttls.offered ? 'yes' : 'no'}, ${result.starttls.succeeded ? 'upgraded' : result.starttls.attempted ? 'upgrade FAILED' : 'not used'}`);
  }
  if (result.tls) {
    const t = result.tls;
    const problem = certificateProblem(t, result.host);
    lines.push(`  TLS           ${t.protocol} ${t.cipher}`);
    lines.push(`  certificate   ${t.subject}, issued by ${t.issuer}, ${problem === undefined ? c.green('trusted') : c.red(`NOT trusted: ${problem}`)}, ${expiryWords(t)}`);
  }
  if (implicit) {
    if (result.tls !== undefined) lines.push(`  auth          ${result.authAfterTls.join(' ') || '-'}`);
  } else if (result.greeting !== undefined) {
    lines.push(`  auth before TLS  ${result.authBeforeTls.join(' ') || '-'}`);
    if (result.starttls.succeeded) lines.push(`  auth after TLS   ${result.authAfterTls.join(' ') || '-'}`);
  }
  return lines.join('\n') + '\n';
}

export async function runProbe(target: string, context: CommandContext<ProbeFlags>): Promise<number> {
  const { io, flags } = context;
  const { host, port } = parseTarget(target);
  const given: DialMode | undefined = flags.security === 'unknown' ? 'opportunistic' : flags.security;
  // A port whose registered service speaks TLS first (465, 993, 995) is dialled that way when
  // no --security says otherwise: a cleartext dial there only waits for a greeting that never comes.
  const security: DialMode = given ?? (port !== undefined && isImplicitTlsPort(port) ? 'tls' : 'opportunistic');
  const registered = REGISTERED_PORTS[flags.protocol];
  const network = await createCliNetwork(io, flags);
  const result = await probeEndpoint({
    network,
    protocol: flags.protocol,
    host,
    port: port ?? (security === 'tls' ? registered.tls : registered.starttls[0]!),
    security,
    transcript: true,
    ...(flags.timeout === undefined ? {} : { totalTimeoutMs: flags.timeout }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  if (result.outcome === 'aborted' && io.signal?.aborted) return EXIT.INTERRUPTED;
  const chosen = given === undefined ? defaultModeWords(security, result.port) : undefined;
  io.stdout(flags.json ? JSON.stringify(result, null, 2) + '\n' : renderProbe(result, chosen, context));
  return exitCodeForProbe(probeMeaning(result));
}
