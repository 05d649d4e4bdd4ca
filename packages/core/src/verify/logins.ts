// The opt-in login check: at most one attempt per recommended endpoint, only over TLS with a
// trusted certificate (verifyLogin refuses anything else before sending a byte), and only where
// login-trust.ts allows the password to go. Every decision is made, and every username checked,
// before the first login starts: a run that stops half-way has sent nothing it should not have.
import { expandUsername, type ParsedAddress } from '../address.js';
import { AutoconfError } from '../errors.js';
import type { Network } from '../net/types.js';
import { isSendableSecret, verifyLogin } from '../probe/login.js';
import type { LoginResult } from '../probe/types.js';
import type { Endpoint, MergedCandidate, Protocol } from '../types.js';
import { decideLogin, isSendableUsername, type LoginPermission } from './login-trust.js';

/** One recommended endpoint's login check; `outcome` is `not-tried` when `permission` refused it. */
export type LoginCheck = LoginResult & { protocol: Protocol; host: string; port: number; permission: LoginPermission };

export interface LoginPlanInput {
  recommended: Partial<Record<Protocol, Endpoint>>;
  candidates: readonly MergedCandidate[];
  address: ParsedAddress;
  /** The caller's username for every endpoint; default: each endpoint's published one. */
  username?: string;
  allowHosts?: readonly string[];
}

export interface PlannedLogin {
  endpoint: Endpoint;
  username: string;
  permission: LoginPermission;
}

export function planLogins(input: LoginPlanInput): PlannedLogin[] {
  const plan = Object.values(input.recommended).map((endpoint) => ({
    endpoint,
    username: input.username ?? usernameFor(endpoint, input.address),
    permission: decideLogin({
      endpoint,
      candidates: input.candidates,
      address: input.address,
      ...(input.allowHosts === undefined ? {} : { allowHosts: input.allowHosts }),
    }),
  }));
  for (const { endpoint, username, permission } of plan) {
    if (permission.allowed && !isSendableUsername(username)) {
      throw new AutoconfError('OPTION_INVALID', `The username for ${endpoint.host} is empty or contains control characters; no login was tried.`);
    }
  }
  return plan;
}

/** A report's endpoint carries its username already; the ranking's only the published template,
 *  expanded here for the address this plan serves. Neither: the address itself. */
function usernameFor(endpoint: Endpoint, address: ParsedAddress): string {
  if (endpoint.username !== undefined) return endpoint.username;
  return endpoint.usernameTemplate === undefined ? address.address : expandUsername(endpoint.usernameTemplate, address);
}

export interface LoginRunOptions {
  password: string;
  connectTimeoutMs: number;
  stepTimeoutMs: number;
  probeTimeoutMs: number;
  transcript?: boolean;
  signal?: AbortSignal;
}

export async function runLogins(network: Network, plan: readonly PlannedLogin[], options: LoginRunOptions): Promise<LoginCheck[]> {
  const anyAllowed = plan.some((entry) => entry.permission.allowed);
  if (anyAllowed && !isSendableSecret(options.password)) {
    throw new AutoconfError('OPTION_INVALID', 'The password is empty or contains NUL, CR or LF.');
  }
  return Promise.all(
    plan.map(async ({ endpoint, username, permission }): Promise<LoginCheck> => {
      const where = { protocol: endpoint.protocol, host: endpoint.host, port: endpoint.port, permission };
      if (!permission.allowed) {
        return { outcome: 'not-tried', message: `not tried: ${permission.reason}`, durationMs: 0, ...where };
      }
      const result = await verifyLogin({
        network,
        protocol: endpoint.protocol,
        host: endpoint.host,
        port: endpoint.port,
        security: endpoint.security,
        username,
        password: options.password,
        connectTimeoutMs: options.connectTimeoutMs,
        stepTimeoutMs: options.stepTimeoutMs,
        totalTimeoutMs: options.probeTimeoutMs,
        ...(options.transcript === true ? { transcript: true } : {}),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      return { ...result, ...where };
    }),
  );
}
