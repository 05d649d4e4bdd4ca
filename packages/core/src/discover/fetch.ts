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
    message: error.message,
    url: result.url,
    redirects,
    ...(result.status === undefined ? {} : { status: result.status }),
  };
}
