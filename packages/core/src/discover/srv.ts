// DNS SRV records for mail submission and access (RFC 6186, RFC 8314 §5.1). DNS is not
// authenticated, so every candidate is a hint a probe must confirm.
import { getDomain } from 'tldts';
import type { DnsAnswer, SrvRecord } from '../net/types.js';
import type { Candidate, LintNote, Protocol, PublishedSecurity } from '../types.js';
import { isTrustedAd } from './dnssec.js';
import { createRecorder } from './record.js';
import type { DiscoverContext } from './types.js';
import { note } from '../notes.js';

interface SrvService {
  label: string;
  protocol: Protocol;
  security: Extract<PublishedSecurity, 'tls' | 'starttls'>;
}

// The service name states the security, so no SRV candidate is 'unspecified': the "s" labels
// are implicit TLS (RFC 8314 §5.1), and the plain labels are STARTTLS, not cleartext — RFC 6186
// §3 points them at services whose clients negotiate TLS (RFC 3207, RFC 3501 §6.2.1, RFC 2595),
// and RFC 8314 §4 has MUAs require TLS on them. A cleartext answer there is a downgrade
// (rank/assess.ts); unauthenticated DNS never lowers a security mode (RFC 6186 §6).
// Implicit TLS first: on equal priority and weight RFC 8314 §5.1 tells clients to prefer it.
export const SRV_SERVICES: readonly SrvService[] = [
  { label: '_submissions._tcp', protocol: 'smtp', security: 'tls' },
  { label: '_submission._tcp', protocol: 'smtp', security: 'starttls' },
  { label: '_imaps._tcp', protocol: 'imap', security: 'tls' },
  { label: '_imap._tcp', protocol: 'imap', security: 'starttls' },
  { label: '_pop3s._tcp', protocol: 'pop3', security: 'tls' },
  { label: '_pop3._tcp', protocol: 'pop3', security: 'starttls' },
];

// A hostile zone could list thousands of records; nobody needs more than a handful per service.
const MAX_RECORDS_PER_SERVICE = 10;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

interface Found {
  service: SrvService;
  record: SrvRecord;
  name: string;
  authenticated: boolean;
  /** AD from a resolver we may believe: the target may receive the password. */
  vouched: boolean;
  order: number;
}

export async function discoverSrv(ctx: DiscoverContext) {
  const recorder = createRecorder('srv', ctx.onRequest);
  const domain = ctx.address.domain;
  const answers = await Promise.all(
    SRV_SERVICES.map(async (service) => {
      const name = `${service.label}.${domain}`;
      recorder.request(`SRV ${name}`);
      return { service, name, answer: await ctx.network.resolver.query(name, 'SRV', { signal: ctx.signal }) };
    }),
  );
  const found: Found[] = [];
  let failures = 0;
  for (const [order, { service, name, answer }] of answers.entries()) {
    if (answer.status !== 'ok' && answer.status !== 'nodata' && answer.status !== 'nxdomain') {
      failures += 1;
      recorder.note(note('dns-failure', `SRV ${name}: ${answer.status}.`, name));
      continue;
    }
    collect(found, recorder.note, service, name, answer, order, ctx.options.trustResolver);
  }
  // Across IMAP and POP3 too: priorities let the domain say which access protocol it prefers
  // (RFC 6186 §3.5). Lower priority first, then the heavier weight (RFC 2782).
  found.sort((a, b) => a.record.priority - b.record.priority || b.record.weight - a.record.weight || a.order - b.order);
  const userDomain = getDomain(domain) ?? domain;
  const nextRank = new Map<string, number>();
  const candidates: Candidate[] = found.map(({ service, record, name, authenticated, vouched }) => {
    const group = service.protocol === 'smtp' ? 'send' : 'read';
    const rank = nextRank.get(group) ?? 0;
    nextRank.set(group, rank + 1);
    return toCandidate(service, record, name, { authenticated, vouched }, userDomain, rank);
  });
  if (candidates.length > 0) return recorder.finish(candidates);
  if (failures === answers.length) return recorder.finish([], 'error');
  return recorder.finish([], found.length === 0 && recorder.hasNotes('srv-not-offered') ? 'empty' : undefined);
}

function collect(
  found: Found[],
  addNote: (note: LintNote) => void,
  service: SrvService,
  name: string,
  answer: DnsAnswer<'SRV'>,
  order: number,
  trustResolver: boolean | undefined,
): void {
  for (const record of answer.records.slice(0, MAX_RECORDS_PER_SERVICE)) {
    // "." as the only target: the service is decidedly not available (RFC 2782, RFC 6186 §3).
    if (record.target === '') {
      addNote(note('srv-not-offered', `${name} says this service is not offered (target ".").`, name));
    } else if (!HOST_NAME.test(record.target) || record.port < 1 || record.port > 65_535) {
      addNote(note('srv-invalid', `${name} has an unusable record (${record.target}:${record.port}).`, name));
    } else {
      found.push({ service, record, name, authenticated: answer.authenticated, vouched: isTrustedAd(answer, trustResolver), order });
    }
  }
  if (answer.records.length > MAX_RECORDS_PER_SERVICE) {
    addNote(note('srv-truncated', `${name} has ${answer.records.length} records; the first ${MAX_RECORDS_PER_SERVICE} are used.`, name));
  }
}

function toCandidate(
  service: SrvService,
  record: SrvRecord,
  name: string,
  { authenticated, vouched }: Pick<Found, 'authenticated' | 'vouched'>,
  userDomain: string,
  rank: number,
): Candidate {
  const notes: LintNote[] = [];
  const targetDomain = getDomain(record.target) ?? record.target;
  // RFC 6186 §6: a target outside the user's domain may be spoofed; the user must see it.
  if (targetDomain !== userDomain) {
    notes.push(note('cross-domain', `The SRV target ${record.target} is outside ${userDomain}.`, name));
  }
  notes.push(
    vouched
      ? note('dnssec-validated', 'The resolver validated this answer (DNSSEC AD bit).', name)
      : authenticated
        ? note('dnssec-untrusted', 'The resolver claims DNSSEC validation (AD bit), but it is not on this machine and not marked trusted.', name)
        : note('dnssec-unvalidated', 'This answer is not DNSSEC-validated.', name),
  );
  return {
    protocol: service.protocol,
    host: record.target,
    port: record.port,
    security: service.security,
    authMethods: [],
    source: 'srv',
    evidence: `dns:${name} SRV ${record.priority} ${record.weight} ${record.port} ${record.target}${authenticated ? ' (AD)' : ''}`,
    trust: 'hint',
    ...(vouched ? { vouched: true } : {}),
    rank,
    notes,
  };
}
