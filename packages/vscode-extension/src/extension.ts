// Activation registers the commands, the log channel and the mail-config diagnostics (on
// .env and JS/TS files: activation waits for such a file or a command). The command handlers
// load on the first command (esbuild defers the dynamic import's module); the JS/TS parser on
// the first source that calls createTransport.
import * as vscode from 'vscode';
import { setTranslator } from './flow/l10n.js';
import { ReadOnlyDocuments, SCHEME } from './host/documents.js';
import type { Commands } from './host/commands.js';

const COMMANDS = {
  'autoconf.detectSettings': 'detect',
  'autoconf.probeServer': 'probe',
  'autoconf.writeConfig': 'write',
  'autoconf.showReport': 'showReport',
  'autoconf.storePassword': 'storePassword',
  'autoconf.forgetPassword': 'forgetPassword',
  'autoconf.checkMailSettings': 'check',
} as const satisfies Record<string, keyof Commands>;

export function activate(context: vscode.ExtensionContext): void {
  setTranslator(vscode.l10n.t);
  const log = vscode.window.createOutputChannel('Autoconf', { log: true });
  const documents = new ReadOnlyDocuments();
  let commands: Promise<Commands> | undefined;
  const load = () => (commands ??= import('./host/commands.js').then((m) => m.createCommands({ context, log, documents })));

  context.subscriptions.push(log, documents, vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents));
  void import('./host/mail-editor.js').then((m) => context.subscriptions.push(m.registerMailEditor(log)));
  for (const [id, name] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (args?: unknown) => {
      try {
        const handler = (await load())[name] as (args?: unknown) => Promise<unknown>;
        return await handler(args);
      } catch (error) {
        // A bug, not an expected outcome (those are data or AutoconfErrors handled in the flows).
        log.error(error instanceof Error ? error : new Error(String(error)));
        void vscode.window.showErrorMessage(vscode.l10n.t('Autoconf failed: {0}', error instanceof Error ? error.message : String(error)));
        return undefined;
      }
    }));
  }
}

export function deactivate(): void {}
