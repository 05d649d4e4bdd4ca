// detect()'s options resolved once: resolveOptions() returns a complete frozen object, its
// defaults taken from the one table in defaults.ts.
import { DEFAULTS, LIMITS } from './defaults.js';
import { AutoconfError } from './errors.js';
import { checkOptionShapes } from './option-checks.js';
import type { Network } from './net/types.js';
import { resolveDiscoverOptions, type DiscoverOptions } from './discover/types.js';
import type { ProbeRequest, ProbeResult } from './probe/types.js';
import { POLICIES, type Policy } from './types.js';
import type { SourceName, SourceRecord } from './types.js';

// The values themselves live in defaults.ts; these names stay for callers that import them.
export const OVERALL_TIMEOUT_MS = DEFAULTS.timeoutMs;
export const DNS_TIMEOUT_MS = DEFAULTS.dnsTimeoutMs;
export const DNS_ATTEMPTS = DEFAULTS.dnsAttempts;
export const PROBE_CONNECT_TIMEOUT_MS = DEFAULTS.probeTimeouts.inDetect.connectTimeoutMs;
export const PROBE_STEP_TIMEOUT_MS = DEFAULTS.probeTimeouts.inDetect.stepTimeoutMs;
export const PROBE_TOTAL_TIMEOUT_MS = DEFAULTS.probeTimeouts.inDetect.totalTimeoutMs;
export const PROBE_CONCURRENCY = DEFAULTS.concurrency;

export type ProgressEvent =
  | { type: 'source-start'; source: SourceName }
  | { type: 'source-end'; record: SourceRecord }
  | { type: 'probe-start'; request: Pick<ProbeRequest, 'protocol' | 'host' | 'port' | 'security'> }
  | { type: 'probe-end'; result: ProbeResult }
  | { type: 'stage'; stage: 'discover' | 'probe' | 'rank' | 'login' | 'done' };

export interface DetectOptions {
  /** A ready network context (shared caches); otherwise one is made from the fields below. */
  network?: Network;
  /** DNS servers (`ip`, `ip:port`, `[v6]:port`); default: /etc/resolv.conf. */
  nameservers?: string[];
  /** PEM certificates to trust in addition to Node's roots (a private CA). */
  extraCa?: string[];
  /** Trust the file NODE_EXTRA_CA_CERTS names, as Node does (default true; false opts out). */
  nodeExtraCaCerts?: boolean;
  /** Trust the operating system's certificate store too (default: whether Node runs with
   *  --use-openssl-ca). SSL_CERT_FILE and SSL_CERT_DIR choose it as they do for OpenSSL. */
  systemCa?: boolean;
  /** Per DNS query and server; default: resolv.conf `options timeout:N` (when `nameservers`
   *  is not given), else DEFAULTS.dnsTimeoutMs. */
  dnsTimeoutMs?: number;
  /** Rounds over the servers; default: resolv.conf `options attempts:N`, else DEFAULTS.dnsAttempts. */
  dnsAttempts?: number;
  /** The overall deadline; a partial report comes back when it ends. */
  timeoutMs?: number;
  /** Per discovery source (one number or per source). */
  sourceTimeoutMs?: number | Partial<Record<SourceName, number>>;
  connectTimeoutMs?: number;
  stepTimeoutMs?: number;
  probeTimeoutMs?: number;
  policy?: Policy;
  sources?: Partial<Record<SourceName, boolean>>;
  ispdbBaseUrl?: string;
  /** Fetch autoconfig over plain HTTP too (hints only, never with the address). */
  allowHttp?: boolean;
  /** Believe the DNSSEC AD bit from the configured resolvers (default: only from resolvers on
   *  loopback; false: never). It lets DNSSEC-signed SRV and MX answers name login hosts. */
  trustResolver?: boolean;
  /** Allow recommending cleartext or certificate-problem endpoints (always with a finding). */
  allowInsecure?: boolean;
  /** Refuse to connect to private, loopback, link-local and other non-public addresses
   *  (RFC 6890) for redirects, SRV/MX targets and guesses: for a library running inside a
   *  server. Off by default: company mail relays on private addresses are normal. */
  blockPrivateTargets?: boolean;
  /** Verify candidates over real connections (default true). */
  probe?: boolean;
  /** Probe every candidate to its end: no early stop once the best answer is confirmed, no
   *  skipping or giving up on the worse ones (default false). For a domain's owner (`autoconf
   *  lint`), whose answer is every endpoint's verdict; the overall deadline still bounds it. */
  exhaustive?: boolean;
  /** No network at all: the embedded table only, unverified. */
  offline?: boolean;
  concurrency?: number;
  ehloName?: string;
  transcript?: boolean;
  /** Opt-in: try one login on the recommended endpoints, over trusted TLS only, and only on
   *  hosts the address's domain named (see verify/login-trust.ts) or listed in `allowHosts`. */
  verifyLogin?: LoginCredentials;
  signal?: AbortSignal;
  onProgress?(event: ProgressEvent): void;
}

export interface LoginCredentials {
  password: string;
  username?: string;
  /** Hosts the user consents to send the password to although no trustworthy source named them. */
  allowHosts?: string[];
}

export interface ResolvedOptions {
  network?: Network;
  nameservers?: string[];
  extraCa: string[];
  nodeExtraCaCerts?: boolean;
  systemCa?: boolean;
  /** Undefined when the caller gave none: the resolver then takes resolv.conf's, else the table's. */
  dnsTimeoutMs: number | undefined;
  dnsAttempts: number | undefined;
  timeoutMs: number;
  connectTimeoutMs: number;
  stepTimeoutMs: number;
  probeTimeoutMs: number;
  policy: Policy;
  discover: DiscoverOptions;
  allowInsecure: boolean;
  blockPrivateTargets: boolean;
  probe: boolean;
  exhaustive: boolean;
  offline: boolean;
  concurrency: number;
  ehloName?: string;
  transcript: boolean;
  verifyLogin?: LoginCredentials;
  signal?: AbortSignal;
  onProgress(event: ProgressEvent): void;
}

function positive(name: string, value: number | undefined, fallback: number, max: number = LIMITS.timeoutMs): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0 || v > max) throw new AutoconfError('OPTION_INVALID', `${name} must be a number between 1 and ${max}.`);
  return v;
}

/** A value the caller gave, checked; none stays none so a later source of defaults can count. */
function positiveIfGiven(name: string, value: number | undefined, max: number = LIMITS.timeoutMs): number | undefined {
  return value === undefined ? undefined : positive(name, value, value, max);
}

export function resolveOptions(options: DetectOptions = {}): Readonly<ResolvedOptions> {
  checkOptionShapes(options);
  const policy = options.policy ?? DEFAULTS.policy;
  if (!POLICIES.includes(policy)) throw new AutoconfError('OPTION_INVALID', `policy must be one of ${POLICIES.join(', ')}.`);
  const offline = options.offline ?? DEFAULTS.offline;
  const sources = offline
    ? { embedded: true, autoconfig: false, ispdb: false, srv: false, mx: false, autodiscover: false, guess: false }
    : options.sources;
  if (options.verifyLogin !== undefined && typeof options.verifyLogin.password !== 'string') {
    throw new AutoconfError('OPTION_INVALID', 'verifyLogin.password must be a string.');
  }
  const allowHosts = options.verifyLogin?.allowHosts;
  if (allowHosts !== undefined && (!Array.isArray(allowHosts) || !allowHosts.every((host) => typeof host === 'string'))) {
    throw new AutoconfError('OPTION_INVALID', 'verifyLogin.allowHosts must be a list of host names.');
  }
  const onProgress = options.onProgress;
  return Object.freeze({
    ...(options.network === undefined ? {} : { network: options.network }),
    ...(options.nameservers === undefined ? {} : { nameservers: [...options.nameservers] }),
    extraCa: [...(options.extraCa ?? [])],
    ...(options.nodeExtraCaCerts === undefined ? {} : { nodeExtraCaCerts: options.nodeExtraCaCerts }),
    ...(options.systemCa === undefined ? {} : { systemCa: options.systemCa }),
    dnsTimeoutMs: positiveIfGiven('dnsTimeoutMs', options.dnsTimeoutMs),
    dnsAttempts: positiveIfGiven('dnsAttempts', options.dnsAttempts, LIMITS.dnsAttempts),
    timeoutMs: positive('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, DEFAULTS.probeTimeouts.inDetect.connectTimeoutMs),
    stepTimeoutMs: positive('stepTimeoutMs', options.stepTimeoutMs, DEFAULTS.probeTimeouts.inDetect.stepTimeoutMs),
    probeTimeoutMs: positive('probeTimeoutMs', options.probeTimeoutMs, DEFAULTS.probeTimeouts.inDetect.totalTimeoutMs),
    policy,
    discover: resolveDiscoverOptions({
      ...(sources === undefined ? {} : { sources }),
      ...(options.sourceTimeoutMs === undefined ? {} : { timeoutMs: options.sourceTimeoutMs }),
      ...(options.ispdbBaseUrl === undefined ? {} : { ispdbBaseUrl: options.ispdbBaseUrl }),
      allowHttp: options.allowHttp ?? DEFAULTS.allowHttp,
      ...(options.trustResolver === undefined ? {} : { trustResolver: options.trustResolver }),
    }),
    allowInsecure: options.allowInsecure ?? DEFAULTS.allowInsecure,
    blockPrivateTargets: options.blockPrivateTargets ?? DEFAULTS.blockPrivateTargets,
    probe: !offline && (options.probe ?? DEFAULTS.probe),
    exhaustive: options.exhaustive ?? DEFAULTS.exhaustive,
    offline,
    concurrency: positive('concurrency', options.concurrency, DEFAULTS.concurrency, LIMITS.concurrency),
    ...(options.ehloName === undefined ? {} : { ehloName: options.ehloName }),
    transcript: options.transcript ?? DEFAULTS.transcript,
    ...(options.verifyLogin === undefined
      ? {}
      : { verifyLogin: { ...options.verifyLogin, ...(allowHosts === undefined ? {} : { allowHosts: [...allowHosts] }) } }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onProgress: (event: ProgressEvent) => {
      try {
        onProgress?.(event);
      } catch {
        // A progress callback must not be able to break a detection.
      }
    },
  });
}
