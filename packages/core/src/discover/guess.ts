// Host names commonly used for mail, in the product's port order. Nothing is known about
// them: the probe stage decides. Names that do not resolve are dropped when DNS says so.
import type { Resolver } from '../net/types.js';
import type { Candidate, Protocol, PublishedSecurity } from '../types.js';
import { createRecorder } from './record.js';
import { isHostName } from '../parse/server-fields.js';
import type { DiscoverContext } from './types.js';
import { note } from '../notes.js';

interface PortChoice {
  port: number;
  security: Extract<PublishedSecurity, 'tls' | 'starttls'>;
}

// Submission on 587 first (RFC 6409), then implicit TLS (RFC 8314), then 25 which ISPs block.
export const GUESS_PORTS: Readonly<Record<Protocol, readonly PortChoice[]>> = {
  smtp: [{ port: 587, security: 'starttls' }, { port: 465, security: 'tls' }, { port: 25, security: 'starttls' }],
  imap: [{ port: 993, security: 'tls' }, { port: 143, security: 'starttls' }],
  pop3: [{ port: 995, security: 'tls' }, { port: 110, security: 'starttls' }],
};

const PREFIXES: Readonly<Record<Protocol, readonly string[]>> = {
  smtp: ['smtp', 'mail', 'submission'],
  imap: ['imap', 'mail'],
  pop3: ['pop', 'pop3', 'mail'],
};

const MAX_MX_HOSTS = 3;

export async function discoverGuess(ctx: DiscoverContext) {
  const recorder = createRecorder('guess', ctx.onRequest);
  const domain = ctx.address.domain;
  recorder.request(`MX ${domain}`);
  const mxHosts = await findMxHosts(ctx.network.resolver, domain, ctx.signal);
  const hosts = (protocol: Protocol): string[] =>
    unique([...PREFIXES[protocol].map((prefix) => `${prefix}.${domain}`), domain, ...mxHosts]);
  const all = unique([...hosts('smtp'), ...hosts('imap'), ...hosts('pop3')]);
  for (const host of all) recorder.request(`A/AAAA ${host}`);
  const absent = await findAbsentHosts(ctx.network.resolver, all, ctx.signal);
  for (const host of absent) {
    recorder.note(note('guess-unresolved', `${host} does not resolve; not guessed.`, host));
  }
  const candidates: Candidate[] = [];
  for (const protocol of ['smtp', 'imap', 'pop3'] as const) {
    let rank = 0;
    for (const { port, security } of GUESS_PORTS[protocol]) {
      for (const host of hosts(protocol)) {
        if (absent.has(host)) continue;
        const evidence = mxHosts.includes(host) && host !== domain ? `guess:mx ${host}` : `guess:${host}`;
        candidates.push({ protocol, host, port, security, authMethods: [], source: 'guess', evidence, trust: 'hint', rank: rank++ });
      }
    }
  }
  return recorder.finish(candidates, candidates.length === 0 ? 'empty' : undefined);
}

async function findMxHosts(resolver: Resolver, domain: string, signal: AbortSignal): Promise<string[]> {
  const answer = await resolver.query(domain, 'MX', { signal });
  if (answer.status !== 'ok') return [];
  return [...answer.records]
    .filter((mx) => isHostName(mx.exchange))
    .sort((a, b) => a.priority - b.priority)
    .slice(0, MAX_MX_HOSTS)
    .map((mx) => mx.exchange);
}

/** Hosts for which DNS positively says "no address". A failed or timed-out lookup keeps the
 *  host. NXDOMAIN for A says the name does not exist at all, so AAAA is asked only when the
 *  name exists without an A record (RFC 8020: nothing exists below or at an NXDOMAIN name). */
async function findAbsentHosts(resolver: Resolver, hosts: string[], signal: AbortSignal): Promise<Set<string>> {
  const absent = new Set<string>();
  await Promise.all(
    hosts.map(async (host) => {
      const a = await resolver.query(host, 'A', { signal });
      if (a.status === 'nxdomain') absent.add(host);
      if (a.status !== 'nodata') return;
      const aaaa = await resolver.query(host, 'AAAA', { signal });
      if (aaaa.status === 'nxdomain' || aaaa.status === 'nodata') absent.add(host);
    }),
  );
  return absent;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
