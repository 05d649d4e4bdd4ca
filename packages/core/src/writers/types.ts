// The contract every config writer follows: data in (the detected recommendation), text out.
import type { Recommendation } from '../types.js';

export interface WriterInput {
  /** The user's address, as they typed it. */
  address: string;
  recommended: Recommendation;
  /** When detection ran; only the date goes into the generated comment. */
  detectedAt: Date | string;
  /** The report as a whole was verified by probing (each endpoint also says so). */
  verified: boolean;
  /** Written into the output only when the caller passes it explicitly. */
  password?: string;
  /** Write a plaintext config for an endpoint without TLS (with a loud warning) instead of refusing. */
  allowInsecure?: boolean;
}

/** `file`: a whole file; `merge-env`: entries merged into a `.env`; `snippet`: text to paste into a file. */
export type WriterKind = 'file' | 'merge-env' | 'snippet';

export interface EnvEntry {
  key: string;
  value: string;
  /** Written as a `#` line above the key when it is added. */
  comment?: string;
}

export interface Writer {
  id: string;
  title: string;
  description: string;
  defaultFileName: string;
  kind: WriterKind;
  render(input: WriterInput): string;
  /** Only for `merge-env` writers. */
  entries?(input: WriterInput): EnvEntry[];
}
