// Writing one target into the workspace. The rules: a new file is created; a `.env` keeps every
// line of the user's and only gains keys; a key the user set to another value, or a whole file
// that differs, changes only after the user saw the diff and said so. Nothing else is touched.
import { t } from './l10n.js';
import type { Target } from './targets.js';
import type { FileEdit, Log, Ui, WorkspaceFiles } from './ui.js';
import { mergeEnv, type EnvChange, type WriterInput } from './writers.js';

export type WriteOutcome =
  | { status: 'written'; path: string; edit: FileEdit; kept: string[]; gitIgnored?: boolean }
  | { status: 'unchanged'; path: string }
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
  | { kind: 'unchanged' }
  | { kind: 'snippet'; text: string }
  | { kind: 'confirm-env'; before: string; forced: string; kept: string; conflicts: EnvChange[] }
  | { kind: 'confirm-file'; before: string; after: string };

export function planWrite(target: Target, input: WriterInput, existing: string | undefined): WritePlan {
  const { writer, path } = target;
  if (writer.kind === 'merge-env' && writer.entries !== undefined) {
    const entries = writer.entries(input);
    const merged = mergeEnv(existing ?? '', entries);
    const conflicts = merged.changes.filter((change) => change.kind === 'conflict');
    if (conflicts.length > 0) {
      const forced = mergeEnv(existing ?? '', entries, { force: true }).text;
      return { kind: 'confirm-env', before: existing ?? '', forced, kept: merged.text, conflicts };
    }
    if (existing === merged.text) return { kind: 'unchanged' };
    return { kind: 'edit', edit: { path, kind: existing === undefined ? 'create' : 'replace', text: merged.text }, kept: [] };
  }
  const text = writer.render(input);
  if (existing === undefined) return { kind: 'edit', edit: { path, kind: 'create', text }, kept: [] };
  if (existing === text) return { kind: 'unchanged' };
  // A snippet belongs inside a file we cannot merge safely (Ruby, properties, JSON with the
  // user's other settings): the user pastes it.
  if (writer.kind === 'snippet') return { kind: 'snippet', text };
  return { kind: 'confirm-file', before: existing, after: text };
}

function describeConflicts(conflicts: EnvChange[]): string {
  return conflicts.map((change) => `${change.key}: ${change.old ?? ''} → ${change.new}`).join('\n');
}

/** Turns a plan that needs the user's word into an edit (or nothing), asking through the UI. */
async function settle(plan: WritePlan, target: Target, ui: Ui): Promise<WritePlan | undefined> {
  if (plan.kind === 'confirm-env') {
    await ui.showDiff({ title: t('{0}: your file ↔ with the detected values', target.path), path: target.path, before: plan.before, after: plan.forced });
    const answer = await ui.confirm({
      message: t('{0} already sets {1} key(s) to other values.', target.path, plan.conflicts.length),
      detail: describeConflicts(plan.conflicts),
      action: t('Replace them'),
      alternative: t('Keep mine, add the rest'),
    });
    if (answer === undefined) return undefined;
    const keep = answer === 'alternative';
    const text = keep ? plan.kept : plan.forced;
    if (text === plan.before) return { kind: 'unchanged' };
    return { kind: 'edit', edit: { path: target.path, kind: 'replace', text }, kept: keep ? plan.conflicts.map((c) => c.key) : [] };
  }
  if (plan.kind === 'confirm-file') {
    await ui.showDiff({ title: t('{0}: your file ↔ the generated one', target.path), path: target.path, before: plan.before, after: plan.after });
    const answer = await ui.confirm({ message: t('Replace {0} with the generated config?', target.path), action: t('Replace') });
    return answer === 'action' ? { kind: 'edit', edit: { path: target.path, kind: 'replace', text: plan.after }, kept: [] } : undefined;
  }
  return plan;
}

export async function writeTarget(context: WriteContext, target: Target, input: WriterInput): Promise<WriteOutcome> {
  const { ui, files, log } = context;
  const existing = await files.readText(target.path);
  const settled = await settle(planWrite(target, input, existing), target, ui);
  if (settled === undefined) {
    log.info(`write ${target.path}: cancelled by the user`);
    return { status: 'cancelled' };
  }
  if (settled.kind === 'unchanged') return { status: 'unchanged', path: target.path };
  if (settled.kind === 'snippet') {
    await ui.show({ name: target.path.split('/').pop() ?? target.path, language: 'plaintext', content: settled.text });
    return { status: 'snippet', path: target.path };
  }
  if (settled.kind !== 'edit') throw new Error(`unsettled plan ${settled.kind}`);
  if (!(await files.apply([settled.edit]))) {
    log.warn(`write ${target.path}: the workspace edit was not applied`);
    return { status: 'cancelled' };
  }
  log.info(`wrote ${target.path} (${settled.edit.kind})`);
  const ignored = target.writer.kind === 'merge-env' ? await files.isGitIgnored(target.path) : undefined;
  return {
    status: 'written',
    path: target.path,
    edit: settled.edit,
    kept: settled.kept,
    ...(ignored === undefined ? {} : { gitIgnored: ignored }),
  };
}
