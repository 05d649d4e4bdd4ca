// The sources' view of the HTTP client: a body, the final URL and the redirects taken, or a
// failure as data. Each request gets the whole time its source has left.
import { HTTP_MAX_BYTES, httpRequest } from '../net/http.js';
import type { HttpErrorCode } from '../net/http.js';
import type { NoteCode } from '../notes.js';
import type { SourceName } from '../types.js';
import type { DiscoverContext } from './types.js';

export interface FetchRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  maxRedirects?: number;
  allowHttp?: boolean;
}

export type Fetched =
  | { ok: true; body: string; url: string; redirects: string[] }
  | { ok: false; code: FetchFailure; message: string; url: string; redirects: string[]; status?: number };

/** A failed fetch as a note code: `http-<kind>` (see notes.ts). */
export type FetchFailure = Extract<NoteCode, `http-${string}`>;

const failureCode = (code: HttpErrorCode): FetchFailure => (code === 'http-status' ? code : `http-${code}`);

/** What went wrong, in words a domain's owner reads in `lint`: no system error codes
 *  (ENOTFOUND, ECONNREFUSED…), which stay in --trace. */
function fetchFailureWords(code: HttpErrorCode, url: string, message: string, status: number | undefined): string {
  const host = hostOf(url);
  switch (code) {
    case 'dns': return `${host} does not resolve: nothing is published there.`;
    case 'refused': return `${host} refused the connection on port ${portOf(url)}.`;
    case 'timeout': return `${host} gave no answer in time.`;
    case 'reset': return `${host} dropped the connection.`;
    case 'cert': return `${host} presents a certificate that is not trusted for its name.`;
    case 'tls': return `The TLS handshake with ${host} failed.`;
    case 'http-status': return `${url} answered HTTP ${status ?? '?'}.`;
    case 'too-large': return `${url} answered with more than the 1 MiB a settings document may have.`;
    case 'redirect-downgrade': return `${url} redirected to plain HTTP; not followed.`;
    case 'blocked': return `${host} is a private address; not asked (blockPrivateTargets).`;
    default: return message;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function portOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port === '' ? (parsed.protocol === 'http:' ? '80' : '443') : parsed.port;
  } catch {
    return '443';
  }
}

export async function fetchText(ctx: DiscoverContext, source: SourceName, request: FetchRequest): Promise<Fetched> {
  const result = await httpRequest(ctx.network, {
    url: request.url,
    method: request.method ?? 'GET',
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(request.headers === undefined ? {} : { headers: request.headers }),
    timeoutMs: ctx.options.timeoutMs[source],
    maxBytes: HTTP_MAX_BYTES,
    ...(request.maxRedirects === undefined ? {} : { maxRedirects: request.maxRedirects }),
    allowHttp: request.allowHttp ?? false,
    // Autodiscover servers expect the POST to be repeated at the new location.
    keepMethodOnRedirect: request.method === 'POST',
    signal: ctx.signal,
  });
  // Each response after the first was reached through a redirect.
  const redirects = result.chain.slice(1).map((hop) => hop.url);
  if (result.ok) return { ok: true, body: result.body, url: result.url, redirects };
  const error = result.error ?? { code: 'network', message: `No usable answer from ${result.url}.` };
  return {
    ok: false,
    code: failureCode(error.code),
    message: fetchFailureWords(error.code, result.url, error.message, result.status),
    url: result.url,
    redirects,
    ...(result.status === undefined ? {} : { status: result.status }),
  };
}
