// HTTPS for autoconfig, ISPDB and Autodiscover, resolved through our own DNS (`network.lookup`)
// and verified against Node's roots plus `network.trust`. Verification cannot be turned off.
// Every outcome (refused, bad certificate, too large, timed out, redirected to http) is data.
import { sharedSecureContext } from './secure-context.js';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { RequestOptions } from 'node:https';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type tls from 'node:tls';
import { DEFAULTS } from '../defaults.js';
import { AutoconfError } from '../errors.js';
import { splitNetwork, type WithNetwork } from './call-network.js';
import { refusalFor, TARGET_BLOCKED_CODE } from './private-targets.js';
import type { Network } from './types.js';

export const HTTP_TIMEOUT_MS = DEFAULTS.httpTimeoutMs;
export const HTTP_MAX_BYTES = DEFAULTS.httpMaxBytes;
export const HTTP_MAX_REDIRECTS = DEFAULTS.httpMaxRedirects;
const USER_AGENT = 'autoconf/0.1 (+mail settings discovery)';

export type HttpErrorCode =
  | 'timeout' | 'too-large' | 'tls' | 'cert' | 'dns' | 'refused' | 'reset'
  | 'redirect-downgrade' | 'redirect-loop' | 'too-many-redirects' | 'bad-url' | 'aborted' | 'network' | 'http-status'
  /** A non-public address refused by `blockPrivateTargets`. */
  | 'blocked';

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** One deadline for the whole exchange, redirects included. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Allow http: URLs. An https→http redirect is refused even then. */
  allowHttp?: boolean;
  /** Re-send the method and body on 301/302 as on 307/308 (Autodiscover re-POSTs). 303 is always a GET. */
  keepMethodOnRedirect?: boolean;
  signal?: AbortSignal;
}

export interface HttpResult {
  /** A 2xx answer read in full. */
  ok: boolean;
  status?: number;
  /** The last URL requested. */
  url: string;
  /** Every response received, redirects first. */
  chain: { url: string; status: number }[];
  /** Of the last response; lower-case names, repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  error?: { code: HttpErrorCode; message: string };
}

type Hop =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'error'; code: HttpErrorCode; message: string; status?: number; headers?: Record<string, string> };

interface Settings {
  network: Network;
  maxBytes: number;
  signal: AbortSignal;
  /** Why `signal` fired: the caller, or our deadline. */
  abortCode: () => HttpErrorCode;
}


const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
// Credentials never follow a redirect to another origin (Fetch standard, "HTTP-redirect fetch").
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const CERT_ERROR_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'INVALID_CA', 'HOSTNAME_MISMATCH',
]);
const DNS_ERROR_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'ESERVFAIL', 'ETIMEOUT', 'EAI_AGAIN', 'ENODATA']);
const RESET_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** One request, redirects followed within bounds; every network outcome is data. */
export function httpRequest(request: HttpRequest & WithNetwork): Promise<HttpResult>;
/** @deprecated Pass the network inside the request: `httpRequest({ ...request, network })`. */
export function httpRequest(network: Network, request: HttpRequest): Promise<HttpResult>;
export async function httpRequest(first: (HttpRequest & WithNetwork) | Network, second?: HttpRequest): Promise<HttpResult> {
  const { network, request } = splitNetwork<HttpRequest>(first, second);
  const options = resolveOptions(request);
  const started = performance.now();
  const chain: HttpResult['chain'] = [];
  const deadline = new AbortController();
  let abortCode: HttpErrorCode = 'timeout';
  const onCallerAbort = () => {
    abortCode = 'aborted';
    deadline.abort();
  };
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  request.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (request.signal?.aborted) onCallerAbort();
  const settings: Settings = { network, maxBytes: options.maxBytes, signal: deadline.signal, abortCode: () => abortCode };

  let url = request.url;
  const finish = (fields: Partial<HttpResult> & { error?: HttpResult['error'] }): HttpResult => ({
    ok: fields.error === undefined,
    url,
    chain,
    headers: {},
    body: '',
    ...fields,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    let target = checkUrl(url, options.allowHttp);
    if (typeof target === 'string') return finish({ error: { code: 'bad-url', message: target } });
    let { method, body } = options;
    let headers = options.headers;
    const visited = new Set<string>();
    for (let redirects = 0; ; redirects += 1) {
      visited.add(target.href);
      if (deadline.signal.aborted) {
        return finish({ error: { code: abortCode, message: abortCode === 'timeout' ? 'The request timed out.' : 'The request was aborted.' } });
      }
      const hop = await sendOnce(target, method, body, headers, settings);
      if (hop.kind === 'error') {
        if (hop.status !== undefined) chain.push({ url, status: hop.status });
        return finish({ status: hop.status, headers: hop.headers ?? {}, error: { code: hop.code, message: hop.message } });
      }
      chain.push({ url, status: hop.status });
      const location = hop.headers.location;
      if (!REDIRECT_STATUSES.has(hop.status) || location === undefined) {
        const success = hop.status >= 200 && hop.status < 300;
        return finish({
          status: hop.status,
          headers: hop.headers,
          body: hop.body,
          error: success ? undefined : { code: 'http-status', message: `HTTP ${hop.status} from ${url}` },
        });
      }
      const fail = (code: HttpErrorCode, message: string) => finish({ status: hop.status, headers: hop.headers, error: { code, message } });
      if (redirects >= options.maxRedirects) return fail('too-many-redirects', `More than ${options.maxRedirects} redirects.`);
      let next: URL;
      try {
        next = new URL(location, target);
      } catch {
        return fail('bad-url', `The redirect to "${location}" is not a URL.`);
      }
      // Trust is transitive only across https (research (c) rule 3): never step down to http.
      if (target.protocol === 'https:' && next.protocol === 'http:') {
        return fail('redirect-downgrade', `Refused the redirect from https to ${next.href}.`);
      }
      const checked = checkUrl(next.href, options.allowHttp);
      if (typeof checked === 'string') return fail('bad-url', checked);
      next.hash = '';
      if (visited.has(next.href)) return fail('redirect-loop', `The redirect to ${next.href} loops.`);
      if (next.origin !== target.origin) {
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !ORIGIN_BOUND_HEADERS.includes(name)));
      }
      // RFC 9110 §15.4: 303 always becomes a GET; 301/302 do for POST (as browsers do) unless
      // the caller asks to re-send, as Autodiscover expects; 307/308 keep method and body.
      if (hop.status === 303 || ((hop.status === 301 || hop.status === 302) && !options.keepMethodOnRedirect)) {
        method = 'GET';
        body = undefined;
      }
      target = next;
      url = next.href;
    }
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function resolveOptions(request: HttpRequest) {
  const count = (value: number | undefined, fallback: number, name: string, min: number): number => {
    const resolved = value ?? fallback;
    if (!Number.isFinite(resolved) || resolved < min) {
      throw new AutoconfError('OPTION_INVALID', `${name} must be a number of at least ${min}; got ${String(value)}.`);
    }
    return resolved;
  };
  const method = request.method ?? 'GET';
  if (method === 'GET' && request.body !== undefined) throw new AutoconfError('OPTION_INVALID', 'A GET request has no body.');
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return Object.freeze({
    method,
    body: request.body,
    headers,
    timeoutMs: count(request.timeoutMs, HTTP_TIMEOUT_MS, 'timeoutMs', 1),
    maxBytes: count(request.maxBytes, HTTP_MAX_BYTES, 'maxBytes', 0),
    maxRedirects: count(request.maxRedirects, HTTP_MAX_REDIRECTS, 'maxRedirects', 0),
    allowHttp: request.allowHttp ?? false,
    keepMethodOnRedirect: request.keepMethodOnRedirect ?? false,
  });
}

/** A URL we may fetch, or why not. */
function checkUrl(raw: string, allowHttp: boolean): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} URLs are not fetched.`;
  if (url.protocol === 'http:' && !allowHttp) return `${url.href} is plain http; pass allowHttp to fetch it.`;
  // Discovery never sends credentials, so a URL carrying them is refused rather than used.
  if (url.username !== '' || url.password !== '') return 'URLs with user names or passwords are not fetched.';
  url.hash = '';
  return url;
}

function sendOnce(target: URL, method: string, body: string | undefined, headers: Record<string, string>, settings: Settings): Promise<Hop> {
  // Names are checked by the lookup as they resolve; an IP literal never reaches it.
  const refused = refusalFor(settings.network, target.hostname);
  if (refused !== undefined) return Promise.resolve({ kind: 'error', code: 'blocked', message: refused });
  return new Promise<Hop>((resolve) => {
    const { signal, maxBytes, network } = settings;
    let request: ClientRequest | undefined;
    let response: IncomingMessage | undefined;
    let settled = false;
    const settle = (hop: Hop) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      request?.destroy();
      response?.destroy();
      resolve(hop);
    };
    const fail = (code: HttpErrorCode, message: string) =>
      settle({ kind: 'error', code, message, status: response?.statusCode, headers: response && flattenHeaders(response) });
    const onAbort = () => {
      const code = settings.abortCode();
      fail(code, code === 'timeout' ? 'The request timed out.' : 'The request was aborted.');
    };

    const hostname = target.hostname.replace(/^\[|\]$/g, '');
    const secure = target.protocol === 'https:';
    const port = target.port === '' ? (secure ? 443 : 80) : Number(target.port);
    // The port map (a testing seam) changes only where we dial; Host still names the URL's.
    const dialPort = network.portMap?.(hostname, port) ?? port;
    const send = (lookup: LookupFunction, client: typeof import('node:https') | typeof import('node:http')) => {
      const requestOptions: RequestOptions = {
        method,
        hostname,
        port: dialPort,
        path: `${target.pathname}${target.search}`,
        headers: {
          'user-agent': USER_AGENT,
          accept: '*/*',
          'accept-encoding': 'identity',
          ...(dialPort === port ? {} : { host: target.host }),
          ...headers,
          ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        },
        lookup,
        // A fresh connection per request: nothing pooled outlives the call.
        agent: false,
        ...(secure && {
          secureContext: secureContextFor(network),
          rejectUnauthorized: true,
          // SNI carries host names only, never IP literals (RFC 6066 §3).
          servername: isIP(hostname) === 0 ? hostname : undefined,
        }),
      };
      request = client.request(requestOptions, (incoming) => {
        response = incoming;
        const status = incoming.statusCode ?? 0;
        const responseHeaders = flattenHeaders(incoming);
        if (REDIRECT_STATUSES.has(status) && responseHeaders.location !== undefined) {
          settle({ kind: 'response', status, headers: responseHeaders, body: '' });
          return;
        }
        const declared = Number(responseHeaders['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail('too-large', `The body is ${declared} bytes; at most ${maxBytes} are read.`);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) fail('too-large', `The body exceeds ${maxBytes} bytes.`);
          else chunks.push(chunk);
        });
        incoming.on('end', () => settle({ kind: 'response', status, headers: responseHeaders, body: decodeBody(chunks) }));
        incoming.on('error', (error) => fail(...classifyError(error)));
        incoming.on('close', () => fail('reset', 'The connection closed before the body ended.'));
      });
      request.on('error', (error) => fail(...classifyError(error)));
      request.end(body);
    };

    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) {
      onAbort();
      return;
    }
    // The name is resolved before anything else is made: most autoconfig and Autodiscover
    // names do not exist, and then no HTTP client, TLS context or socket is built for them.
    // The request then reuses these addresses, so the name is looked up once, as before.
    resolveFirst(network.lookup, hostname, (error, lookup) => {
      if (settled) return;
      if (error !== null) {
        fail(...classifyError(error));
        return;
      }
      loadClient(secure).then((client) => {
        if (!settled) send(lookup, client);
      }, (loadError: Error) => fail('network', loadError.message));
    });
  });
}

// node:http and node:https load on the first request that has somewhere to go.
function loadClient(secure: boolean): Promise<typeof import('node:https') | typeof import('node:http')> {
  return secure ? import('node:https') : import('node:http');
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Resolves `hostname` through `lookup` as net does (every address, in the lookup's order) and
 *  hands back a lookup that answers net's own call from that answer. IP literals, which net
 *  never looks up, pass straight through. */
function resolveFirst(lookup: LookupFunction, hostname: string, done: (error: NodeJS.ErrnoException | null, lookup: LookupFunction) => void): void {
  if (isIP(hostname) !== 0) {
    done(null, lookup);
    return;
  }
  lookup(hostname, { all: true }, ((error, found) => {
    if (error) {
      done(error, lookup);
      return;
    }
    const addresses = found as LookupAddress[];
    const replay = ((name: string, options: unknown, maybeCallback?: unknown) => {
      const callback = (typeof options === 'function' ? options : maybeCallback) as LookupCallback;
      const settings = typeof options === 'object' && options !== null ? (options as { all?: boolean; family?: unknown; order?: unknown }) : {};
      // Only the question asked above is answered from it; any other goes to the lookup.
      const sameQuestion = name === hostname && (settings.family === undefined || settings.family === 0) && settings.order === undefined;
      if (!sameQuestion || addresses.length === 0) {
        lookup(name, options as never, maybeCallback as never);
        return;
      }
      const first = addresses[0] as LookupAddress;
      if (settings.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    }) as LookupFunction;
    done(null, replay);
  }) as LookupCallback as never);
}

function secureContextFor(network: Network): tls.SecureContext {
  return sharedSecureContext(network.trust, { minVersion: 'TLSv1.2' });
}

function flattenHeaders(response: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(response.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}

function decodeBody(chunks: Buffer[]): string {
  // TextDecoder drops a leading BOM and replaces invalid UTF-8 instead of throwing.
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function classifyError(error: Error): [HttpErrorCode, string] {
  const { code = '', syscall } = error as NodeJS.ErrnoException;
  const message = code === '' ? error.message : `${code}: ${error.message}`;
  if (code === TARGET_BLOCKED_CODE) return ['blocked', error.message];
  if (syscall === 'getaddrinfo' || DNS_ERROR_CODES.has(code)) return ['dns', message];
  if (CERT_ERROR_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS_CERT')) return ['cert', message];
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') return ['tls', message];
  if (code === 'ECONNREFUSED') return ['refused', message];
  if (RESET_ERROR_CODES.has(code) || /socket hang up|aborted/i.test(error.message)) return ['reset', message];
  return ['network', message];
}
