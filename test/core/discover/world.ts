// A small "internet" on one loopback address for the HTTPS sources: a test DNS server that maps
// every site to that address, an HTTPS server on port 443 (and HTTP on 80) that routes by Host,
// and a Network trusting the test CA. The sources use the real ports of their URLs, so the
// product needs no port override; binding 443 needs root, so callers skip without it.
import type { Network } from '@autoconf/core/internal/net/types.js';
import { startDnsServer, type Behaviour, type TestDnsServer, type ZoneNode } from '../../helpers/dns-server.js';
import { startHttpServer, type LoggedRequest, type Route, type RouteResponse, type TestHttpServer } from '../../helpers/https-server.js';
import { createTestCa } from '../../helpers/test-ca.js';
import { makeNetwork } from './context.js';

export const NOT_ROOT = process.getuid?.() === 0 ? false : 'binding 127.x:443 and :80 needs root';

export type Sites = Record<string, Record<string, Route>>;

export interface World {
  dns: TestDnsServer;
  network: Network;
  /** Every HTTPS and HTTP request, with the Host it was sent to. */
  requests: Array<LoggedRequest & { host: string; scheme: 'https' | 'http' }>;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** A loopback address of its own per test file, so files can run side by side. */
  ip: string;
  https?: Sites;
  http?: Sites;
  zone?: Record<string, ZoneNode>;
  behaviours?: Record<string, Behaviour[]>;
  /** Names that resolve to the world's address without serving anything. */
  extraHosts?: string[];
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const httpsSites = options.https ?? {};
  const httpSites = options.http ?? {};
  const hosts = [...new Set([...Object.keys(httpsSites), ...Object.keys(httpSites), ...(options.extraHosts ?? [])])];
  const zone: Record<string, ZoneNode> = { ...options.zone };
  for (const host of hosts) zone[host] = { ...zone[host], A: [options.ip] };
  const ca = createTestCa();
  const requests: World['requests'] = [];
  const router = (sites: Sites, scheme: 'https' | 'http') => (request: LoggedRequest): RouteResponse => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    requests.push({ ...request, host, scheme });
    const route = sites[host]?.[request.path];
    if (route === undefined) return { status: 404, body: 'not found' };
    return typeof route === 'function' ? route(request) : route;
  };
  const dns = await startDnsServer({ zone, ...(options.behaviours ? { behaviours: options.behaviours } : {}) });
  const servers: TestHttpServer[] = [];
  try {
    const httpsNames = Object.keys(httpsSites);
    if (httpsNames.length > 0) {
      servers.push(await startHttpServer({ tls: ca.issue({ names: httpsNames }), host: options.ip, port: 443, routes: { '*': router(httpsSites, 'https') } }));
    }
    servers.push(await startHttpServer({ host: options.ip, port: 80, routes: { '*': router(httpSites, 'http') } }));
  } catch (error) {
    await Promise.all([dns.close(), ...servers.map((server) => server.close())]);
    ca.dispose();
    throw error;
  }
  return {
    dns,
    network: makeNetwork(dns.address, [ca.cert]),
    requests,
    close: async () => {
      await Promise.all([dns.close(), ...servers.map((server) => server.close())]);
      ca.dispose();
    },
  };
}

export function xmlRoute(body: string): RouteResponse {
  return { body, headers: { 'content-type': 'text/xml; charset=utf-8' } };
}

export function clientConfig(domain: string, servers: Array<[type: string, host: string, port: number, socketType: string]>): string {
  const lines = servers.map(([type, host, port, socketType]) => {
    const tag = type === 'smtp' ? 'outgoingServer' : 'incomingServer';
    return `<${tag} type="${type}"><hostname>${host}</hostname><port>${port}</port><socketType>${socketType}</socketType>` +
      `<username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></${tag}>`;
  });
  return `<?xml version="1.0"?>\n<clientConfig version="1.1"><emailProvider id="${domain}"><domain>${domain}</domain>` +
    `<displayName>${domain} mail</displayName>${lines.join('')}</emailProvider></clientConfig>`;
}
