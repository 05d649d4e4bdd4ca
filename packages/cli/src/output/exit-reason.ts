// Why `detect` ends with a code other than 0, in a line or two per cause, for stderr. A script
// that reads only stdout (--json, --format, --out -) or a user who piped the report away still
// learns what went wrong and what to type next.
import { showControlCharacters, type Finding, type Report } from '@autoconf/core';
import { EXIT } from '../exit-codes.js';

/** At most this many findings are named; the rest are counted (the report has them all). */
const MAX_NAMED = 3;

/** The findings that explain a failed run. Exit 3: the high ones. Exit 1: the deadline first
 *  (raising --timeout may be all it takes), then what was wrong with the servers that did
 *  answer, then the verdict itself (not found, no network, not verified). */
function causes(report: Report, code: number): Finding[] {
  const high = report.findings.filter((f) => f.severity === 'high' && f.code !== 'not-found');
  if (code === EXIT.HIGH_FINDING) return high;
  const of = (...codes: string[]) => report.findings.filter((f) => codes.includes(f.code));
  return [...new Set([...of('deadline'), ...high, ...of('no-network', 'not-found', 'unverified')])];
}

function describe(finding: Finding): string {
  return `autoconf: ${showControlCharacters(finding.message)}\n  fix: ${showControlCharacters(finding.fix)}`;
}

/** Findings a config cannot say but its user must act on (an app password, enabling IMAP,
 *  OAuth2 only, a published cleartext port): named when only a config went to stdout. */
const ADVICE_SEVERITIES: ReadonlySet<Finding['severity']> = new Set(['medium']);

/** The lines for stderr (each ending in a newline): why the exit code is not 0, and with
 *  `advise` (a config on stdout or in a file, which cannot carry the findings) the medium
 *  findings too, as notes. */
export function exitReason(report: Report, code: number, { advise = false }: { advise?: boolean } = {}): string {
  if (code === EXIT.OK) {
    if (!advise) return '';
    const notes = report.findings.filter((f) => ADVICE_SEVERITIES.has(f.severity)).slice(0, MAX_NAMED);
    return notes.map((f) => `autoconf: note: ${showControlCharacters(f.message)}\n  fix: ${showControlCharacters(f.fix)}\n`).join('');
  }
  const lines: string[] = [];
  for (const login of report.logins.filter((l) => l.outcome !== 'ok' && l.outcome !== 'not-tried')) {
    lines.push(showControlCharacters(`autoconf: the login on ${login.protocol.toUpperCase()} ${login.host}:${login.port} failed (${login.outcome}): ${login.message}`));
  }
  const named = causes(report, code);
  lines.push(...named.slice(0, MAX_NAMED).map(describe));
  if (named.length > MAX_NAMED) lines.push(`autoconf: and ${named.length - MAX_NAMED} more finding(s); run without --json/--format to read them all.`);
  if (lines.length === 0) lines.push(`autoconf: exit ${code}: see the report's findings.`);
  return lines.join('\n') + '\n';
}
