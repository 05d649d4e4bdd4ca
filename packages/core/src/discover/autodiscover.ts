// Microsoft Autodiscover (POX), asked without any credential. The 2021 "Great Leak" rules:
// never climb the domain tree, never ask autodiscover.<public suffix>, HTTPS only, at most
// MAX_HOPS redirects of any kind per chain, and every change of registrable domain reported.
import { getDomain } from 'tldts';
import { buildAutodiscoverRequest, parseAutodiscover } from '../parse/autodiscover.js';
import type { Candidate, LintNote } from '../types.js';
import { fetchText } from './fetch.js';
import { createRecorder, type Recorder } from './record.js';
import type { DiscoverContext } from './types.js';
import { note } from '../notes.js';

/** HTTP redirects, RedirectUrl and RedirectAddr together. */
export const MAX_HOPS = 3;
const AUTODISCOVER_PATH = '/autodiscover/autodiscover.xml';
const HEADERS = { 'content-type': 'text/xml; charset=utf-8', accept: 'text/xml' } as const;
const HTTPS_PORT = 443;
const DOMAIN_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

interface Start {
  url: string;
  /** Named by DNS (SRV): a hint whatever it answers. */
  fromDns: boolean;
}

/** True for a host we must never ask: a public suffix itself, or `autodiscover.<public suffix>`. */
export function isForbiddenAutodiscoverHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (getDomain(name) === null) return true;
  return name.startsWith('autodiscover.') && getDomain(name.slice('autodiscover.'.length)) === null;
}

export async function discoverAutodiscover(ctx: DiscoverContext) {
  const recorder = createRecorder('autodiscover', ctx.onRequest);
  const domain = ctx.address.domain;
  const srvName = `_autodiscover._tcp.${domain}`;
  recorder.request(`SRV ${srvName}`);
  const direct: Start[] = [
    { url: `https://autodiscover.${domain}${AUTODISCOVER_PATH}`, fromDns: false },
    { url: `https://${domain}${AUTODISCOVER_PATH}`, fromDns: false },
  ];
  const [first, second, fromSrv] = await Promise.all([
    runChain(ctx, recorder, direct[0] as Start),
    runChain(ctx, recorder, direct[1] as Start),
    ctx.network.resolver.query(srvName, 'SRV', { signal: ctx.signal }).then((answer) => {
      const best = [...answer.records].filter((record) => record.target !== '')
        .sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
      if (answer.status !== 'ok' || best === undefined) return [];
      const port = best.port === HTTPS_PORT ? '' : `:${best.port}`;
      return runChain(ctx, recorder, { url: `https://${best.target}${port}${AUTODISCOVER_PATH}`, fromDns: true });
    }),
  ]);
  const candidates = [...first, ...second, ...fromSrv].map((candidate, rank) => ({ ...candidate, rank }));
  return recorder.finish(candidates);
}

/** One start URL followed through at most MAX_HOPS redirects; returns the candidates it found. */
async function runChain(ctx: DiscoverContext, recorder: Recorder, start: Start): Promise<Candidate[]> {
  const userDomain = getDomain(ctx.address.domain);
  const seen = new Set<string>();
  const notes: LintNote[] = [];
  let url = start.url;
  let address = ctx.address.address;
  let hops = 0;
  for (;;) {
    const host = new URL(url).hostname;
    if (isForbiddenAutodiscoverHost(host)) {
      recorder.note(note('autodiscover-forbidden-host', `${host} is a public suffix or autodiscover.<public suffix>; not asked.`, url));
      return [];
    }
    const key = `${url} ${address}`;
    if (seen.has(key)) {
      recorder.note(note('redirect-loop', `Autodiscover redirects back to ${url}; stopped.`, start.url));
      return [];
    }
    seen.add(key);
    if (getDomain(host) !== userDomain && !notes.some((note) => note.code === 'cross-domain')) {
      const crossNote: LintNote = note('cross-domain', `Autodiscover for ${ctx.address.domain} is answered by ${host}, another registrable domain.`, url);
      notes.push(crossNote);
      recorder.note(crossNote);
    }
    recorder.request(`POST ${url}`);
    const fetched = await fetchText(ctx, 'autodiscover', {
      url, method: 'POST', body: buildAutodiscoverRequest(address), headers: HEADERS, maxRedirects: MAX_HOPS - hops,
    });
    hops += fetched.redirects.length;
    for (const via of fetched.redirects) recorder.request(`redirect ${via}`);
    if (!fetched.ok) {
      recorder.note(note(fetched.code, fetched.message, url));
      return [];
    }
    const finalHost = new URL(fetched.url).hostname;
    if (getDomain(finalHost) !== userDomain && !notes.some((note) => note.code === 'cross-domain')) {
      const crossNote: LintNote = note('cross-domain', `Autodiscover for ${ctx.address.domain} was redirected to ${finalHost}, another registrable domain.`, fetched.url);
      notes.push(crossNote);
      recorder.note(crossNote);
    }
    const trust = start.fromDns || notes.length > 0 ? 'hint' : 'published';
    const evidence = fetched.url === start.url ? start.url : `${start.url} -> ${fetched.url}`;
    const result = parseAutodiscover(fetched.body, { address: ctx.address, source: 'autodiscover', evidence, trust });
    for (const note of result.notes) recorder.note({ ...note, at: note.at === undefined ? fetched.url : `${fetched.url} ${note.at}` });
    if (!result.ok) return [];
    if (result.kind === 'settings') {
      // Only the domain's own answer, reached without leaving it, may name login hosts.
      const vouched = trust === 'published';
      return result.candidates.map((candidate) => ({
        ...candidate,
        ...(vouched ? { vouched: true } : {}),
        ...(notes.length === 0 ? {} : { notes: [...(candidate.notes ?? []), ...notes] }),
      }));
    }
    if (result.kind === 'error') {
      recorder.note(note('autodiscover-error', `${fetched.url}: ${result.message}`, fetched.url));
      return [];
    }
    if (hops >= MAX_HOPS) {
      recorder.note(note('too-many-redirects', `More than ${MAX_HOPS} Autodiscover redirects from ${start.url}; stopped.`, start.url));
      return [];
    }
    hops += 1;
    if (result.kind === 'redirect-url') {
      url = result.url;
      continue;
    }
    // RedirectAddr: ask again for the new address; at its own domain when it names another one.
    // No credential is ever sent, so following it exposes only the address it gave us.
    const newDomain = result.address.slice(result.address.lastIndexOf('@') + 1).toLowerCase();
    if (!DOMAIN_NAME.test(newDomain)) {
      recorder.note(note('bad-redirect', `RedirectAddr "${result.address}" has no usable domain; stopped.`, fetched.url));
      return [];
    }
    recorder.note(note(newDomain === ctx.address.domain ? 'redirect-address' : 'cross-domain', `Autodiscover redirects ${address} to ${result.address}.`, fetched.url));
    if (newDomain !== new URL(url).hostname.replace(/^autodiscover\./, '')) url = `https://autodiscover.${newDomain}${AUTODISCOVER_PATH}`;
    address = result.address;
  }
}
