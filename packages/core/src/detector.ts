// A detector shares one network context (DNS cache) and one detection per domain across
// calls, so a batch of addresses costs one detection per domain. The shared detection holds
// no address (its facts are in template form); each report is expanded for its own caller.
import { parseAddress } from './address.js';
import { detectParsed, networkFor } from './detect.js';
import { resolveOptions, type DetectOptions } from './options.js';
import type { Report } from './report/types.js';
import { stopRuleOf } from './rank/exhaustive.js';
import { gather, type Gathered } from './verify/gather.js';

export interface Detector {
  detect(address: string, options?: Pick<DetectOptions, 'signal' | 'onProgress'>): Promise<Report>;
  /** How many detections actually ran (one per domain). */
  readonly detections: number;
}

export function createDetector(options: DetectOptions = {}): Detector {
  const base = resolveOptions(options);
  const network = networkFor(base);
  const byDomain = new Map<string, Promise<Gathered>>();
  let detections = 0;
  return {
    async detect(address, perCall = {}) {
      const parsed = parseAddress(address);
      const resolved = resolveOptions({ ...options, ...perCall, ...(network ? { network } : {}) });
      let shared = byDomain.get(parsed.domain);
      if (shared === undefined) {
        detections++;
        // Probing runs without the per-call signal so that one caller's cancel does not
        // poison the shared result for the others; the cached promise is dropped on failure.
        shared = gather(parsed, network, { ...resolved, signal: base.signal }, stopRuleOf(resolved));
        byDomain.set(parsed.domain, shared);
        shared.catch(() => byDomain.delete(parsed.domain));
      }
      return detectParsed(parsed, resolved, network, shared);
    },
    get detections() {
      return detections;
    },
  };
}
