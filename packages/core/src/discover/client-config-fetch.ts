// Fetch and read one clientConfig document, for every source that asks for one: the domain's
// own autoconfig, the ISPDB and the provider lookups behind an MX. What the answer may be trusted
// with (published or hint, whether it may name login hosts) is decided here, once.
import { getDomain } from 'tldts';
import { parseClientConfig } from '../parse/client-config.js';
import type { Candidate, LintNote } from '../types.js';
import { fetchText } from './fetch.js';
import type { Recorder } from './record.js';
import type { DiscoverContext } from './types.js';
import { note } from '../notes.js';

export interface ConfigUrl {
  url: string;
  /** Plain HTTP: a hint only, whatever it says (DESIGN security rule 2). */
  insecure: boolean;
}

export const HTTP_SOURCE_NOTE: LintNote = note('http-source', 'Fetched over plain HTTP: anyone on the path could have changed it. A probe must confirm it.');

/** The central ISPDB's URL for a domain (draft §2.1): `<base><domain>`; the address is not sent. */
export function buildIspdbUrl(baseUrl: string, domain: string): string {
  return `${baseUrl}${domain}`;
}

export interface ConfigOutcome {
  candidates: Candidate[];
  /** A 2xx answer that is not a usable clientConfig. */
  broken: boolean;
  providerName?: string;
}

/** Fetch and parse one clientConfig URL; every failure becomes a note on the record. */
export async function fetchClientConfig(
  ctx: DiscoverContext,
  recorder: Recorder,
  entry: ConfigUrl,
  source: 'autoconfig' | 'ispdb' | 'mx',
  options: { trust?: Candidate['trust']; vouched?: boolean; evidencePrefix?: string } = {},
): Promise<ConfigOutcome> {
  recorder.request(`GET ${entry.url}`);
  const fetched = await fetchText(ctx, source, { url: entry.url, allowHttp: entry.insecure });
  if (!fetched.ok) {
    recorder.note(note(fetched.code, fetched.message, entry.url));
    return { candidates: [], broken: false };
  }
  // A redirect to plain HTTP is refused by the client; one that started on HTTP stays a hint.
  const insecure = entry.insecure || !fetched.url.startsWith('https:');
  // A redirect off the domain that was asked hands the answer to someone else: it is no longer
  // what that domain published (RFC 6186 §6 applies to any delegation we cannot authenticate).
  const offDomain = leavesDomain(entry.url, fetched.url);
  const evidence = `${options.evidencePrefix ?? ''}${fetched.url === entry.url ? entry.url : `${entry.url} -> ${fetched.url}`}`;
  const parsed = parseClientConfig(fetched.body, {
    address: ctx.address,
    source,
    evidence,
    trust: insecure || offDomain ? 'hint' : (options.trust ?? 'published'),
  });
  for (const note of parsed.notes) recorder.note({ ...note, at: note.at === undefined ? entry.url : `${entry.url} ${note.at}` });
  if (!parsed.ok) return { candidates: [], broken: true };
  const added: LintNote[] = [];
  if (insecure) added.push({ ...HTTP_SOURCE_NOTE, at: entry.url });
  if (offDomain) added.push(crossDomainRedirectNote(entry.url, fetched.url));
  for (const note of added) recorder.note(note);
  const vouched = !insecure && !offDomain && (options.vouched ?? true);
  const candidates = parsed.candidates.map((candidate) => ({
    ...candidate,
    ...(vouched ? { vouched: true } : {}),
    ...(added.length === 0 ? {} : { notes: [...(candidate.notes ?? []), ...added] }),
  }));
  return { candidates, broken: false, providerName: parsed.config.displayName ?? parsed.config.providerId };
}

function registrableDomain(url: string): string {
  const host = new URL(url).hostname.toLowerCase();
  return getDomain(host) ?? host;
}

export function leavesDomain(from: string, to: string): boolean {
  return from !== to && registrableDomain(from) !== registrableDomain(to);
}

export function crossDomainRedirectNote(from: string, to: string): LintNote {
  const fromHost = new URL(from).hostname;
  const toHost = new URL(to).hostname;
  return note(
    'cross-domain',
    `${fromHost} redirected to ${toHost}, another registrable domain: its answer is only a hint, and no password goes to the hosts it names without your consent.`,
    to,
  );
}

/** Concatenate in URL priority order and number the ranks across all of them. */
export function finishConfigs(recorder: Recorder, results: ConfigOutcome[]) {
  const candidates = results.flatMap((result) => result.candidates).map((candidate, rank) => ({ ...candidate, rank }));
  if (candidates.length > 0) return recorder.finish(candidates);
  return recorder.finish([], results.some((result) => result.broken) ? 'error' : 'not-found');
}
