// What every discovery source receives and returns, and the options resolved once for all of them.
import type { ParsedAddress } from '../address.js';
import type { Network } from '../net/types.js';
import type { SourceName, SourceResult } from '../types.js';
import { DEFAULTS, LIMITS } from '../defaults.js';
import { AutoconfError } from '../errors.js';

export const SOURCE_NAMES: readonly SourceName[] = ['embedded', 'autoconfig', 'ispdb', 'srv', 'mx', 'autodiscover', 'guess'];

// The values live in the one table (defaults.ts); these names stay for their importers.
export const DEFAULT_ISPDB_BASE_URL = DEFAULTS.ispdbBaseUrl;
export const DEFAULT_SOURCE_TIMEOUT_MS: Readonly<Record<SourceName, number>> = DEFAULTS.sourceTimeoutMs;

export interface DiscoverOptions {
  sources: Readonly<Record<SourceName, boolean>>;
  timeoutMs: Readonly<Record<SourceName, number>>;
  /** The central database, the domain is appended (`<base><domain>`). */
  ispdbBaseUrl: string;
  /** Also fetch autoconfig over plain HTTP (never with the address; results are hints only). */
  allowHttp: boolean;
  /** Whose DNSSEC AD bit counts (see dnssec.ts): undefined = resolvers on loopback only. */
  trustResolver?: boolean;
}

export interface DiscoverOptionsInput {
  sources?: Partial<Record<SourceName, boolean>>;
  /** One number for every source, or per source. */
  timeoutMs?: number | Partial<Record<SourceName, number>>;
  ispdbBaseUrl?: string;
  allowHttp?: boolean;
  trustResolver?: boolean;
}

export interface DiscoverContext {
  address: ParsedAddress;
  network: Network;
  /** Aborts on the caller's cancellation or this source's own timeout. */
  signal: AbortSignal;
  options: DiscoverOptions;
  /** Called with every URL or DNS name a source asks, as it asks (the orchestrator keeps them
   *  for sources that time out before they can report). */
  onRequest?(what: string): void;
}

export type Source = (ctx: DiscoverContext) => Promise<SourceResult>;

export function resolveDiscoverOptions(input: DiscoverOptionsInput = {}): DiscoverOptions {
  const sources = {} as Record<SourceName, boolean>;
  const timeoutMs = {} as Record<SourceName, number>;
  for (const name of Object.keys(input.sources ?? {})) {
    if (!SOURCE_NAMES.includes(name as SourceName)) throw new AutoconfError('OPTION_INVALID', `Unknown discovery source "${name}".`);
  }
  for (const name of SOURCE_NAMES) {
    sources[name] = input.sources?.[name] ?? true;
    const given = typeof input.timeoutMs === 'number' ? input.timeoutMs : input.timeoutMs?.[name];
    timeoutMs[name] = checkTimeout(given ?? DEFAULT_SOURCE_TIMEOUT_MS[name], name);
  }
  return Object.freeze({
    sources: Object.freeze(sources),
    timeoutMs: Object.freeze(timeoutMs),
    ispdbBaseUrl: checkBaseUrl(input.ispdbBaseUrl ?? DEFAULT_ISPDB_BASE_URL),
    allowHttp: input.allowHttp ?? DEFAULTS.allowHttp,
    ...(input.trustResolver === undefined ? {} : { trustResolver: checkFlag(input.trustResolver, 'trustResolver') }),
  });
}

function checkFlag(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new AutoconfError('OPTION_INVALID', `${name} must be true or false.`);
  return value;
}

function checkTimeout(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0 || value > LIMITS.sourceTimeoutMs) {
    throw new AutoconfError('OPTION_INVALID', `timeoutMs for "${name}" must be between 1 and ${LIMITS.sourceTimeoutMs} ms.`);
  }
  return value;
}

// Only HTTPS: the ISPDB answer is "published" trust, which plain HTTP cannot carry.
function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new AutoconfError('URL_INVALID', `ispdbBaseUrl "${value}" is not a URL.`, { cause });
  }
  if (url.protocol !== 'https:') throw new AutoconfError('URL_INVALID', 'ispdbBaseUrl must be an https URL.');
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
