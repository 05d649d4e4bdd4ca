// The domain's own clientConfig file (draft-ietf-mailmaint-autoconfig §1.1–1.3). All URLs are
// fetched at once; the higher-priority URL's servers rank first but every answer is kept.
import { getDomain } from 'tldts';
import { parseClientConfig } from '../parse/client-config.js';
import type { Candidate, LintNote } from '../types.js';
import { fetchText } from './fetch.js';
import { createRecorder, type Recorder } from './record.js';
import type { DiscoverContext } from './types.js';

export interface ConfigUrl {
  url: string;
  /** Plain HTTP: a hint only, whatever it says (DESIGN security rule 2). */
  insecure: boolean;
}

const CONFIG_PATH = '/mail/config-v1.1.xml';
const WELL_KNOWN_PATH = '/.well-known/autoconfig/mail/config-v1.1.xml';

export const HTTP_SOURCE_NOTE: LintNote = {
  code: 'http-source',
  severity: 'medium',
  message: 'Fetched over plain HTTP: anyone on the path could have changed it. A probe must confirm it.',
};

/** The address travels only on the HTTPS autoconfig.<domain> URL, never over plain HTTP. */
export function buildAutoconfigUrls(domain: string, address: string, allowHttp: boolean): ConfigUrl[] {
  const urls: ConfigUrl[] = [
    { url: `https://autoconfig.${domain}${CONFIG_PATH}?emailaddress=${encodeURIComponent(address)}`, insecure: false },
    { url: `https://${domain}${WELL_KNOWN_PATH}`, insecure: false },
  ];
  if (allowHttp) {
    urls.push({ url: `http://autoconfig.${domain}${CONFIG_PATH}`, insecure: true }, { url: `http://${domain}${WELL_KNOWN_PATH}`, insecure: true });
  }
  return urls;
}

export async function discoverAutoconfig(ctx: DiscoverContext) {
  const recorder = createRecorder('autoconfig', ctx.onRequest);
  const urls = buildAutoconfigUrls(ctx.address.domain, ctx.address.address, ctx.options.allowHttp);
  const results = await Promise.all(urls.map((entry) => fetchClientConfig(ctx, recorder, entry, 'autoconfig')));
  return finishConfigs(recorder, results);
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
    recorder.note({ code: fetched.code, severity: 'info', message: fetched.message, at: entry.url });
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
  return {
    code: 'cross-domain',
    severity: 'medium',
    message: `${fromHost} redirected to ${toHost}, another registrable domain: its answer is only a hint, and no password goes to the hosts it names without your consent.`,
    at: to,
  };
}

/** Concatenate in URL priority order and number the ranks across all of them. */
export function finishConfigs(recorder: Recorder, results: ConfigOutcome[]) {
  const candidates = results.flatMap((result) => result.candidates).map((candidate, rank) => ({ ...candidate, rank }));
  if (candidates.length > 0) return recorder.finish(candidates);
  return recorder.finish([], results.some((result) => result.broken) ? 'error' : 'not-found');
}
