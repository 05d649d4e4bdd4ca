// The Problems-panel view of a mail config file: core's static checks on the text being typed,
// each placed on the key to change, with the correction core proposes for its config.
import type { Severity } from '@autoconf/core/internal/notes.js';
import { configFileKind, diagnoseConfig, readConfigFile, type Change, type DiagnosisCode } from '@autoconf/core/internal/diagnose/index.js';
import { t } from './l10n.js';

export type EditorSeverity = 'error' | 'warning' | 'information';

/** A 0-based line and the columns [start, end) of the key on it. */
export interface KeyRange {
  line: number;
  start: number;
  end: number;
}

export interface EditorDiagnostic {
  code: DiagnosisCode;
  severity: EditorSeverity;
  message: string;
  range: KeyRange;
  /** The config's corrections this diagnosis can apply (empty: no quick fix). */
  changes: Change[];
  format: string;
}

const SEVERITY: Record<Severity, EditorSeverity> = { high: 'error', medium: 'warning', low: 'information', info: 'information' };

// The findings a change of the mode, port or certificate keys cures; the others (an unresolved
// reference, a password in git, a Boolean() trap in code) need a hand.
const FIXED_BY_CHANGES: ReadonlySet<DiagnosisCode> = new Set([
  'tls-on-starttls-port', 'plain-on-implicit-port', 'opportunistic-starttls', 'cleartext', 'port-25', 'verify-disabled', 'both-tls-flags',
]);

/** Files the editor checks as they are typed: `.env` families and sources calling createTransport. */
export function isCheckedFile(path: string, text: string): boolean {
  const kind = configFileKind(path);
  return kind === 'env' || (kind === 'js' && text.includes('createTransport'));
}

/** Where `key` (its last dotted part: `tls.rejectUnauthorized` → `rejectUnauthorized`) sits on
 *  the 1-based `line`; the line's text without its indentation when the key is not on it. */
export function keyRange(text: string, line: number | undefined, key: string): KeyRange {
  const lines = text.split(/\r?\n/);
  const index = Math.min(Math.max((line ?? 1) - 1, 0), Math.max(lines.length - 1, 0));
  const lineText = lines[index] ?? '';
  const name = key.split('.').at(-1) ?? key;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`).exec(lineText);
  if (match !== null) return { line: index, start: match.index, end: match.index + name.length };
  const start = lineText.length - lineText.trimStart().length;
  return { line: index, start, end: Math.max(lineText.trimEnd().length, start) };
}

/** The static diagnoses of a file's text, ready for the Problems panel. Nothing is dialled. */
export async function diagnoseText(path: string, text: string, environment: Readonly<Record<string, string | undefined>> = {}): Promise<EditorDiagnostic[]> {
  if (!isCheckedFile(path, text)) return [];
  const configs = await readConfigFile(path, text, environment);
  const out: EditorDiagnostic[] = [];
  for (const config of configs) {
    const { diagnoses, changes } = await diagnoseConfig(config, { offline: true });
    // Changes to this file with a value to write; URL formats get words instead (not an edit).
    const applicable = changes.filter((c) => c.file === path && c.instruction === undefined && c.to !== null);
    for (const d of diagnoses) {
      if (d.origin.file !== path) continue;
      out.push({
        code: d.code,
        severity: SEVERITY[d.severity],
        message: t('{0} Fix: {1}', d.message, d.fix),
        range: keyRange(text, d.origin.line, d.origin.key),
        changes: FIXED_BY_CHANGES.has(d.code) ? applicable : [],
        format: config.format,
      });
    }
  }
  return out;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const DEBOUNCE_MS = 300;

/** Runs the last call per key once `delayMs` pass without another (typing restarts the wait). */
export function createDebouncer(delayMs = DEBOUNCE_MS, timers: Timers = realTimers) {
  const pending = new Map<string, unknown>();
  return {
    schedule(key: string, run: () => void): void {
      if (pending.has(key)) timers.clearTimeout(pending.get(key));
      pending.set(key, timers.setTimeout(() => {
        pending.delete(key);
        run();
      }, delayMs));
    },
    cancel(key: string): void {
      if (pending.has(key)) timers.clearTimeout(pending.get(key));
      pending.delete(key);
    },
    dispose(): void {
      for (const handle of pending.values()) timers.clearTimeout(handle);
      pending.clear();
    },
  };
}
