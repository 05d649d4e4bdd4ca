// The login check on a finished report, for front ends that ask for consent and a password only
// after they have shown the user where it would go (the CLI on a terminal, the extension).
import { parseAddress } from './address.js';
import { AutoconfError } from './errors.js';
import { networkFor } from './detect.js';
import { resolveOptions, type DetectOptions } from './options.js';
import type { Report } from './report/types.js';
import type { Endpoint, Protocol } from './types.js';
import { planLogins, runLogins, type PlannedLogin } from './verify/logins.js';

export type { PlannedLogin } from './verify/logins.js';
export type { LoginBasis, LoginPermission } from './verify/login-trust.js';

export interface LoginPlanOptions {
  /** The endpoints to log in to (a setup the user chose); default: the report's recommendation. */
  recommended?: Partial<Record<Protocol, Endpoint>>;
  /** Used on every endpoint instead of the published username. */
  username?: string;
  /** Hosts the user consented to although no trustworthy source named them. */
  allowHosts?: string[];
}

/** Where a login would go and whether it may: no network, nothing sent. */
export function planReportLogins(report: Report, options: LoginPlanOptions = {}): PlannedLogin[] {
  const { recommended = report.recommended, ...rest } = options;
  return planLogins({ recommended, candidates: report.candidates, address: parseAddress(report.address.input), ...rest });
}

export type CheckLoginsOptions = LoginPlanOptions &
  Pick<DetectOptions, 'network' | 'nameservers' | 'extraCa' | 'nodeExtraCaCerts' | 'systemCa' | 'connectTimeoutMs' | 'stepTimeoutMs' | 'probeTimeoutMs' | 'transcript' | 'signal'> & {
    /** Needed when the plan allows a login; without one every endpoint is reported not tried. */
    password: string | undefined;
  };

/** The report with its `logins` filled in: one attempt on each endpoint the plan allows. */
export async function checkReportLogins(report: Report, options: CheckLoginsOptions): Promise<Report> {
  const { password, username, allowHosts, recommended, ...rest } = options;
  const resolved = resolveOptions(rest);
  const plan = planReportLogins(report, {
    ...(username === undefined ? {} : { username }),
    ...(allowHosts === undefined ? {} : { allowHosts }),
    ...(recommended === undefined ? {} : { recommended }),
  });
  if (password === undefined && plan.some((entry) => entry.permission.allowed)) {
    throw new AutoconfError('OPTION_INVALID', 'A login is allowed but no password was given.');
  }
  const network = networkFor(resolved);
  if (network === undefined) return report;
  const logins = await runLogins(network, plan, { ...resolved, password: password ?? '' });
  return { ...report, logins };
}
