// Network set-up inside a world's private namespaces: loopback up, one address per host,
// /etc/resolv.conf bind-mounted (in the private mount namespace only), and an nftables
// table for dropped and rejected ports. Everything here refuses to run in the host's
// network namespace: it would change the host.
import { readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './server-process.js';

/** Set by the launcher (run-in-world.ts) to the host's `/proc/self/ns/net` link. */
export const HOST_NETNS_ENV = 'AUTOCONF_WORLD_HOST_NETNS';
const RESOLV_CONF = '/etc/resolv.conf';
const TABLE = 'autoconf_world';

export function assertPrivateNamespace(): void {
  const host = process.env[HOST_NETNS_ENV];
  const own = readlinkSync('/proc/self/ns/net');
  if (!host || host === own) {
    throw new Error('startWorld() runs only inside a namespace made by runInWorld() (test/world/run-in-world.ts)');
  }
}

/** Returns the undo, so a later world in the same namespace starts clean. */
export function setUpLoopback(addresses: string[]): () => void {
  runCommand('ip', ['link', 'set', 'lo', 'up']);
  // 127.0.0.0/8 already routes to lo; the addresses are added too because Postfix only
  // binds to addresses it finds on an interface (inet_interfaces).
  const added = [...new Set(addresses)].filter((address) => address !== '127.0.0.1');
  for (const address of added) runCommand('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo']);
  return () => {
    for (const address of added) runCommand('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo']);
  };
}

/** Points the C library and our resolver's default at the world's DNS server. */
export function bindResolvConf(dir: string, nameserver: string): () => void {
  const file = join(dir, 'resolv.conf');
  writeFileSync(file, `# autoconf test world\nnameserver ${nameserver}\noptions timeout:1 attempts:1\n`);
  runCommand('mount', ['--bind', file, RESOLV_CONF]);
  return () => void runCommand('umount', [RESOLV_CONF]);
}

export type Protocol = 'tcp' | 'udp';

export interface Firewall {
  /** Packets to address:port vanish: a connect waits until its own timeout (an ISP dropping 25). */
  dropPort(address: string, port: number, protocol?: Protocol): void;
  /** Connections to address:port are refused at once (TCP RST, ICMP port unreachable for UDP). */
  rejectPort(address: string, port: number, protocol?: Protocol): void;
  /** Removes every drop and reject rule. */
  clear(): void;
  dispose(): void;
}

export function createFirewall(): Firewall {
  const nft = (script: string): void => void runCommand('nft', ['-f', '-'], script);
  // The output hook sees every loopback packet once, before it is looped back.
  const create = (): void =>
    nft(`table inet ${TABLE} {\n  chain output {\n    type filter hook output priority 0; policy accept;\n  }\n}\n`);
  create();
  const rule = (address: string, port: number, protocol: Protocol, verdict: string): void => {
    if (!/^[0-9.]+$|^[0-9a-f:]+$/i.test(address) || !Number.isInteger(port)) throw new Error(`bad address or port: ${address}:${port}`);
    const family = address.includes(':') ? 'ip6' : 'ip';
    nft(`add rule inet ${TABLE} output ${family} daddr ${address} ${protocol} dport ${port} ${verdict}\n`);
  };
  return {
    dropPort: (address, port, protocol = 'tcp') => rule(address, port, protocol, 'drop'),
    rejectPort: (address, port, protocol = 'tcp') =>
      rule(address, port, protocol, protocol === 'tcp' ? 'reject with tcp reset' : 'reject'),
    clear: () => nft(`flush chain inet ${TABLE} output\n`),
    dispose: () => nft(`delete table inet ${TABLE}\n`),
  };
}
