// The command handlers. This module (and with it all of core) is loaded on the first command,
// not at activation: activation only registers the commands.
import type { Report } from '@autoconf/core';
import * as vscode from 'vscode';
import { chooseAndWrite, runDetect, type DetectArgs, type FlowDeps, type FlowOutcome } from '../flow/detect-flow.js';
import { t } from '../flow/l10n.js';
import { checkLogin, storePassword, type PasswordDeps } from '../flow/password.js';
import { runProbe, type ProbeArgs } from '../flow/probe-flow.js';
import { renderReport } from '../flow/report-markdown.js';
import type { Ui } from '../flow/ui.js';
import type { ReadOnlyDocuments } from './documents.js';
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
}

export function createCommands(hostEnv: HostEnv): Commands {
  const env: HostEnv = { ...hostEnv, log: withVisibleControls(hostEnv.log) };
  const folder = () => vscode.workspace.workspaceFolders?.[0];
  const ui: Ui = createVscodeUi(env.documents, () => folder()?.uri);
  let lastReport = env.context.workspaceState.get<Report>(LAST_REPORT_KEY);
  const settings = () => readSettings(folder());
  const passwordDeps: PasswordDeps = { ui, log: env.log, secrets: env.context.secrets, readSettings: settings };

  function flowDeps(): FlowDeps | undefined {
    const root = folder();
    if (root === undefined) {
      ui.notify('error', t('Open a folder first: the settings are written into the workspace.'));
      return undefined;
    }
    return {
      ui,
      log: env.log,
      files: createWorkspaceFiles(root, (message) => env.log.warn(message)),
      readSettings: settings,
      remember: async (report) => {
        lastReport = report;
        await env.context.workspaceState.update(LAST_REPORT_KEY, report);
      },
    };
  }

  async function showReport(): Promise<void> {
    if (lastReport === undefined) {
      ui.notify('info', t('No detection yet: run "Autoconf: Detect mail settings for an address…" first.'));
      return;
    }
    await ui.show({ name: `report-${lastReport.address.address}.md`, language: 'markdown', content: renderReport(lastReport) });
  }

  // Not awaited: a notification the user ignores would keep the command running forever.
  function announce(outcome: FlowOutcome): void {
    if (outcome.status !== 'done') return;
    if (outcome.warning !== undefined) void vscode.window.showWarningMessage(outcome.warning);
    const address = outcome.report.address.address;
    const actions = [t('Show report'), t('Store password…'), t('Check login…')] as const;
    void vscode.window.showInformationMessage(outcome.summary, ...actions).then(async (choice) => {
      if (choice === actions[0]) await showReport();
      else if (choice === actions[1]) await storePassword(passwordDeps, address);
      else if (choice === actions[2]) await checkLogin(passwordDeps, outcome.report, outcome.setup.recommended);
    });
  }

  return {
    async detect(args) {
      const deps = flowDeps();
      if (deps === undefined) return undefined;
      const outcome = await runDetect(deps, args);
      announce(outcome);
      return outcome;
    },
    async write(args) {
      const deps = flowDeps();
      if (deps === undefined) return undefined;
      if (lastReport === undefined) {
        ui.notify('info', t('No detection yet: run "Autoconf: Detect mail settings for an address…" first.'));
        return undefined;
      }
      const outcome = await chooseAndWrite(deps, lastReport, args);
      announce(outcome);
      return outcome;
    },
    probe: (args) => runProbe({ ui, log: env.log, readSettings: settings }, args),
    showReport,
  };
}
