// The command handlers. This module (and with it all of core) is loaded on the first command,
// not at activation: activation only registers the commands.
import type { Report } from '@autoconf/core';
import { configFileKind } from '@autoconf/core/internal/diagnose/index.js';
import * as vscode from 'vscode';
import { runCheck, type CheckOutcome } from '../flow/check-flow.js';
import { chooseAndWrite, runDetect, type DetectArgs, type FlowDeps, type FlowOutcome } from '../flow/detect-flow.js';
import { t } from '../flow/l10n.js';
import { checkLogin, forgetPassword, storePassword, type PasswordDeps } from '../flow/password.js';
import { setPasswordInEnvFile } from '../flow/password-file.js';
import { passwordHome } from '../flow/password-target.js';
import { pickFolder } from '../flow/folders.js';
import { runProbe, type ProbeArgs } from '../flow/probe-flow.js';
import { renderReport } from '../flow/report-markdown.js';
import type { Ui } from '../flow/ui.js';
import { createAddressMemory } from './address-memory.js';
import type { ReadOnlyDocuments } from './documents.js';
import { projectEnvironment } from './mail-editor.js';
import { readSettings } from './settings.js';
import { createVscodeUi } from './vscode-ui.js';
import { createWorkspaceFiles } from './workspace-files.js';
import { withVisibleControls } from './visible-log.js';

const LAST_REPORT_KEY = 'autoconf.lastReport';

export interface HostEnv {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  documents: ReadOnlyDocuments;
}

export interface Commands {
  detect(args?: DetectArgs): Promise<FlowOutcome | undefined>;
  probe(args?: ProbeArgs): Promise<unknown>;
  write(args?: DetectArgs): Promise<FlowOutcome | undefined>;
  showReport(): Promise<void>;
  storePassword(args?: { address?: string }): Promise<boolean>;
  forgetPassword(args?: { address?: string }): Promise<boolean>;
  /** The live check of a config file: `args.path`, else the active editor's document. */
  check(args?: { path?: string }): Promise<CheckOutcome>;
}

export function createCommands(hostEnv: HostEnv): Commands {
  const env: HostEnv = { ...hostEnv, log: withVisibleControls(hostEnv.log) };
  // The folder the last command wrote into: settings and the report follow it.
  let chosenFolder: vscode.WorkspaceFolder | undefined;
  const folder = () => chosenFolder ?? vscode.workspace.workspaceFolders?.[0];
  const ui: Ui = createVscodeUi(env.documents, () => folder()?.uri);
  let lastReport = env.context.workspaceState.get<Report>(LAST_REPORT_KEY);
  const settings = () => readSettings(folder());
  const addressMemory = createAddressMemory(env.context);
  const passwordDeps: PasswordDeps = { ui, log: env.log, secrets: env.context.secrets, readSettings: settings };

  async function showReport(report = lastReport): Promise<void> {
    if (report === undefined) {
      ui.notify('info', t('No detection yet: run "Autoconf: Detect mail settings for an address…" first.'));
      return;
    }
    // One name, so one tab: each report replaces the last in the same preview.
    await ui.show({ name: 'autoconf-report.md', language: 'markdown', content: renderReport(report), rendered: true });
  }

  const open = {
    report: (report: Report) => showReport(report),
    log: () => env.log.show(true),
    setting: async (key: string) => {
      await vscode.commands.executeCommand('workbench.action.openSettings', key);
    },
  };

  async function flowDeps(): Promise<FlowDeps | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      ui.notify('error', t('Open a folder first: the settings are written into the workspace.'));
      return undefined;
    }
    const root = await pickFolder(ui, folders.map((f) => ({ name: f.name, path: f.uri.fsPath, value: f })));
    if (root === undefined) return undefined;
    chosenFolder = root;
    return {
      ui,
      log: env.log,
      files: createWorkspaceFiles(root, (message) => env.log.warn(message)),
      readSettings: settings,
      remember: async (report) => {
        lastReport = report;
        await env.context.workspaceState.update(LAST_REPORT_KEY, report);
      },
      open,
      addressMemory,
    };
  }

  function announce(outcome: FlowOutcome, deps: FlowDeps): void {
    if (outcome.status !== 'done') return;
    if (outcome.warning !== undefined) ui.notify('warning', outcome.warning);
    const address = outcome.report.address.address;
    const write = outcome.write;
    const path = 'path' in write ? write.path : outcome.target.path;
    const home = passwordHome(outcome.target.writer.id, outcome.setup.recommended, path);
    ui.notify('info', outcome.summary, [
      { title: t('Show report'), run: () => showReport(outcome.report) },
      { title: t('Set password…'), run: () => setPasswordInEnvFile(deps, home, address) },
      { title: t('Check login…'), run: () => checkLogin(passwordDeps, outcome.report, outcome.setup.recommended) },
    ]);
  }

  async function addressFor(args: { address?: string } | undefined): Promise<string | undefined> {
    if (args?.address !== undefined) return args.address;
    return ui.input({
      title: t('Password for the login check'),
      prompt: t('The address whose password "Check login…" uses (kept in VS Code\'s secret storage)'),
      ...(lastReport === undefined ? {} : { value: lastReport.address.address }),
    });
  }

  return {
    async detect(args) {
      const deps = await flowDeps();
      if (deps === undefined) return undefined;
      const outcome = await runDetect(deps, args);
      announce(outcome, deps);
      return outcome;
    },
    async write(args) {
      const deps = await flowDeps();
      if (deps === undefined) return undefined;
      if (lastReport === undefined) {
        ui.notify('info', t('No detection yet: run "Autoconf: Detect mail settings for an address…" first.'));
        return undefined;
      }
      const outcome = await chooseAndWrite(deps, lastReport, args);
      announce(outcome, deps);
      return outcome;
    },
    probe: (args) => runProbe({ ui, log: env.log, readSettings: settings }, args),
    showReport: () => showReport(),
    async storePassword(args) {
      const address = await addressFor(args);
      return address === undefined ? false : storePassword(passwordDeps, address.trim());
    },
    async forgetPassword(args) {
      const address = await addressFor(args);
      return address === undefined ? false : forgetPassword(passwordDeps, address.trim());
    },
    async check(args) {
      // The file given, else the active editor's config file, else the workspace's .env.
      const active = vscode.window.activeTextEditor?.document.uri;
      const fallback = folder() === undefined ? undefined : vscode.Uri.joinPath(folder()!.uri, '.env');
      const uri = args?.path !== undefined ? vscode.Uri.file(args.path)
        : active !== undefined && configFileKind(active.fsPath) !== undefined ? active
          : fallback !== undefined && await vscode.workspace.fs.stat(fallback).then(() => true, () => false) ? fallback : active;
      // The editor's text, unsaved edits included.
      const document = uri === undefined || uri.scheme !== 'file' ? undefined : await vscode.workspace.openTextDocument(uri);
      const file = document === undefined ? undefined : {
        path: document.uri.fsPath,
        name: vscode.workspace.asRelativePath(document.uri),
        text: document.getText(),
        environment: await projectEnvironment(document.uri),
      };
      return runCheck({ ui, log: env.log, readSettings: () => readSettings(uri === undefined ? folder() : vscode.workspace.getWorkspaceFolder(uri) ?? folder()) }, file);
    },
  };
}
