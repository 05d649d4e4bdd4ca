// The readable report: what to configure, what was verified, and what to worry about.
// Everything in it that came from outside (banners, certificate names, published text) is
// shown with its control and bidi characters made visible, so it cannot drive the terminal.
import { showControlCharactersDeep, type Finding, type ProbeResult, type RankedEndpoint, type Report, type Severity, type SourceStatus } from '@autoconf/core';
import { authMethodWords, certificateProblem, expiryWords } from '@autoconf/core/internal/report/words.js';
import type { Colors } from '../color.js';

const SECURITY_LABEL: Record<RankedEndpoint['security'], string> = { tls: 'TLS (implicit)', starttls: 'STARTTLS', none: 'NONE (cleartext)' };
const ROLE: Record<RankedEndpoint['protocol'], string> = { smtp: 'Send (SMTP)', imap: 'Receive (IMAP)', pop3: 'Receive (POP3)' };
const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low', 'info'];

// What each source's status means to someone who does not know the pipeline (codes: --json).
const SOURCE_STATUS_WORDS: Record<SourceStatus, (count: number) => string> = {
  found: (count) => `found ${count} server setting(s)`,
  empty: () => 'answered: nothing usable in it',
  'not-found': () => 'nothing published',
  error: () => 'could not be used (see --trace)',
  timeout: () => 'gave no answer in time',
  aborted: () => 'not needed: the answer came first',
  skipped: () => 'turned off',
};

function findProbe(report: Report, endpoint: RankedEndpoint): ProbeResult | undefined {
  const same = report.probes.filter((p) => p.protocol === endpoint.protocol && p.host === endpoint.host && p.port === endpoint.port);
  return same.find((p) => p.outcome === 'ok' && p.observedSecurity === endpoint.security) ?? same.find((p) => p.tls !== undefined);
}

function describeCertificate(probe: ProbeResult | undefined, c: Colors): string {
  const tls = probe?.tls;
  if (probe === undefined || tls === undefined) return c.dim('not checked');
  const problem = certificateProblem(tls, probe.host);
  const trust = problem === undefined ? c.green('trusted') : c.red(`NOT trusted: ${problem}`);
  const expiry = tls.expired ? c.red(expiryWords(tls)) : tls.daysLeft <= 14 ? c.yellow(expiryWords(tls)) : expiryWords(tls);
  return `${tls.protocol}, ${trust}, ${expiry}, issued by ${tls.issuer}`;
}

function describeAuth(endpoint: RankedEndpoint, probe: ProbeResult | undefined): string {
  const offered = probe ? (probe.authAfterTls.length > 0 ? probe.authAfterTls : probe.authBeforeTls) : [];
  const published = endpoint.authMethods.map(authMethodWords).join(', ');
  if (offered.length > 0) return `${offered.join(', ')} (offered by the server)${published ? `; published: ${published}` : ''}`;
  return published === '' ? 'not known' : `${published} (published)`;
}

function renderEndpoint(report: Report, endpoint: RankedEndpoint, c: Colors): string[] {
  const probe = findProbe(report, endpoint);
  const security = endpoint.security === 'none' ? c.red(SECURITY_LABEL.none) : SECURITY_LABEL[endpoint.security];
  return [
    c.bold(ROLE[endpoint.protocol]),
    `  host         ${endpoint.host}`,
    `  port         ${endpoint.port}`,
    `  security     ${security}`,
    `  username     ${endpoint.username ?? report.address.address}`,
    `  verified     ${endpoint.verified ? c.green('yes') : c.yellow('no')}`,
    `  certificate  ${describeCertificate(probe, c)}`,
    `  auth         ${describeAuth(endpoint, probe)}`,
    `  sources      ${endpoint.sources.join(', ') || 'none'}`,
  ];
}

const UNVERIFIED_WHY: Record<NonNullable<Report['unverifiedReason']>, string> = {
  offline: ' (--offline): nothing below was checked over the network',
  'no-network': ' (no DNS server answered): nothing below was checked over the network',
  'probing-off': ' (--no-probe): nothing below was checked over the network',
  certificate: ': the server answered, but its certificate is not trusted (accepted by --allow-insecure; see the findings)',
  cleartext: ': the server answered, but only without encryption (accepted by --allow-insecure; see the findings)',
  'not-confirmed': ': no probe could confirm it from this network',
};

function renderStatus(report: Report, c: Colors): string {
  const failedLogin = report.logins.find((login) => login.outcome !== 'ok' && login.outcome !== 'not-tried');
  if (report.status === 'verified' && failedLogin !== undefined) {
    return c.red(`servers verified, but the login on ${failedLogin.host} failed (${failedLogin.outcome}): see Login below`);
  }
  const high = report.findings.filter((f) => f.severity === 'high').length;
  // Verified, yet something the domain publishes is unsafe: the headline must not read as all-clear.
  if (report.status === 'verified' && high > 0) {
    return c.yellow(`verified, but ${high} high finding(s) below: read them before you use these settings`);
  }
  if (report.status === 'verified') return c.green('verified: every recommended server answered a real connection');
  if (report.status === 'no-network') return c.red('no DNS server answered: the network failed, not the domain (see the findings)');
  // The deadline names itself first: raising it may be all it takes.
  const deadline = report.findings.some((f) => f.code === 'deadline');
  if (report.status === 'not-found') {
    if (report.findings.some((f) => f.code === 'no-such-domain')) return c.red(`${report.address.domainUnicode} does not exist in DNS: check the spelling`);
    if (deadline) return c.red('the deadline came before anything was confirmed: raise --timeout');
    if (report.unverifiedReason === 'probing-off') return c.yellow('not probed (--no-probe): the servers the sources named are hints a probe must confirm');
    return c.red('nothing usable found');
  }
  if (deadline && report.unverifiedReason === 'not-confirmed') return c.yellow(c.bold('NOT VERIFIED: the deadline came before a probe confirmed it (raise --timeout)'));
  return c.yellow(c.bold(`NOT VERIFIED${UNVERIFIED_WHY[report.unverifiedReason ?? 'not-confirmed']}`));
}

function paint(severity: Severity, c: Colors): (text: string) => string {
  return severity === 'high' ? c.red : severity === 'medium' ? c.yellow : severity === 'low' ? c.cyan : c.dim;
}

export function renderFindings(unsafeFindings: readonly Finding[], c: Colors): string[] {
  const findings = showControlCharactersDeep(unsafeFindings);
  const lines: string[] = [];
  for (const severity of SEVERITY_ORDER) {
    for (const finding of findings.filter((f) => f.severity === severity)) {
      lines.push(`  ${paint(severity, c)(`[${severity}]`.padEnd(8))} ${finding.code}: ${finding.message}`);
      lines.push(`           fix: ${finding.fix}`);
    }
  }
  return lines;
}

export function renderReport(unsafeReport: Report, c: Colors): string {
  const report = showControlCharactersDeep(unsafeReport);
  const out: string[] = [
    `${c.bold(report.address.addressUnicode)}  ${renderStatus(report, c)}`,
    c.dim(`policy ${report.policy}, ${Math.round(report.timings.totalMs)} ms${report.complete ? '' : report.findings.some((f) => f.code === 'no-network') ? ', cut short: no DNS server answered' : ', cut short by the deadline'}`),
    '',
  ];
  for (const protocol of ['smtp', 'imap', 'pop3'] as const) {
    const endpoint = report.recommended[protocol];
    if (endpoint !== undefined) out.push(...renderEndpoint(report, endpoint, c), '');
  }
  if (report.alternatives.length > 0) {
    out.push(c.bold('Alternatives'));
    for (const a of report.alternatives) {
      out.push(`  ${a.protocol} ${a.host}:${a.port} ${SECURITY_LABEL[a.security]}${a.verified ? '' : ' (unverified)'} — ${a.reason}`);
    }
    out.push('');
  }
  for (const login of report.logins) {
    const where = `${c.bold('Login')} ${login.protocol} ${login.host}:${login.port}`;
    if (login.outcome === 'not-tried') {
      const hint = login.permission.basis === 'needs-consent' ? ` To allow it: --login-host ${login.host}` : '';
      out.push(`${where}: ${c.yellow('not tried')} — ${login.permission.reason}${hint}`);
      continue;
    }
    out.push(`${where}: ${login.outcome === 'ok' ? c.green('ok') : c.red(login.outcome)} — ${login.message} (${login.permission.reason})`);
  }
  if (report.logins.length > 0) out.push('');
  if (report.findings.length > 0) out.push(c.bold('Findings'), ...renderFindings(report.findings, c), '');
  out.push(c.bold('Sources'));
  for (const record of report.sources.filter((r) => r.status !== 'skipped')) {
    out.push(`  ${record.source.padEnd(13)}${SOURCE_STATUS_WORDS[record.status](record.candidates).padEnd(34)}${Math.round(record.durationMs)} ms`);
  }
  return out.join('\n') + '\n';
}
