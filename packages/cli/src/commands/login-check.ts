// --verify-login after detection: the user sees where the password would go before typing it.
// Hosts inside the address's domain, or named by a trustworthy source, get the login; any other
// host needs consent naming it: a question on a terminal, `--login-host <host>` otherwise.
import { checkReportLogins, planReportLogins, type DetectOptions, type PlannedLogin, type Report } from '@autoconf/core';
import type { Io } from '../io.js';
import { readPassword } from './password.js';

export interface LoginFlags {
  loginHost?: string[];
}

export async function runLoginCheck(
  io: Io,
  report: Report,
  flags: LoginFlags,
  options: DetectOptions,
  password: string | undefined,
): Promise<Report> {
  // Offline there is no server to log in to: nothing is asked, nothing is checked.
  if (options.offline === true) {
    io.stderr('autoconf: --verify-login: no login in --offline mode.\n');
    return report;
  }
  const allowHosts = [...(flags.loginHost ?? [])];
  for (const entry of needingConsent(planReportLogins(report, { allowHosts }))) {
    if (io.confirm === undefined) break;
    const evidence = entry.permission.namedBy.slice(0, 3).map((line) => `  ${line}\n`).join('');
    const question = `${entry.permission.reason}\n${evidence}` +
      `Send the password for ${report.address.addressUnicode} to ${entry.endpoint.host}? [y/N] `;
    if (await io.confirm(question)) allowHosts.push(entry.endpoint.host);
  }
  const plan = planReportLogins(report, { allowHosts });
  const allowed = plan.some((entry) => entry.permission.allowed);
  const secret = password ?? (allowed ? await readPassword(io, false, report.address.address) : undefined);
  return checkReportLogins(report, { ...loginNetwork(options), password: secret, allowHosts });
}

/** One question per host, in the order of the recommendation. */
function needingConsent(plan: readonly PlannedLogin[]): PlannedLogin[] {
  const seen = new Set<string>();
  return plan.filter((entry) => {
    if (entry.permission.basis !== 'needs-consent' || seen.has(entry.endpoint.host)) return false;
    seen.add(entry.endpoint.host);
    return true;
  });
}

function loginNetwork(options: DetectOptions): Pick<DetectOptions, 'network' | 'nameservers' | 'extraCa' | 'signal' | 'transcript'> {
  return {
    ...(options.network === undefined ? {} : { network: options.network }),
    ...(options.nameservers === undefined ? {} : { nameservers: options.nameservers }),
    ...(options.extraCa === undefined ? {} : { extraCa: options.extraCa }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.transcript === undefined ? {} : { transcript: options.transcript }),
  };
}
