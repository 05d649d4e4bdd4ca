// Findings from what the probes saw and what the sources said. Each names its endpoint and
// its evidence; severities and fixes come from the one table in findings.ts.
import { endpointKey } from '../endpoint.js';
import type { ProbeResult } from '../probe/types.js';
import type { Assessment } from '../rank/assess.js';
import type { Candidate, SourceRecord } from '../types.js';
import { FINDINGS, type FindingCode } from './findings.js';
import type { EndpointRef, Finding, Report } from './types.js';

export function finding(code: FindingCode, message: string, extra: { endpoint?: EndpointRef; evidence?: string[] } = {}): Finding {
  return { code, severity: FINDINGS[code].severity, message, fix: FINDINGS[code].fix, evidence: extra.evidence ?? [], ...(extra.endpoint ? { endpoint: extra.endpoint } : {}) };
}

const refOf = (probe: ProbeResult): EndpointRef => ({ protocol: probe.protocol, host: probe.host, port: probe.port, security: probe.requestedSecurity });
const where = (probe: ProbeResult): string => `${probe.protocol.toUpperCase()} ${probe.host}:${probe.port}`;

/** Findings about single endpoints, from their probes. */
export function probeFindings(assessments: readonly Assessment[], probes: readonly ProbeResult[]): Finding[] {
  const out: Finding[] = [];
  const answeringAddresses = new Set(probes.filter((p) => p.outcome === 'ok').map((p) => p.address ?? p.host));
  for (const a of assessments) {
    const probe = a.probe;
    if (probe === undefined) continue;
    const endpoint = refOf(probe);
    if (a.verdict === 'downgrade') {
      out.push(finding('starttls-missing', `${where(probe)} offered no STARTTLS although ${a.candidate.security === 'starttls' || a.candidate.security === 'tls' ? `${a.candidate.provenance[0]?.source ?? 'a source'} publishes TLS for it` : 'the policy expects TLS on this port'}: possible STARTTLS stripping. Not recommended.`, { endpoint, evidence: capabilityEvidence(probe) }));
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
      if (tls.expired) out.push(finding('cert-expired', `${where(probe)} presents a certificate that expired on ${tls.validTo}.`, { endpoint, evidence: [`subject ${tls.subject}`, `issuer ${tls.issuer}`] }));
      if (!tls.nameMatches) out.push(finding('cert-name-mismatch', `${where(probe)} presents a certificate for ${tls.subjectAltNames.join(', ') || tls.subject}, not for ${probe.host}.`, { endpoint, evidence: [tls.nameError ?? ''] }));
      if (!tls.chainTrusted && !tls.expired) out.push(finding('cert-untrusted', `${where(probe)} presents a certificate whose chain is not trusted (${tls.chainError ?? (tls.selfSigned ? 'self-signed' : 'unknown issuer')}).`, { endpoint, evidence: [`issuer ${tls.issuer}`, `sha256 ${tls.fingerprint256}`] }));
      if (tls.outdated) out.push(finding('tls-outdated', `${where(probe)} negotiated ${tls.protocol}.`, { endpoint, evidence: [`${tls.protocol} ${tls.cipher}`] }));
    }
    if (probe.outcome === 'ok' && probe.observedSecurity === 'starttls' && probe.authBeforeTls.length > 0) {
      out.push(finding('auth-before-tls', `${where(probe)} offers AUTH ${probe.authBeforeTls.join(' ')} before STARTTLS.`, { endpoint, evidence: probe.capabilitiesBeforeTls.filter((c) => /^AUTH/i.test(c)) }));
    }
  }
  return dedupeFindings(out);
}

function capabilityEvidence(probe: ProbeResult): string[] {
  return [probe.greeting?.split('\n')[0] ?? '', ...probe.capabilitiesBeforeTls.slice(0, 12)].filter((line) => line !== '');
}

/** Findings about the whole answer: what kind of answer it is and what sources said. */
export function reportFindings(
  assessments: readonly Assessment[],
  sources: readonly SourceRecord[],
  recommended: Report['recommended'],
  raw: readonly Candidate[] = [],
): Finding[] {
  const out: Finding[] = [];
  for (const protocol of ['smtp', 'imap', 'pop3'] as const) {
    const mine = assessments.filter((a) => a.candidate.protocol === protocol && a.probe?.outcome === 'ok');
    if (mine.length > 0 && mine.every((a) => a.verdict === 'plaintext' || a.verdict === 'downgrade')) {
      out.push(finding('plaintext-only', `Every ${protocol.toUpperCase()} endpoint that answered works in cleartext only.`, { evidence: mine.map((a) => `${a.candidate.host}:${a.candidate.port}`) }));
    }
  }
  const smtpConfirmed = assessments.filter((a) => a.candidate.protocol === 'smtp' && a.verdict === 'confirmed');
  if (smtpConfirmed.length > 0 && smtpConfirmed.every((a) => a.candidate.port === 25)) {
    out.push(finding('mta-only-port', 'Only port 25 answered for sending: it is meant for server-to-server relay and is often blocked for clients.', { evidence: smtpConfirmed.map((a) => `${a.candidate.host}:25`) }));
  }
  for (const endpoint of Object.values(recommended)) {
    if (endpoint.authMethods.length > 0 && endpoint.authMethods.every((m) => m === 'oauth2')) {
      out.push(finding('oauth2-only', `${endpoint.protocol.toUpperCase()} ${endpoint.host} accepts OAuth2 only: a password login will fail.`, { endpoint: { protocol: endpoint.protocol, host: endpoint.host, port: endpoint.port, security: endpoint.security } }));
    }
  }
  out.push(...conflictFindings(assessments));
  out.push(...sourceNoteFindings(sources));
  out.push(...candidateNoteFindings(raw));
  return dedupeFindings(out);
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
    const modes = new Set(group.map((a) => a.candidate.security).filter((s) => s !== 'unknown'));
    if (modes.size < 2) continue;
    const first = group[0]!.candidate;
    const sides = group.map((a) => `${a.candidate.provenance.map((p) => p.source).join('+')} says ${a.candidate.security}`);
    out.push(finding('source-conflict', `Sources disagree on ${first.protocol.toUpperCase()} ${first.host}:${first.port}: ${sides.join('; ')}.`, { evidence: group.flatMap((a) => a.candidate.provenance.map((p) => p.evidence)) }));
  }
  return out;
}

const NOTE_FINDINGS: Record<string, FindingCode> = {
  'cross-domain': 'cross-domain',
  'hosted-by': 'hosted-by',
  'http-source': 'http-source',
  'enable-first': 'enable-first',
  'enable-imap': 'enable-first',
  'oauth2-only': 'oauth2-only',
};

function sourceNoteFindings(sources: readonly SourceRecord[]): Finding[] {
  return sources.flatMap((record) =>
    record.notes.flatMap((note) => {
      const code = NOTE_FINDINGS[note.code];
      return code === undefined ? [] : [finding(code, note.message, { evidence: [note.at ?? record.requests[0] ?? record.source] })];
    }),
  );
}

function candidateNoteFindings(raw: readonly Candidate[]): Finding[] {
  return raw.flatMap((candidate) =>
    (candidate.notes ?? []).flatMap((note) => {
      const code = NOTE_FINDINGS[note.code];
      if (code === undefined) return [];
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
