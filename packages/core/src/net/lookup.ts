// A `lookup` for net.connect, tls.connect and https.request that asks our resolver and
// never getaddrinfo. Node 20 turns on autoSelectFamily, so net calls it with `{ all: true }`
// and wants an array; other callers want `(err, address, family)`. Both are served.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { DnsAnswer, Resolver } from './types.js';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export interface LookupError extends NodeJS.ErrnoException {
  hostname: string;
}

// Node's own dns error codes (node:dns constants), so callers that check them keep working.
function errorCode(answers: DnsAnswer[]): string {
  const statuses = new Set(answers.map((answer) => answer.status));
  if (statuses.has('servfail') || statuses.has('error')) return 'ESERVFAIL';
  if (statuses.has('timeout')) return 'ETIMEOUT';
  if (statuses.has('refused')) return 'EREFUSED';
  return 'ENOTFOUND';
}

function lookupError(code: string, hostname: string, detail?: string): LookupError {
  const error = new Error(`getaddrinfo ${code} ${hostname}${detail ? ` (${detail})` : ''}`) as LookupError;
  error.code = code;
  error.syscall = 'getaddrinfo';
  error.hostname = hostname;
  return error;
}

function requestedFamily(options: LookupOptions | number | undefined): 0 | 4 | 6 {
  const family = typeof options === 'number' ? options : options?.family;
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

function prefersIpv6(options: LookupOptions | number | undefined): boolean {
  return typeof options === 'object' && (options as { order?: string }).order === 'ipv6first';
}

async function resolveAddresses(resolver: Pick<Resolver, 'query'>, hostname: string, family: 0 | 4 | 6, ipv6First: boolean): Promise<LookupAddress[]> {
  const literal = isIP(hostname);
  if (literal === 4 || literal === 6) return [{ address: hostname, family: literal }];
  const [v4, v6] = await Promise.all([
    family === 6 ? undefined : resolver.query(hostname, 'A'),
    family === 4 ? undefined : resolver.query(hostname, 'AAAA'),
  ]);
  const ipv4 = (v4?.records ?? []).map((address) => ({ address, family: 4 }));
  const ipv6 = (v6?.records ?? []).map((address) => ({ address, family: 6 }));
  const addresses = ipv6First ? [...ipv6, ...ipv4] : [...ipv4, ...ipv6];
  if (addresses.length > 0) return addresses;
  const answers = [v4, v6].filter((answer): answer is DnsAnswer<'A' | 'AAAA'> => answer !== undefined);
  throw lookupError(errorCode(answers), hostname, answers.map((answer) => answer.error).find(Boolean));
}

export function createLookup(resolver: Pick<Resolver, 'query'>): LookupFunction {
  function lookup(hostname: string, options: LookupOptions | number | LookupCallback | undefined, maybeCallback?: LookupCallback): void {
    const callback = (typeof options === 'function' ? options : maybeCallback) as LookupCallback;
    const settings = typeof options === 'function' ? undefined : options;
    const all = typeof settings === 'object' && settings.all === true;
    resolveAddresses(resolver, hostname, requestedFamily(settings), prefersIpv6(settings)).then(
      (addresses) => {
        const first = addresses[0] as LookupAddress;
        if (all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: unknown) => {
        const code = (error as { code?: unknown }).code;
        const failure = error instanceof Error && typeof code === 'string' ? error : lookupError('ENOTFOUND', hostname, String(error));
        callback(failure as NodeJS.ErrnoException, all ? [] : '');
      },
    );
  }
  return lookup as LookupFunction;
}
