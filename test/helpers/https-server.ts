// An HTTPS (or plain HTTP) server for tests on a real loopback socket, driven by a route table,
// with a log of every request it received.
//
//   const ca = createTestCa();
//   const server = await startHttpServer({
//     tls: ca.issue({ names: ['autoconfig.example.test', '127.0.0.1'] }),   // omit for plain HTTP
//     routes: {
//       '/mail/config-v1.1.xml': { body: xml, headers: { 'content-type': 'text/xml' } },
//       '/moved': { redirect: '/mail/config-v1.1.xml' },                 // 302 unless status given
//       '/slow': { delayMs: 2_000, body: 'late' },                      // headers after 2 s
//       '/hang': { hang: true },                                        // never answers
//       '/forever': { stream: { chunk: 'x'.repeat(1024), intervalMs: 0 } }, // body never ends
//       '/drip': { stream: { chunk: 'x', intervalMs: 200, count: 10 } },
//       '/cut': { body: 'partial', cut: 'mid-body' },                   // socket destroyed
//       '/echo': (request) => ({ body: request.body }),                 // computed per request
//     },
//   });
//   server.url                  // 'https://127.0.0.1:PORT' (no trailing slash)
//   server.urlFor('autoconfig.example.test', '/mail/config-v1.1.xml')  // same port, a host name
//   server.requests             // [{ method, path, query, headers, body, servername }]
//   server.route('/late', { status: 404 })                              // add or replace a route
//   await server.close()        // destroys open sockets, clears timers
//
// Paths are matched on the pathname; the route '*' catches everything else, otherwise 404.
// Requests are logged when their body has been read, before the route answers.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface RouteResponse {
  /** Default 200, or 302 with `redirect`. */
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sets Location (absolute or relative). */
  redirect?: string;
  /** Wait this long before sending the status line. */
  delayMs?: number;
  /** Read the request, then never answer. */
  hang?: boolean;
  /** A chunked body: `count` chunks (default: forever) every `intervalMs`. */
  stream?: { chunk: string | Buffer; intervalMs: number; count?: number };
  /** Destroy the socket before the headers, or after the headers and `body`. */
  cut?: 'before-headers' | 'mid-body';
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  /** The SNI name the client sent (TLS only). */
  servername?: string;
}

export type Route = RouteResponse | ((request: LoggedRequest) => RouteResponse);

export interface HttpServerOptions {
  /** Certificate and key: serve HTTPS. Without: plain HTTP. */
  tls?: { cert: string; key: string };
  routes?: Record<string, Route>;
  host?: string;
  /** Default 0: any free port. */
  port?: number;
}

export interface TestHttpServer {
  url: string;
  host: string;
  port: number;
  requests: LoggedRequest[];
  urlFor(hostname: string, path?: string): string;
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

const MAX_LOGGED_BODY_BYTES = 1_048_576;

export async function startHttpServer(options: HttpServerOptions = {}): Promise<TestHttpServer> {
  const routes = new Map<string, Route>(Object.entries(options.routes ?? {}));
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) action();
    }, ms);
    timers.add(timer);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_LOGGED_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const logged: LoggedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')])),
        body: Buffer.concat(chunks).toString('utf8'),
        servername: (req.socket as TLSSocket).servername || undefined,
      };
      requests.push(logged);
      const route = routes.get(url.pathname) ?? routes.get('*');
      const answer: RouteResponse = route === undefined ? { status: 404, body: 'not found' } : typeof route === 'function' ? route(logged) : route;
      if (answer.delayMs !== undefined) later(answer.delayMs, () => respond(res, answer));
      else respond(res, answer);
    });
  };

  const respond = (res: http.ServerResponse, answer: RouteResponse) => {
    if (answer.hang) return;
    if (answer.cut === 'before-headers') {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = { ...answer.headers };
    if (answer.redirect !== undefined) headers.location = answer.redirect;
    res.writeHead(answer.status ?? (answer.redirect !== undefined ? 302 : 200), headers);
    if (answer.cut === 'mid-body') {
      res.write(answer.body ?? 'partial');
      later(20, () => res.socket?.destroy());
      return;
    }
    if (answer.stream === undefined) {
      res.end(answer.body);
      return;
    }
    const { chunk, intervalMs, count = Infinity } = answer.stream;
    let sent = 0;
    const pump = () => {
      if (res.destroyed || closed) return;
      if (sent >= count) {
        res.end();
        return;
      }
      sent += 1;
      const more = res.write(chunk);
      if (intervalMs > 0) later(intervalMs, pump);
      else if (more) setImmediate(pump);
      else res.once('drain', pump);
    };
    pump();
  };

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle) : http.createServer(handle);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  // Failed handshakes (the client rejected our certificate) are expected in these tests.
  server.on('tlsClientError', () => undefined);
  // As Node does by default: answer garbage (e.g. a TLS ClientHello on plain HTTP) with a 400.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  const hostInUrl = address.includes(':') ? `[${address}]` : address;

  return {
    url: `${scheme}://${hostInUrl}:${port}`,
    host: address,
    port,
    requests,
    urlFor: (hostname, path = '/') => `${scheme}://${hostname}:${port}${path}`,
    route: (path, route) => void routes.set(path, route),
    close: () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
