// blockPrivateTargets: a library running inside a server must not become a way to reach the
// server's own network (SSRF). Every address a connection would use is checked where names
// become addresses — the lookup that net, tls and the HTTP client call — so a DNS answer that
// changes between a check and the connect (rebinding) cannot slip past: what is checked is
// what is dialled. IP literals skip lookup, so the dialers check them with `refusalFor`.
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { LookupAddress } from 'node:dns';
import type { Network } from './types.js';

/** Node-style code of a refused target, so callers can tell it from a DNS failure. */
export const TARGET_BLOCKED_CODE = 'ETARGETBLOCKED';

// RFC 6890 special-purpose ranges that are not globally reachable, plus multicast.
const IPV4_RANGES: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, '"this network" (RFC 791)'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'shared carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0', 8, 'loopback (RFC 1122)'],
  ['169.254.0.0', 16, 'link-local (RFC 3927)'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments (RFC 6890)'],
  ['192.0.2.0', 24, 'documentation (RFC 5737)'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['198.18.0.0', 15, 'benchmarking (RFC 2544)'],
  ['198.51.100.0', 24, 'documentation (RFC 5737)'],
  ['203.0.113.0', 24, 'documentation (RFC 5737)'],
  ['224.0.0.0', 4, 'multicast (RFC 5771)'],
  ['240.0.0.0', 4, 'reserved (RFC 1112), broadcast'],
];
const IPV6_RANGES: ReadonlyArray<[string, number, string]> = [
  ['::', 128, 'unspecified (RFC 4291)'],
  ['::1', 128, 'loopback (RFC 4291)'],
  ['100::', 64, 'discard-only (RFC 6666)'],
  ['2001:db8::', 32, 'documentation (RFC 3849)'],
  ['fc00::', 7, 'unique local (RFC 4193)'],
  ['fe80::', 10, 'link-local (RFC 4291)'],
  ['ff00::', 8, 'multicast (RFC 4291)'],
];

const ranges = IPV4_RANGES.map(([net, prefix, why]) => ({ list: block(net, prefix, 'ipv4'), why, cidr: `${net}/${prefix}` }))
  .concat(IPV6_RANGES.map(([net, prefix, why]) => ({ list: block(net, prefix, 'ipv6'), why, cidr: `${net}/${prefix}` })));

function block(net: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return list;
}

/** Why `address` is not a public target (`127.0.0.0/8 loopback (RFC 1122)`), or undefined. */
export function privateRange(address: string): string | undefined {
  let ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) reaches the IPv4 host (RFC 4291 §2.5.5.2).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1] as string;
  const family = isIP(ip);
  if (family === 0) return undefined;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const hit = ranges.find((range) => range.list.check(ip, type));
  return hit === undefined ? undefined : `${hit.cidr} ${hit.why}`;
}

/** The refusal message for an IP literal the network may not dial, or undefined. */
export function refusalFor(network: Pick<Network, 'blockPrivateTargets'>, host: string): string | undefined {
  if (network.blockPrivateTargets !== true) return undefined;
  const why = privateRange(host);
  return why === undefined ? undefined : `refused ${host}: a ${why} address (blockPrivateTargets)`;
}

function blockedError(hostname: string, refused: LookupAddress[]): NodeJS.ErrnoException {
  const list = refused.map((entry) => `${entry.address} (${privateRange(entry.address) ?? 'private'})`).join(', ');
  const error = new Error(`refused ${hostname}: it resolves only to non-public addresses, ${list} (blockPrivateTargets)`) as NodeJS.ErrnoException;
  error.code = TARGET_BLOCKED_CODE;
  error.syscall = 'connect';
  return error;
}

/** The same network, whose lookup drops non-public addresses and fails when none is left. */
export function withPrivateTargetsBlocked(network: Network): Network {
  if (network.blockPrivateTargets === true) return network;
  const inner = network.lookup;
  const lookup = ((hostname: string, options: unknown, maybeCallback?: unknown) => {
    const callback = (typeof options === 'function' ? options : maybeCallback) as (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
    const settings = typeof options === 'object' && options !== null ? (options as { all?: boolean }) : {};
    // Ask for every address, so one public answer is not hidden behind a private first one.
    inner(hostname, { ...settings, all: true }, (error, found) => {
      if (error) {
        callback(error, settings.all === true ? [] : '');
        return;
      }
      const addresses = (Array.isArray(found) ? found : []) as LookupAddress[];
      const allowed = addresses.filter((entry) => privateRange(entry.address) === undefined);
      if (allowed.length === 0) {
        callback(blockedError(hostname, addresses), settings.all === true ? [] : '');
        return;
      }
      const first = allowed[0] as LookupAddress;
      if (settings.all === true) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  }) as LookupFunction;
  return Object.freeze({ ...network, lookup, blockPrivateTargets: true });
}
