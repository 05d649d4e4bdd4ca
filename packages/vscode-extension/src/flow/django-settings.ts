// Django reads settings.py only: a mail_settings.py beside it does nothing until imported, and
// EMAIL_* lines already in settings.py would keep their values. When settings.py sets them,
// say so and offer the one edit that makes the written module win: an import at its end.
import { t } from './l10n.js';
import type { Log, Ui, WorkspaceFiles } from './ui.js';

const EMAIL_ASSIGNMENT = /^[ \t]*(EMAIL_[A-Z_]+)[ \t]*(?::[^=\n]*)?=/gm;
const PYTHON_MODULE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface DjangoContext {
  ui: Ui;
  files: WorkspaceFiles;
  log: Log;
}

export type DjangoOutcome = 'no-settings' | 'no-conflict' | 'imported' | 'declined';

function dirAndModule(path: string): { dir: string; module: string } {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  return { dir: slash < 0 ? '' : path.slice(0, slash + 1), module: name.replace(/\.py$/, '') };
}

/** The EMAIL_* names settings.py assigns after its last import of `module` (those would win). */
export function conflictingSettings(settings: string, module: string): string[] {
  const imports = [...settings.matchAll(new RegExp(`^[ \\t]*from[ \\t]+\\.?${module}[ \\t]+import[ \\t]+\\*`, 'gm'))];
  const after = imports.at(-1)?.index ?? -1;
  const names = [...settings.matchAll(EMAIL_ASSIGNMENT)].filter((m) => (m.index ?? 0) > after).map((m) => m[1] as string);
  return [...new Set(names)];
}

export async function reconcileDjangoSettings(context: DjangoContext, writtenPath: string): Promise<DjangoOutcome> {
  const { ui, files, log } = context;
  const { dir, module } = dirAndModule(writtenPath);
  const settingsPath = `${dir}settings.py`;
  const settings = await files.readText(settingsPath);
  if (settings === undefined) return 'no-settings';
  const names = conflictingSettings(settings, module);
  if (names.length === 0) return 'no-conflict';
  if (!PYTHON_MODULE.test(module)) {
    ui.notify('warning', t('{0} sets {1}; copy the settings from {2} over them by hand.', settingsPath, names.join(', '), writtenPath));
    return 'declined';
  }
  const line = `from .${module} import *  # noqa: E402,F401,F403 -- autoconf: mail settings override the EMAIL_* above`;
  const answer = await ui.confirm({
    message: t('{0} already sets {1}, so Django would not use {2}.', settingsPath, names.join(', '), writtenPath),
    detail: t('Add this line at the end of {0}, so the written settings win:\n{1}', settingsPath, line),
    action: t('Add the import'),
  });
  if (answer !== 'action') {
    log.info(`${settingsPath}: the EMAIL_* conflict was left to the user`);
    return 'declined';
  }
  const separator = settings === '' || settings.endsWith('\n') ? '' : '\n';
  if (!(await files.apply([{ path: settingsPath, kind: 'replace', text: `${settings}${separator}\n${line}\n` }]))) return 'declined';
  log.info(`${settingsPath}: imports ${module} at its end`);
  return 'imported';
}
