// `autoconf lint <domain>`: the domain owner's view. What the domain publishes, source by
// source and server by server; every published server probed to its end (detect's
// `exhaustive` option: no early stop once a best answer is settled, and no guesses, which
// are ours, not the owner's); then a verdict per server and overall, in words.
import {
  detect, showControlCharactersDeep,
  type AddressedCandidate, type ProbeResult, type Report, type SourceRecord,
} from '@autoconf/core';
import { DEFAULTS } from '@autoconf/core/internal/defaults.js';
import { expiryWords } from '@autoconf/core/internal/report/words.js';
import { endpointKey, probeModes } from '@autoconf/core/internal/endpoint.js';
import { assess, publishedHosts, securityEvidence, type Verdict } from '@autoconf/core/internal/rank/assess.js';
import type { Colors } from '../color.js';
import { EXIT } from '../exit-codes.js';
import { renderFindings } from '../output/human.js';
import { formatNote, hasHighNote } from '../output/lint-note.js';
import { failureWords, probeMeaning } from '../output/probe-words.js';
import type { CommandContext } from '../run.js';
import { buildDetectOptions, hasHighFinding } from './detect-setup.js';
import type { LintFlags } from './lint.js';

/** The owner waits for the slow servers too: a longer deadline than detect's 10 s, and the
 *  probe profile of a single probe a person waits for. */
const LINT_TIMEOUT_MS = 30_000;

/** One server's verdict for its owner. `not-checked` is neutral only when the user turned
 *  probing off (--offline, --no-probe); otherwise it counts as a problem. */
type OwnerVerdict = 'works' | 'downgrade' | 'certificate' | 'cleartext' | 'unreachable' | 'not-checked';

interface ServerVerdict {
  candidate: AddressedCandidate;
  verdict: OwnerVerdict;
  words: string;
  /** A certificate problem that is only TLS below 1.2: named as such. */
  outdatedOnly?: boolean;
}

const LABEL: Record<OwnerVerdict, string> = {
  works: 'works',
  downgrade: 'DOWNGRADE',
  certificate: 'CERTIFICATE PROBLEM',
  cleartext: 'CLEARTEXT',
  unreachable: 'UNREACHABLE',
  'not-checked': 'not checked',
};

function describeSecurity(security: AddressedCandidate['security']): string {
  return security === 'tls' ? 'TLS' : security === 'starttls' ? 'STARTTLS' : security === 'none' ? 'no encryption' : 'unspecified (TLS or STARTTLS)';
}

function probesFor(candidate: AddressedCandidate, probes: readonly ProbeResult[]): ProbeResult[] {
  const keys = new Set(probeModes(candidate).map((mode) => endpointKey(candidate, mode)));
  return probes.filter((probe) => keys.has(endpointKey(probe, probe.requestedSecurity)));
}

function notCheckedWords(report: Report, probingOff: string | undefined): string {
  if (probingOff !== undefined) return `${probingOff}: no connection was made`;
  if (!report.complete) return 'not probed before the deadline: raise --timeout';
  return 'not probed';
}

function judge(report: Report, probingOff: string | undefined): ServerVerdict[] {
  const published = publishedHosts(report.candidates);
  const evidence = securityEvidence(report.candidates);
  return report.candidates.map((candidate) => {
    const probes = probesFor(candidate, report.probes);
    const assessment = assess(candidate, probes, report.policy, published, evidence);
    const probe = assessment.probe;
    const verdict = ownerVerdict(assessment.verdict);
    if (probe === undefined || verdict === 'not-checked') {
      // A published name that does not resolve is the owner's problem, though detect counts it
      // as saying nothing about the server.
      const unresolved = probes.find((p) => p.outcome === 'dns-failed');
      if (unresolved !== undefined) return { candidate, verdict: 'unreachable', words: failureWords(unresolved).replace(/\.$/, '') };
      return { candidate, verdict: 'not-checked', words: notCheckedWords(report, probingOff) };
    }
    if (verdict === 'cleartext') {
      return { candidate, verdict, words: 'published without encryption, and the server offers none: passwords would travel in cleartext' };
    }
    if (verdict === 'downgrade') {
      const reply = probe.starttls.reply === undefined ? '' : ` (asked anyway, it answered "${probe.starttls.reply}")`;
      return { candidate, verdict, words: `published as ${describeSecurity(candidate.security)}, but the server offers no STARTTLS${reply}: clients either fail or send the password in cleartext` };
    }
    const words = probeMeaning(probe).words.replace(/\.$/, '');
    if (verdict === 'certificate' && probe.tls?.authorized === true) return { candidate, verdict, words, outdatedOnly: true };
    return { candidate, verdict, words: verdict === 'works' && probe.tls !== undefined ? `${words}, ${expiryWords(probe.tls)}` : words };
  });
}

function ownerVerdict(verdict: Verdict): OwnerVerdict {
  switch (verdict) {
    case 'confirmed':
      return 'works';
    case 'cert-problem':
      return 'certificate';
    case 'downgrade':
      return 'downgrade';
    case 'plaintext':
      return 'cleartext';
    case 'failed':
      return 'unreachable';
    case 'unprobed':
      return 'not-checked';
  }
}

function endpointLine(candidate: Pick<AddressedCandidate, 'protocol' | 'host' | 'port'>): string {
  return `${candidate.protocol} ${candidate.host.includes(':') ? `[${candidate.host}]` : candidate.host}:${candidate.port}`;
}

/** Each source, what it asked, and the servers it named as it named them. */
function renderSources(report: Report, c: Colors): string[] {
  const lines: string[] = [];
  for (const record of report.sources) {
    if (record.status === 'skipped') continue;
    lines.push(`${record.source} ${c.dim(`${record.status}, ${record.candidates} candidate(s)`)}`);
    for (const request of record.requests) lines.push(c.dim(`    ${request}`));
    if (record.error) lines.push(`  ${record.error.code}: ${record.error.message}`);
    lines.push(...serversOf(report, record, c));
    lines.push(...record.notes.map((note) => formatNote(note, c)));
  }
  return lines;
}

function serversOf(report: Report, record: SourceRecord, c: Colors): string[] {
  const lines: string[] = [];
  for (const candidate of report.candidates) {
    for (const entry of candidate.provenance.filter((p) => p.source === record.source)) {
      const user = entry.usernameTemplate === undefined ? '' : `, username ${entry.usernameTemplate}`;
      lines.push(`  ${endpointLine(candidate)} ${describeSecurity(entry.security)}${user}`);
      lines.push(c.dim(`      from ${entry.evidence}`));
    }
  }
  return lines;
}

function overallWords(verdicts: readonly ServerVerdict[], probingOff: string | undefined): string {
  if (verdicts.length === 0) return 'nothing published: no source names a mail server for this domain';
  if (probingOff !== undefined) return `${verdicts.length} published server(s), not probed (${probingOff})`;
  const working = verdicts.filter((v) => v.verdict === 'works').length;
  if (working === 0) return `nothing usable: none of the ${verdicts.length} published server(s) works from here`;
  if (working === verdicts.length) return `every published server works (${working})`;
  return `${verdicts.length - working} of ${verdicts.length} published server(s) have a problem`;
}

/** 0 every published server works (or probing was turned off and nothing else is wrong);
 *  1 nothing usable; 3 a server with a problem, or a high note or finding. */
function exitCode(report: Report, verdicts: readonly ServerVerdict[], probingOff: string | undefined): number {
  if (report.status === 'no-network' || verdicts.length === 0) return EXIT.NOT_FOUND;
  const good = (v: ServerVerdict) => v.verdict === 'works' || (probingOff !== undefined && v.verdict === 'not-checked');
  if (!verdicts.some(good)) return EXIT.NOT_FOUND;
  const notes = report.sources.flatMap((record) => record.notes);
  return verdicts.every(good) && !hasHighNote(notes) && !hasHighFinding(report) ? EXIT.OK : EXIT.HIGH_FINDING;
}

export async function lintDomain(target: string, context: CommandContext<LintFlags>): Promise<number> {
  const { io, styles, flags } = context;
  const address = target.includes('@') ? target : `postmaster@${target}`;
  const options = await buildDetectOptions(io, flags);
  const alone = DEFAULTS.probeTimeouts.alone;
  const report = showControlCharactersDeep(await detect(address, {
    ...options,
    transcript: true,
    exhaustive: true,
    sources: { guess: false },
    timeoutMs: flags.timeout ?? LINT_TIMEOUT_MS,
    connectTimeoutMs: alone.connectTimeoutMs,
    stepTimeoutMs: alone.stepTimeoutMs,
    probeTimeoutMs: alone.totalTimeoutMs,
  }));
  const probingOff = flags.offline === true ? '--offline' : flags.probe ? undefined : '--no-probe';
  const verdicts = judge(report, probingOff);
  const c = styles.out;
  const lines = [c.bold(`${report.address.domainUnicode}: what it publishes`), ...renderSources(report, c), '', c.bold('Servers')];
  for (const { candidate, verdict, words, outdatedOnly } of verdicts) {
    const text = outdatedOnly === true ? 'OUTDATED TLS' : LABEL[verdict];
    const label = verdict === 'works' ? c.green(text) : verdict === 'not-checked' ? c.dim(text) : c.red(text);
    lines.push(`  ${endpointLine(candidate)} ${describeSecurity(candidate.security)}: ${label}: ${words}`);
  }
  if (verdicts.length === 0) lines.push('  none');
  lines.push('', `${c.bold('Overall')}: ${overallWords(verdicts, probingOff)}`);
  lines.push('', c.bold('Findings'), ...(report.findings.length === 0 ? ['  none'] : renderFindings(report.findings, c)));
  io.stdout(lines.join('\n') + '\n');
  return exitCode(report, verdicts, probingOff);
}
