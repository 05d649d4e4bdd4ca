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
const NAT_TABLE = 'autoconf_world_nat';
const CLIENT_ADDRESS = '127.0.0.1';

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
  /** Every packet to the address vanishes, all ports and protocols (an unreachable host). */
  dropAddress(address: string): void;
  /** Removes every drop and reject rule. */
  clear(): void;
  dispose(): void;
}

/** `serverAddresses`: a client connecting to one of them would otherwise use the same
 *  address as its source, and Dovecot treats a peer with the server's own IP as secured
 *  (no LOGINDISABLED before STARTTLS, RFC 3501 §6.2.3); source NAT makes clients 127.0.0.1. */
export function createFirewall(serverAddresses: string[]): Firewall {
  const nft = (script: string): void => void runCommand('nft', ['-f', '-'], script);
  // Filter on input, after the packet went out on lo: dropping on output would fail the
  // sender's send() with EPERM at once, which is not what a silent drop looks like.
  nft(`table inet ${TABLE} {\n  chain input {\n    type filter hook input priority 0; policy accept;\n  }\n}\n`);
  const snat = serverAddresses
    .filter((address) => address !== CLIENT_ADDRESS && !address.includes(':'))
    .map((address) => `    ip saddr ${address} ip daddr ${address} meta l4proto { tcp, udp } snat to ${CLIENT_ADDRESS}\n`);
  nft(`table ip ${NAT_TABLE} {\n  chain postrouting {\n    type nat hook postrouting priority 100; policy accept;\n${snat.join('')}  }\n}\n`);
  const match = (address: string): string => {
    if (!/^[0-9.]+$|^[0-9a-f:]+$/i.test(address)) throw new Error(`not an IP address: ${address}`);
    return `${address.includes(':') ? 'ip6' : 'ip'} daddr ${address}`;
  };
  const rule = (address: string, port: number, protocol: Protocol, verdict: string): void => {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`not a port: ${port}`);
    nft(`add rule inet ${TABLE} input ${match(address)} ${protocol} dport ${port} ${verdict}\n`);
  };
  return {
    dropPort: (address, port, protocol = 'tcp') => rule(address, port, protocol, 'drop'),
    rejectPort: (address, port, protocol = 'tcp') =>
      rule(address, port, protocol, protocol === 'tcp' ? 'reject with tcp reset' : 'reject'),
    dropAddress: (address) => nft(`add rule inet ${TABLE} input ${match(address)} drop\n`),
    clear: () => nft(`flush chain inet ${TABLE} input\n`),
    dispose: () => nft(`delete table inet ${TABLE}\ndelete table ip ${NAT_TABLE}\n`),
  };
}
