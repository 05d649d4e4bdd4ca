// Flags → DetectOptions, shared by detect, batch and lint. Files named on the command line
// are read here so that a missing one is a usage error before any network work starts.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  AutoconfError, createNetwork, type DetectOptions, type Network, type NetworkOptions,
  type Report, type TrustStore,
} from '@autoconf/core';
import { createResolver } from '@autoconf/core/internal/net/dns-client.js';
import { resolveOptions } from '@autoconf/core/internal/options.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { Tracer } from '../output/trace.js';

export interface NetworkFlags {
  timeout?: number;
  dns?: string[];
  caFile?: string[];
  systemCa?: boolean;
  policy?: 'submission-first' | 'implicit-tls-first';
  offline?: boolean;
  probe: boolean;
  allowHttp?: boolean;
  allowInsecure?: boolean;
  trustResolver?: boolean;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export async function readCaFiles(io: Io, files: readonly string[] = []): Promise<string[]> {
  const certificates: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw new AutoconfError('OPTION_INVALID', `--ca-file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
    }
    // One file may hold a bundle; each certificate is checked on its own.
    const blocks = text.match(PEM_BLOCK);
    if (blocks === null) throw new AutoconfError('OPTION_INVALID', `--ca-file ${file}: no PEM certificate in it.`);
    certificates.push(...blocks);
  }
  return certificates;
}

type TrustFlags = Pick<NetworkFlags, 'caFile' | 'systemCa'>;

/** --ca-file and --system-ca as createNetwork options (NODE_EXTRA_CA_CERTS is core's default). */
export async function trustOptionsOf(io: Io, flags: TrustFlags): Promise<Pick<NetworkOptions, 'extraCa' | 'systemCa'>> {
  return { extraCa: await readCaFiles(io, flags.caFile), ...(flags.systemCa === true ? { systemCa: true } : {}) };
}

export function describeTrust(trust: TrustStore): string {
  const names = { 'node-extra-ca-certs': 'NODE_EXTRA_CA_CERTS', system: 'system store', option: '--ca-file' } as const;
  const added = trust.sources.map((source) => `${names[source.kind]}${source.path ? ` ${source.path}` : ''} (${source.certificates})`);
  return ['Node\'s bundled roots', ...added].join(' + ');
}

/** A trust source the user configured but that added nothing is said on stderr (stdout stays
 *  exact for --json); --trace also says which files were read. */
export function announceTrust(io: Io, trust: TrustStore, trace: boolean): void {
  for (const note of trust.notes) io.stderr(`autoconf: note: ${note}\n`);
  if (trace) io.stderr(`trust: ${describeTrust(trust)}\n`);
}

/** The CLI's network: DNS from --dns (or /etc/resolv.conf) with detect()'s own timeouts, the
 *  trusted CAs from the flags; with a tracer, every DNS query and address lookup is reported. */
export async function createCliNetwork(io: Io, flags: Pick<NetworkFlags, 'dns' | 'caFile' | 'systemCa'>, tracer?: Tracer): Promise<Network> {
  return makeCliNetwork(io, flags.dns, await trustOptionsOf(io, flags), tracer);
}

function makeCliNetwork(io: Io, dns: string[] | undefined, trust: Pick<NetworkOptions, 'extraCa' | 'systemCa'>, tracer?: Tracer): Network {
  const defaults = resolveOptions({});
  const inner = createResolver({
    ...(dns === undefined ? {} : { servers: dns }),
    timeoutMs: defaults.dnsTimeoutMs,
    attempts: defaults.dnsAttempts,
  });
  const network = createNetwork({ resolver: tracer === undefined ? inner : tracedResolver(inner, tracer), ...trust });
  announceTrust(io, network.trust, tracer !== undefined);
  return network;
}

/** A resolver whose DNS queries and address lookups are reported to the tracer. */
function tracedResolver(inner: Network['resolver'], tracer: Tracer): Network['resolver'] {
  const resolver: Network['resolver'] = {
    async query(name, type, queryOptions) {
      const started = performance.now();
      const answer = await inner.query(name, type, queryOptions);
      tracer.dns(answer, performance.now() - started);
      return answer;
    },
    lookup: ((hostname: string, lookupOptions: object, callback: (...args: unknown[]) => void) => {
      const started = performance.now();
      inner.lookup(hostname, lookupOptions as never, ((error: Error | null, address: unknown, family?: number) => {
        tracer.lookup(hostname, error, address, performance.now() - started);
        callback(error, address, family);
      }) as never);
    }) as Network['lookup'],
  };
  return resolver;
}

export async function buildDetectOptions(io: Io, flags: NetworkFlags, tracer?: Tracer): Promise<DetectOptions> {
  // Files named by flags are read (and refused) even offline, before any network work.
  const trust = await trustOptionsOf(io, flags);
  const options: DetectOptions = {
    ...(flags.dns === undefined ? {} : { nameservers: flags.dns }),
    ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }),
    ...(flags.policy === undefined ? {} : { policy: flags.policy }),
    offline: flags.offline === true,
    probe: flags.probe,
    allowHttp: flags.allowHttp === true,
    allowInsecure: flags.allowInsecure === true,
    ...(flags.trustResolver === true ? { trustResolver: true } : {}),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  };
  if (flags.offline !== true) {
    // Made here rather than by detect(): its trust notes are said once, before the work starts.
    options.network = makeCliNetwork(io, flags.dns, trust, tracer);
    if (tracer !== undefined) options.transcript = true;
  }
  return options;
}

export function hasHighFinding(report: Report): boolean {
  return report.findings.some((finding) => finding.severity === 'high');
}

/** 0 verified (or unverified because the user turned verification off), 1 nothing usable or
 *  nothing verifiable from here, 3 usable but with a high-severity finding. */
export function exitCodeForReport(report: Report, flags: Pick<NetworkFlags, 'offline' | 'probe'>): number {
  if (report.status === 'not-found' || report.status === 'no-network') return EXIT.NOT_FOUND;
  if (hasHighFinding(report)) return EXIT.HIGH_FINDING;
  if (report.status === 'verified') return EXIT.OK;
  return flags.offline === true || !flags.probe ? EXIT.OK : EXIT.NOT_FOUND;
}
