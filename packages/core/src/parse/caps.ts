// How much of one published document becomes candidates and notes. A real provider publishes
// a handful of servers (the largest file of the ISPDB lists 7, an Autodiscover answer 3), but
// 1 MiB of XML holds about 8 000. Every later stage — merging sources, scheduling probes,
// ranking, the report — costs at least linear time per candidate and per note, so a document
// is cut down where it enters (the XML reader does not even build what is past the limits),
// and says so in a note.
import type { LintNote, Severity } from '../types.js';
import { note } from '../notes.js';

// Server elements per protocol they may carry (clientConfig: 2 × 50 incoming, 50 outgoing;
// Autodiscover: 3 × 50 Protocol blocks): seven times the largest real list, so nothing real
// is lost, while one document adds at most 150 servers, each probed at most twice (plan.ts).
export const MAX_SERVERS_PER_PROTOCOL = 50;
// A real document earns a few notes per server; beyond this the rest are counted, not kept.
export const MAX_NOTES_PER_DOCUMENT = 200;
// One server's own notes (plain socket, odd port, unknown auth values, restrictions…).
export const MAX_NOTES_PER_SERVER = 16;

/** One note per element name the XML reader dropped under its `maxRepeats` limits. */
export function cappedNotes(dropped: Readonly<Record<string, number>>, limits: Readonly<Record<string, number>>, at: string): LintNote[] {
  return Object.entries(dropped).map(([name, count]) => {
    const limit = limits[name] ?? 0;
    return note(
      'servers-capped',
      `The document lists ${limit + count} <${name}> elements; only the first ${limit} are read and ${count} dropped (a real provider publishes a handful).`,
      at,
    );
  });
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3 };

/** The `limit` most severe notes (in their order otherwise), and one more counting the rest. */
export function capNotes(notes: LintNote[], limit: number, at: string): LintNote[] {
  if (notes.length <= limit) return notes;
  // The most severe are kept first, so a flood of trivia cannot push a high note out.
  const ranked = notes.map((note, index) => ({ note, index })).sort((a, b) => SEVERITY_ORDER[b.note.severity] - SEVERITY_ORDER[a.note.severity]);
  const kept = new Set(ranked.slice(0, limit).map((entry) => entry.index));
  const dropped = notes.filter((_, index) => !kept.has(index));
  const bySeverity = new Map<string, number>();
  for (const note of dropped) bySeverity.set(note.severity, (bySeverity.get(note.severity) ?? 0) + 1);
  const counts = [...bySeverity].map(([severity, count]) => `${count} ${severity}`).join(', ');
  return [
    ...notes.filter((_, index) => kept.has(index)),
    note('notes-capped', `${dropped.length} more notes (${counts}) were not kept; the ${limit} most severe are.`, at),
  ];
}
