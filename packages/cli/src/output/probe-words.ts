// core's plain words for one probe (explain-probe.ts), said the command line's way: a mode is
// chosen with --security, a protocol with --protocol, and the headline is FAILED whenever the
// security that was asked for was not reached. Used by `autoconf probe` and `autoconf lint`.
import type { DialMode, ProbeResult } from '@autoconf/core';
import { explainProbe, explainProbeFailure, type ExplainOptions, type ProbeExplanation } from '@autoconf/core/internal/explain-probe.js';
import { registeredService } from '@autoconf/core/internal/probe/registered-ports.js';

const ON_THE_COMMAND_LINE: ExplainOptions = { modeChoice: (mode) => `--security ${mode}` };

export type ProbeMeaning = ProbeExplanation;

/** The verdict, a headline for the command line and one sentence. */
export function probeMeaning(result: ProbeResult): ProbeMeaning {
  const explained = explainProbe(result, ON_THE_COMMAND_LINE);
  return { ...explained, headline: headline(result, explained), words: withProtocolHint(result, explained.words) };
}

/** Why there was no complete dialogue, and what to try next. */
export function failureWords(result: ProbeResult): string {
  return withProtocolHint(result, explainProbeFailure(result, ON_THE_COMMAND_LINE));
}

function headline(result: ProbeResult, explained: ProbeExplanation): string {
  switch (explained.verdict) {
    case 'works':
      return 'ok';
    case 'cleartext':
      return 'ok (cleartext)';
    case 'certificate':
      // A trusted certificate over TLS below 1.2 (RFC 8996) is a protocol problem, not a certificate's.
      return result.tls?.authorized === true ? 'OUTDATED TLS' : 'CERTIFICATE PROBLEM';
    case 'downgrade':
      // Opportunistic got what it asked for, though not what the port is for; starttls did not.
      return result.requestedSecurity === 'opportunistic' ? 'NOT ENCRYPTED' : 'FAILED';
    case 'failed':
      return 'FAILED';
  }
}

/** Replies in another protocol on a registered port: name the protocol to try. */
function withProtocolHint(result: ProbeResult, words: string): string {
  const service = registeredService(result.port);
  if (result.outcome !== 'protocol-error' || service === undefined || service.protocol === result.protocol) return words;
  return `${words} Port ${result.port} is ${service.protocol.toUpperCase()}'s: try --protocol ${service.protocol}.`;
}

/** A port whose registered service speaks TLS first (465, 993, 995). */
export function isImplicitTlsPort(port: number): boolean {
  return registeredService(port)?.security === 'tls';
}

/** How a missing --security was decided, for the reader. */
export function defaultModeWords(security: DialMode, port: number): string {
  return security === 'tls'
    ? `implicit TLS: port ${port}'s registered mode (choose with --security)`
    : 'cleartext, upgrading with STARTTLS if offered (choose with --security)';
}
