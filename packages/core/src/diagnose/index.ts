// diagnose(): a mail config a project already has, checked statically and then against the
// live server, with the corrected config as changes against the file.
import type { Network } from '../net/types.js';
import type { MailConfig } from './config.js';
import { corrections, type Change } from './corrections.js';
import { checkLive, type LiveCheck } from './live.js';
import { repoChecks, staticChecks, type Diagnosis, type RepoState } from './static-checks.js';

export type { MailConfig, ConfigMode, Origin, Field } from './config.js';
export type { Change } from './corrections.js';
export type { Diagnosis, DiagnosisCode, RepoState } from './static-checks.js';
export type { LiveCheck } from './live.js';
export type { ReadModule } from './read-js.js';
export { DIAGNOSES } from './static-checks.js';
export { readConfigFile, configFileKind, CONTENT_HINTS, type ConfigFileKind } from './read-file.js';

/** `strict`: works (or, offline, nothing static is wrong) and cannot be downgraded.
 *  `weak`: works, but with a high finding (downgradeable, unverified certificates…).
 *  `broken`: cannot work as configured. */
export type ConfigVerdict = 'strict' | 'weak' | 'broken';

export interface ConfigDiagnosis {
  config: MailConfig;
  verdict: ConfigVerdict;
  diagnoses: Diagnosis[];
  changes: Change[];
  /** Absent offline, or when the config names no host. */
  live?: LiveCheck;
}

export interface DiagnoseOptions {
  /** Where each file stands in git; without it, no repository check is made. */
  repoState?: (file: string) => RepoState;
  /** Static checks only: nothing is dialled. */
  offline?: boolean;
  network?: Network;
  signal?: AbortSignal;
  timeoutMs?: number;
}

// Mistakes that fail every time, whatever the server does.
const ALWAYS_FAILS = new Set(['tls-on-starttls-port', 'plain-on-implicit-port', 'both-tls-flags']);

export async function diagnoseConfig(config: MailConfig, options: DiagnoseOptions = {}): Promise<ConfigDiagnosis> {
  const diagnoses = [...staticChecks(config), ...(options.repoState === undefined ? [] : repoChecks(config, options.repoState))];
  const changes = corrections(config, diagnoses);
  const live = options.offline ? undefined : await checkLive(config, options);
  const broken = diagnoses.some((d) => ALWAYS_FAILS.has(d.code)) || config.host === undefined ||
    (live !== undefined && clientFails(config, live));
  const verdict: ConfigVerdict = broken ? 'broken'
    : diagnoses.some((d) => d.severity === 'high') || (live !== undefined && live.explanation.verdict !== 'works') ? 'weak'
      : 'strict';
  return { config, verdict, diagnoses, changes, ...(live === undefined ? {} : { live }) };
}

/** Whether the config's own client gives up where the probe saw what it saw: no dialogue; no
 *  STARTTLS when the config requires it; a certificate problem when it verifies certificates. */
function clientFails(config: MailConfig, live: LiveCheck): boolean {
  switch (live.explanation.verdict) {
    case 'failed':
      return true;
    case 'downgrade':
      return config.mode.value === 'starttls-required';
    case 'certificate':
      return config.verifyDisabled === undefined;
    default:
      return false;
  }
}
