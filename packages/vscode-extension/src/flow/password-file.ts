// "Set password…": the password reaches the app. Written configs read it from a variable
// (password-target.ts); this puts it into the env file the app loads, and only into one git
// ignores: a tracked file is refused outright, a file git does not ignore is refused with an
// offer to add it to .gitignore. Formats without a variable get the sentence of what to do.
import { isAutoconfError } from '@autoconf/core';
import { mergeEnv } from './writers.js';
import { t } from './l10n.js';
import type { PasswordHome } from './password-target.js';
import type { FileEdit, Log, Ui, WorkspaceFiles } from './ui.js';

export interface PasswordFileDeps {
  ui: Ui;
  log: Log;
  files: WorkspaceFiles;
}

export type PasswordFileOutcome = 'written' | 'unchanged' | 'refused' | 'cancelled' | 'shown';

/** `.gitignore` with a line for `path` (anchored to the root, as the file is there). */
function withIgnoreLine(gitignore: string | undefined, path: string): FileEdit {
  const line = `/${path}`;
  if (gitignore === undefined) return { path: '.gitignore', kind: 'create', text: `${line}\n` };
  const separator = gitignore === '' || gitignore.endsWith('\n') ? '' : '\n';
  return { path: '.gitignore', kind: 'replace', text: `${gitignore}${separator}${line}\n` };
}

/** Whether `path` may hold a password: ignored by git, or made so with the user's yes. */
async function ensureIgnored(deps: PasswordFileDeps, path: string): Promise<boolean> {
  const { ui, files } = deps;
  if ((await files.isGitTracked(path)) === true) {
    ui.notify('error', t('{0} is tracked by git: a password in it would be committed. Nothing was written; set the variable in your shell or your deployment\'s secret store, or stop tracking the file first (git rm --cached {0}).', path));
    return false;
  }
  const ignored = await files.isGitIgnored(path);
  if (ignored !== false) return true; // Ignored, or no git here: nothing to commit it to.
  const answer = await ui.confirm({
    message: t('{0} is not ignored by git: a password in it could be committed.', path),
    detail: t('Add /{0} to .gitignore first, then the password goes into it.', path),
    action: t('Add to .gitignore'),
  });
  if (answer !== 'action') return false;
  if (!(await files.apply([withIgnoreLine(await files.readText('.gitignore'), path)]))) return false;
  deps.log.info(`added /${path} to .gitignore`);
  if ((await files.isGitIgnored(path)) !== true) {
    ui.notify('error', t('{0} is still not ignored by git (a later rule in .gitignore includes it again); nothing was written.', path));
    return false;
  }
  return true;
}

export async function setPasswordInEnvFile(deps: PasswordFileDeps, home: PasswordHome, address: string): Promise<PasswordFileOutcome> {
  const { ui, files } = deps;
  if (home.kind === 'elsewhere') {
    ui.notify('info', t('This format reads no variable: {0}.', home.how));
    return 'shown';
  }
  const path = home.envFile;
  const refusal = await files.refusal(path);
  if (refusal !== undefined) {
    ui.notify('error', refusal);
    return 'refused';
  }
  if (!(await ensureIgnored(deps, path))) return 'refused';
  const password = await ui.input({
    title: t('Password for {0}', address),
    prompt: t('Written into {0} as {1}, a file git ignores; never into a setting or the log.', path, home.variables.join(', ')),
    password: true,
    validate: (text) => (text.length === 0 ? t('The password is empty.') : undefined),
  });
  if (password === undefined || password.length === 0) return 'cancelled';
  const existing = await files.readText(path);
  const entries = home.variables.map((key) => ({ key, value: password }));
  let merged: ReturnType<typeof mergeEnv>;
  try {
    merged = mergeEnv(existing ?? '', entries);
    if (merged.changes.some((change) => change.kind === 'conflict')) {
      const answer = await ui.confirm({
        message: t('{0} already sets {1}: replace the password there?', path, home.variables.join(', ')),
        action: t('Replace the password'),
      });
      if (answer !== 'action') return 'cancelled';
      merged = mergeEnv(existing ?? '', entries, { force: true });
    }
  } catch (error) {
    // A password no .env quoting reads alike (core says which character); nothing written.
    if (!isAutoconfError(error)) throw error;
    ui.notify('error', error.message);
    return 'refused';
  }
  if (merged.text === existing) {
    ui.notify('info', t('{0} already holds this password as {1}.', path, home.variables.join(', ')));
    return 'unchanged';
  }
  // The value itself never reaches the log.
  if (!(await files.apply([{ path, kind: existing === undefined ? 'create' : 'replace', text: merged.text }], { reveal: false }))) return 'cancelled';
  deps.log.info(`set ${home.variables.join(', ')} in ${path}`);
  ui.notify('info', t('{0} set in {1}, which git ignores. Your app reads it when it loads {1} (dotenv, node --env-file, docker compose, or your framework).', home.variables.join(', '), path));
  return 'written';
}
