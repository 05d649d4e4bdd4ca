// Findings from what the probes saw and what the sources said. Each names its endpoint and
// its evidence; severities and fixes come from the one table in findings.ts.
import { endpointKey } from '../endpoint.js';
import type { ProbeResult } from '../probe/types.js';
import type { Assessment } from '../rank/assess.js';
import type { Protocol, SourceRecord } from '../types.js';
import { NOTES, type LintNote, type NoteCode } from '../notes.js';
import { FINDINGS, type FindingCode } from './findings.js';
import { certificateErrorWords, certificateNames, expiryWords, tryNameHint } from './words.js';
import type { EndpointRef, Finding, Report } from './types.js';

export function finding(code: FindingCode, message: string, extra: { endpoint?: EndpointRef; evidence?: string[] } = {}): Finding {
  return { code, severity: FINDINGS[code].severity, message, fix: FINDINGS[code].fix, evidence: extra.evidence ?? [], ...(extra.endpoint ? { endpoint: extra.endpoint } : {}) };
}

const refOf = ({ candidate }: Assessment): EndpointRef => ({ protocol: candidate.protocol, host: candidate.host, port: candidate.port, security: candidate.security });
const where = (probe: ProbeResult): string => `${probe.protocol.toUpperCase()} ${probe.host}:${probe.port}`;

/** Findings about single endpoints, from their probes. */
export function probeFindings(assessments: readonly Assessment[], probes: readonly ProbeResult[]): Finding[] {
  const out: Finding[] = [];
  const answeringAddresses = new Set(probes.filter((p) => p.outcome === 'ok').map((p) => p.address ?? p.host));
  for (const a of assessments) {
    const probe = a.probe;
    if (probe === undefined) continue;
    const endpoint = refOf(a);
    if (a.verdict === 'downgrade') {
      out.push(finding('starttls-missing', `${where(probe)} offered no STARTTLS although ${whyTlsExpected(a)}: possible STARTTLS stripping. Not recommended.`, { endpoint, evidence: capabilityEvidence(probe) }));
    }
    if (probe.starttls.offered && probe.starttls.attempted && !probe.starttls.succeeded) {
      out.push(finding('starttls-failed', `${where(probe)} advertised STARTTLS but the upgrade failed${probe.starttls.reply ? ` ("${probe.starttls.reply}")` : ''}.`, { endpoint, evidence: [probe.message] }));
    }
    if ((probe.outcome === 'timeout-connect' || probe.outcome === 'refused') && (a.candidate.trust === 'published' || answeringAddresses.has(probe.address ?? probe.host))) {
      const how = probe.outcome === 'refused' ? 'refused the connection' : 'silently dropped the connection (no answer)';
      out.push(finding('port-blocked', `${where(probe)}: this network ${how}.`, { endpoint, evidence: [probe.message] }));
    }
    const tls = probe.tls;
    if (tls !== undefined) {
      if (tls.expired) out.push(finding('cert-expired', `${where(probe)} presents a certificate that ${expiryWords(tls)}.`, { endpoint, evidence: [`subject ${tls.subject}`, `issuer ${tls.issuer}`] }));
      if (!tls.nameMatches) out.push(finding('cert-name-mismatch', `${where(probe)} presents a certificate for ${certificateNames(tls).join(', ')}, not for ${probe.host}${tryNameHint(tls)}.`, { endpoint, evidence: [tls.nameError ?? ''] }));
      if (!tls.chainTrusted && !tls.expired) out.push(finding('cert-untrusted', `${where(probe)} presents a certificate whose chain is not trusted: ${tls.selfSigned ? 'a self-signed certificate' : certificateErrorWords(tls.chainError ?? 'UNABLE_TO_GET_ISSUER_CERT')}.`, { endpoint, evidence: [`issuer ${tls.issuer}`, `sha256 ${tls.fingerprint256}`] }));
      if (tls.outdated) out.push(finding('tls-outdated', `${where(probe)} negotiated ${tls.protocol}.`, { endpoint, evidence: [`${tls.protocol} ${tls.cipher}`] }));
    }
    if (probe.outcome === 'timeout-greeting' && (a.candidate.trust === 'published' || answeringAddresses.has(probe.address ?? probe.host))) {
      out.push(finding('no-greeting', `${where(probe)} accepted the connection but never greeted.`, { endpoint, evidence: [probe.message] }));
    }
    // No STARTTLS at all, yet AUTH on offer: any client that logs in sends the password in clear.
    if (probe.outcome === 'ok' && probe.observedSecurity === 'none' && probe.authBeforeTls.length > 0) {
      out.push(finding('auth-in-cleartext', `${where(probe)} offers AUTH ${probe.authBeforeTls.join(' ')} with no STARTTLS: a login on port ${probe.port} would send the password in cleartext.`, { endpoint, evidence: probe.capabilitiesBeforeTls.filter((c) => /^AUTH|^AUTH=|LOGIN|USER/i.test(c)) }));
    }
    if (probe.outcome === 'ok' && probe.observedSecurity === 'starttls' && probe.authBeforeTls.length > 0) {
      out.push(finding('auth-before-tls', `${where(probe)} offers AUTH ${probe.authBeforeTls.join(' ')} before STARTTLS.`, { endpoint, evidence: probe.capabilitiesBeforeTls.filter((c) => /^AUTH/i.test(c)) }));
    }
  }
  return dedupeFindings(out);
}

/** The words for assess.ts's tlsExpected: a source's statement, or a STARTTLS port nothing published as cleartext. */
function whyTlsExpected(a: Assessment): string {
  const stated = a.candidate.provenance.find((p) => p.source !== 'guess' && (p.security === 'tls' || p.security === 'starttls'));
  if (stated !== undefined) return `${stated.source} publishes TLS for it`;
  if (a.candidate.security === 'none') return 'another source publishes TLS for it';
  return `port ${a.candidate.port} is a STARTTLS port and nothing published says it is cleartext`;
}

function capabilityEvidence(probe: ProbeResult): string[] {
  return [probe.greeting?.split('\n')[0] ?? '', ...probe.capabilitiesBeforeTls.slice(0, 12)].filter((line) => line !== '');
}

/** Findings about the whole answer: what kind of answer it is and what sources said. */
export function reportFindings(
  assessments: readonly Assessment[],
  sources: readonly SourceRecord[],
  recommended: Report['recommended'],
): Finding[] {
  const out: Finding[] = [];
  for (const protocol of ['smtp', 'imap', 'pop3'] as const) {
    const mine = assessments.filter((a) => a.candidate.protocol === protocol && a.probe?.outcome === 'ok');
    if (mine.length > 0 && mine.every((a) => a.verdict === 'plaintext' || a.verdict === 'downgrade')) {
      out.push(plaintextFinding(protocol, mine, recommended[protocol]));
    }
  }
  // Sending on 25 gets the same warning whatever led there (only 25 answered, or an offline
  // answer names it): the same situation reads the same on every domain.
  const smtp = recommended.smtp;
  if (smtp !== undefined && smtp.port === 25) {
    const smtpConfirmed = assessments.filter((a) => a.candidate.protocol === 'smtp' && a.verdict === 'confirmed');
    const onlyOne = smtpConfirmed.length > 0 && smtpConfirmed.every((a) => a.candidate.port === 25);
    out.push(finding('mta-only-port', `${onlyOne ? 'Only port 25 answered for sending' : `Sending is recommended on ${smtp.host}:25`}: it is meant for server-to-server relay and is often blocked for clients.`, {
      endpoint: { protocol: 'smtp', host: smtp.host, port: 25, security: smtp.security },
      evidence: [`${smtp.host}:25`],
    }));
  }
  for (const endpoint of Object.values(recommended)) {
    if (endpoint.authMethods.length > 0 && endpoint.authMethods.every((m) => m === 'oauth2')) {
      out.push(finding('oauth2-only', `${endpoint.protocol.toUpperCase()} ${endpoint.host} accepts OAuth2 only: a password login will fail.`, { endpoint: { protocol: endpoint.protocol, host: endpoint.host, port: endpoint.port, security: endpoint.security } }));
    }
  }
  out.push(...receiveStarttlsOnly(assessments, recommended));
  out.push(...conflictFindings(assessments));
  // A note on a candidate is also in its source's record; the copy that names the endpoint wins.
  const onEndpoints = candidateNoteFindings(assessments);
  const said = new Set(onEndpoints.map((f) => `${f.code}|${f.message}`));
  out.push(...onEndpoints, ...sourceNoteFindings(sources).filter((f) => !said.has(`${f.code}|${f.message}`)));
  return dedupeFindings(out);
}

/** Every answering endpoint of `protocol` is cleartext. Recommended anyway (allowInsecure),
 *  the finding names the endpoint; not recommended, it says what allowInsecure would accept. */
function plaintextFinding(protocol: Protocol, answered: readonly Assessment[], chosen: Report['recommended'][Protocol]): Finding {
  const all = `Every ${protocol.toUpperCase()} endpoint that answered works in cleartext only.`;
  const evidence = answered.map((a) => `${a.candidate.host}:${a.candidate.port}`);
  if (chosen?.security === 'none') {
    const endpoint: EndpointRef = { protocol, host: chosen.host, port: chosen.port, security: 'none' };
    return finding('plaintext-only', `${all} ${chosen.host}:${chosen.port} is recommended in cleartext because insecure results are allowed: the password and every message cross the network unencrypted.`, { endpoint, evidence });
  }
  const published = answered.filter((a) => a.verdict === 'plaintext' && a.candidate.trust === 'published').map((a) => `${a.candidate.host}:${a.candidate.port}`);
  const hint = published.length === 0 ? '' : ` Published as cleartext, and not recommended unless insecure results are allowed (allowInsecure, --allow-insecure): ${published.join(', ')}.`;
  return finding('plaintext-only', `${all}${hint}`, { evidence });
}

/** Receiving works only with STARTTLS: RFC 8314 §3.3 prefers implicit TLS (993/995), which no
 *  middlebox can strip. Said only when no implicit-TLS endpoint for that protocol confirmed. */
function receiveStarttlsOnly(assessments: readonly Assessment[], recommended: Report['recommended']): Finding[] {
  const out: Finding[] = [];
  for (const endpoint of [recommended.imap, recommended.pop3]) {
    if (endpoint === undefined || endpoint.security !== 'starttls' || !endpoint.verified) continue;
    const implicit = assessments.some((a) => a.candidate.protocol === endpoint.protocol && a.verdict === 'confirmed' && a.security === 'tls');
    if (implicit) continue;
    out.push(finding('receive-starttls-only', `${endpoint.protocol.toUpperCase()} ${endpoint.host}:${endpoint.port} works with STARTTLS, but no implicit-TLS port (${endpoint.protocol === 'imap' ? 993 : 995}) answered.`, { endpoint: { protocol: endpoint.protocol, host: endpoint.host, port: endpoint.port, security: endpoint.security } }));
  }
  return out;
}

/** The same endpoint published with different security by different sources. */
function conflictFindings(assessments: readonly Assessment[]): Finding[] {
  const out: Finding[] = [];
  const byEndpoint = new Map<string, Assessment[]>();
  for (const a of assessments) {
    const key = endpointKey(a.candidate, 'any');
    byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), a]);
  }
  for (const group of byEndpoint.values()) {
    const modes = new Set(group.map((a) => a.candidate.security).filter((s) => s !== 'unspecified'));
    if (modes.size < 2) continue;
    const first = group[0]!.candidate;
    const sides = group.map((a) => `${a.candidate.provenance.map((p) => p.source).join('+')} says ${a.candidate.security}`);
    out.push(finding('source-conflict', `Sources disagree on ${first.protocol.toUpperCase()} ${first.host}:${first.port}: ${sides.join('; ')}.`, { evidence: group.flatMap((a) => a.candidate.provenance.map((p) => p.evidence)) }));
  }
  return out;
}

// The finding each note becomes comes from the one NOTES table; the compiler checks here that
// every finding it names exists (notes.ts sits below report/ and cannot import FINDINGS).
type NamedFinding = (typeof NOTES)[NoteCode]['finding'];
const EVERY_NOTE_FINDING_EXISTS: [Exclude<NamedFinding, FindingCode | null>] extends [never] ? true : never = true;
void EVERY_NOTE_FINDING_EXISTS;

function findingOf(note: LintNote): FindingCode | null {
  return NOTES[note.code].finding;
}

function sourceNoteFindings(sources: readonly SourceRecord[]): Finding[] {
  return sources.flatMap((record) =>
    record.notes.flatMap((note) => {
      const code = findingOf(note);
      return code === null ? [] : [finding(code, note.message, { evidence: [note.at ?? record.requests[0] ?? record.source] })];
    }),
  );
}

/** What sources noted about the endpoints they named, read from every merged candidate's
 *  provenance (the ranking assessed each one). */
function candidateNoteFindings(assessments: readonly Assessment[]): Finding[] {
  const named = assessments.flatMap(({ candidate: merged }) =>
    merged.provenance.map((entry) => ({ protocol: merged.protocol, host: merged.host, port: merged.port, security: entry.security, evidence: entry.evidence, notes: entry.notes })));
  return named.flatMap((candidate) =>
    (candidate.notes ?? []).flatMap((note) => {
      const code = findingOf(note);
      if (code === null) return [];
      const endpoint = { protocol: candidate.protocol, host: candidate.host, port: candidate.port, security: candidate.security };
      return [finding(code, note.message, { endpoint, evidence: [candidate.evidence] })];
    }),
  );
}

function dedupeFindings(list: Finding[]): Finding[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.code}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
