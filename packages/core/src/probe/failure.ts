// A probe step that cannot go on. Thrown inside a probe only and turned into data
// (`ProbeResult.outcome`) at its edge; it never leaves the probe module.
import type { ProbeOutcome } from './types.js';

export class ProbeFailure extends Error {
  readonly outcome: ProbeOutcome;

  constructor(outcome: ProbeOutcome, message: string) {
    super(message);
    this.name = 'ProbeFailure';
    this.outcome = outcome;
  }
}

const OUTCOME_BY_CODE: Record<string, ProbeOutcome> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  EAFNOSUPPORT: 'unreachable',
  ETIMEDOUT: 'timeout-connect',
  ENOTFOUND: 'dns-failed',
  ENODATA: 'dns-failed',
  EAI_AGAIN: 'dns-failed',
  EAI_NONAME: 'dns-failed',
  ETARGETBLOCKED: 'blocked',
};

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Node's happy-eyeballs connect reports an AggregateError of one error per address.
  if (Array.isArray(errors)) return errorCode(errors[0]);
  return undefined;
}

export function classifySocketError(error: unknown, fallback: ProbeOutcome): ProbeFailure {
  if (error instanceof ProbeFailure) return error;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const outcome = (code && OUTCOME_BY_CODE[code]) || fallback;
  return new ProbeFailure(outcome, code && !message.includes(code) ? `${code}: ${message}` : message);
}
