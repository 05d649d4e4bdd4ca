// Assemble the report from the stages' data. Pure. The stages' data is in template form (it may
// serve every address of the domain); here, once, it is expanded for the one address this
// report is for: usernames, requested URLs, evidence, notes and the findings made of them.
import { expandText, expandUsername, type ParsedAddress } from '../address.js';
import { expandCandidate, expandRecord } from '../address-template.js';
import type { LoginResult } from '../probe/types.js';
import type { Ranking } from '../rank/rank.js';
import type { Endpoint, Policy, Protocol } from '../types.js';
import type { Gathered } from '../verify/gather.js';
import { finding, probeFindings, reportFindings } from './derive-findings.js';
import { REPORT_SCHEMA_VERSION, type Finding, type LoginCheck, type Report, type UnverifiedReason } from './types.js';
import { VERSION } from '../version.js';

export interface BuildInput {
  address: ParsedAddress;
  startedAt: Date;
  totalMs: number;
  policy: Policy;
  gathered: Gathered;
  ranking: Ranking;
  probed: boolean;
  offline: boolean;
  logins: LoginCheck[];
}

const SEVERITY_ORDER = ['high', 'medium', 'low', 'info'] as const;

export function buildReport(input: BuildInput): Report {
  const { gathered, ranking, address } = input;
  const endpoints = Object.values(ranking.recommended);
  // When DNS itself failed, "nothing found" says nothing about the domain.
  const empty = gathered.noNetwork ? 'no-network' : 'not-found';
  const status = endpoints.length === 0 ? empty : endpoints.every((e) => e.verified) ? 'verified' : 'unverified';
  const findings: Finding[] = [
    ...contextFindings(input, status),
    ...probeFindings(ranking.assessments, gathered.probes),
    ...reportFindings(ranking.assessments, gathered.sources, ranking.recommended),
  ].map((f) => ({ ...f, message: expandText(f.message, address), evidence: f.evidence.map((line) => expandText(line, address)) }))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  const recommended: Report['recommended'] = Object.fromEntries(
    Object.entries(ranking.recommended).map(([protocol, endpoint]) => [protocol, addressEndpoint(endpoint, address)]),
  );
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: '@autoconf/core', version: VERSION },
    startedAt: input.startedAt.toISOString(),
    address: {
      input: address.input,
      address: address.address,
      addressUnicode: address.addressUnicode,
      localPart: address.localPart,
      domain: address.domain,
      domainUnicode: address.domainUnicode,
    },
    status,
    ...(status === 'unverified' || untrustedHints(input, status) ? { unverifiedReason: unverifiedReasonOf(input) } : {}),
    policy: input.policy,
    recommended,
    alternatives: ranking.alternatives.map((endpoint) => addressEndpoint(endpoint, address)),
    findings,
    candidates: gathered.candidates.map((candidate) => expandCandidate(candidate, address)),
    probes: gathered.probes,
    sources: gathered.sources.map((record) => expandRecord(record, address)),
    logins: input.logins.map((login) => addressLogin(login, address)),
    complete: !gathered.deadlineHit && !gathered.noNetwork,
    timings: {
      totalMs: Math.round(input.totalMs),
      discoverMs: gathered.discoverMs,
      probeMs: gathered.probeMs,
      sources: Object.fromEntries(gathered.sources.map((s) => [s.source, s.durationMs])),
    },
  };
}

/** The endpoint with its username for this address, in the order the report lists fields. */
function addressEndpoint<E extends Endpoint>(endpoint: E, address: ParsedAddress): E {
  const { protocol, host, port, security, usernameTemplate, ...rest } = endpoint;
  return {
    protocol, host, port, security,
    ...(usernameTemplate === undefined ? {} : { username: expandUsername(usernameTemplate, address), usernameTemplate }),
    ...rest,
  } as E;
}

/** The login plan named hosts by the gathered evidence, which is in template form. */
function addressLogin(login: LoginCheck, address: ParsedAddress): LoginCheck {
  const { permission } = login;
  return { ...login, permission: { ...permission, reason: expandText(permission.reason, address), namedBy: permission.namedBy.map((by) => expandText(by, address)) } };
}

function contextFindings(input: BuildInput, status: Report['status']): Finding[] {
  const out: Finding[] = [];
  if (input.address.mixedScriptLabels.length > 0) {
    out.push(finding('look-alike-domain', `The domain ${input.address.domainUnicode} (${input.address.domain}) mixes scripts in ${input.address.mixedScriptLabels.join(', ')}.`));
  }
  if (input.gathered.noNetwork) out.push(noNetworkFinding(input.gathered, status));
  if (input.gathered.deadlineHit) {
    out.push(finding('deadline', 'The overall deadline ended the detection before every check finished.'));
  }
  if (status === 'unverified') {
    out.push(finding('unverified', `The recommendation is not verified (${UNVERIFIED_WORDS[unverifiedReasonOf(input)]}).`));
  }
  if (status === 'not-found' && untrustedHints(input, status)) {
    out.push(finding('not-probed', `Not probed (probing is off): the ${input.gathered.candidates.length} server setting(s) the sources named for ${input.address.domainUnicode} are hints a probe must confirm before they are trusted.`));
  } else if (status === 'not-found') {
    out.push(finding('not-found', `No usable mail server was found for ${input.address.domainUnicode}.`));
    const http = input.gathered.sources.find((s) => s.source === 'autoconfig');
    // A domain that does not exist publishes nothing over any scheme.
    const exists = !input.gathered.sources.some((s) => s.notes.some((n) => n.code === 'no-such-domain'));
    if (exists && http !== undefined && !http.requests.some((r) => r.startsWith('http:'))) {
      out.push(finding('http-only-possible', 'Nothing was published over HTTPS; the domain may publish autoconfig over plain HTTP only (allow HTTP sources to check).'));
    }
  }
  return out;
}

const UNVERIFIED_WORDS: Record<UnverifiedReason, string> = {
  offline: 'offline mode',
  'no-network': 'no DNS server answered',
  'probing-off': 'probing was turned off',
  certificate: 'the server answered, but its certificate is not trusted',
  cleartext: 'the server answered, but only without encryption',
  'not-confirmed': 'no probe could confirm it from this network',
};

/** Not found, with probing off, although sources named servers: hints a probe had to confirm. */
function untrustedHints(input: BuildInput, status: Report['status']): boolean {
  return status === 'not-found' && !input.probed && !input.offline && input.gathered.candidates.length > 0;
}

function unverifiedReasonOf(input: BuildInput): UnverifiedReason {
  if (input.offline) return 'offline';
  if (input.gathered.noNetwork) return 'no-network';
  if (!input.probed) return 'probing-off';
  // The probe did reach the recommended servers; what kept them from "verified" is theirs.
  const verdicts = Object.values(input.ranking.recommended).filter((e) => !e.verified).map((endpoint) =>
    input.ranking.assessments.find((a) => a.candidate.protocol === endpoint.protocol && a.candidate.host === endpoint.host && a.candidate.port === endpoint.port)?.verdict);
  if (verdicts.length > 0 && verdicts.every((v) => v === 'cert-problem')) return 'certificate';
  if (verdicts.length > 0 && verdicts.every((v) => v === 'plaintext' || v === 'cert-problem')) return 'cleartext';
  return 'not-confirmed';
}

function noNetworkFinding(gathered: Gathered, status: Report['status']): Finding {
  const failure = gathered.dnsFailure;
  const servers = failure === undefined || failure.servers.length === 0 ? 'the configured DNS servers' : failure.servers.join(', ');
  const how = failure?.status === 'refused' ? 'refused the query' : failure?.status === 'timeout' ? 'did not answer' : 'could not be reached';
  const outcome = status === 'no-network'
    ? 'nothing could be looked up, so this says nothing about the domain'
    : 'only the embedded provider table was used, and nothing was verified';
  return finding('no-network', `No DNS server answered (${servers} ${how}): ${outcome}.`, {
    evidence: [...(failure?.servers ?? []).map((server) => `nameserver ${server}`), ...(failure?.error === undefined ? [] : [failure.error])],
  });
}
