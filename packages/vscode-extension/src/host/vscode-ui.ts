// The Ui of the flows, made of VS Code's own pieces: input box, quick pick, modal message,
// cancellable progress notification, diff editor and read-only documents.
import * as vscode from 'vscode';
import { isSeparator, type ConfirmRequest, type DiffRequest, type InputRequest, type PickRequest, type Progress, type ShowRequest, type Ui } from '../flow/ui.js';
import type { ReadOnlyDocuments } from './documents.js';

export function createVscodeUi(documents: ReadOnlyDocuments, folder: () => vscode.Uri | undefined): Ui {
  return {
    async input(request: InputRequest) {
      return vscode.window.showInputBox({
        title: request.title,
        prompt: request.prompt,
        ignoreFocusOut: true,
        ...(request.placeHolder === undefined ? {} : { placeHolder: request.placeHolder }),
        ...(request.value === undefined ? {} : { value: request.value }),
        ...(request.password === true ? { password: true } : {}),
        ...(request.validate === undefined ? {} : { validateInput: request.validate }),
      });
    },

    async pick<T>(request: PickRequest<T>) {
      const items = request.items.map((item) => isSeparator(item)
        ? { label: item.separator, kind: vscode.QuickPickItemKind.Separator }
        : { ...item, alwaysShow: request.showAll === true });
      const chosen = await vscode.window.showQuickPick<(typeof items)[number] & { value?: T }>(items, {
        title: request.title,
        placeHolder: request.placeHolder,
        ignoreFocusOut: true,
        matchOnDescription: true,
        matchOnDetail: true,
      });
      return chosen?.value;
    },

    async confirm(request: ConfirmRequest) {
      const buttons = request.alternative === undefined ? [request.action] : [request.action, request.alternative];
      const chosen = await vscode.window.showWarningMessage(
        request.message,
        { modal: true, ...(request.detail === undefined ? {} : { detail: request.detail }) },
        ...buttons,
      );
      if (chosen === undefined) return undefined;
      return chosen === request.action ? 'action' : 'alternative';
    },

    withProgress<T>(title: string, task: (progress: Progress, signal: AbortSignal) => Promise<T>) {
      return Promise.resolve(vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          // The cancel button really stops the work: sockets close, timers clear.
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          try {
            return await task((message) => progress.report({ message }), controller.signal);
          } finally {
            subscription.dispose();
          }
        },
      ));
    },

    async showDiff(request: DiffRequest) {
      const root = folder();
      const left = root === undefined ? documents.set(`current/${request.path}`, request.before) : vscode.Uri.joinPath(root, request.path);
      const right = documents.set(`proposed/${request.path}`, request.after);
      await vscode.commands.executeCommand('vscode.diff', left, right, request.title, { preview: true });
    },

    async show(request: ShowRequest) {
      const uri = documents.set(request.name, request.content);
      if (request.rendered === true) {
        // The same name is the same document: its one preview tab follows the new content.
        await vscode.workspace.openTextDocument(uri);
        await vscode.commands.executeCommand('markdown.showPreview', uri);
        return;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(document, request.language);
      await vscode.window.showTextDocument(document, { preview: false });
    },

    notify(level, message, actions = []) {
      const show = { info: vscode.window.showInformationMessage, warning: vscode.window.showWarningMessage, error: vscode.window.showErrorMessage }[level];
      // Not awaited: a notification the user ignores would keep the command running forever.
      void Promise.resolve(show(message, ...actions.map((action) => action.title))).then((chosen) => actions.find((action) => action.title === chosen)?.run());
    },
  };
}
