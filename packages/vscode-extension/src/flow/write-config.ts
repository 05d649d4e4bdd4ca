// Writing one target into the workspace, under core's rules (writers/plan-write): a new file is
// created; a `.env`, application.properties, a .gitconfig or a canonical appsettings.json gains
// our keys and keeps every other line; a key the user set to another value changes only after
// the user saw the diff and said so. A file autoconf did not write is never replaced: the config
// goes beside it (`<name>.autoconf<.ext>`) or into an untitled document, as the user chooses.
// A path that is a device, a directory or a symbolic link out of the workspace is refused.
import { AutoconfError, planWrite as planCoreWrite } from '@autoconf/core';
import { t } from './l10n.js';
import type { Target } from './targets.js';
import type { FileEdit, Log, Ui, WorkspaceFiles } from './ui.js';
import type { EnvChange, WriterInput } from './writers.js';

export type WriteOutcome =
  /** `path` is where it went: the target's file, or the sibling beside it. */
  | { status: 'written'; path: string; edit: FileEdit; kept: string[]; gitIgnored?: boolean }
  /** `kept`: the user's own values that stayed (so the file may not hold the detected ones). */
  | { status: 'unchanged'; path: string; kept: string[] }
  | { status: 'snippet'; path: string }
  | { status: 'cancelled' };

export interface WriteContext {
  ui: Ui;
  files: WorkspaceFiles;
  log: Log;
}

/** What the flow is about to do, decided from the file as it is now. */
export type WritePlan =
  | { kind: 'edit'; edit: FileEdit; kept: string[] }
  | { kind: 'unchanged'; kept?: string[] }
  | { kind: 'snippet'; text: string }
  | { kind: 'confirm-keys'; before: string; forced: string; kept: string; conflicts: EnvChange[] }
  /** A file autoconf wrote earlier that differs: replaced after a diff and a yes. */
  | { kind: 'confirm-file'; before: string; after: string }
  /** The file is the user's own: the config goes beside it or into an untitled document. */
  | { kind: 'beside'; besidePath: string; text: string };

export function planWrite(target: Target, input: WriterInput, existing: string | undefined, path = target.path): WritePlan {
  const plan = planCoreWrite(target.writer, input, path, existing ?? null, { force: false });
  switch (plan.action) {
    case 'create':
      return { kind: 'edit', edit: { path, kind: 'create', text: plan.text }, kept: [] };
    // Core calls a merge "unchanged" when it would add nothing, conflicts or not: every key
    // set to other values is a question still, not "already holds these settings".
    case 'unchanged':
    case 'merge': {
      const conflicts = plan.changes.filter((change) => change.kind === 'conflict');
      if (conflicts.length === 0) {
        return plan.action === 'unchanged' ? { kind: 'unchanged' } : { kind: 'edit', edit: { path, kind: 'replace', text: plan.text }, kept: [] };
      }
      const forced = planCoreWrite(target.writer, input, path, existing ?? null, { force: true });
      if (forced.action !== 'merge') throw new Error(`a forced merge planned ${forced.action}`);
      return { kind: 'confirm-keys', before: existing ?? '', forced: forced.text, kept: plan.action === 'unchanged' ? existing ?? '' : plan.text, conflicts };
    }
    case 'differs':
    case 'replace':
      return { kind: 'confirm-file', before: existing ?? '', after: plan.text };
    case 'beside':
      return { kind: 'beside', besidePath: plan.besidePath.split('\\').join('/'), text: plan.text };
  }
}

function describeConflicts(conflicts: EnvChange[]): string {
  return conflicts.map((change) => `${change.key}: ${change.old ?? ''} → ${change.new}`).join('\n');
}

interface Settled {
  plan: WritePlan;
  path: string;
}

/** The user's own file: write the config beside it (when that sibling is free or ours) or show it. */
async function settleBeside(plan: Extract<WritePlan, { kind: 'beside' }>, target: Target, context: WriteContext, input: WriterInput): Promise<Settled | undefined> {
  const { ui, files } = context;
  const refusal = await files.refusal(plan.besidePath);
  const sibling = refusal === undefined ? planWrite(target, input, await files.readText(plan.besidePath), plan.besidePath) : undefined;
  const canWrite = sibling !== undefined && sibling.kind !== 'beside';
  const answer = await ui.confirm({
    message: t('{0} is not a file autoconf wrote; it stays as it is.', target.path),
    detail: canWrite
      ? t('Write the config beside it in {0}, or open it as an untitled document to copy from.', plan.besidePath)
      : t('{0} is taken too: the config opens as an untitled document to copy from.', plan.besidePath),
    action: canWrite ? t('Write {0}', plan.besidePath) : t('Open untitled'),
    ...(canWrite ? { alternative: t('Open untitled') } : {}),
  });
  if (answer === undefined) return undefined;
  if (!canWrite || answer === 'alternative') return { plan: { kind: 'snippet', text: plan.text }, path: target.path };
  return settle({ plan: sibling, path: plan.besidePath }, target, context, input);
}

/** Turns a plan that needs the user's word into an edit (or nothing), asking through the UI. */
async function settle(settled: Settled, target: Target, context: WriteContext, input: WriterInput): Promise<Settled | undefined> {
  const { plan, path } = settled;
  const { ui } = context;
  if (plan.kind === 'confirm-keys') {
    await ui.showDiff({ title: t('{0}: your file ↔ with the detected values', path), path, before: plan.before, after: plan.forced });
    const answer = await ui.confirm({
      message: t('{0} already sets {1} key(s) to other values.', path, plan.conflicts.length),
      detail: describeConflicts(plan.conflicts),
      action: t('Replace them'),
      alternative: t('Keep mine, add the rest'),
    });
    if (answer === undefined) return undefined;
    const keep = answer === 'alternative';
    const text = keep ? plan.kept : plan.forced;
    if (text === plan.before) return { plan: { kind: 'unchanged', kept: keep ? plan.conflicts.map((c) => c.key) : [] }, path };
    return { plan: { kind: 'edit', edit: { path, kind: 'replace', text }, kept: keep ? plan.conflicts.map((c) => c.key) : [] }, path };
  }
  if (plan.kind === 'confirm-file') {
    await ui.showDiff({ title: t('{0}: your file ↔ the generated one', path), path, before: plan.before, after: plan.after });
    const answer = await ui.confirm({ message: t('Replace {0} with the generated config?', path), action: t('Replace') });
    return answer === 'action' ? { plan: { kind: 'edit', edit: { path, kind: 'replace', text: plan.after }, kept: [] }, path } : undefined;
  }
  if (plan.kind === 'beside') return settleBeside(plan, target, context, input);
  return settled;
}

export async function writeTarget(context: WriteContext, target: Target, input: WriterInput): Promise<WriteOutcome> {
  const { ui, files, log } = context;
  const refusal = await files.refusal(target.path);
  if (refusal !== undefined) throw new AutoconfError('FILE_REFUSED', refusal);
  const existing = await files.readText(target.path);
  const settled = await settle({ plan: planWrite(target, input, existing), path: target.path }, target, context, input);
  if (settled === undefined) {
    log.info(`write ${target.path}: cancelled by the user`);
    return { status: 'cancelled' };
  }
  const { plan, path } = settled;
  if (plan.kind === 'unchanged') return { status: 'unchanged', path, kept: plan.kept ?? [] };
  if (plan.kind === 'snippet') {
    await ui.show({ name: path.split('/').pop() ?? path, language: 'plaintext', content: plan.text });
    return { status: 'snippet', path };
  }
  if (plan.kind !== 'edit') throw new Error(`unsettled plan ${plan.kind}`);
  if (!(await files.apply([plan.edit]))) {
    log.warn(`write ${path}: the workspace edit was not applied`);
    return { status: 'cancelled' };
  }
  log.info(`wrote ${path} (${plan.edit.kind})`);
  const ignored = target.writer.kind === 'merge-env' ? await files.isGitIgnored(path) : undefined;
  return {
    status: 'written',
    path,
    edit: plan.edit,
    kept: plan.kept,
    ...(ignored === undefined ? {} : { gitIgnored: ignored }),
  };
}
