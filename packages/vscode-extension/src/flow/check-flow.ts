// "Check mail settings against the server": the configs of a file dialled exactly as their
// client would dial them (one probe each, never a login), under a cancellable progress, and the
// result in the report view.
import { createNetwork, isAutoconfError } from '@autoconf/core';
import { configFileKind, diagnoseConfig, readConfigFile, type ConfigDiagnosis, type ConfigMode } from '@autoconf/core/internal/diagnose/index.js';
import { t } from './l10n.js';
import { networkOptionsOf, type Settings } from './settings.js';
import type { Log, Ui } from './ui.js';

export interface CheckDeps {
  ui: Ui;
  log: Log;
  readSettings(): Promise<{ settings: Settings; extraCa: string[] }>;
}

/** The file to check: its path (for origins and the report) and text (the editor's, unsaved edits included). */
export interface CheckedFile {
  path: string;
  /** As shown to the user (relative to the workspace). */
  name: string;
  text: string;
  environment?: Readonly<Record<string, string | undefined>>;
}

export type CheckOutcome =
  | { status: 'cancelled' | 'failed' | 'no-config' }
  | { status: 'done'; verdicts: Array<ConfigDiagnosis['verdict']>; markdown: string };

const MODE_WORDS: Record<ConfigMode, () => string> = {
  'implicit-tls': () => t('implicit TLS'),
  'starttls-required': () => t('STARTTLS, required'),
  'starttls-opportunistic': () => t('STARTTLS only if offered'),
  none: () => t('no TLS'),
};
const VERDICT_WORDS = {
  strict: () => t('Works, and is strict'),
  weak: () => t('Works, but with a high finding'),
  broken: () => t('Broken: cannot work as configured'),
} as const;

/** Markdown text from the network: no markup of its own (backticks and angle brackets). */
function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[\\`*_<>[\]]/g, (c) => `\\${c}`);
}

export function renderCheck(file: CheckedFile, results: readonly ConfigDiagnosis[]): string {
  const out = [`# ${t('Mail settings in {0}', plain(file.name))}`, ''];
  for (const d of results) {
    const { config } = d;
    const where = `${config.host?.value ?? t('(no host)')}:${config.port?.value ?? d.live?.port ?? t('default port')}`;
    out.push(`## ${plain(where)} — ${MODE_WORDS[config.mode.value]()} (${plain(config.format)})`, '', `**${VERDICT_WORDS[d.verdict]()}**`, '');
    if (d.live !== undefined) {
      out.push(`- ${t('Live')}: ${plain(d.live.explanation.headline)}. ${plain(d.live.explanation.words)}`);
      const tls = d.live.probe.tls;
      if (tls !== undefined) out.push(`- TLS: ${plain(tls.protocol)} ${plain(tls.cipher)}`);
      const auth = [...new Set([...d.live.probe.authBeforeTls, ...d.live.probe.authAfterTls])];
      out.push(`- AUTH: ${plain(auth.join(' ') || t('none offered'))}`);
    } else if (config.host === undefined) {
      out.push(`- ${t('No host is set: nothing was dialled.')}`);
    }
    for (const diagnosis of d.diagnoses) {
      const at = diagnosis.origin.line === undefined ? diagnosis.origin.key : `${diagnosis.origin.key} (${t('line {0}', diagnosis.origin.line)})`;
      out.push(`- [${diagnosis.severity}] ${plain(at)}: ${plain(diagnosis.message)} ${t('Fix')}: ${plain(diagnosis.fix)}`);
    }
    const changes = d.changes.map((c) => c.instruction ?? (c.to === null ? t('remove {0}', c.key) : config.format === 'nodemailer' ? `${c.key}: ${c.to}` : `${c.key}=${c.to}`));
    if (changes.length > 0) out.push('', `${t('Change')}:`, '', ...changes.map((c) => `- \`${c.replace(/`/g, "'")}\``));
    out.push('');
  }
  return out.join('\n');
}

export async function runCheck(deps: CheckDeps, file: CheckedFile | undefined): Promise<CheckOutcome> {
  const { ui, log } = deps;
  if (file === undefined || configFileKind(file.path) === undefined) {
    ui.notify('info', t('Open a mail config file (.env, a source calling createTransport, application.properties, settings.py) first.'));
    return { status: 'no-config' };
  }
  try {
    const configs = await readConfigFile(file.path, file.text, file.environment ?? {});
    if (configs.length === 0) {
      ui.notify('info', t('{0} holds no mail settings autoconf can read.', file.name));
      return { status: 'no-config' };
    }
    const { settings, extraCa } = await deps.readSettings();
    const network = createNetwork(networkOptionsOf(settings, extraCa));
    const results = await ui.withProgress(t('Checking the mail settings in {0}', file.name), async (progress, signal) => {
      const out: ConfigDiagnosis[] = [];
      for (const config of configs) {
        progress(t('Dialling {0}…', config.host?.value ?? t('(no host)')));
        out.push(await diagnoseConfig(config, { network, signal, timeoutMs: settings.timeoutMs }));
        if (signal.aborted) break;
      }
      return out;
    });
    if (results.some((r) => r.live?.probe.outcome === 'aborted')) {
      ui.notify('info', t('Check cancelled.'));
      return { status: 'cancelled' };
    }
    const markdown = renderCheck(file, results);
    log.info(`check ${file.name}: ${results.map((r) => r.verdict).join(', ')}`);
    await ui.show({ name: 'autoconf-check.md', language: 'markdown', content: markdown, rendered: true });
    const worst = results.some((r) => r.verdict === 'broken') ? 'broken' : results.some((r) => r.verdict === 'weak') ? 'weak' : 'strict';
    ui.notify(worst === 'strict' ? 'info' : worst === 'weak' ? 'warning' : 'error', `${file.name}: ${VERDICT_WORDS[worst]()}.`);
    return { status: 'done', verdicts: results.map((r) => r.verdict), markdown };
  } catch (error) {
    if (!isAutoconfError(error)) throw error;
    if (error.code === 'ABORTED') {
      ui.notify('info', t('Check cancelled.'));
      return { status: 'cancelled' };
    }
    log.error(`${error.code}: ${error.message}`);
    ui.notify('error', error.message);
    return { status: 'failed' };
  }
}
