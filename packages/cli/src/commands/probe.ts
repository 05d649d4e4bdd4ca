// `autoconf probe <host>[:port]`: one endpoint, the whole dialogue on stdout.
import { AutoconfError, probeEndpoint, showControlCharactersDeep, type DialMode, type ProbeResult, type Protocol } from '@autoconf/core';
import { EXIT } from '../exit-codes.js';
import { formatProbeSummary, formatTranscriptLine } from '../output/trace.js';
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

// The registered ports (RFC 6409, RFC 8314, RFC 3501, RFC 1939): a default for the port the
// user left out, never a guess at the security.
const DEFAULT_PORTS: Record<Protocol, { tls: number; plain: number }> = {
  smtp: { tls: 465, plain: 587 },
  imap: { tls: 993, plain: 143 },
  pop3: { tls: 995, plain: 110 },
};

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

function exitCodeForProbe(result: ProbeResult, security: DialMode): number {
  if (result.outcome !== 'ok') return EXIT.NOT_FOUND;
  const tlsProblem = result.tls !== undefined && !result.tls.authorized;
  const downgraded = security === 'starttls' && result.observedSecurity !== 'starttls';
  return tlsProblem || downgraded || result.tls?.outdated === true ? EXIT.HIGH_FINDING : EXIT.OK;
}

function renderProbe(unsafeResult: ProbeResult, { styles }: CommandContext<ProbeFlags>): string {
  // Banners, capabilities and certificate names are the server's words: shown, never obeyed.
  const result = showControlCharactersDeep(unsafeResult);
  const c = styles.out;
  const lines = (result.transcript ?? []).map((line) => formatTranscriptLine(line, c));
  lines.push('', `${c.bold(`${result.protocol} ${result.host}:${result.port}`)} ${formatProbeSummary(result)}`);
  if (result.address) lines.push(`  address       ${result.address}`);
  lines.push(`  STARTTLS      offered ${result.starttls.offered ? 'yes' : 'no'}, ${result.starttls.succeeded ? 'upgraded' : result.starttls.attempted ? 'upgrade FAILED' : 'not used'}`);
  if (result.tls) {
    const t = result.tls;
    lines.push(`  TLS           ${t.protocol} ${t.cipher}`);
    lines.push(`  certificate   ${t.subject}, issued by ${t.issuer}, ${t.authorized ? c.green('trusted') : c.red(`NOT trusted (${t.authorizationError ?? 'unknown'})`)}, ${t.daysLeft} days left`);
  }
  lines.push(`  auth before TLS  ${result.authBeforeTls.join(' ') || '-'}`);
  lines.push(`  auth after TLS   ${result.authAfterTls.join(' ') || '-'}`);
  return lines.join('\n') + '\n';
}

export async function runProbe(target: string, context: CommandContext<ProbeFlags>): Promise<number> {
  const { io, flags } = context;
  const { host, port } = parseTarget(target);
  const security: DialMode = flags.security === undefined || flags.security === 'unknown' ? 'opportunistic' : flags.security;
  const defaults = DEFAULT_PORTS[flags.protocol];
  const network = await createCliNetwork(io, flags);
  const result = await probeEndpoint({
    network,
    protocol: flags.protocol,
    host,
    port: port ?? (security === 'tls' ? defaults.tls : defaults.plain),
    security,
    transcript: true,
    ...(flags.timeout === undefined ? {} : { totalTimeoutMs: flags.timeout }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  });
  if (result.outcome === 'aborted' && io.signal?.aborted) return EXIT.INTERRUPTED;
  io.stdout(flags.json ? JSON.stringify(result, null, 2) + '\n' : renderProbe(result, context));
  return exitCodeForProbe(result, security);
}
