// The report as a read-only Markdown document: the same facts the CLI shows — recommendation,
// every probe with its TLS and AUTH facts, findings with fixes, sources. Text from servers,
// DNS and documents is data here: controls and bidi characters shown by name, and Markdown's
// markup characters backslash-escaped (CommonMark §2.4), so it can neither reorder the text
// nor become a link, HTML or a table cell of its own.
import { showControlCharacters, showControlCharactersDeep, type Report } from '@autoconf/core';
import type { Finding, ProbeResult } from '@autoconf/core';
import { describeEndpoint } from './setups.js';

const MARKUP = /[\\`*_[\]<>|&~#]/g;

function escapeMarkupDeep<T>(value: T): T {
  if (typeof value === 'string') return value.replace(MARKUP, (c) => `\\${c}`) as T;
  if (Array.isArray(value)) return value.map((item) => escapeMarkupDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeMarkupDeep(item)])) as T;
  }
  return value;
}

/** Every string escaped for Markdown text, except transcripts: they go in code blocks, where a backslash is literal. */
function forMarkdown(unsafe: Report): Report {
  const visible = showControlCharactersDeep(unsafe);
  const escaped = escapeMarkupDeep(visible);
  return { ...escaped, probes: escaped.probes.map((probe, i) => ({ ...probe, transcript: visible.probes[i]?.transcript })) };
}

/** Strings arrive escaped (forMarkdown); a cell only needs a placeholder for nothing. */
function cell(value: string | number | boolean | undefined): string {
  return String(value ?? '—');
}

/** A fence longer than any run of backticks inside, so no transcript line can close it. */
function fenceFor(lines: string[]): string {
  const longest = Math.max(0, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A probe that did not give the security it was asked for says FAILED, and which finding. */
function probeVerdict(probe: ProbeResult, findings: Finding[]): string {
  const trusted = probe.tls === undefined || probe.tls.authorized;
  const asked = probe.requestedSecurity === 'opportunistic' || probe.requestedSecurity === probe.observedSecurity;
  if (probe.outcome === 'ok' && trusted && asked) return 'ok';
  const finding = findings.find((f) => f.severity !== 'info' && f.endpoint !== undefined
    && f.endpoint.protocol === probe.protocol && f.endpoint.host === probe.host && f.endpoint.port === probe.port);
  return `FAILED: ${finding?.code ?? probe.outcome}`;
}

/** Collapsed by default: a Markdown preview renders <details>, a plain editor still reads it. */
function collapsible(summary: string, lines: string[]): string[] {
  if (lines.length === 0) return [];
  const fence = fenceFor(lines);
  return ['', `<details><summary>${summary}</summary>`, '', fence, ...lines, fence, '', '</details>'];
}

function probeSection(probe: ProbeResult, findings: Finding[]): string[] {
  const lines = [
    `### ${probe.protocol.toUpperCase()} ${probe.host}:${probe.port} — ${probeVerdict(probe, findings)}`,
    '',
    `- Requested: ${probe.requestedSecurity}; observed: ${probe.observedSecurity}; ${Math.round(probe.durationMs)} ms${probe.address === undefined ? '' : ` (${probe.address})`}`,
    `- ${probe.message}`,
  ];
  if (probe.starttls.offered || probe.starttls.attempted) {
    lines.push(`- STARTTLS: offered ${probe.starttls.offered}, succeeded ${probe.starttls.succeeded}${probe.starttls.reply === undefined ? '' : ` (“${probe.starttls.reply}”)`}`);
  }
  const tls = probe.tls;
  if (tls !== undefined) {
    lines.push(
      `- TLS: ${tls.protocol}, ${tls.cipher}${tls.outdated ? ' (outdated)' : ''}`,
      `- Certificate: ${tls.subject} issued by ${tls.issuer}, valid to ${tls.validTo} (${tls.daysLeft} days), ${tls.authorized ? 'trusted and matching' : `NOT trusted: ${tls.authorizationError ?? 'unknown reason'}`}`,
    );
  }
  const auth = probe.authAfterTls.length > 0 ? probe.authAfterTls : probe.authBeforeTls;
  lines.push(`- AUTH: ${auth.length === 0 ? 'none offered' : auth.join(' ')}${probe.authBeforeTls.length > 0 ? ` (before TLS: ${probe.authBeforeTls.join(' ')})` : ''}`);
  if (probe.transcript !== undefined && probe.transcript.length > 0) {
    const shown = probe.transcript.map((l) => `${String(Math.round(l.at)).padStart(5)} ms ${l.dir.padEnd(4)} ${showControlCharacters(l.line)}`);
    lines.push(...collapsible(`Transcript (${shown.length} lines)`, shown));
  }
  return [...lines, ''];
}

export function renderReport(unsafeReport: Report): string {
  const report = forMarkdown(unsafeReport);
  const visible = showControlCharactersDeep(unsafeReport);
  const rec = report.recommended;
  const endpoints = [rec.smtp, rec.imap, rec.pop3].filter((e) => e !== undefined);
  const out = [
    `# Mail settings for ${report.address.addressUnicode}${endpoints.length === 0 ? ' — FAILED' : ''}`,
    '',
    `Status: **${report.status}**${report.complete ? '' : ' (partial: the deadline or a cancellation cut it short)'} · policy ${report.policy} · ${report.startedAt} · ${Math.round(report.timings.totalMs)} ms`,
    '',
  ];
  if (endpoints.length === 0) {
    // Nothing to recommend: the causes head the report instead of an empty table.
    const causes = report.findings.filter((f) => f.severity !== 'info');
    out.push('## Why nothing usable was found', '');
    for (const f of causes.length === 0 ? report.findings : causes) out.push(`- **${f.message}** ${f.fix}`);
    if (report.findings.length === 0) out.push('- No source named a server, and no guessed server answered.');
    out.push('');
  } else {
    out.push(
      '## Recommendation',
      '',
      '| Protocol | Host | Port | Security | Username | Verified | Why |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...endpoints.map((e) =>
        `| ${e.protocol.toUpperCase()} | ${cell(e.host)} | ${e.port} | ${e.security} | ${cell(e.username)} | ${e.verified ? 'yes' : 'no'} | ${cell(e.reason)} |`),
      '',
    );
  }
  if (report.alternatives.length > 0) {
    out.push('## Alternatives', '', ...report.alternatives.map((e) => `- ${describeEndpoint(e)} — ${e.reason}`), '');
  }
  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('None.', '');
  report.findings.forEach((f, i) => {
    out.push(`- **${f.severity.toUpperCase()}** \`${f.code}\`${f.endpoint === undefined ? '' : ` (${describeEndpoint(f.endpoint)})`}: ${f.message}`, `  - Fix: ${f.fix}`);
    // Records and protocol lines, as they came: in a collapsed code block, not as prose.
    out.push(...collapsible(`Evidence (${f.evidence.length})`, visible.findings[i]?.evidence ?? []).map((line) => (line === '' ? '' : `  ${line}`)));
  });
  out.push('', '## Probes', '');
  if (report.probes.length === 0) out.push('None.', '');
  for (const probe of report.probes) out.push(...probeSection(probe, unsafeReport.findings));
  if (report.logins.length > 0) {
    out.push('## Login checks', '', ...report.logins.map((l) => `- ${l.protocol.toUpperCase()} ${l.host}:${l.port}: ${l.outcome} — ${l.message} (${l.permission.reason})`), '');
  }
  out.push('## Sources', '', '| Source | Status | Candidates | ms | Asked |', '| --- | --- | --- | --- | --- |');
  for (const s of report.sources) {
    out.push(`| ${s.source} | ${s.status}${s.error === undefined ? '' : ` (${cell(s.error.message)})`} | ${s.candidates} | ${Math.round(s.durationMs)} | ${cell(s.requests.join(', '))} |`);
  }
  out.push('', `_${report.generator.name} ${report.generator.version}, report schema ${report.schemaVersion}_`, '');
  return out.join('\n');
}
