// Every public entry point takes its network inside its request or options object, and makes
// one from /etc/resolv.conf (as detect() does) when none is given. The older call shape
// `fn(network, request)` is still accepted.
import { AutoconfError } from '../errors.js';
import { createNetwork } from './network.js';
import type { Network } from './types.js';

export interface WithNetwork {
  /** Default: a network made from /etc/resolv.conf, as detect() makes one. */
  network?: Network;
}

/** Both call shapes to one: the request without `network`, and the network to use. */
export function splitNetwork<R extends object>(first: (R & WithNetwork) | Network, second: R | undefined): { network: Network; request: R } {
  if (second !== undefined) return { network: first as Network, request: second };
  if (first === null || typeof first !== 'object') throw new AutoconfError('OPTION_INVALID', 'The request must be an object.');
  const { network, ...request } = first as R & WithNetwork;
  return { network: network ?? createNetwork(), request: request as R };
}
