// Merging a rendered snippet into a file of the user's, key by key, for the formats where that
// is safe: every line that is not one of our keys stays byte for byte. A key the user set to
// another value is a conflict, left alone unless `force`. `undefined` means "this file cannot
// be merged safely" (unexpected syntax): the caller writes beside it instead.
import type { EnvChange } from './env-merge.js';

export interface KeyedMergeResult {
  text: string;
  changes: EnvChange[];
}

export type KeyedMerge = (existing: string, rendered: string, force: boolean) => KeyedMergeResult | undefined;

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function appendBlock(existing: string, block: string[], eol: string): string {
  if (block.length === 0) return existing;
  const separator = existing === '' || existing.endsWith('\n') ? '' : eol;
  return existing + separator + block.join(eol) + eol;
}

function decide(key: string, old: string | undefined, wanted: string, force: boolean): EnvChange {
  if (old === undefined) return { key, kind: 'added', new: wanted };
  if (old === wanted) return { key, kind: 'unchanged', old, new: wanted };
  return { key, kind: force ? 'updated' : 'conflict', old, new: wanted };
}

// ---- .properties (java.util.Properties.load) ----

interface PropertyLine {
  key: string;
  /** The value as written (escapes kept), continuation lines joined. */
  raw: string;
  first: number;
  last: number;
}

function unescapeKey(key: string): string {
  return key.replace(/\\(.)/g, '$1');
}

function endsWithOddBackslashes(line: string): boolean {
  return (/\\+$/.exec(line)?.[0].length ?? 0) % 2 === 1;
}

function parseProperties(lines: string[]): PropertyLine[] {
  const found: PropertyLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = (lines[i] ?? '').replace(/^[ \t\f]+/, '');
    if (start === '' || start.startsWith('#') || start.startsWith('!')) continue;
    const first = i;
    let logical = start;
    while (endsWithOddBackslashes(logical) && i + 1 < lines.length) {
      i++;
      logical = logical.slice(0, -1) + (lines[i] ?? '').replace(/^[ \t\f]+/, '');
    }
    // Key: up to the first unescaped `=`, `:` or whitespace; then optional spaces, one
    // separator, optional spaces (Properties.load).
    const match = /^((?:\\.|[^\\=:\s])*)[ \t\f]*[=:]?[ \t\f]*(.*)$/s.exec(logical);
    if (match === null) continue;
    found.push({ key: unescapeKey(match[1] ?? ''), raw: match[2] ?? '', first, last: i });
  }
  return found;
}

export const mergeProperties: KeyedMerge = (existing, rendered, force) => {
  const eol = eolOf(existing);
  const lines = existing.split(/\r?\n/);
  const current = parseProperties(lines);
  const ours = parseProperties(rendered.split('\n'));
  const header = rendered.split('\n').filter((line) => line.startsWith('#'));
  const changes: EnvChange[] = [];
  const added: string[] = [];
  for (const entry of ours) {
    // Properties.load keeps the last assignment of a key: that is the one that counts.
    const last = current.filter((line) => line.key === entry.key).pop();
    const change = decide(entry.key, last?.raw, entry.raw, force);
    changes.push(change);
    const line = `${entry.key}=${entry.raw}`;
    if (change.kind === 'added') added.push(line);
    else if (change.kind === 'updated' && last !== undefined) {
      lines.splice(last.first, last.last - last.first + 1, line, ...Array<string>(last.last - last.first).fill('\u0000'));
    }
  }
  const kept = lines.filter((line) => line !== '\u0000').join(eol);
  return { text: appendBlock(kept, added.length > 0 ? [...header, ...added] : [], eol), changes };
};

// ---- git config (git-config(1) syntax) ----

const SECTION = /^\s*\[([A-Za-z0-9.-]+)(\s+"(?:[^"\\]|\\.)*")?\]\s*(?:[#;].*)?$/;
const VARIABLE = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*(?:=(.*))?$/;

/** A git config value: comments outside quotes dropped, quotes removed, escapes decoded. */
function gitValue(raw: string): string {
  let value = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c === '\\') {
      const next = raw[++i] ?? '';
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'b' ? '\b' : next;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '#' || c === ';')) break;
    else value += c;
  }
  return value.trim();
}

interface GitVariable {
  key: string;
  value: string;
  line: number;
}

interface GitSection {
  name: string;
  subsection: boolean;
  header: number;
  /** Index of the last line that is not blank or a comment, within the section. */
  lastContent: number;
  variables: GitVariable[];
}

function parseGitConfig(lines: string[]): GitSection[] | undefined {
  const sections: GitSection[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const section = SECTION.exec(line);
    if (section !== null) {
      sections.push({ name: (section[1] ?? '').toLowerCase(), subsection: section[2] !== undefined, header: i, lastContent: i, variables: [] });
      continue;
    }
    const variable = VARIABLE.exec(line);
    const open = sections.at(-1);
    // A variable outside a section, a continued line or a header with a value on it: not
    // syntax this merge edits.
    if (variable === null || open === undefined || endsWithOddBackslashes(line)) return undefined;
    open.variables.push({ key: (variable[1] ?? '').toLowerCase(), value: gitValue(variable[2] ?? 'true'), line: i });
    open.lastContent = i;
  }
  return sections;
}

export const mergeGitConfig: KeyedMerge = (existing, rendered, force) => {
  const eol = eolOf(existing);
  const lines = existing.split(/\r?\n/);
  const current = parseGitConfig(lines);
  const renderedLines = rendered.replace(/\n$/, '').split('\n');
  const ours = parseGitConfig(renderedLines);
  if (current === undefined || ours === undefined) return undefined;
  const oursSections = ours.filter((section) => !section.subsection);
  const changes: EnvChange[] = [];
  const header = renderedLines.filter((line) => line.startsWith('#'));
  const appended: string[] = [];
  for (const section of oursSections) {
    const theirs = current.filter((s) => s.name === section.name && !s.subsection);
    if (theirs.length === 0) {
      // The whole section is new: appended as rendered, header comment included.
      appended.push(...header, ...renderedLines.slice(section.header, section.lastContent + 1));
      for (const variable of section.variables) changes.push({ key: `${section.name}.${variable.key}`, kind: 'added', new: variable.value });
      continue;
    }
    const inserts: string[] = [];
    for (const variable of section.variables) {
      // git reads the last assignment of a single-valued key.
      const last = theirs.flatMap((s) => s.variables).filter((v) => v.key === variable.key).pop();
      const change = decide(`${section.name}.${variable.key}`, last?.value, variable.value, force);
      changes.push(change);
      const line = renderedLines[variable.line] ?? '';
      if (change.kind === 'added') inserts.push(line);
      else if (change.kind === 'updated' && last !== undefined) lines[last.line] = line;
    }
    if (inserts.length > 0) {
      const at = (theirs.at(-1) as GitSection).lastContent + 1;
      lines.splice(at, 0, ...header.map((line) => `\t${line}`), ...inserts);
    }
  }
  const text = lines.join(eol);
  if (appended.length === 0) return { text, changes };
  return { text: appendBlock(text, text.trim() === '' ? appended : ['', ...appended], eol), changes };
};

// ---- JSON (appsettings.json, nodemailer options) ----

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeJsonObject(target: { [key: string]: Json }, ours: { [key: string]: Json }, prefix: string, force: boolean, changes: EnvChange[]): void {
  for (const [key, wanted] of Object.entries(ours)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const old = target[key];
    if (isObject(wanted) && isObject(old)) {
      mergeJsonObject(old, wanted, path, force, changes);
      continue;
    }
    const change = decide(path, old === undefined ? undefined : JSON.stringify(old), JSON.stringify(wanted), force);
    changes.push(change);
    if (change.kind === 'added' || change.kind === 'updated') target[key] = wanted;
  }
}

/** Leading `//` lines (appsettings.json allows them) and the JSON after them. */
function splitLeadingComments(text: string): { comments: string; body: string } {
  const match = /^(?:[ \t]*\/\/[^\n]*\n)*/.exec(text);
  const comments = match?.[0] ?? '';
  return { comments, body: text.slice(comments.length) };
}

/**
 * Only a file that JSON.stringify would write byte for byte is merged: then parsing and
 * re-serialising it changes nothing but our keys (no comments, duplicate keys, number
 * spellings or layout of the user's get lost).
 */
export const mergeJson: KeyedMerge = (existing, rendered, force) => {
  if (existing.includes('\r')) return undefined;
  const { comments, body } = splitLeadingComments(existing);
  let parsed: Json;
  try {
    parsed = JSON.parse(body) as Json;
  } catch {
    return undefined;
  }
  const indent = /\n([ \t]+)"/.exec(body)?.[1] ?? '  ';
  const finalNewline = body.endsWith('\n') ? '\n' : '';
  if (!isObject(parsed) || JSON.stringify(parsed, null, indent) + finalNewline !== body) return undefined;
  const ours = JSON.parse(splitLeadingComments(rendered).body) as Json;
  if (!isObject(ours)) return undefined;
  const changes: EnvChange[] = [];
  mergeJsonObject(parsed, ours, '', force, changes);
  return { text: comments + JSON.stringify(parsed, null, indent) + finalNewline, changes };
};
