// Discovery and probing as one stream: every source starts at once, each source's candidates
// are merged into the running list as it ends, and probes start on them at once. The whole
// is bounded by the overall deadline; a confirmed best answer cancels what is left.
import { setMaxListeners } from 'node:events';
import { discover } from '../discover/index.js';
import { discoverEmbedded } from '../discover/embedded.js';
import { createMerger } from '../discover/merge.js';
import { SOURCE_NAMES } from '../discover/types.js';
import { AutoconfError } from '../errors.js';
import type { ParsedAddress } from '../address.js';
import { expandRecord, templateSourceResult } from '../address-template.js';
import type { Network } from '../net/types.js';
import type { ResolvedOptions } from '../options.js';
import type { ProbeResult } from '../probe/types.js';
import type { Candidate, MergedCandidate, SourceRecord } from '../types.js';
import { capForProbing } from './plan.js';
import { createVerifier, type StopRule } from './scheduler.js';

/** What one detection found for a domain, in template form (address-template.ts): it may serve
 *  every address of that domain, so no address is in it. */
export interface Gathered {
  candidates: MergedCandidate[];
  sources: SourceRecord[];
  probes: ProbeResult[];
  /** No DNS server answered at all. */
  noNetwork: boolean;
  /** When `noNetwork`: the DNS servers asked and how they failed (timeout, unreachable, refused). */
  dnsFailure?: { servers: string[]; status: string; error?: string };
  /** The overall deadline ended the work. */
  deadlineHit: boolean;
  settledEarly: boolean;
  discoverMs: number;
  probeMs: number;
}

/** `rule` orders the probes and says when the answer is settled (the ranking's, passed in). */
export async function gather(address: ParsedAddress, network: Network | undefined, options: Readonly<ResolvedOptions>, rule: StopRule): Promise<Gathered> {
  const started = performance.now();
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const stop = new AbortController();
  const signals = [deadline, stop.signal, ...(options.signal ? [options.signal] : [])];
  const work = AbortSignal.any(signals);
  // Every source and probe listens on this one signal; dozens of listeners is the design.
  setMaxListeners(0, work);
  const merger = createMerger();
  let merged: MergedCandidate[] = [];
  const records: SourceRecord[] = [];
  let noNetwork = false;
  let dnsFailure: Gathered['dnsFailure'];
  let bug: { error: unknown } | undefined;
  let discoverMs = 0;

  const verifier = options.probe && network !== undefined
    ? createVerifier({
        network,
        rule,
        concurrency: options.concurrency,
        probe: {
          connectTimeoutMs: options.connectTimeoutMs,
          stepTimeoutMs: options.stepTimeoutMs,
          totalTimeoutMs: options.probeTimeoutMs,
          transcript: options.transcript,
          ...(options.ehloName === undefined ? {} : { ehloName: options.ehloName }),
        },
        signal: work,
        onProbeStart: (request) => options.onProgress({ type: 'probe-start', request }),
        onProbeEnd: (result) => options.onProgress({ type: 'probe-end', result }),
      })
    : undefined;
  verifier?.done.then(() => {
    if (verifier.settledEarly()) stop.abort();
  }, () => stop.abort());

  for (const source of SOURCE_NAMES) if (options.discover.sources[source]) options.onProgress({ type: 'source-start', source });
  options.onProgress({ type: 'stage', stage: 'discover' });

  // One cheap question decides whether there is a network at all: if no DNS server answers
  // the domain's MX (silence, no route, port closed, recursion refused), every other source
  // and probe would only wait out its timeout, and "not found" would blame the domain.
  // SERVFAIL is an answer about the domain (say, broken DNSSEC), not about the network.
  const reachability = network !== undefined && !options.offline
    ? network.resolver.query(address.domain, 'MX', { signal: work }).then((answer) => {
        const unanswered = answer.status === 'timeout' || answer.status === 'refused' ||
          (answer.status === 'error' && (answer.tried !== undefined || answer.server === undefined));
        if (unanswered) {
          noNetwork = true;
          dnsFailure = {
            servers: answer.tried ?? (answer.server === undefined ? [] : [answer.server]),
            status: answer.status,
            ...(answer.error === undefined ? {} : { error: answer.error }),
          };
          stop.abort();
        }
      }, (error: unknown) => {
        // Only cancellation may end the question early; anything else is a bug, raised below.
        if (!(error instanceof AutoconfError && error.code === 'ABORTED')) {
          bug ??= { error };
          stop.abort();
        }
      })
    : Promise.resolve();

  const discovery = network === undefined
    ? discoverOffline(address, options, (record, candidates) => {
        records.push(record);
        merged = merger.add(candidates);
      })
    : discover(address, {
        network,
        signal: work,
        ...options.discover,
        timeoutMs: { ...options.discover.timeoutMs },
        sources: { ...options.discover.sources },
        onSource: (record, candidates) => {
          records.push(record);
          // The caller watching progress is the one this detection was started for.
          options.onProgress({ type: 'source-end', record: expandRecord(record, address) });
          if (candidates.length === 0) return;
          // Only the endpoints this source names are merged again. The clock is asked too: on a
          // busy event loop the deadline's timer can fire late, and no probe may start after it.
          merged = merger.add(candidates);
          const late = performance.now() - started >= options.timeoutMs;
          if (!work.aborted && !late) verifier?.offer(capForProbing(merged));
        },
      }).then(() => undefined, (error: unknown) => {
        // Cancelled by the deadline or an early answer: the records already collected stand.
        if (!(error instanceof AutoconfError && error.code === 'ABORTED')) throw error;
      });

  await discovery;
  discoverMs = performance.now() - started;
  verifier?.sourcesDone();
  // The deadline ends every wait: nothing still pending (a resolver, a probe's cleanup) may
  // hold the answer past it (DESIGN: every wait is bounded). What settled first still counts:
  // a bug that rejected before the deadline is not hidden by it.
  await Promise.race([Promise.all([verifier?.done, reachability]), whenAborted(deadline)]);
  if (bug !== undefined) throw bug.error;
  if (options.signal?.aborted) throw new AutoconfError('ABORTED', 'The detection was cancelled.');
  options.onProgress({ type: 'stage', stage: 'probe' });
  // Sources that never reported (cancelled before they ended) still get a record.
  for (const source of SOURCE_NAMES) {
    if (!records.some((r) => r.source === source)) {
      records.push({ source, requests: [], status: options.discover.sources[source] ? 'aborted' : 'skipped', durationMs: 0, candidates: 0, notes: [] });
    }
  }
  records.sort((a, b) => SOURCE_NAMES.indexOf(a.source) - SOURCE_NAMES.indexOf(b.source));
  return {
    candidates: merged,
    sources: records,
    probes: verifier?.results() ?? [],
    noNetwork,
    ...(dnsFailure === undefined ? {} : { dnsFailure }),
    deadlineHit: deadline.aborted,
    settledEarly: verifier?.settledEarly() ?? false,
    discoverMs: Math.round(discoverMs),
    probeMs: Math.round(performance.now() - started - discoverMs),
  };
}

/** Offline: the embedded table only, with no network context at all. */
async function discoverOffline(address: ParsedAddress, options: Readonly<ResolvedOptions>, found: (record: SourceRecord, candidates: Candidate[]) => void): Promise<void> {
  // As discover() does for every source: what a source returns is kept in template form.
  const result = templateSourceResult(await discoverEmbedded({ address }), address);
  found(result.record, result.candidates);
  options.onProgress({ type: 'source-end', record: expandRecord(result.record, address) });
}

function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
