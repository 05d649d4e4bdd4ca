// Who hosts the domain's mail (draft §3.1–3.4): the best MX host's domain, then its
// registrable domain, each asked for HTTPS autoconfig and the ISPDB; and our MX → provider map.
import { getDomain } from 'tldts';
import type { MxRecord } from '../net/types.js';
import type { Candidate, LintNote } from '../types.js';
import { buildIspdbUrl, fetchClientConfig, type ConfigOutcome } from './client-config-fetch.js';
import { candidatesFromProvider, findProviderByMx } from './embedded.js';
import { isTrustedAd } from './dnssec.js';
import { createRecorder } from './record.js';
import { isHostName } from '../parse/server-fields.js';
import type { DiscoverContext } from './types.js';
import { note } from '../notes.js';

/** The lowest preference wins (RFC 5321 §5.1); ties keep the order the server gave. */
export function pickBestMx(records: readonly MxRecord[]): MxRecord | undefined {
  return [...records].sort((a, b) => a.priority - b.priority)[0];
}

/** MX host minus its first label (only when longer than the registrable domain), then the
 *  registrable domain itself: `mx1.eu.provider.example` → `eu.provider.example`, `provider.example`. */
export function deriveMxDomains(mxHost: string): string[] {
  const base = getDomain(mxHost);
  if (base === null) return [];
  const full = mxHost.slice(mxHost.indexOf('.') + 1);
  return full.length > base.length ? [full, base] : [base];
}

export async function discoverMx(ctx: DiscoverContext) {
  const recorder = createRecorder('mx', ctx.onRequest);
  const domain = ctx.address.domain;
  recorder.request(`MX ${domain}`);
  const answer = await ctx.network.resolver.query(domain, 'MX', { signal: ctx.signal });
  // NXDOMAIN: the name does not exist at all — most often a typo, which the user must hear
  // before anything about servers.
  if (answer.status === 'nxdomain') {
    recorder.note(note('no-such-domain', `${domain} does not exist in DNS (NXDOMAIN).`, domain));
    return recorder.finish([]);
  }
  if (answer.status === 'nodata') return recorder.finish([]);
  if (answer.status !== 'ok') {
    recorder.note(note('dns-failure', `MX ${domain}: ${answer.status}.`, domain));
    return recorder.finish([], 'error');
  }
  // RFC 7505: a single "." MX says the domain accepts no mail at all.
  if (answer.records.some((mx) => mx.exchange === '')) {
    recorder.note(note('null-mx', `${domain} publishes a null MX: it receives no mail (RFC 7505).`, domain));
    return recorder.finish([], 'empty');
  }
  // A name with bytes outside a host name (ESC, newline…) is data to refuse, never to use or print.
  const usable = answer.records.filter((mx) => isHostName(mx.exchange));
  if (usable.length < answer.records.length) {
    recorder.note(note('mx-invalid', `An MX record of ${domain} does not name a valid host; ignored.`, domain));
  }
  const best = pickBestMx(usable);
  if (best === undefined) return recorder.finish([]);
  const mxHost = best.exchange;
  // The user's own domain is the autoconfig source's job, not ours.
  const derived = deriveMxDomains(mxHost);
  const domains = derived.filter((mxDomain) => mxDomain !== domain);
  if (derived.at(-1) === undefined || derived.at(-1) === domain) {
    recorder.note(note('mx-self', `The MX host ${mxHost} belongs to ${domain} itself.`, mxHost));
    return recorder.finish([], 'empty');
  }
  // Which provider to ask was chosen by DNS: unless DNSSEC we may believe vouches for it, the
  // answers are hints, and the hosts they name get no password without the user's consent.
  const validated = isTrustedAd(answer, ctx.options.trustResolver);
  const trust = validated ? 'published' : 'hint';
  const prefix = `dns:MX ${mxHost}${validated ? ' (AD)' : ''} -> `;
  const fetches: Array<Promise<ConfigOutcome>> = [
    ...domains.map((mxDomain) => fetchClientConfig(ctx, recorder, { url: `https://autoconfig.${mxDomain}/mail/config-v1.1.xml`, insecure: false }, 'mx', { trust, vouched: validated, evidencePrefix: prefix })),
    // The ISPDB names the provider's hosts itself; only the choice of provider came from DNS.
    ...domains.map((mxDomain) => fetchClientConfig(ctx, recorder, { url: buildIspdbUrl(ctx.options.ispdbBaseUrl, mxDomain), insecure: false }, 'mx', { trust, vouched: true, evidencePrefix: prefix })),
  ];
  const outcomes = await Promise.all(fetches);
  const provider = findProviderByMx(mxHost);
  const embedded: Candidate[] = provider === undefined
    ? []
    : candidatesFromProvider(provider, { source: 'mx', evidence: `${prefix}embedded:${provider.id}`, trust });
  const hostedBy = provider?.name ?? outcomes.find((outcome) => outcome.providerName !== undefined)?.providerName ?? domains.at(-1);
  const hostedNote: LintNote = note('hosted-by', `Mail for ${domain} is hosted by ${hostedBy} (MX ${mxHost}).`, mxHost);
  recorder.note(hostedNote);
  for (const note of provider?.notes ?? []) recorder.note(note);
  const candidates = [...outcomes.flatMap((outcome) => outcome.candidates), ...embedded].map((candidate, rank) => ({
    ...candidate,
    rank,
    notes: [...(candidate.notes ?? []), hostedNote],
  }));
  if (candidates.length > 0) return recorder.finish(candidates);
  return recorder.finish([], outcomes.some((outcome) => outcome.broken) ? 'error' : 'empty');
}
