// Where our resolver sends its queries: /etc/resolv.conf by default, or servers the caller
// names. Only IP literals are accepted as servers: resolving a server's own name would need
// the system resolver, which this library never uses.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { AutoconfError } from '../errors.js';

export interface DnsServer {
  host: string;
  port: number;
  family: 4 | 6;
  /** `host:port`, with brackets around an IPv6 host. */
  address: string;
}

export interface ResolvConf {
  servers: DnsServer[];
  /** What glibc would use: the file's `options timeout:N`, else glibc's 5 s. */
  timeoutMs: number;
  /** What glibc would use: the file's `options attempts:N`, else glibc's 2. */
  attempts: number;
  /** Only what the file itself says. Our resolver takes these over its own table
   *  (defaults.ts), but never glibc's defaults: those are the C library's, not the admin's. */
  stated: { timeoutMs?: number; attempts?: number };
}

export const DNS_PORT = 53;
export const RESOLV_CONF_PATH = '/etc/resolv.conf';
// glibc resolv.h: RES_TIMEOUT 5 s, RES_DFLRETRY 2, at most MAXNS = 3 servers; options are
// capped at RES_MAXRETRANS 30 s and RES_MAXRETRY 5.
export const GLIBC_TIMEOUT_MS = 5_000;
export const GLIBC_ATTEMPTS = 2;
const MAX_SERVERS = 3;
const MAX_TIMEOUT_S = 30;
const MAX_ATTEMPTS = 5;

function formatAddress(host: string, port: number, family: 4 | 6): string {
  return family === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

function makeServer(host: string, port: number): DnsServer | undefined {
  const family = isIP(host);
  if (family !== 4 && family !== 6) return undefined;
  return { host, port, family, address: formatAddress(host, port, family) };
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}

/** `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]`, `[::1]:5353`. */
export function parseServerSpec(spec: string): DnsServer {
  const text = spec.trim();
  let server: DnsServer | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    const port = bracketed[2] === undefined ? DNS_PORT : parsePort(bracketed[2]);
    server = port === undefined || isIP(bracketed[1] ?? '') !== 6 ? undefined : makeServer(bracketed[1] ?? '', port);
  } else if (isIP(text) !== 0) {
    server = makeServer(text, DNS_PORT);
  } else {
    const colon = text.lastIndexOf(':');
    const port = colon > 0 ? parsePort(text.slice(colon + 1)) : undefined;
    const host = text.slice(0, colon);
    server = port === undefined || isIP(host) !== 4 ? undefined : makeServer(host, port);
  }
  if (!server) {
    throw new AutoconfError('DNS_SERVER_INVALID', `Not a DNS server address (IP or IP:port): ${JSON.stringify(spec)}`);
  }
  return server;
}

function parseOption(option: string, conf: ResolvConf): void {
  const match = /^(timeout|attempts):(\d+)$/.exec(option);
  if (!match) return;
  const value = Number(match[2]);
  if (match[1] === 'timeout') conf.timeoutMs = conf.stated.timeoutMs = Math.min(Math.max(value, 1), MAX_TIMEOUT_S) * 1000;
  else conf.attempts = conf.stated.attempts = Math.min(Math.max(value, 1), MAX_ATTEMPTS);
}

/** Parses resolv.conf(5) text the way glibc reads it; lines it does not know are skipped. */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { servers: [], timeoutMs: GLIBC_TIMEOUT_MS, attempts: GLIBC_ATTEMPTS, stated: {} };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'nameserver' && values.length >= 1 && conf.servers.length < MAX_SERVERS) {
      // glibc takes the bare address only; "nameserver 1.2.3.4:53" is not valid there.
      const server = makeServer(values[0] ?? '', DNS_PORT);
      if (server) conf.servers.push(server);
    } else if (keyword === 'options') {
      for (const option of values) parseOption(option, conf);
    }
  }
  // With no usable nameserver line glibc queries the local host (resolv.conf(5)).
  if (conf.servers.length === 0) conf.servers.push(makeServer('127.0.0.1', DNS_PORT) as DnsServer);
  return conf;
}

export async function readResolvConf(path: string = RESOLV_CONF_PATH): Promise<ResolvConf> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch {
    // A missing or unreadable file means glibc's defaults, as with an empty one.
  }
  return parseResolvConf(text);
}
