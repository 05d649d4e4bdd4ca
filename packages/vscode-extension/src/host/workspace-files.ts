// Workspace files through VS Code: reads see unsaved editor text, writes are one WorkspaceEdit
// (so Undo reverts them), and git is asked whether a file is ignored. Before a write, a path on
// disk is checked the way the CLI checks it (lstat first: no device, FIFO, socket or directory,
// and a symbolic link only into the workspace); other file systems get the checks their stat allows.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { inspectTarget, isAutoconfError } from '@autoconf/core';
import type { FileEdit, WorkspaceFiles } from '../flow/ui.js';

const GIT_TIMEOUT_MS = 5_000;
const EXCLUDE = '**/{node_modules,.git}/**';

export function createWorkspaceFiles(folder: vscode.WorkspaceFolder, log: (message: string) => void): WorkspaceFiles {
  const uriOf = (path: string) => vscode.Uri.joinPath(folder.uri, ...path.split('/'));
  const openDocument = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

  return {
    async readText(path) {
      const uri = uriOf(path);
      const open = openDocument(uri);
      if (open !== undefined) return open.getText();
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw error;
      }
    },

    async find(suffix, maxResults) {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/*${suffix}`), EXCLUDE, maxResults);
      return found.map((uri) => vscode.workspace.asRelativePath(uri, false));
    },

    async apply(edits: FileEdit[], options = {}) {
      const edit = new vscode.WorkspaceEdit();
      const saveAfter: vscode.Uri[] = [];
      for (const change of edits) {
        const uri = uriOf(change.path);
        if (change.kind === 'create') {
          edit.createFile(uri, { contents: new TextEncoder().encode(change.text), ignoreIfExists: false });
          continue;
        }
        const document = await vscode.workspace.openTextDocument(uri);
        // A file with unsaved changes stays unsaved: saving would commit them for the user.
        if (!document.isDirty) saveAfter.push(uri);
        const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
        edit.replace(uri, whole, change.text);
      }
      if (!(await vscode.workspace.applyEdit(edit))) return false;
      for (const uri of saveAfter) {
        // The edit stays in the editor (and undoable) even when the save is refused.
        if ((await vscode.workspace.save(uri)) === undefined) log(`${vscode.workspace.asRelativePath(uri)} was edited but not saved`);
      }
      if (options.reveal === false) return true;
      for (const change of edits) await vscode.window.showTextDocument(uriOf(change.path), { preview: false });
      return true;
    },

    async refusal(path) {
      const uri = uriOf(path);
      if (uri.scheme === 'file') {
        try {
          await inspectTarget(uri.fsPath, [folder.uri.fsPath]);
          return undefined;
        } catch (error) {
          if (isAutoconfError(error, 'FILE_REFUSED')) return error.message;
          throw error;
        }
      }
      try {
        const { type } = await vscode.workspace.fs.stat(uri);
        // Where a link leads cannot be checked here: not followed.
        if ((type & vscode.FileType.SymbolicLink) !== 0) return `${path} is a symbolic link; nothing was written.`;
        if ((type & vscode.FileType.File) === 0) return `${path} is not a regular file; nothing was written.`;
        return undefined;
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw error;
      }
    },

    isGitTracked(path) {
      // `git ls-files --error-unmatch`: 0 tracked, 1 not tracked, 128 not a repository.
      return new Promise((resolve) => {
        execFile('git', ['ls-files', '--error-unmatch', '--', path], { cwd: folder.uri.fsPath, timeout: GIT_TIMEOUT_MS }, (error) => {
          if (error === null) resolve(true);
          else resolve(typeof error.code === 'number' && error.code === 1 ? false : undefined);
        });
      });
    },

    isGitIgnored(path) {
      // `git check-ignore -q`: 0 ignored, 1 not ignored, 128 not a repository.
      return new Promise((resolve) => {
        execFile('git', ['check-ignore', '-q', '--', path], { cwd: folder.uri.fsPath, timeout: GIT_TIMEOUT_MS }, (error) => {
          if (error === null) resolve(true);
          else resolve(typeof error.code === 'number' && error.code === 1 ? false : undefined);
        });
      });
    },
  };
}
