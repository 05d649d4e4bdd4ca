// Merge entries into an existing `.env` text without losing anything the user wrote:
// comments, blank lines, order, quoting, `export ` prefixes, duplicates and line endings all
// stay. A key the user already set to another value is a conflict and stays untouched
// unless `force`. Duplicates: dotenv loaders keep the last assignment, so that one is updated.
import { AutoconfError } from '../errors.js';
import { describeCodePoint, findControlCharacter } from '../text/control-characters.js';
import type { EnvEntry } from './types.js';

export type EnvChangeKind = 'added' | 'unchanged' | 'conflict' | 'updated';

export interface EnvChange {
  key: string;
  kind: EnvChangeKind;
  /** The value the file held (the last assignment), when it held one. */
  old?: string;
  new: string;
}

export interface MergeEnvResult {
  text: string;
  changes: EnvChange[];
}

export interface MergeEnvOptions {
  /** Overwrite values that differ instead of reporting a conflict. */
  force?: boolean;
}

type Quote = '' | "'" | '"' | '`';

interface Line {
  content: string;
  eol: string;
}

interface Assignment {
  key: string;
  value: string;
  quote: Quote;
  /** Indentation, `export `, key and `=` with its spacing: kept as written. */
  head: string;
  /** What follows the value on its last line (an inline comment). */
  tail: string;
  first: number;
  last: number;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.]*)(\s*=[ \t]*)(.*)$/;
// Values that read the same in dotenv (node --env-file), phpdotenv, Symfony Dotenv,
// python-dotenv, docker compose and a POSIX shell (`.env` files get sourced) without quotes.
// No `~`: bash expands it after `=` and `:` in an assignment.
const SAFE_UNQUOTED = /^[A-Za-z0-9_@%+,./:=-]*$/;
// In single quotes nothing expands in the others, but python-dotenv reads \\ and \' as
// escapes there: a backslash before another one or before the closing quote changes the value.
const SINGLE_QUOTE_UNSAFE = /'|\\\\|\\$/;
// In double quotes bash substitutes $ and `, Symfony runs $(…), python-dotenv, phpdotenv and
// compose interpolate ${…}, and each has its own backslash escapes: only values without
// any of those characters read alike there.
const DOUBLE_QUOTE_UNSAFE = /[$`"\\]/;

function splitLines(text: string): { lines: Line[]; finalNewline: boolean } {
  const parts = text.split(/(\r?\n)/);
  const lines: Line[] = [];
  for (let i = 0; i < parts.length; i += 2) lines.push({ content: parts[i] ?? '', eol: parts[i + 1] ?? '' });
  const finalNewline = text.endsWith('\n');
  // "a\n" splits into "a" and a phantom empty last line.
  if (finalNewline || text === '') lines.pop();
  return { lines, finalNewline };
}

/** Index of the closing quote in `text` from `from`, honouring backslash escapes in `"`. */
function findClose(text: string, quote: Quote, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function decodeDouble(raw: string): string {
  const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$' };
  return raw.replace(/\\(.)/gs, (whole, c: string) => map[c] ?? whole);
}

function parseAssignment(lines: Line[], index: number): Assignment | undefined {
  const match = ASSIGNMENT.exec(lines[index]?.content ?? '');
  if (match === null) return undefined;
  const [, indent = '', key = '', separator = '', rest = ''] = match;
  const head = indent + key + separator;
  const quote = (['"', "'", '`'] as const).find((q) => rest.startsWith(q));
  if (quote !== undefined) {
    // A quoted value may span lines (dotenv multi-line values); join until it closes.
    let joined = rest;
    for (let last = index; last < lines.length; last++) {
      const close = findClose(joined, quote, 1);
      if (close >= 0) {
        const raw = joined.slice(1, close);
        const value = quote === '"' ? decodeDouble(raw) : raw;
        return { key, value, quote, head, tail: joined.slice(close + 1), first: index, last };
      }
      const next = lines[last + 1];
      if (next === undefined) break;
      joined += '\n' + next.content;
    }
    // Never closed: read this line as an unquoted value rather than swallow the file.
  }
  const comment = /\s#/.exec(rest);
  const raw = comment === null ? rest : rest.slice(0, comment.index);
  const value = raw.trimEnd();
  return { key, value, quote: '', head, tail: rest.slice(value.length), first: index, last: index };
}

function parseAssignments(lines: Line[]): Assignment[] {
  const found: Assignment[] = [];
  for (let i = 0; i < lines.length; i++) {
    const assignment = parseAssignment(lines, i);
    if (assignment === undefined) continue;
    found.push(assignment);
    i = assignment.last;
  }
  return found;
}

/** Every assignment of a `.env` text as a loader reads it (the last one of a key wins there),
 *  with the 1-based line it starts on: the reading half of the merge, for diagnosing a file. */
export function readEnvAssignments(text: string): Array<{ key: string; value: string; line: number }> {
  return parseAssignments(splitLines(text).lines).map((a) => ({ key: a.key, value: a.value, line: a.first + 1 }));
}

/**
 * The value spelled so that every loader above reads exactly it, with no command or variable
 * substitution: bare when plain, else in single quotes, else in double quotes; in the style
 * the line already used when that one is safe. What has no such spelling (a line break, any
 * control or bidi character, a ' together with $ or a backslash…) is refused, not written.
 */
export function formatEnvValue(value: string, preferred: Quote = ''): string {
  const bad = findControlCharacter(value);
  if (bad !== undefined) {
    throw new AutoconfError('WRITER_UNSAFE_VALUE', `A .env value holds ${describeCodePoint(bad)}, which .env loaders do not read alike. Nothing was written.`);
  }
  // python-dotenv (Debian's 0.21) expands ${…} whatever the quotes; no spelling keeps it.
  if (value.includes('${')) {
    throw new AutoconfError('WRITER_UNSAFE_VALUE', 'A .env value holds "${", which python-dotenv expands in any quoting. Nothing was written.');
  }
  const singleSafe = !SINGLE_QUOTE_UNSAFE.test(value);
  const doubleSafe = !DOUBLE_QUOTE_UNSAFE.test(value);
  if (preferred === '' && SAFE_UNQUOTED.test(value)) return value;
  if (preferred === '"' && doubleSafe) return `"${value}"`;
  if (singleSafe) return `'${value}'`;
  if (doubleSafe) return `"${value}"`;
  throw new AutoconfError(
    'WRITER_UNSAFE_VALUE',
    'A .env value mixes \' with $, `, " or backslashes, which no quoting reads alike in shells and dotenv loaders. Nothing was written.',
  );
}

function validateEntries(entries: EnvEntry[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!KEY.test(entry.key) || seen.has(entry.key)) {
      throw new AutoconfError('WRITER_INVALID_INPUT', `Invalid or repeated .env key: ${JSON.stringify(entry.key)}`);
    }
    seen.add(entry.key);
  }
}

export function mergeEnv(text: string, entries: EnvEntry[], options: MergeEnvOptions = {}): MergeEnvResult {
  validateEntries(entries);
  const { lines, finalNewline } = splitLines(text);
  const eol = lines.find((line) => line.eol !== '')?.eol ?? '\n';
  const assignments = parseAssignments(lines);
  const replacements = new Map<number, Assignment & { replacement: string }>();
  const added: string[] = [];
  const changes: EnvChange[] = [];

  for (const entry of entries) {
    const current = assignments.findLast((assignment) => assignment.key === entry.key);
    if (current === undefined) {
      if (entry.comment !== undefined) added.push(...entry.comment.split(/\r?\n/).map((line) => `# ${line}`));
      added.push(`${entry.key}=${formatEnvValue(entry.value)}`);
      changes.push({ key: entry.key, kind: 'added', new: entry.value });
    } else if (current.value === entry.value) {
      changes.push({ key: entry.key, kind: 'unchanged', old: current.value, new: entry.value });
    } else if (options.force === true) {
      let replacement = current.head + formatEnvValue(entry.value, current.quote === '`' ? "'" : current.quote) + current.tail;
      // The block autoconf wrote earlier gets a fresh header: the old one would name the old
      // host and date above the new values.
      const header = entry.comment === undefined ? undefined : autoconfHeaderAbove(lines, current.first);
      if (header !== undefined && entry.comment !== undefined) {
        replacement = [...entry.comment.split(/\r?\n/).map((line) => `# ${line}`), replacement].join(eol);
      }
      const at = header ?? current.first;
      replacements.set(at, { ...current, replacement });
      changes.push({ key: entry.key, kind: 'updated', old: current.value, new: entry.value });
    } else {
      changes.push({ key: entry.key, kind: 'conflict', old: current.value, new: entry.value });
    }
  }

  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const replaced = replacements.get(i);
    if (replaced === undefined) {
      out.push({ ...(lines[i] as Line) });
      continue;
    }
    out.push({ content: replaced.replacement, eol: lines[replaced.last]?.eol ?? '' });
    i = replaced.last;
  }
  if (added.length > 0) {
    const lastLine = out.at(-1);
    if (lastLine !== undefined && lastLine.content.trim() !== '') added.unshift('');
    out.push(...added.map((content) => ({ content, eol })));
  }
  // Every line but the last ends as it did; the last ends as the file did (or with a
  // newline when the file was empty).
  out.forEach((line, i) => {
    if (i < out.length - 1 && line.eol === '') line.eol = eol;
  });
  const lastLine = out.at(-1);
  if (lastLine !== undefined) lastLine.eol = finalNewline || text === '' ? lastLine.eol || eol : '';
  return { text: out.map((line) => line.content + line.eol).join(''), changes };
}

/** First line of the run of comments right above `index` when that run holds an `# autoconf:` line. */
function autoconfHeaderAbove(lines: Line[], index: number): number | undefined {
  let first = index;
  while (first > 0 && /^\s*#/.test(lines[first - 1]?.content ?? '')) first--;
  const ours = lines.slice(first, index).some((line) => /^\s*#\s*autoconf: /.test(line.content));
  return first < index && ours ? first : undefined;
}

/** A fresh `.env` text holding only `entries`. */
export function formatEnv(entries: EnvEntry[], headerComments: string[] = []): string {
  const header = headerComments.map((line) => `# ${line}\n`).join('');
  return header + mergeEnv('', entries).text;
}
