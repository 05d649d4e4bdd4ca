// The whole pipeline: normalise → discover and probe → rank → (opt-in login) → report.
import { parseAddress, type ParsedAddress } from './address.js';
import { AutoconfError } from './errors.js';
import { createNetwork } from './net/network.js';
import { withPrivateTargetsBlocked } from './net/private-targets.js';
import type { Network } from './net/types.js';
import { resolveOptions, type DetectOptions, type ResolvedOptions } from './options.js';
import { rank } from './rank/rank.js';
import { stopRuleOf } from './rank/exhaustive.js';
import { buildReport } from './report/build.js';
import type { Report } from './report/types.js';
import { planLogins, runLogins } from './verify/logins.js';
import { gather, type Gathered } from './verify/gather.js';

export async function detect(address: string, options: DetectOptions = {}): Promise<Report> {
  const parsed = parseAddress(address);
  const resolved = resolveOptions(options);
  return detectParsed(parsed, resolved, networkFor(resolved));
}

export function networkFor(options: Readonly<ResolvedOptions>): Network | undefined {
  if (options.offline) return undefined;
  const network = options.network ?? createNetwork({
    ...(options.nameservers === undefined ? {} : { servers: options.nameservers }),
    timeoutMs: options.dnsTimeoutMs,
    attempts: options.dnsAttempts,
    extraCa: options.extraCa,
    ...(options.nodeExtraCaCerts === undefined ? {} : { nodeExtraCaCerts: options.nodeExtraCaCerts }),
    ...(options.systemCa === undefined ? {} : { systemCa: options.systemCa }),
  });
  return options.blockPrivateTargets ? withPrivateTargetsBlocked(network) : network;
}

export async function detectParsed(
  address: ParsedAddress,
  options: Readonly<ResolvedOptions>,
  network: Network | undefined,
  gathered?: Promise<Gathered>,
): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  const facts = await untilCancelled(gathered ?? gather(address, network, options, stopRuleOf(options)), options.signal);
  options.onProgress({ type: 'stage', stage: 'rank' });
  // In template form: the report expands usernames and evidence for this address, once.
  const candidates = facts.candidates;
  const ranking = rank({
    candidates,
    probes: facts.probes,
    policy: options.policy,
    allowInsecure: options.allowInsecure,
  });
  let logins: Report['logins'] = [];
  const credentials = options.verifyLogin;
  if (credentials !== undefined && network !== undefined) {
    const plan = planLogins({
      recommended: ranking.recommended,
      candidates,
      address,
      ...(credentials.username === undefined ? {} : { username: credentials.username }),
      ...(credentials.allowHosts === undefined ? {} : { allowHosts: credentials.allowHosts }),
    });
    options.onProgress({ type: 'stage', stage: 'login' });
    // timeoutMs bounds the whole detection, the login too: it gets what the deadline leaves.
    const left = AbortSignal.timeout(Math.max(1, Math.ceil(options.timeoutMs - (performance.now() - started))));
    const signal = options.signal === undefined ? left : AbortSignal.any([left, options.signal]);
    logins = await runLogins(network, plan, { ...options, password: credentials.password, signal });
  }
  if (options.signal?.aborted) throw new AutoconfError('ABORTED', 'The detection was cancelled.');
  const report = buildReport({
    address,
    startedAt,
    totalMs: performance.now() - started,
    policy: options.policy,
    gathered: facts,
    ranking,
    probed: facts.probes.length > 0,
    offline: options.offline,
    logins,
  });
  options.onProgress({ type: 'stage', stage: 'done' });
  return report;
}

/** A shared detection (createDetector) outlives one caller's cancel; that caller still
 *  gets its ABORTED at once. */
function untilCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(new AutoconfError('ABORTED', 'The detection was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AutoconfError('ABORTED', 'The detection was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
