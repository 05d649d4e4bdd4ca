// How much of one published document becomes candidates and notes. A real provider publishes
// a handful of servers (the largest file of the ISPDB lists 7, an Autodiscover answer 3), but
// 1 MiB of XML holds about 8 000. Every later stage — merging sources, scheduling probes,
// ranking, the report — costs at least linear time per candidate and per note, so a document
// is cut down here, where it enters, and says so in a note.
import type { LintNote } from '../types.js';
import type { XmlElement } from './xml.js';

// Server elements per protocol they may carry (clientConfig: 2 × 50 incoming, 50 outgoing;
// Autodiscover: 3 × 50 Protocol blocks): seven times the largest real list, so nothing real
// is lost, while one document adds at most 150 servers, each probed at most twice (plan.ts).
export const MAX_SERVERS_PER_PROTOCOL = 50;
// A real document earns a few notes per server; beyond this the rest are counted, not kept.
export const MAX_NOTES_PER_DOCUMENT = 200;
// One server's own notes (plain socket, odd port, unknown auth values, restrictions…).
export const MAX_NOTES_PER_SERVER = 16;

/**
 * `root` with the children of the element at `path` (first match by name at each level) cut
 * to the first `limits[name]` of each limited name, and a note per name cut. Only later
 * elements are cut, so the kept ones keep their index (the `[n]` of every note's path).
 */
export function capChildren(root: XmlElement, path: readonly string[], limits: Readonly<Record<string, number>>, at: string): { root: XmlElement; notes: LintNote[] } {
  const [step, ...rest] = path;
  if (step === undefined) return capOwnChildren(root, limits, at);
  const index = root.children.findIndex((child) => child.name === step);
  const child = root.children[index];
  if (child === undefined) return { root, notes: [] };
  const capped = capChildren(child, rest, limits, at);
  if (capped.notes.length === 0) return { root, notes: [] };
  return { root: { ...root, children: root.children.with(index, capped.root) }, notes: capped.notes };
}

function capOwnChildren(parent: XmlElement, limits: Readonly<Record<string, number>>, at: string): { root: XmlElement; notes: LintNote[] } {
  const seen = new Map<string, number>();
  const children = parent.children.filter((child) => {
    const limit = limits[child.name];
    if (limit === undefined) return true;
    const count = (seen.get(child.name) ?? 0) + 1;
    seen.set(child.name, count);
    return count <= limit;
  });
  const notes: LintNote[] = [];
  for (const [name, count] of seen) {
    const limit = limits[name]!;
    if (count <= limit) continue;
    notes.push({
      code: 'servers-capped',
      severity: 'medium',
      message: `The document lists ${count} <${name}> elements; only the first ${limit} are read and ${count - limit} dropped (a real provider publishes a handful).`,
      at,
    });
  }
  return notes.length === 0 ? { root: parent, notes } : { root: { ...parent, children }, notes };
}

/** The first `limit` notes, and one more counting the rest by severity. */
export function capNotes(notes: LintNote[], limit: number, at: string): LintNote[] {
  if (notes.length <= limit) return notes;
  const dropped = notes.slice(limit);
  const bySeverity = new Map<string, number>();
  for (const note of dropped) bySeverity.set(note.severity, (bySeverity.get(note.severity) ?? 0) + 1);
  const counts = [...bySeverity].map(([severity, count]) => `${count} ${severity}`).join(', ');
  return [
    ...notes.slice(0, limit),
    { code: 'notes-capped', severity: 'low', message: `${dropped.length} more notes (${counts}) were not kept; the first ${limit} are.`, at },
  ];
}
