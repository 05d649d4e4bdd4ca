// The discovery stage: every source at once under one signal, each with its own deadline;
// a source that fails or times out is recorded and the others still count.
import { getDomain } from 'tldts';
import { setMaxListeners } from 'node:events';
import { parseAddress, type ParsedAddress } from '../address.js';
import { expandCandidate, expandRecord, templateRequest, templateSourceResult } from '../address-template.js';
import { AutoconfError, isAutoconfError } from '../errors.js';
import { createNetwork } from '../net/network.js';
import type { Network } from '../net/types.js';
import type { AddressedCandidate, Candidate, SourceName, SourceRecord, SourceResult, SourceStatus } from '../types.js';
import { discoverAutoconfig } from './autoconfig.js';
import { discoverAutodiscover } from './autodiscover.js';
import { discoverEmbedded } from './embedded.js';
import { discoverGuess } from './guess.js';
import { discoverIspdb } from './ispdb.js';
import { mergeCandidates } from './merge.js';
import { discoverMx } from './mx.js';
import { discoverSrv } from './srv.js';
import {
  resolveDiscoverOptions, SOURCE_NAMES, type DiscoverContext, type DiscoverOptionsInput, type Source,
} from './types.js';

export interface DiscoverInput extends DiscoverOptionsInput {
  /** Default: a network made from /etc/resolv.conf, as detect() makes one. */
  network?: Network;
  signal?: AbortSignal;
  /** Called once per source as soon as it ends (skipped sources too), with what it found in
   *  template form: the address as `%EMAILADDRESS%` (see address-template.ts). */
  onSource?(record: SourceRecord, candidates: readonly Candidate[]): void;
}

export interface Discovery {
  address: ParsedAddress;
  /** Strongest first (trust, then source priority, then each source's own order); usernames
   *  and evidence expanded for the address. */
  candidates: AddressedCandidate[];
  /** One per source, in `SOURCE_NAMES` order, expanded for the address. */
  sources: SourceRecord[];
}

export const SOURCES: Readonly<Record<SourceName, Source>> = {
  embedded: discoverEmbedded,
  autoconfig: discoverAutoconfig,
  ispdb: discoverIspdb,
  srv: discoverSrv,
  mx: discoverMx,
  autodiscover: discoverAutodiscover,
  guess: discoverGuess,
};

export async function discover(address: string | ParsedAddress, input: DiscoverInput = {}): Promise<Discovery> {
  const parsed = typeof address === 'string' ? parseAddress(address) : address;
  const options = resolveDiscoverOptions(input);
  const network = input.network ?? createNetwork();
  throwIfAborted(input.signal);
  // One inner signal for every source (each adds listeners to it), linked to the caller's.
  const linked = new AbortController();
  setMaxListeners(0, linked.signal);
  const forward = (): void => linked.abort(input.signal?.reason);
  input.signal?.addEventListener('abort', forward, { once: true });
  const outer = input.signal === undefined ? undefined : linked.signal;
  const results = await Promise.all(
    SOURCE_NAMES.map(async (name) => {
      const result = await runSource(name, { address: parsed, network, options }, outer);
      try {
        input.onSource?.(result.record, result.candidates);
      } catch {
        // A progress callback must not be able to break discovery.
      }
      return result;
    }),
  );
  input.signal?.removeEventListener('abort', forward);
  throwIfAborted(input.signal);
  return {
    address: parsed,
    candidates: mergeCandidates(results.flatMap((result) => result.candidates)).map((candidate) => expandCandidate(candidate, parsed)),
    sources: results.map((result) => expandRecord(result.record, parsed)),
  };
}

async function runSource(
  name: SourceName,
  base: Pick<DiscoverContext, 'address' | 'network' | 'options'>,
  outer: AbortSignal | undefined,
): Promise<SourceResult> {
  const started = performance.now();
  const requests: string[] = [];
  const fail = (status: SourceStatus, error?: SourceRecord['error']): SourceResult => ({
    candidates: [],
    record: {
      source: name,
      requests,
      status,
      durationMs: Math.round(performance.now() - started),
      candidates: 0,
      ...(error === undefined ? {} : { error }),
      notes: [],
    },
  });
  if (!base.options.sources[name]) return fail('skipped');
  const timeout = AbortSignal.timeout(base.options.timeoutMs[name]);
  const signal = outer === undefined ? timeout : AbortSignal.any([outer, timeout]);
  // A source asks many DNS questions and URLs at once, each listening on this signal.
  setMaxListeners(0, signal);
  try {
    // The source asks with the real address; what it recorded leaves here in template form.
    const onRequest = (what: string): void => void requests.push(templateRequest(what, base.address));
    const result = templateSourceResult(await untilAborted(SOURCES[name]({ ...base, signal, onRequest }), signal), base.address);
    return { ...result, candidates: markOwnDomain(result.candidates, base.address.domain) };
  } catch (error) {
    if (timeout.aborted) return fail('timeout', { code: 'TIMEOUT', message: `No answer within ${base.options.timeoutMs[name]} ms.` });
    if (outer?.aborted) return fail('aborted', { code: 'ABORTED', message: 'Cancelled.' });
    return fail('error', {
      code: isAutoconfError(error) ? error.code : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/** A host inside the address's registrable domain may receive its password whoever named it
 *  (RFC 6186 §6), and it outranks hosts elsewhere that only unauthenticated sources named. */
function markOwnDomain(candidates: Candidate[], domain: string): Candidate[] {
  const own = getDomain(domain) ?? domain;
  return candidates.map((candidate) =>
    candidate.vouched !== true && getDomain(candidate.host) === own ? { ...candidate, vouched: true } : candidate);
}

/** Settles with the work or rejects when the signal fires, whichever comes first, so a source
 *  that ignores its signal still cannot hold discovery past its deadline. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AutoconfError('ABORTED'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AutoconfError('ABORTED'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AutoconfError('ABORTED', 'Discovery was cancelled.');
}

export { resolveDiscoverOptions, SOURCE_NAMES, DEFAULT_ISPDB_BASE_URL, DEFAULT_SOURCE_TIMEOUT_MS } from './types.js';
export type { DiscoverContext, DiscoverOptions, DiscoverOptionsInput, Source } from './types.js';
export { findEmbeddedProvider, findProviderByMx, WELL_KNOWN_SERVICES } from './embedded.js';
export { PROVIDERS, type Provider, type ProviderServer } from './providers.js';
export { mergeCandidates, SOURCE_PRIORITY } from './merge.js';
