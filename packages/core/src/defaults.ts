// Every default of the library in one table, so detect()'s options, the probes, the resolver,
// the HTTP client and the discovery sources cannot drift apart. What wins, everywhere: the
// caller's value, then (for DNS timeout and attempts only) resolv.conf's
// `options timeout:N attempts:N`, then this table. The README's option table mirrors it.
import type { SourceName } from './types.js';

export interface ProbeTimeouts {
  /** TCP connect, per address tried. */
  readonly connectTimeoutMs: number;
  /** Each reply: greeting, EHLO/CAPABILITY, STARTTLS, the TLS handshake. */
  readonly stepTimeoutMs: number;
  /** The whole dialogue, one deadline for the connection. */
  readonly totalTimeoutMs: number;
}

export const DEFAULTS = Object.freeze({
  /** detect()'s overall deadline; a partial report comes back when it ends. */
  timeoutMs: 10_000,
  // Tighter than glibc's 5 s × 2 (resolv.h RES_TIMEOUT, RES_DFLRETRY): a dark network must
  // leave time for the embedded answer inside the overall deadline.
  dnsTimeoutMs: 1_500,
  dnsAttempts: 2,
  // Two named profiles, because the two callers have different budgets:
  // - inDetect: many probes race inside `timeoutMs`, and a confirmed better answer ends the race,
  //   so a silent port must cost little. Connect 3 s covers the first SYN retransmission
  //   (initial RTO 1 s, RFC 6298 §2); 8 s in all leaves DNS its time inside the 10 s deadline.
  // - alone: probeEndpoint()/verifyLogin() called by themselves (CLI `probe`, the extension's
  //   probe) have nothing to race and no outer deadline; a person waits for one true answer.
  //   Connect 5 s covers two retransmissions (1 s, 3 s); 8 s per step outlasts greeting delays
  //   such as Postfix postscreen's 6 s greet wait and auth-failure tarpits.
  probeTimeouts: Object.freeze({
    inDetect: Object.freeze({ connectTimeoutMs: 3_000, stepTimeoutMs: 4_000, totalTimeoutMs: 8_000 }) satisfies ProbeTimeouts,
    alone: Object.freeze({ connectTimeoutMs: 5_000, stepTimeoutMs: 8_000, totalTimeoutMs: 20_000 }) satisfies ProbeTimeouts,
  }),
  /** Probe sockets open at a time in one detection. */
  concurrency: 12,
  policy: 'submission-first',
  // Thunderbird waits 5 s for the domain's own files and 10 s for the ISPDB; DNS-only sources
  // answer in one round trip or not at all, so they get less.
  sourceTimeoutMs: Object.freeze({
    embedded: 1_000,
    autoconfig: 8_000,
    ispdb: 10_000,
    srv: 5_000,
    mx: 10_000,
    autodiscover: 8_000,
    guess: 5_000,
  }) satisfies Readonly<Record<SourceName, number>>,
  ispdbBaseUrl: 'https://autoconfig.thunderbird.net/v1.1/',
  allowHttp: false,
  allowInsecure: false,
  blockPrivateTargets: false,
  probe: true,
  exhaustive: false,
  offline: false,
  transcript: false,
  /** httpRequest(): one deadline for the exchange, redirects included. */
  httpTimeoutMs: 5_000,
  httpMaxBytes: 1_048_576,
  httpMaxRedirects: 5,
});

/** The largest values a caller may set, and caps a caller cannot change. */
export const LIMITS = Object.freeze({
  timeoutMs: 600_000,
  sourceTimeoutMs: 120_000,
  dnsAttempts: 10,
  concurrency: 256,
  // RFC 1034 §3.6.2 leaves chain length to the resolver; 8 hops is what real zones never need.
  cnameHops: 8,
});
