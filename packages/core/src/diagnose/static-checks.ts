// What is wrong with a mail config without asking the network: the mistakes the issue
// trackers of mail-sending apps are full of, each with the error the user's client shows and
// the change that fixes it.
import type { Severity } from '../notes.js';
import type { ConfigMode, MailConfig, Origin } from './config.js';

export const DIAGNOSES = {
  'tls-on-starttls-port': {
    severity: 'high',
    fix: 'Use STARTTLS on this port, and require it: the change below does, in this file\'s own terms.',
  },
  'plain-on-implicit-port': {
    severity: 'high',
    fix: 'Use implicit TLS on port 465: the change below does, in this file\'s own terms.',
  },
  'opportunistic-starttls': {
    severity: 'high',
    fix: 'Require STARTTLS (the change below), or use implicit TLS on 465.',
  },
  'cleartext': {
    severity: 'high',
    fix: 'Turn TLS on: STARTTLS required on 587, or implicit TLS on 465.',
  },
  'verify-disabled': {
    severity: 'high',
    fix: 'Turn certificate checks back on; for a private CA, give the client that CA instead (nodemailer: tls.ca; autoconf: --ca-file).',
  },
  'port-25': {
    severity: 'medium',
    fix: 'Submit on 587 (STARTTLS) or 465 (implicit TLS): port 25 is for server-to-server relay and blocked for apps on many networks.',
  },
  'both-tls-flags': {
    severity: 'high',
    fix: 'Set only one: EMAIL_USE_SSL for port 465, or EMAIL_USE_TLS for 587.',
  },
  'tls-version-low': {
    severity: 'medium',
    fix: 'Allow TLS 1.2 and later only (nodemailer: tls: { minVersion: \'TLSv1.2\' }): TLS 1.0 and 1.1 are retired (RFC 8996).',
  },
  'password-in-repo': {
    severity: 'high',
    fix: 'Move the password out of the file (into the environment or a secret store, read by reference), change it, and keep the file out of git (.gitignore).',
  },
  'boolean-string': {
    severity: 'high',
    fix: "Compare the string instead: secure: process.env.SMTP_SECURE === 'true' (Boolean() and !! read every non-empty string, \"false\" too, as true).",
  },
  'unresolved-reference': {
    severity: 'medium',
    fix: 'Define the variable it refers to, or write the value itself.',
  },
} as const satisfies Record<string, { severity: Severity; fix: string }>;

export type DiagnosisCode = keyof typeof DIAGNOSES;

export interface Diagnosis {
  code: DiagnosisCode;
  severity: Severity;
  /** What is wrong, and the error the user's client shows for it. */
  message: string;
  fix: string;
  /** The key to change. */
  origin: Origin;
}

const STARTTLS_PORTS = new Set([587, 25]);
const MODES_WITHOUT_TLS_AT_ONCE: ReadonlySet<ConfigMode> = new Set(['starttls-required', 'starttls-opportunistic', 'none']);

function diagnosis(code: DiagnosisCode, message: string, origin: Origin): Diagnosis {
  return { code, severity: DIAGNOSES[code].severity, message, fix: DIAGNOSES[code].fix, origin };
}

/** Whether git would share a file: tracked, or neither tracked nor ignored (the next
 *  `git add .` takes it); `private`: ignored, or no repository. */
export type RepoState = 'tracked' | 'unignored' | 'private';

/** The findings that need the file's place in a repository: a password written in a file git
 *  shares (or will). */
export function repoChecks(config: MailConfig, state: (file: string) => RepoState): Diagnosis[] {
  if (config.password === undefined || config.passwordLiteral !== true) return [];
  const where = state(config.password.file);
  if (where === 'private') return [];
  const how = where === 'tracked' ? 'git tracks this file' : 'this file is not in .gitignore, so the next "git add" takes it';
  return [diagnosis('password-in-repo', `The password is written in the file, and ${how}: everyone with the repository can read it.`, config.password)];
}

/** The static findings of one config, most severe first. */
export function staticChecks(config: MailConfig): Diagnosis[] {
  const out: Diagnosis[] = [];
  const port = config.port?.value;
  const mode = config.mode.value;
  const portOrigin = config.port?.origin ?? config.mode.origin;
  if (port !== undefined && STARTTLS_PORTS.has(port) && mode === 'implicit-tls') {
    out.push(diagnosis('tls-on-starttls-port', `Port ${port} with implicit TLS: the client starts TLS at once while the server waits for EHLO, and fails with "wrong version number" (OpenSSL: ssl3_get_record).`, config.mode.origin));
  }
  if (port === 465 && MODES_WITHOUT_TLS_AT_ONCE.has(mode)) {
    out.push(diagnosis('plain-on-implicit-port', 'Port 465 without implicit TLS: the client waits for a greeting the server only sends inside TLS, and fails with "Greeting never received" or a timeout.', config.mode.origin));
  }
  if (mode === 'starttls-opportunistic' && port !== 465) {
    out.push(diagnosis('opportunistic-starttls', 'STARTTLS is used only when the server offers it: a middlebox that strips it makes the client log in and send mail in cleartext, silently.', config.mode.origin));
  }
  if (mode === 'none' && port !== 465) {
    out.push(diagnosis('cleartext', 'No TLS at all: the password and every message cross the network unencrypted.', config.mode.origin));
  }
  if (config.verifyDisabled !== undefined) {
    out.push(diagnosis('verify-disabled', 'Certificate verification is off: anyone on the path can pose as the server and read the password.', config.verifyDisabled));
  }
  if (port === 25) out.push(diagnosis('port-25', 'Port 25 is the relay port: ISPs and clouds commonly block it for apps, so this works on one network and times out on the next.', portOrigin));
  if (config.bothTlsFlags !== undefined) {
    out.push(diagnosis('both-tls-flags', 'Both EMAIL_USE_TLS and EMAIL_USE_SSL are on: Django refuses to start ("EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive").', config.bothTlsFlags[1]));
  }
  const minVersion = config.tls?.minVersion;
  if (minVersion !== undefined && /^TLSv1(\.[01])?$/i.test(minVersion.value.trim())) {
    out.push(diagnosis('tls-version-low', `${minVersion.origin.key} allows ${minVersion.value}: a middlebox can push the connection down to a retired TLS version.`, minVersion.origin));
  }
  for (const flag of config.booleanStrings) {
    out.push(diagnosis('boolean-string', `${flag.origin.key} is read with Boolean(): the string "${flag.value}" there is true, so the client does the opposite of what the variable says.`, flag.origin));
  }
  for (const origin of config.unresolved) {
    out.push(diagnosis('unresolved-reference', `${origin.key} could not be worked out from the project's files (a variable that is not set, or an expression): the app may read an empty value.`, origin));
  }
  const rank: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
