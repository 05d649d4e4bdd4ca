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
  /** The extra CA file (PEM, an absolute path) the servers were trusted with (the CLI's one
   *  --ca-file): named where the format has a setting for it, else a comment says that this
   *  private CA must be configured. */
  caFile?: string;
}

export interface EnvEntry {
  key: string;
  value: string;
  /** Written as a `#` line above the key when it is added. */
  comment?: string;
}

interface WriterBase {
  id: string;
  title: string;
  description: string;
  defaultFileName: string;
  render(input: WriterInput): string;
}

/** Entries merged by key into a `.env` file. */
export interface EnvWriter extends WriterBase {
  kind: 'merge-env';
  entries(input: WriterInput): EnvEntry[];
}

/** A whole file of its own (autoconf's, so it may be replaced when it opens with our comment). */
export interface FileWriter extends WriterBase {
  kind: 'file';
}

/** Settings that belong inside a file of the user's: merged by key where the format allows,
 *  otherwise written beside it (see plan-write.ts). */
export interface SnippetWriter extends WriterBase {
  kind: 'snippet';
}

export type Writer = EnvWriter | FileWriter | SnippetWriter;
export type WriterKind = Writer['kind'];
