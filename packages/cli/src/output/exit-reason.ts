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

/** The lines for stderr (each ending in a newline), or none when the exit code is 0. */
export function exitReason(report: Report, code: number): string {
  if (code === EXIT.OK) return '';
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
