// The optional "wireshark view" of a probe: every line both ways with a timestamp,
// capped in size, and with every credential replaced before it is stored.
import type { TranscriptLine } from './types.js';

export const TRANSCRIPT_MAX_BYTES = 65_536;
export const REDACTED = '***';

export interface Transcript {
  add(dir: TranscriptLine['dir'], line: string): void;
  /** A copy of what was kept, or undefined when the transcript is off. */
  lines(): TranscriptLine[] | undefined;
}

// A command's argument that may carry a secret: SMTP/POP3 AUTH with an initial response
// (RFC 4954 §4, RFC 5034 §4), IMAP LOGIN and AUTHENTICATE (RFC 9051 §6.2), POP3 PASS.
const SECRET_ARGUMENTS: RegExp[] = [
  /^(AUTH\s+\S+)\s+\S.*$/i,
  /^(\S+\s+AUTHENTICATE\s+\S+)\s+\S.*$/i,
  /^(\S+\s+LOGIN)\s+\S.*$/i,
  /^(PASS)\s.*$/i,
  /^(APOP\s+\S+)\s+\S.*$/i,
];

export function redactCommand(line: string): string {
  for (const pattern of SECRET_ARGUMENTS) {
    if (pattern.test(line)) return line.replace(pattern, `$1 ${REDACTED}`);
  }
  return line;
}

export function createTranscript(enabled: boolean, startedAt: number): Transcript {
  const kept: TranscriptLine[] = [];
  let bytes = 0;
  let full = false;

  function add(dir: TranscriptLine['dir'], line: string): void {
    if (!enabled || full) return;
    const shown = dir === 'c' ? redactCommand(line) : line;
    bytes += Buffer.byteLength(shown) + 1;
    const at = Math.round(performance.now() - startedAt);
    if (bytes > TRANSCRIPT_MAX_BYTES) {
      full = true;
      kept.push({ at, dir: 'info', line: `transcript truncated at ${TRANSCRIPT_MAX_BYTES} bytes` });
      return;
    }
    kept.push({ at, dir, line: shown });
  }

  return { add, lines: () => (enabled ? kept.map((line) => ({ ...line })) : undefined) };
}
