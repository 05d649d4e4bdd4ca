// Frames a byte stream into lines ending in CRLF (or a bare LF, which real servers send),
// with hard caps so a hostile peer costs us a bounded amount of memory: an endless line
// or a flood of lines stops the reader instead of growing a buffer.

/** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; IMAP lines run longer. */
export const LINE_MAX_BYTES = 4096;
/** The most one reply (all its lines) or the unread queue may hold. */
export const RESPONSE_MAX_BYTES = 65_536;

const LF = 0x0a;
const CR = 0x0d;

export type FramingError = 'line-too-long' | 'queue-full';

export interface LineReader {
  /** Feeds bytes in; returns the error once a cap is crossed (then ignores all input). */
  push(chunk: Buffer): FramingError | undefined;
  shift(): string | undefined;
  /** Drops every queued line and partial line; returns how many bytes were dropped. */
  clear(): number;
  readonly error: FramingError | undefined;
}

export interface LineReaderLimits {
  lineMaxBytes?: number;
  queueMaxBytes?: number;
}

export function createLineReader(limits: LineReaderLimits = {}): LineReader {
  const lineMax = limits.lineMaxBytes ?? LINE_MAX_BYTES;
  const queueMax = limits.queueMaxBytes ?? RESPONSE_MAX_BYTES;
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let queue: Buffer[] = [];
  let queuedBytes = 0;
  let error: FramingError | undefined;

  function fail(reason: FramingError): FramingError {
    error = reason;
    partial = [];
    queue = [];
    partialBytes = 0;
    queuedBytes = 0;
    return reason;
  }

  function push(chunk: Buffer): FramingError | undefined {
    if (error) return error;
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(LF, start);
      const piece = chunk.subarray(start, end < 0 ? chunk.length : end);
      if (partialBytes + piece.length > lineMax) return fail('line-too-long');
      if (end < 0) {
        // Copied so a kept fragment does not pin the whole socket chunk.
        if (piece.length > 0) partial.push(Buffer.from(piece));
        partialBytes += piece.length;
        return undefined;
      }
      let line = partial.length === 0 ? piece : Buffer.concat([...partial, piece]);
      if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
      partial = [];
      partialBytes = 0;
      queuedBytes += line.length;
      if (queuedBytes > queueMax) return fail('queue-full');
      queue.push(Buffer.from(line));
      start = end + 1;
    }
  }

  function shift(): string | undefined {
    const line = queue.shift();
    if (line === undefined) return undefined;
    queuedBytes -= line.length;
    return line.toString('utf8');
  }

  function clear(): number {
    const dropped = queuedBytes + partialBytes + queue.length;
    partial = [];
    queue = [];
    partialBytes = 0;
    queuedBytes = 0;
    return dropped;
  }

  return {
    push,
    shift,
    clear,
    get error() {
      return error;
    },
  };
}
