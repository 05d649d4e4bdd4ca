// The edge every probe shares: options resolved once, one deadline for the whole
// connection, the session closed on every path, and every ProbeFailure turned into data.
import { isIP } from 'node:net';
import { DEFAULTS } from '../defaults.js';
import { AutoconfError } from '../errors.js';
import type { Network } from '../net/types.js';
import type { DialMode, Protocol } from '../types.js';
import { ProbeFailure } from './failure.js';
import { Session } from './session.js';
import { createTranscript, type Transcript } from './transcript.js';
import type { ProbeRequest, ProbeResult } from './types.js';

// A probe called by itself; detect() passes its own (both profiles are in defaults.ts).
export const { connectTimeoutMs: CONNECT_TIMEOUT_MS, stepTimeoutMs: STEP_TIMEOUT_MS, totalTimeoutMs: TOTAL_TIMEOUT_MS } = DEFAULTS.probeTimeouts.alone;

const PROTOCOLS: readonly Protocol[] = ['smtp', 'imap', 'pop3'];
const DIAL_MODES: readonly DialMode[] = ['tls', 'starttls', 'opportunistic', 'none'];
// The name `opportunistic` had before published and dialled security were two types.
const FORMER_NAMES: Readonly<Record<string, DialMode>> = { unknown: 'opportunistic' };
// Whitespace or controls in a name we send would let a caller inject commands.
const UNSAFE_NAME = /[\s\p{Cc}]/u;

export interface ResolvedProbeRequest {
  readonly protocol: Protocol;
  readonly host: string;
  readonly port: number;
  readonly security: DialMode;
  readonly ehloName: string | undefined;
  readonly connectTimeoutMs: number;
  readonly stepTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly transcript: boolean;
  readonly signal: AbortSignal | undefined;
}

export function resolveProbeRequest(request: ProbeRequest): ResolvedProbeRequest {
  const invalid = (what: string) => new AutoconfError('OPTION_INVALID', `Probe ${what}.`);
  if (!PROTOCOLS.includes(request.protocol)) throw invalid(`protocol "${String(request.protocol)}" is not smtp, imap or pop3`);
  const security = FORMER_NAMES[request.security as string] ?? request.security;
  if (!DIAL_MODES.includes(security)) throw invalid(`security "${String(request.security)}" is not tls, starttls, opportunistic or none`);
  const host = typeof request.host === 'string' ? request.host.replace(/^\[(.*)\]$/, '$1') : '';
  if (host.length === 0 || UNSAFE_NAME.test(host)) throw invalid(`host "${String(request.host)}" is not a host name or IP address`);
  if (!Number.isInteger(request.port) || request.port < 1 || request.port > 65_535) throw invalid(`port ${request.port} is not 1-65535`);
  if (request.ehloName !== undefined && (request.ehloName.length === 0 || UNSAFE_NAME.test(request.ehloName))) {
    throw invalid('EHLO name must be one non-empty word');
  }
  return Object.freeze({
    protocol: request.protocol,
    host,
    port: request.port,
    security,
    ehloName: request.ehloName,
    connectTimeoutMs: resolveTimeout(request.connectTimeoutMs, CONNECT_TIMEOUT_MS, 'connectTimeoutMs'),
    stepTimeoutMs: resolveTimeout(request.stepTimeoutMs, STEP_TIMEOUT_MS, 'stepTimeoutMs'),
    totalTimeoutMs: resolveTimeout(request.totalTimeoutMs, TOTAL_TIMEOUT_MS, 'totalTimeoutMs'),
    transcript: request.transcript === true,
    signal: request.signal,
  });
}

export function resolveTimeout(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new AutoconfError('OPTION_INVALID', `${name} must be a positive number of milliseconds.`);
  return value;
}

/** The facts a dialogue fills in as it goes; the runner adds outcome and timings. */
export type ProbeDraft = Omit<ProbeResult, 'outcome' | 'message' | 'durationMs' | 'observedSecurity' | 'transcript' | 'tls' | 'address'>;

export interface Deadline {
  readonly signal: AbortSignal;
  readonly startedAt: number;
  dispose(): void;
}

/** One AbortSignal for the caller's abort and the total deadline, with a ProbeFailure as reason. */
export function startDeadline(totalTimeoutMs: number, outer: AbortSignal | undefined): Deadline {
  const startedAt = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new ProbeFailure('timeout-total', `the probe did not finish within ${totalTimeoutMs} ms`));
  }, totalTimeoutMs);
  const onAbort = () => controller.abort(new ProbeFailure('aborted', 'the probe was cancelled'));
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    startedAt,
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

export type Dialogue = (session: Session, draft: ProbeDraft, request: ResolvedProbeRequest, network: Network) => Promise<void>;

export async function runProbe(network: Network, input: ProbeRequest, dialogue: Dialogue): Promise<ProbeResult> {
  const request = resolveProbeRequest(input);
  const deadline = startDeadline(request.totalTimeoutMs, request.signal);
  const transcript: Transcript = createTranscript(request.transcript, deadline.startedAt);
  const draft: ProbeDraft = {
    protocol: request.protocol,
    host: request.host,
    port: request.port,
    requestedSecurity: request.security,
    capabilitiesBeforeTls: [],
    authBeforeTls: [],
    authAfterTls: [],
    starttls: { offered: false, attempted: false, succeeded: false },
  };
  let session: Session | undefined;
  let failure: ProbeFailure | undefined;
  try {
    if (deadline.signal.aborted) throw deadline.signal.reason;
    session = await Session.open(network, {
      host: request.host,
      port: request.port,
      connectTimeoutMs: request.connectTimeoutMs,
      stepTimeoutMs: request.stepTimeoutMs,
      signal: deadline.signal,
      transcript,
    });
    if (request.security === 'tls') await session.startTls(network, 'tls');
    await dialogue(session, draft, request, network);
  } catch (error) {
    if (!(error instanceof ProbeFailure)) throw error;
    failure = error;
    transcript.add('info', `${error.outcome}: ${error.message}`);
  } finally {
    session?.close();
    deadline.dispose();
  }
  const where = `${isIP(request.host) === 6 ? `[${request.host}]` : request.host}:${request.port}`;
  return {
    ...draft,
    observedSecurity: session?.security ?? 'none',
    outcome: failure?.outcome ?? 'ok',
    message: failure?.message ?? `${request.protocol.toUpperCase()} at ${where} answered`,
    ...(session?.address !== undefined ? { address: session.address } : {}),
    durationMs: Math.round(performance.now() - deadline.startedAt),
    ...(session?.tls !== undefined ? { tls: session.tls } : {}),
    ...(request.transcript ? { transcript: transcript.lines() ?? [] } : {}),
  };
}
