// A detector shares one network context (DNS cache) and one detection per domain across
// calls, so a batch of addresses costs one detection per domain. Usernames are re-expanded
// for each address from the published templates.
import { parseAddress, type ParsedAddress } from './address.js';
import { detectParsed, networkFor } from './detect.js';
import { resolveOptions, type DetectOptions } from './options.js';
import type { Report } from './report/types.js';
import { readdress } from './readdress.js';
import { stopRuleFor } from './rank/stop-rule.js';
import { gather, type Gathered } from './verify/gather.js';

export interface Detector {
  detect(address: string, options?: Pick<DetectOptions, 'signal' | 'onProgress'>): Promise<Report>;
  /** How many detections actually ran (one per domain). */
  readonly detections: number;
}

export function createDetector(options: DetectOptions = {}): Detector {
  const base = resolveOptions(options);
  const network = networkFor(base);
  // Each domain's detection, with the address it was gathered for.
  const byDomain = new Map<string, { address: ParsedAddress; gathered: Promise<Gathered> }>();
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
        const gathered = gather(parsed, network, { ...resolved, signal: base.signal }, stopRuleFor(resolved.policy));
        shared = { address: parsed, gathered };
        byDomain.set(parsed.domain, shared);
        gathered.catch(() => byDomain.delete(parsed.domain));
      }
      const { address: gatheredFor } = shared;
      // Another caller's address never appears in this caller's report.
      const own = shared.gathered.then((facts) => readdress(facts, gatheredFor, parsed));
      return detectParsed(parsed, resolved, network, own);
    },
    get detections() {
      return detections;
    },
  };
}
