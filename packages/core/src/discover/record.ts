// Bookkeeping shared by the sources: what was asked, what was noticed, how long it took.
import type { Candidate, LintNote, SourceName, SourceResult, SourceStatus } from '../types.js';

export interface Recorder {
  request(what: string): void;
  note(note: LintNote): void;
  hasNotes(code: string): boolean;
  /** Status defaults to `found` with candidates, `not-found` without. */
  finish(candidates: Candidate[], status?: SourceStatus): SourceResult;
}

export function createRecorder(source: SourceName, onRequest?: (what: string) => void): Recorder {
  const started = performance.now();
  const requests: string[] = [];
  const notes: LintNote[] = [];
  return {
    request: (what) => {
      requests.push(what);
      onRequest?.(what);
    },
    note: (note) => void notes.push(note),
    hasNotes: (code) => notes.some((note) => note.code === code),
    finish: (candidates, status) => ({
      candidates,
      record: {
        source,
        requests,
        status: status ?? (candidates.length > 0 ? 'found' : 'not-found'),
        durationMs: Math.round(performance.now() - started),
        candidates: candidates.length,
        notes,
      },
    }),
  };
}
