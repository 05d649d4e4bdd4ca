// HTTPS sites of a world (autoconfig, .well-known, autodiscover): the project's test HTTP
// server on port 443 (and 80 when asked) of its own 127.0.0.x address, with a certificate
// for its name from the world's CA.
import { startHttpServer, type Route, type TestHttpServer } from '../helpers/https-server.js';
import type { CertificateKind, CertFiles } from './certificates.js';

/** Sites get 127.0.0.80, .81, … in the order given, unless they name an address. */
const FIRST_SITE_HOST_BYTE = 80;

export interface SiteSpec {
  address?: string;
  routes?: Record<string, Route>;
  /** Also serve the same routes over plain HTTP on port 80. */
  http?: boolean;
  certificate?: CertificateKind;
}

export interface WorldSite {
  name: string;
  address: string;
  https: TestHttpServer;
  http?: TestHttpServer;
}

export interface SitePlan extends SiteSpec {
  name: string;
  address: string;
}

export function planSites(specs: Record<string, SiteSpec>): SitePlan[] {
  return Object.entries(specs).map(([name, spec], index) => ({
    ...spec,
    name: name.toLowerCase(),
    address: spec.address ?? `127.0.0.${FIRST_SITE_HOST_BYTE + index}`,
  }));
}

export async function startSite(plan: SitePlan, cert: CertFiles): Promise<WorldSite> {
  const routes = plan.routes ?? {};
  const https = await startHttpServer({ tls: { cert: cert.cert, key: cert.key }, routes, host: plan.address, port: 443 });
  try {
    const http = plan.http ? await startHttpServer({ routes, host: plan.address, port: 80 }) : undefined;
    return { name: plan.name, address: plan.address, https, http };
  } catch (error) {
    await https.close();
    throw error;
  }
}
