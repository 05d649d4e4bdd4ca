// Probes candidates as they arrive, best first, a bounded number at a time, and stops as soon
// as the best answer the policy can give is confirmed for every protocol the report needs.
// A port that stays silent (dropped by a firewall) is given up on shortly after a worse port
// of the same protocol confirmed, so it cannot hold the answer for its whole connect timeout.
import { endpointKey, probeModes } from '../endpoint.js';
import { isAutoconfError } from '../errors.js';
import { probeEndpoint } from '../probe/index.js';
import type { ProbeRequest, ProbeResult } from '../probe/types.js';
import type { Network } from '../net/types.js';
import type { MergedCandidate, Protocol } from '../types.js';

/** The order and the stop rule the scheduler works by. The ranking owns them (rank/stop-rule.ts)
 *  and the caller passes them in, so this stage imports nothing from the one after it. Keys are
 *  compared lexicographically by `compareKeys`, lower is better. */
export interface StopRule {
  /** The rule for one candidate list (which hosts it publishes changes every key); asked
   *  again whenever the list changes. */
  forCandidates(candidates: readonly MergedCandidate[]): CandidateKeys;
  compareKeys(a: readonly number[], b: readonly number[]): number;
  /** A confirmed key nothing a running source might still publish could beat. */
  isUnbeatable(key: readonly number[]): boolean;
}

export interface CandidateKeys {
  /** The key the candidate would have if its probe confirmed it: what the scheduler waits for. */
  optimisticKey(candidate: MergedCandidate): number[];
  /** The candidate's key when this probe confirmed it, else undefined. */
  confirmedKey(candidate: MergedCandidate, result: ProbeResult): number[] | undefined;
  /** A candidate whose probe the answer waits for (briefly) even when it cannot win: the
   *  domain published it, and what it does (a stripped STARTTLS, AUTH in cleartext) is a
   *  finding other clients of the domain need, whatever wins here. */
  mustObserve?(candidate: MergedCandidate): boolean;
}

export interface ProbeDefaults {
  connectTimeoutMs: number;
  stepTimeoutMs: number;
  totalTimeoutMs: number;
  ehloName?: string;
  transcript: boolean;
}

export interface VerifierInput {
  network: Network;
  rule: StopRule;
  concurrency: number;
  probe: ProbeDefaults;
  signal: AbortSignal;
  onProbeStart?(request: ProbeRequest): void;
  onProbeEnd?(result: ProbeResult): void;
}

export interface Verifier {
  /** The whole current candidate list (re-merged by the caller); new endpoints get probes. */
  offer(candidates: readonly MergedCandidate[]): void;
  /** No more candidates will come. */
  sourcesDone(): void;
  /** Settles when the answer is settled, every probe ran, or the signal fired; rejects with
   *  the error of a probe that threw instead of returning data (a bug, never a network outcome). */
  done: Promise<void>;
  results(): ProbeResult[];
  /** True when it stopped because the best possible answer was confirmed. */
  settledEarly(): boolean;
}

interface Job {
  request: ProbeRequest;
  candidate: MergedCandidate;
  /** The key if it confirmed; kept up to date by `rekey` (the published hosts can change). */
  optimistic: number[];
  /** Set when the result is in and confirmed the candidate (and by `rekey`). */
  confirmedKey?: number[];
  controller: AbortController;
  state: 'queued' | 'running' | 'done';
  result?: ProbeResult;
  /** Probed for its findings even when it cannot beat the answer (CandidateKeys.mustObserve). */
  observe: boolean;
}

/** How long a better but silent probe may keep the answer waiting once a worse one confirmed:
 *  a few round trips of the confirmed dialogue, bounded both ways. */
const GIVE_UP_MIN_MS = 1_000;
const GIVE_UP_MAX_MS = 2_000;
const GIVE_UP_FACTOR = 5;
const STAGGER_MS = 150;
/** How long a probe kept only for its findings may hold an answer that is otherwise settled:
 *  twice the confirmed dialogue (the same server answers its other ports about as fast),
 *  bounded both ways, so a silent port costs at most a second. */
const OBSERVE_MIN_MS = 250;
const OBSERVE_MAX_MS = 1_000;
const OBSERVE_FACTOR = 2;
// POP3 is only the answer when IMAP is not (IMAP is preferred): while IMAP may still confirm,
// POP3 probes wait instead of competing with it for sockets and CPU.
const POP3_DEFER_MS = 400;

export function createVerifier(input: VerifierInput): Verifier {
  const jobs = new Map<string, Job>();
  let candidates: readonly MergedCandidate[] = [];
  const { compareKeys } = input.rule;
  let keys = input.rule.forCandidates([]);
  let sourcesFinished = false;
  let finished = false;
  let early = false;
  let running = 0;
  const giveUpTimers = new Map<Protocol, NodeJS.Timeout>();
  const firstStart = new Map<Protocol, number>();
  let staggerTimer: NodeJS.Timeout | undefined;
  let resolveDone!: () => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });

  const finish = (settled: boolean, bug?: { error: unknown }): void => {
    if (finished) return;
    finished = true;
    early = settled;
    for (const timer of giveUpTimers.values()) clearTimeout(timer);
    clearTimeout(staggerTimer);
    input.signal.removeEventListener('abort', onAbort);
    for (const job of jobs.values()) if (job.state !== 'done') job.controller.abort();
    if (bug === undefined) resolveDone();
    else rejectDone(bug.error);
  };
  const onAbort = (): void => finish(false);
  if (input.signal.aborted) finish(false);
  else input.signal.addEventListener('abort', onAbort, { once: true });

  const ordered = (): Job[] =>
    [...jobs.values()].sort((a, b) => compareKeys(a.optimistic, b.optimistic));

  // Keys depend on the candidate and the published hosts only: computed when those change,
  // not on every pump.
  const rekey = (job: Job): void => {
    job.optimistic = keys.optimisticKey(job.candidate);
    job.observe = keys.mustObserve?.(job.candidate) ?? false;
    if (job.result !== undefined) job.confirmedKey = keys.confirmedKey(job.candidate, job.result);
  };

  // Staggered starts, as Thunderbird staggers its guesses: the best open probe of a protocol
  // starts at once, the n-th best only n × STAGGER_MS after that protocol's first start (or
  // at once when everything better has ended). On a healthy server the first choice confirms
  // before the others start, so they cost nothing; a dead first choice delays them little.
  const pump = (): void => {
    if (finished) return;
    const now = performance.now();
    const positions = new Map<Protocol, number>();
    const confirmed = bestConfirmedKeys();
    let nextAt = Infinity;
    for (const job of ordered()) {
      if (job.state === 'done') continue;
      const protocol = job.candidate.protocol;
      // Nothing to learn from a probe that could at best tie what is already confirmed.
      const best = confirmed.get(protocol);
      if (job.state === 'queued' && best !== undefined && compareKeys(job.optimistic, best) >= 0 && !job.observe) continue;
      const position = positions.get(protocol) ?? 0;
      positions.set(protocol, position + 1);
      if (job.state !== 'queued' || running >= input.concurrency) continue;
      const allowedAt = protocol === 'pop3' && imapStillOpen()
        ? (firstStart.get('imap') ?? now) + POP3_DEFER_MS + position * STAGGER_MS
        : position === 0 ? now : (firstStart.get(protocol) ?? now) + position * STAGGER_MS;
      if (allowedAt <= now) {
        if (!firstStart.has(protocol)) firstStart.set(protocol, now);
        start(job);
      } else {
        nextAt = Math.min(nextAt, allowedAt);
      }
    }
    if (nextAt !== Infinity) {
      clearTimeout(staggerTimer);
      staggerTimer = setTimeout(pump, Math.max(1, nextAt - now));
      staggerTimer.unref();
    }
    evaluate();
  };

  const start = (job: Job): void => {
    job.state = 'running';
    running++;
    input.onProbeStart?.(job.request);
    const signal = AbortSignal.any([input.signal, job.controller.signal]);
    probeEndpoint({ ...job.request, signal, network: input.network })
      .then((result) => {
        job.result = result;
        job.confirmedKey = keys.confirmedKey(job.candidate, result);
        input.onProbeEnd?.(result);
      })
      .catch((error: unknown) => {
        // A probe returns every network outcome as data; only cancellation may throw. Anything
        // else (a TypeError…) is a bug: it ends the detection instead of reading as "not probed".
        if (!isAutoconfError(error, 'ABORTED')) finish(false, { error });
      })
      .finally(() => {
        job.state = 'done';
        running--;
        pump();
      });
  };

  const imapStillOpen = (): boolean => [...jobs.values()].some((job) => job.candidate.protocol === 'imap' && job.state !== 'done');

  const bestConfirmedKeys = (): Map<Protocol, number[]> => {
    const best = new Map<Protocol, number[]>();
    for (const job of jobs.values()) {
      const key = job.result === undefined ? undefined : job.confirmedKey;
      if (key === undefined) continue;
      const current = best.get(job.candidate.protocol);
      if (current === undefined || compareKeys(key, current) < 0) best.set(job.candidate.protocol, key);
    }
    return best;
  };

  /** Per protocol: the best confirmed key, and whether anything better may still confirm. */
  const evaluate = (): void => {
    if (finished) return;
    const settled = (['smtp', 'imap', 'pop3'] as const).map((protocol) => settle(protocol));
    const [smtp, imap, pop3] = settled;
    const incomingSettled = imap === 'confirmed' || (imap !== 'pending' && pop3 !== 'pending');
    if (smtp !== 'pending' && incomingSettled) {
      finish(smtp === 'confirmed' || imap === 'confirmed');
      return;
    }
    if (sourcesFinished && [...jobs.values()].every((job) => job.state === 'done')) finish(false);
  };

  const settle = (protocol: Protocol): 'confirmed' | 'none' | 'pending' => {
    const mine = [...jobs.values()].filter((job) => job.candidate.protocol === protocol);
    const confirmed = mine
      .filter((job) => job.result !== undefined)
      .flatMap((job) => (job.confirmedKey === undefined ? [] : [{ job, key: job.confirmedKey }]))
      .sort((a, b) => compareKeys(a.key, b.key))[0];
    const open = mine.filter((job) => job.state !== 'done');
    if (confirmed === undefined) return open.length === 0 && sourcesFinished ? 'none' : 'pending';
    const best = confirmed.key;
    const better = open.filter((job) => compareKeys(job.optimistic, best) < 0);
    const watched = open.filter((job) => job.observe && !better.includes(job));
    const confirmedMs = confirmed.job.result!.durationMs;
    // A source still running could publish a better endpoint, unless the rule says none can.
    if (better.length === 0 && watched.length === 0 && (sourcesFinished || input.rule.isUnbeatable(best))) return 'confirmed';
    if (better.length > 0 && better.every((job) => job.state === 'running')) {
      armGiveUp(protocol, better, Math.min(GIVE_UP_MAX_MS, Math.max(GIVE_UP_MIN_MS, confirmedMs * GIVE_UP_FACTOR)));
    } else if (better.length === 0 && watched.every((job) => job.state === 'running')) {
      armGiveUp(protocol, watched, Math.min(OBSERVE_MAX_MS, Math.max(OBSERVE_MIN_MS, confirmedMs * OBSERVE_FACTOR)));
    }
    return 'pending';
  };

  const armGiveUp = (protocol: Protocol, waiting: Job[], delay: number): void => {
    if (giveUpTimers.has(protocol)) return;
    const timer = setTimeout(() => {
      giveUpTimers.delete(protocol);
      for (const job of waiting) if (job.state === 'running') job.controller.abort();
      pump();
    }, delay);
    timer.unref();
    giveUpTimers.set(protocol, timer);
  };

  return {
    offer(next) {
      if (finished) return;
      candidates = next;
      keys = input.rule.forCandidates(candidates);
      for (const candidate of candidates) {
        for (const security of probeModes(candidate)) {
          const request: ProbeRequest = {
            protocol: candidate.protocol,
            host: candidate.host,
            port: candidate.port,
            security,
            connectTimeoutMs: input.probe.connectTimeoutMs,
            stepTimeoutMs: input.probe.stepTimeoutMs,
            totalTimeoutMs: input.probe.totalTimeoutMs,
            transcript: input.probe.transcript,
            ...(input.probe.ehloName === undefined ? {} : { ehloName: input.probe.ehloName }),
          };
          const key = endpointKey(request, request.security);
          const existing = jobs.get(key);
          if (existing !== undefined) existing.candidate = candidate;
          else jobs.set(key, { request, candidate, optimistic: [], controller: new AbortController(), state: 'queued', observe: false });
        }
      }
      for (const job of jobs.values()) rekey(job);
      pump();
    },
    sourcesDone() {
      sourcesFinished = true;
      pump();
    },
    done,
    results: () => [...jobs.values()].flatMap((job) => (job.result === undefined ? [] : [job.result])),
    settledEarly: () => early,
  };
}
