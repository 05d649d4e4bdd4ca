// One lint note as `autoconf lint` prints it, with the fix for the document's owner.
import { showControlCharactersDeep, type LintNote, type Severity } from '@autoconf/core';
import { NOTES, isNoteCode } from '@autoconf/core/internal/notes.js';
import type { Colors } from '../color.js';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

export function formatNote(unsafeNote: LintNote, c: Colors): string {
  const note = showControlCharactersDeep(unsafeNote);
  const paint = note.severity === 'high' ? c.red : note.severity === 'medium' ? c.yellow : c.dim;
  // The table's fix is ours, not the document's: it needs no control-character pass.
  const fix = isNoteCode(unsafeNote.code) ? `\n  ${' '.repeat(8)} ${c.dim(`fix: ${NOTES[unsafeNote.code].fix}`)}` : '';
  return `  ${paint(`[${note.severity}]`.padEnd(8))} ${note.code}: ${note.message}${note.at ? c.dim(` (at ${note.at})`) : ''}${fix}`;
}

export function hasHighNote(notes: readonly LintNote[]): boolean {
  return notes.some((note) => SEVERITY_RANK[note.severity] >= SEVERITY_RANK.high);
}
