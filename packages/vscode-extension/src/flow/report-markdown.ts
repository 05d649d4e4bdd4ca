// The report as a read-only Markdown document: the same facts the CLI shows — recommendation,
// every probe with its TLS and AUTH facts, findings with fixes, sources. Text from servers,
// DNS and documents is data here: controls and bidi characters shown by name, and Markdown's
// markup characters backslash-escaped (CommonMark §2.4), so it can neither reorder the text
// nor become a link, HTML or a table cell of its own.
import { showControlCharacters, showControlCharactersDeep, type Report } from '@autoconf/core';
import type { ProbeResult } from '@autoconf/core';
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

function probeSection(probe: ProbeResult): string[] {
  const lines = [
    `### ${probe.protocol.toUpperCase()} ${probe.host}:${probe.port} — ${probe.outcome}`,
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
    const fence = fenceFor(shown);
    lines.push('', fence, ...shown, fence);
  }
  return [...lines, ''];
}

export function renderReport(unsafeReport: Report): string {
  const report = forMarkdown(unsafeReport);
  const rec = report.recommended;
  const out = [
    `# Mail settings for ${report.address.addressUnicode}`,
    '',
    `Status: **${report.status}**${report.complete ? '' : ' (partial: the deadline or a cancellation cut it short)'} · policy ${report.policy} · ${report.startedAt} · ${Math.round(report.timings.totalMs)} ms`,
    '',
    '## Recommendation',
    '',
    '| Protocol | Host | Port | Security | Username | Verified | Why |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...[rec.smtp, rec.imap, rec.pop3].filter((e) => e !== undefined).map((e) =>
      `| ${e.protocol.toUpperCase()} | ${cell(e.host)} | ${e.port} | ${e.security} | ${cell(e.username)} | ${e.verified ? 'yes' : 'no'} | ${cell(e.reason)} |`),
    '',
  ];
  if (report.alternatives.length > 0) {
    out.push('## Alternatives', '', ...report.alternatives.map((e) => `- ${describeEndpoint(e)} — ${e.reason}`), '');
  }
  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('None.', '');
  for (const f of report.findings) {
    out.push(`- **${f.severity.toUpperCase()}** \`${f.code}\`${f.endpoint === undefined ? '' : ` (${describeEndpoint(f.endpoint)})`}: ${f.message}`, `  - Fix: ${f.fix}`);
    for (const evidence of f.evidence) out.push(`  - ${evidence}`);
  }
  out.push('', '## Probes', '');
  if (report.probes.length === 0) out.push('None.', '');
  for (const probe of report.probes) out.push(...probeSection(probe));
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
