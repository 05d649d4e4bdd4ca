// "Detect mail settings for an address…": address → cancellable detection → setup → target →
// file. Also the second half alone, for "Write mail config…" on the last report.
import { detect, isAutoconfError, parseAddress, type Report } from '@autoconf/core';
import { askAddress, type AddressMemory } from './address-input.js';
import { t } from './l10n.js';
import { describeProgress, logProgress } from './progress-text.js';
import { detectOptionsOf, type Settings } from './settings.js';
import { reconcileDjangoSettings } from './django-settings.js';
import { explainNoSetup } from './failure-cause.js';
import { describePasswordHome, passwordHome, protocolsWritten } from './password-target.js';
import { describeEndpointPlainly, listSetups, pickSetup, steeringFindings, type Setup } from './setups.js';
import { listTargets, type Target } from './targets.js';
import type { NoticeAction, PickItem } from './ui.js';
import { writeTarget, type WriteContext, type WriteOutcome } from './write-config.js';

/** What a notification's buttons open; the host's (absent in a test, no buttons are offered). */
export interface Openers {
  report(report: Report): Promise<void>;
  log(): void;
  setting(key: string): Promise<void>;
}

export interface FlowDeps extends WriteContext {
  /** Settings and the extra CA PEMs they name; throws AutoconfError on a bad setting. */
  readSettings(): Promise<{ settings: Settings; extraCa: string[] }>;
  remember(report: Report): Promise<void>;
  open?: Openers;
  /** The last address typed, for the address box (absent: the box starts empty). */
  addressMemory?: AddressMemory;
}

/** Arguments for running the command from a keybinding, a task or a test: each given one skips its question. */
export interface DetectArgs {
  address?: string;
  /** A writer id, e.g. `env`. */
  target?: string;
  /** Take the recommendation without asking (a high-severity finding still asks). */
  setup?: 'recommended';
}

export type FlowOutcome =
  | { status: 'cancelled' | 'failed' }
  | { status: 'not-found'; report: Report; message: string }
  | { status: 'done'; report: Report; setup: Setup; target: Target; write: WriteOutcome; summary: string; warning?: string };

export { validateAddress } from './address-input.js';

function fail(deps: FlowDeps, error: unknown): FlowOutcome {
  if (!isAutoconfError(error)) throw error;
  deps.log.error(`${error.code}: ${error.message}`);
  deps.ui.notify('error', error.message);
  return { status: 'failed' };
}

export async function runDetect(deps: FlowDeps, args: DetectArgs = {}): Promise<FlowOutcome> {
  const { ui, log } = deps;
  const typed = args.address ?? await askAddress(ui, deps.addressMemory);
  if (typed === undefined) return { status: 'cancelled' };
  const address = typed.trim();
  let report: Report;
  try {
    parseAddress(address);
    const { settings, extraCa } = await deps.readSettings();
    log.info(`detect ${address} (dns ${settings.nameservers.join(', ') || 'system'}, timeout ${settings.timeoutMs} ms, policy ${settings.policy})`);
    report = await ui.withProgress(t('Detecting mail settings for {0}', address), (progress, signal) =>
      detect(address, {
        ...detectOptionsOf(settings, extraCa),
        transcript: true,
        signal,
        onProgress: (event) => {
          log.debug(logProgress(event));
          const message = describeProgress(event);
          if (message !== undefined) progress(message);
        },
      }));
  } catch (error) {
    if (isAutoconfError(error, 'ABORTED')) {
      log.info(`detect ${address}: cancelled`);
      ui.notify('info', t('Detection cancelled; nothing was written.'));
      return { status: 'cancelled' };
    }
    return fail(deps, error);
  }
  log.info(`detect ${address}: ${report.status} in ${Math.round(report.timings.totalMs)} ms, ${report.findings.length} finding(s)`);
  await deps.remember(report);
  return chooseAndWrite(deps, report, args);
}

async function pickTarget(deps: FlowDeps, defaultTarget: string, wanted: string | undefined): Promise<Target | undefined> {
  const targets = await listTargets(deps.files, defaultTarget);
  if (wanted !== undefined) {
    const target = targets.find((candidate) => candidate.writer.id === wanted);
    if (target === undefined) deps.ui.notify('error', t('Unknown config format "{0}".', wanted));
    return target;
  }
  // Typing filters the list; the recommended target stays first, its reason beside it.
  const items: PickItem<Target>[] = targets.map((target, index) => ({
    label: index === 0 && target.reason !== undefined ? `$(star-full) ${target.writer.title}` : target.writer.title,
    description: index === 0 && target.reason !== undefined ? `${target.path} — ${t('recommended')}: ${target.reason}` : target.path,
    detail: target.writer.description,
    value: target,
  }));
  return deps.ui.pick({ title: t('Config format'), placeHolder: t('Where should the settings go? Type to filter.'), items });
}

function failureActions(deps: FlowDeps, report: Report, setting: string | undefined): NoticeAction[] {
  const open = deps.open;
  if (open === undefined) return [];
  return [
    { title: t('Show report'), run: () => open.report(report) },
    { title: t('Open log'), run: () => open.log() },
    ...(setting === undefined ? [] : [{ title: t('Open setting'), run: () => open.setting(setting) }]),
  ];
}

/** The success message: what the file now holds, why the choice went where it did, where the password goes. */
function summarize(report: Report, setup: Setup, target: Target, write: WriteOutcome): string {
  const protocols = protocolsWritten(target.writer.id, setup.recommended);
  const endpoints = protocols.map((p) => setup.recommended[p]).filter((e) => e !== undefined).map(describeEndpointPlainly).join('; ');
  const kept = 'kept' in write ? write.kept : [];
  const steering = steeringFindings(report, setup).map((f) => t('Chosen over {0}: {1}', f.endpoint === undefined ? '' : `${f.endpoint.host}:${f.endpoint.port}`, f.message));
  const password = describePasswordHome(passwordHome(target.writer.id, setup.recommended, 'path' in write ? write.path : target.path));
  const parts: string[] = [];
  if (write.status === 'written') {
    parts.push(kept.length === 0
      ? t('Wrote {0} to {1}.', endpoints, write.path)
      : t('Updated {0}; your own values stay for {1}, so it does not hold all of {2}.', write.path, kept.join(', '), endpoints));
  } else if (write.status === 'unchanged') {
    parts.push(kept.length === 0
      ? t('{0} already holds these settings ({1}).', write.path, endpoints)
      : t('{0} is unchanged: you kept your own values for {1}, and it does not hold {2}.', write.path, kept.join(', '), endpoints));
  } else if (write.status === 'snippet') {
    parts.push(t('{0} exists: paste the generated config into it.', target.path));
  }
  parts.push(...steering);
  if (write.status !== 'unchanged' || kept.length === 0) parts.push(password);
  return parts.join(' ');
}

export async function chooseAndWrite(deps: FlowDeps, report: Report, args: DetectArgs = {}): Promise<FlowOutcome> {
  const { ui } = deps;
  const setups = listSetups(report);
  if (setups.length === 0) {
    let settings: Settings | undefined;
    try {
      settings = (await deps.readSettings()).settings;
    } catch {
      settings = undefined; // The cause is then told without the settings' part.
    }
    const cause = explainNoSetup(report, settings ?? { nameservers: [], timeoutMs: 0 });
    deps.log.warn(cause.message);
    ui.notify('error', cause.message, failureActions(deps, report, cause.setting));
    return { status: 'not-found', report, message: cause.message };
  }
  const first = setups[0] as Setup;
  const setup = args.setup === 'recommended' && !first.findings.some((f) => f.severity === 'high') ? first : await pickSetup(ui, report);
  if (setup === undefined) return { status: 'cancelled' };
  let settings: Settings;
  try {
    settings = (await deps.readSettings()).settings;
  } catch (error) {
    return fail(deps, error);
  }
  const target = await pickTarget(deps, settings.defaultTarget, args.target);
  if (target === undefined) return { status: 'cancelled' };
  let write: WriteOutcome;
  try {
    write = await writeTarget(deps, target, {
      address: report.address.input,
      recommended: setup.recommended,
      detectedAt: report.startedAt,
      verified: report.status === 'verified',
    });
  } catch (error) {
    return fail(deps, error);
  }
  if (write.status === 'cancelled') return { status: 'cancelled' };
  if (target.writer.id === 'django' && (write.status === 'written' || write.status === 'unchanged')) {
    await reconcileDjangoSettings(deps, write.path);
  }
  const summary = summarize(report, setup, target, write);
  const warning = write.status === 'written' && write.gitIgnored === false
    ? t('{0} is not ignored by git: add it to .gitignore before you put a password in it.', write.path)
    : undefined;
  if (warning !== undefined) deps.log.warn(warning);
  return { status: 'done', report, setup, target, write, summary, ...(warning === undefined ? {} : { warning }) };
}
