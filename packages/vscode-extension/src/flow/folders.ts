// Multi-root workspaces: the settings go into the folder the user names, not silently the first.
import { t } from './l10n.js';
import type { Ui } from './ui.js';

export interface FolderChoice<T> {
  name: string;
  /** Shown so two folders of the same name can be told apart. */
  path: string;
  value: T;
}

export async function pickFolder<T>(ui: Ui, folders: FolderChoice<T>[]): Promise<T | undefined> {
  if (folders.length <= 1) return folders[0]?.value;
  return ui.pick({
    title: t('Workspace folder'),
    placeHolder: t('Which folder should the mail settings go into?'),
    items: folders.map((folder) => ({ label: folder.name, description: folder.path, value: folder.value })),
  });
}
