// Answers kept for their TTL, so a batch run asks once per name and type. Negative answers
// are kept for the SOA minimum the resolver computed (RFC 2308 §5); timeouts, SERVFAIL and
// other failures are never kept, so a flaky server is asked again next time.
import type { DnsAnswer, RecordType } from './types.js';

// Bounds against a hostile or sloppy TTL: RFC 2308 §5 suggests capping negative caching at
// hours; we cap everything at a day, and negatives without an SOA get a short default.
export const MAX_CACHE_TTL_S = 86_400;
export const MAX_NEGATIVE_TTL_S = 3_600;
export const DEFAULT_NEGATIVE_TTL_S = 30;
export const MAX_CACHE_ENTRIES = 10_000;

export interface DnsCacheOptions {
  /** Milliseconds since an epoch; `Date.now` unless a test injects its own clock. */
  now?: () => number;
  maxEntries?: number;
}

export interface DnsCache {
  get<T extends RecordType>(name: string, type: T): DnsAnswer<T> | undefined;
  set(answer: DnsAnswer): void;
  clear(): void;
  readonly size: number;
}

interface Entry {
  answer: DnsAnswer;
  expiresAtMs: number;
}

function cacheKey(name: string, type: RecordType): string {
  return `${type} ${name.toLowerCase()}`;
}

function cacheTtlSeconds(answer: DnsAnswer): number {
  if (answer.status === 'ok') return Math.min(answer.ttl, MAX_CACHE_TTL_S);
  if (answer.status === 'nxdomain' || answer.status === 'nodata') return Math.min(answer.ttl, MAX_NEGATIVE_TTL_S);
  return 0;
}

export function createDnsCache(options: DnsCacheOptions = {}): DnsCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? MAX_CACHE_ENTRIES;
  const entries = new Map<string, Entry>();

  return {
    get<T extends RecordType>(name: string, type: T): DnsAnswer<T> | undefined {
      const key = cacheKey(name, type);
      const entry = entries.get(key);
      if (!entry) return undefined;
      const remainingMs = entry.expiresAtMs - now();
      if (remainingMs <= 0) {
        entries.delete(key);
        return undefined;
      }
      // The TTL handed out counts down, as a caching resolver's does.
      return { ...(structuredClone(entry.answer) as DnsAnswer<T>), ttl: Math.ceil(remainingMs / 1000) };
    },
    set(answer: DnsAnswer): void {
      const ttlSeconds = cacheTtlSeconds(answer);
      if (ttlSeconds <= 0) return;
      const key = cacheKey(answer.name, answer.type);
      entries.delete(key);
      // Map keeps insertion order, so the first key is the oldest entry.
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, { answer: structuredClone(answer), expiresAtMs: now() + ttlSeconds * 1000 });
    },
    clear(): void {
      entries.clear();
    },
    get size(): number {
      return entries.size;
    },
  };
}
