// The opt-in login check: one attempt per recommended endpoint, only over TLS with a trusted
// certificate (verifyLogin itself refuses anything else before sending a byte).
import type { ParsedAddress } from '../address.js';
import type { Network } from '../net/types.js';
import type { ResolvedOptions } from '../options.js';
import { verifyLogin } from '../probe/login.js';
import type { Report } from '../report/types.js';

export async function checkLogins(
  network: Network,
  recommended: Report['recommended'],
  address: ParsedAddress,
  options: Readonly<ResolvedOptions>,
): Promise<Report['logins']> {
  const credentials = options.verifyLogin;
  if (credentials === undefined) return [];
  const endpoints = Object.values(recommended).filter((e) => e.verified && e.security !== 'none');
  return Promise.all(
    endpoints.map(async (endpoint) => {
      const result = await verifyLogin(network, {
        protocol: endpoint.protocol,
        host: endpoint.host,
        port: endpoint.port,
        security: endpoint.security,
        username: credentials.username ?? endpoint.username ?? address.address,
        password: credentials.password,
        connectTimeoutMs: options.connectTimeoutMs,
        stepTimeoutMs: options.stepTimeoutMs,
        totalTimeoutMs: options.probeTimeoutMs,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      return { ...result, protocol: endpoint.protocol, host: endpoint.host, port: endpoint.port };
    }),
  );
}
