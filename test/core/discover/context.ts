// A DiscoverContext for calling one source directly against a test DNS server.
import { parseAddress } from '@autoconf/core/internal/address.js';
import { createNetwork } from '@autoconf/core/internal/net/network.js';
import type { Network } from '@autoconf/core/internal/net/types.js';
import { resolveDiscoverOptions, type DiscoverContext, type DiscoverOptionsInput } from '@autoconf/core/internal/discover/types.js';

export function makeNetwork(dnsAddress: string, extraCa: string[] = []): Network {
  return createNetwork({ servers: [dnsAddress], timeoutMs: 500, attempts: 1, extraCa });
}

export function makeContext(address: string, network: Network, options: DiscoverOptionsInput = {}, timeoutMs = 5_000): DiscoverContext {
  return {
    address: parseAddress(address),
    network,
    signal: AbortSignal.timeout(timeoutMs),
    options: resolveDiscoverOptions(options),
  };
}
