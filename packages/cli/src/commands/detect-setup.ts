// Flags → DetectOptions, shared by detect, batch and lint. Files named on the command line
// are read here so that a missing one is a usage error before any network work starts.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  AutoconfError, createNetwork, createResolver, resolveOptions, type DetectOptions, type Network, type Report,
} from '@autoconf/core';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import type { Tracer } from '../output/trace.js';

export interface NetworkFlags {
  timeout?: number;
  dns?: string[];
  caFile?: string[];
  policy?: 'submission-first' | 'implicit-tls-first';
  offline?: boolean;
  probe: boolean;
  allowHttp?: boolean;
  allowInsecure?: boolean;
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

/** A network whose DNS queries and address lookups are reported to the tracer. */
export function createTracedNetwork(options: { servers?: string[]; extraCa: string[]; tracer: Tracer }): Network {
  const defaults = resolveOptions({});
  const inner = createResolver({
    ...(options.servers === undefined ? {} : { servers: options.servers }),
    timeoutMs: defaults.dnsTimeoutMs,
    attempts: defaults.dnsAttempts,
  });
  const { tracer } = options;
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
  return createNetwork({ resolver, extraCa: options.extraCa });
}

export async function buildDetectOptions(io: Io, flags: NetworkFlags, tracer?: Tracer): Promise<DetectOptions> {
  const extraCa = await readCaFiles(io, flags.caFile);
  const options: DetectOptions = {
    extraCa,
    ...(flags.dns === undefined ? {} : { nameservers: flags.dns }),
    ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }),
    ...(flags.policy === undefined ? {} : { policy: flags.policy }),
    offline: flags.offline === true,
    probe: flags.probe,
    allowHttp: flags.allowHttp === true,
    allowInsecure: flags.allowInsecure === true,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
  };
  if (tracer !== undefined && flags.offline !== true) {
    options.network = createTracedNetwork({ ...(flags.dns === undefined ? {} : { servers: flags.dns }), extraCa, tracer });
    options.transcript = true;
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
