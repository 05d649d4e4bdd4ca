// The editor side of `doctor`: Problems-panel diagnostics on .env files and on sources calling
// createTransport (static checks only, re-run 300 ms after the last keystroke), quick fixes
// from core's corrections, and hovers on the mail keys of a .env.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readEnvAssignments } from '@autoconf/core/internal/writers/env-merge.js';
import { configFileKind } from '@autoconf/core/internal/diagnose/index.js';
import { createDebouncer, diagnoseText, isCheckedFile, type EditorDiagnostic, type EditorSeverity } from '../flow/mail-diagnostics.js';
import { fixEnv, fixJs, fixTitle, type TextEdit } from '../flow/mail-fixes.js';
import { envKeyAt, hoverText } from '../flow/mail-hover.js';

const SOURCE = 'autoconf';
const ENV_FILES = '**/{.env,.env.*,*.env}';

/** Where the editor's features apply: .env families by name (VS Code gives them several
 *  language ids, or none), and JS/TS sources. */
export const MAIL_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: ENV_FILES },
  ...['javascript', 'typescript', 'javascriptreact', 'typescriptreact'].map((language) => ({ scheme: 'file', language })),
];

const SEVERITY: Record<EditorSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** The variables of the folder's .env, which a source's process.env reads at run time (dotenv). */
export async function projectEnvironment(uri: vscode.Uri): Promise<Record<string, string | undefined>> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const text = folder === undefined ? '' : await readFile(join(folder.uri.fsPath, '.env'), 'utf8').catch(() => '');
  return { ...Object.fromEntries(readEnvAssignments(text).map((a) => [a.key, a.value])), ...process.env };
}

function rangeOf(d: EditorDiagnostic): vscode.Range {
  return new vscode.Range(d.range.line, d.range.start, d.range.line, d.range.end);
}

export function registerMailEditor(log: vscode.LogOutputChannel): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  // What each document's last check found, for the quick fixes (VS Code hands code-action
  // providers copies of the diagnostics, so they are matched by code and range).
  const found = new Map<string, EditorDiagnostic[]>();
  const debounce = createDebouncer();

  async function check(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const path = document.uri.fsPath;
    if (document.uri.scheme !== 'file' || !isCheckedFile(path, document.getText())) {
      if (found.delete(key)) collection.delete(document.uri);
      return;
    }
    const version = document.version;
    const environment = configFileKind(path) === 'js' ? await projectEnvironment(document.uri) : { ...process.env };
    let diagnostics: EditorDiagnostic[];
    try {
      diagnostics = await diagnoseText(path, document.getText(), environment);
    } catch (error) {
      log.warn(`check ${vscode.workspace.asRelativePath(document.uri)}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // Typing went on while this ran: the newer check will report.
    if (document.version !== version || document.isClosed) return;
    found.set(key, diagnostics);
    collection.set(document.uri, diagnostics.map((d) => {
      const diagnostic = new vscode.Diagnostic(rangeOf(d), d.message, SEVERITY[d.severity]);
      diagnostic.source = SOURCE;
      diagnostic.code = d.code;
      return diagnostic;
    }));
  }

  const codeActions: vscode.CodeActionProvider = {
    provideCodeActions(document, _range, context) {
      const mine = found.get(document.uri.toString()) ?? [];
      const actions = new Map<string, vscode.CodeAction>();
      for (const shown of context.diagnostics.filter((d) => d.source === SOURCE)) {
        const entry = mine.find((d) => d.code === shown.code && rangeOf(d).isEqual(shown.range));
        if (entry === undefined || entry.changes.length === 0) continue;
        const title = fixTitle(entry.format, entry.changes);
        const existing = actions.get(title);
        if (existing !== undefined) {
          existing.diagnostics?.push(shown);
          continue;
        }
        const text = document.getText();
        const edit: TextEdit | undefined = configFileKind(document.uri.fsPath) === 'env'
          ? fixEnv(text, entry.changes)
          : fixJs(text, document.uri.fsPath, entry.range.line + 1, entry.changes);
        if (edit === undefined) continue;
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.text);
        action.diagnostics = [shown];
        action.isPreferred = true;
        actions.set(title, action);
      }
      return [...actions.values()];
    },
  };

  const hovers: vscode.HoverProvider = {
    provideHover(document, position) {
      if (configFileKind(document.uri.fsPath) !== 'env') return undefined;
      const at = envKeyAt(document.lineAt(position.line).text, position.character);
      const text = at === undefined ? undefined : hoverText(at.key);
      if (at === undefined || text === undefined) return undefined;
      return new vscode.Hover(new vscode.MarkdownString().appendText(text), new vscode.Range(position.line, at.start, position.line, at.end));
    },
  };

  const run = (document: vscode.TextDocument) => void check(document);
  for (const document of vscode.workspace.textDocuments) run(document);
  return vscode.Disposable.from(
    collection,
    { dispose: () => debounce.dispose() },
    vscode.workspace.onDidOpenTextDocument(run),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      debounce.schedule(event.document.uri.toString(), () => run(event.document));
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      debounce.cancel(document.uri.toString());
      found.delete(document.uri.toString());
      collection.delete(document.uri);
    }),
    vscode.languages.registerCodeActionsProvider(MAIL_SELECTOR, codeActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.languages.registerHoverProvider({ scheme: 'file', pattern: ENV_FILES }, hovers),
  );
}
