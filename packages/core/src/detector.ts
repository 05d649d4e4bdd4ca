// A detector shares one network context (DNS cache) and one detection per domain across
// calls, so a batch of addresses costs one detection per domain. Usernames are re-expanded
// for each address from the published templates.
import { parseAddress } from './address.js';
import { detectParsed, networkFor } from './detect.js';
import { resolveOptions, type DetectOptions } from './options.js';
import type { Report } from './report/types.js';
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
      let gathered = byDomain.get(parsed.domain);
      if (gathered === undefined) {
        detections++;
        // Probing runs without the per-call signal so that one caller's cancel does not
        // poison the shared result for the others; the cached promise is dropped on failure.
        gathered = gather(parsed, network, { ...resolved, signal: base.signal });
        byDomain.set(parsed.domain, gathered);
        gathered.catch(() => byDomain.delete(parsed.domain));
      }
      return detectParsed(parsed, resolved, network, gathered);
    },
    get detections() {
      return detections;
    },
  };
}
