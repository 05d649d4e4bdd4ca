// What writing a target into an existing file may do, decided from the text alone (so the CLI
// and the VS Code extension follow one rule). A `.env` is merged key by key. Every other target
// lands in a file the user may own (a Rails environment, application.properties, ~/.gitconfig):
// its content is never replaced. Where the format allows a keyed merge we merge; a file autoconf
// wrote itself (its first lines carry the `autoconf:` comment) may be replaced with force;
// anything else gets the config in a sibling file, `<name>.autoconf<.ext>`.
import { basename, dirname, extname, join } from 'node:path';
import { mergeEnv, type EnvChange } from './env-merge.js';
import { mergeGitConfig, mergeJson, mergeProperties, type KeyedMerge } from './keyed-merge.js';
import type { Writer, WriterInput } from './types.js';

export type MergeStrategy = 'env' | 'properties' | 'gitconfig' | 'json' | 'none';

const MERGE_BY_WRITER: Readonly<Record<string, MergeStrategy>> = {
  'spring-boot': 'properties',
  'git-send-email': 'gitconfig',
  dotnet: 'json',
  'nodemailer-json': 'json',
};

const KEYED_MERGES: Readonly<Record<'properties' | 'gitconfig' | 'json', KeyedMerge>> = {
  properties: mergeProperties,
  gitconfig: mergeGitConfig,
  json: mergeJson,
};

export function mergeStrategyOf(writer: Writer): MergeStrategy {
  if (writer.kind === 'merge-env') return 'env';
  return MERGE_BY_WRITER[writer.id] ?? 'none';
}

// The detection comment every writer opens with, in any of the formats' comment syntaxes,
// within the first lines (after `<?php` or `<?xml …?>`).
const AUTOCONF_HEADER = /^\s*(?:#|\/\/|;|"|<!--)\s*autoconf: /;
const HEADER_SEARCH_LINES = 3;

export function isWrittenByAutoconf(text: string): boolean {
  return text.split('\n', HEADER_SEARCH_LINES).some((line) => AUTOCONF_HEADER.test(line));
}

/** `production.rb` → `production.autoconf.rb`; `.msmtprc` → `.msmtprc.autoconf`. */
export function besidePathFor(path: string): string {
  const name = basename(path);
  const ext = extname(name);
  const sibling = ext === '' ? `${name}.autoconf` : `${name.slice(0, -ext.length)}.autoconf${ext}`;
  return join(dirname(path), sibling);
}

export type WritePlan =
  | { action: 'create'; text: string; changes: EnvChange[] }
  | { action: 'unchanged'; changes: EnvChange[] }
  /** Keyed merge; with conflicts and no force the caller must not write (or must ask). */
  | { action: 'merge'; text: string; changes: EnvChange[] }
  /** A file autoconf wrote earlier, replaced because force was given. */
  | { action: 'replace'; text: string }
  /** A file autoconf wrote earlier that differs; replacing it needs force. */
  | { action: 'differs'; text: string }
  /** Not ours and not mergeable: the config goes to `besidePath`. */
  | { action: 'beside'; besidePath: string; text: string };

export interface PlanWriteOptions {
  force: boolean;
}

export function planWrite(writer: Writer, input: WriterInput, path: string, existing: string | null, options: PlanWriteOptions): WritePlan {
  if (writer.kind === 'merge-env') {
    const merged = mergeEnv(existing ?? '', writer.entries(input), { force: options.force });
    if (existing === null) return { action: 'create', text: merged.text, changes: merged.changes };
    if (merged.text === existing) return { action: 'unchanged', changes: merged.changes };
    return { action: 'merge', text: merged.text, changes: merged.changes };
  }
  const strategy = mergeStrategyOf(writer);
  const text = writer.render(input);
  if (existing === null) return { action: 'create', text, changes: [] };
  if (existing === text) return { action: 'unchanged', changes: [] };
  if (strategy !== 'none' && strategy !== 'env') {
    const merged = KEYED_MERGES[strategy](existing, text, options.force);
    if (merged !== undefined) {
      return merged.text === existing ? { action: 'unchanged', changes: merged.changes } : { action: 'merge', text: merged.text, changes: merged.changes };
    }
  }
  if (isWrittenByAutoconf(existing)) return options.force ? { action: 'replace', text } : { action: 'differs', text };
  return { action: 'beside', besidePath: besidePathFor(path), text };
}
