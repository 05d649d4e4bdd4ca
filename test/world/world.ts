// A "world": real servers on the product's real ports inside a private network namespace,
// so `detect()` runs its default paths (/etc/resolv.conf, port 53, 25/465/587, 143/993,
// 110/995, 443) against real Postfix, Dovecot and the project's DNS and HTTPS test servers.
//
// Writing a scenario (a script run inside the namespace; the outer node:test file calls
// `runInWorld` from ./run-in-world.ts):
//
//   // test/world/scenarios/my-case.ts
//   import { runScenario } from '../scenario.js';
//   import { startWorld } from '../world.js';
//
//   await runScenario(async (args) => {
//     const world = await startWorld({
//       dns: { zone: { '_submission._tcp.example.test': { SRV: [{ priority: 0, weight: 1, port: 587, target: 'mail.example.test' }] } } },
//     });
//     world.dropPort(world.hosts.smtp.address, 25);           // an ISP that drops port 25
//     const report = await detect(world.user.name, { extraCa: [world.ca.cert] });
//     return { recommended: report.recommended };               // printed as the one JSON result
//   });
//
//   // test/world/my-case.test.ts (host side)
//   const skip = worldSkipReason({ mailServers: true });
//   test('…', { skip }, async () => {
//     const result = await runInWorld('test/world/scenarios/my-case.ts', [], { timeoutMs: 20_000 });
//     assert.deepEqual(result, …);
//   });
//
// `runScenario` stops every world the script started, also on a throw or its own timeout;
// the launcher kills the namespace (and so every process in it) if the script still hangs.
// Defaults: domain example.test; mail.example.test (127.0.0.10) runs Postfix and Dovecot;
// DNS on 127.0.0.53:53 serves MX and A for them and is /etc/resolv.conf's nameserver; the
// user is `alice@example.test` with a random password; certificates come from `world.ca`.
import { mkdtempSync, chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';
import { startDnsServer, type Behaviour, type TestDnsServer, type ZoneNode } from '../helpers/dns-server.js';
import { assertPrivateNamespace, bindResolvConf, createFirewall, setUpLoopback, type Protocol } from './namespace.js';
import { startPostfix, type SubmissionMode } from './postfix.js';
import { dovecotAuthSocket, startDovecot, type MailUser } from './dovecot.js';
import type { ServerProcess } from './server-process.js';

/** Set by the launcher to a dir it removes after the namespace is gone, even after a kill. */
export const WORLD_TMPDIR_ENV = 'AUTOCONF_WORLD_TMPDIR';
export const MAIL_ADDRESS = '127.0.0.10';
export const DNS_ADDRESS = '127.0.0.53';
const READY_TIMEOUT_MS = 10_000;

export interface WorldHost {
  name: string;
  address: string;
}

export interface WorldSpec {
  domain?: string;
  /** The local part and password of the test user; the login name is the full address. */
  user?: { local?: string; password?: string };
  /** Postfix; `false` runs none. */
  smtp?: false | { name?: string; address?: string; submission?: SubmissionMode; closedPorts?: number[] };
  /** Dovecot (IMAP and POP3); `false` runs none (SMTP AUTH then fails). */
  mailbox?: false | { name?: string; address?: string; closedPorts?: number[] };
  dns?: {
    address?: string;
    /** Merged over the default records (MX and A for the mail hosts) unless `defaults: false`. */
    zone?: Record<string, ZoneNode>;
    behaviours?: Record<string, Behaviour[]>;
    defaults?: boolean;
  };
  readyTimeoutMs?: number;
}

export interface World {
  domain: string;
  user: MailUser;
  ca: TestCa;
  hosts: { smtp: WorldHost; mailbox: WorldHost; dns: WorldHost };
  /** Every address the world put on lo. */
  addresses: string[];
  dir: string;
  dns: {
    server: TestDnsServer;
    zone: Record<string, ZoneNode>;
    /** Replaces the zone (the server restarts on the same address and port 53). */
    setZone(zone: Record<string, ZoneNode>, behaviours?: Record<string, Behaviour[]>): Promise<void>;
  };
  dropPort(address: string, port: number, protocol?: Protocol): void;
  rejectPort(address: string, port: number, protocol?: Protocol): void;
  clearFirewall(): void;
  /** Log tails of the real servers, for assertion messages. */
  logs(): Record<string, string>;
  stop(): Promise<void>;
}

const liveWorlds = new Set<World>();

/** The servers' log tails of every running world, to explain a failed scenario. */
export function describeLiveWorlds(): string {
  return [...liveWorlds]
    .flatMap((world) => Object.entries(world.logs()).map(([name, log]) => `--- ${name} (${world.dir}) ---\n${log.trim()}`))
    .join('\n');
}

export async function stopAllWorlds(): Promise<void> {
  await Promise.allSettled([...liveWorlds].map((world) => world.stop()));
}

function defaultZone(domain: string, hosts: World['hosts']): Record<string, ZoneNode> {
  const zone: Record<string, ZoneNode> = { [domain]: { MX: [{ priority: 10, exchange: hosts.smtp.name }] } };
  for (const host of [hosts.smtp, hosts.mailbox, hosts.dns]) zone[host.name] = { A: [host.address] };
  return zone;
}

/** createTestCa() makes its dir in os.tmpdir(), which reads TMPDIR: point it at the
 *  launcher's dir for this synchronous call so a killed world leaves nothing behind. */
function createCaIn(root: string): TestCa {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = root;
  try {
    return createTestCa('autoconf world CA');
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/** One certificate per host name, issued by the world's CA, written where the servers read it. */
function createCertWriter(ca: TestCa, dir: string): (name: string) => { certFile: string; keyFile: string } {
  const written = new Map<string, { certFile: string; keyFile: string }>();
  return (name) => {
    const known = written.get(name);
    if (known) return known;
    const issued = ca.issue({ names: [name] });
    const files = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
    writeFileSync(files.certFile, issued.cert);
    writeFileSync(files.keyFile, issued.key, { mode: 0o600 });
    written.set(name, files);
    return files;
  };
}

export async function startWorld(spec: WorldSpec = {}): Promise<World> {
  assertPrivateNamespace();
  const domain = spec.domain ?? 'example.test';
  const smtpSpec = spec.smtp === false ? undefined : spec.smtp ?? {};
  const mailboxSpec = spec.mailbox === false ? undefined : spec.mailbox ?? {};
  const hosts = {
    smtp: { name: smtpSpec?.name ?? `mail.${domain}`, address: smtpSpec?.address ?? MAIL_ADDRESS },
    mailbox: { name: mailboxSpec?.name ?? `mail.${domain}`, address: mailboxSpec?.address ?? MAIL_ADDRESS },
    dns: { name: `ns.${domain}`, address: spec.dns?.address ?? DNS_ADDRESS },
  };
  const user = { name: `${spec.user?.local ?? 'alice'}@${domain}`, password: spec.user?.password ?? randomBytes(12).toString('base64url') };
  const readyTimeoutMs = spec.readyTimeoutMs ?? READY_TIMEOUT_MS;
  // Postfix and Dovecot drop privileges and must be able to walk into the dir.
  const root = process.env[WORLD_TMPDIR_ENV] ?? tmpdir();
  const dir = mkdtempSync(join(root, 'world-'));
  chmodSync(dir, 0o755);
  const ca = createCaIn(root);
  const servers: ServerProcess[] = [];
  let dnsServer: TestDnsServer | undefined;
  let stopped = false;
  // Undo steps for the namespace set-up, run last-in first-out by stop().
  const undo: (() => void)[] = [];

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    liveWorlds.delete(world);
    await Promise.allSettled([...servers.map((server) => server.stop()), dnsServer?.close()]);
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // Best effort: the namespace ends with the scenario anyway.
      }
    }
    ca.dispose();
    rmSync(dir, { recursive: true, force: true });
  }

  const addresses = [...new Set([hosts.dns.address, ...(smtpSpec ? [hosts.smtp.address] : []), ...(mailboxSpec ? [hosts.mailbox.address] : [])])];
  let zone = { ...(spec.dns?.defaults === false ? {} : defaultZone(domain, hosts)), ...spec.dns?.zone };
  const startDns = async (behaviours?: Record<string, Behaviour[]>): Promise<TestDnsServer> =>
    startDnsServer({ zone, behaviours, host: hosts.dns.address, port: 53 });

  const world: World = {
    domain, user, ca, hosts, addresses, dir,
    dns: {
      get server() {
        if (!dnsServer) throw new Error('the world DNS server is not running');
        return dnsServer;
      },
      get zone() {
        return zone;
      },
      async setZone(next, behaviours) {
        await dnsServer?.close();
        zone = next;
        dnsServer = await startDns(behaviours);
      },
    },
    dropPort: () => {},
    rejectPort: () => {},
    clearFirewall: () => {},
    logs: () => Object.fromEntries(servers.map((server) => [server.name, server.logTail(40)])),
    stop,
  };
  liveWorlds.add(world);
  try {
    undo.push(setUpLoopback(addresses));
    const firewall = createFirewall();
    undo.push(firewall.dispose);
    Object.assign(world, { dropPort: firewall.dropPort, rejectPort: firewall.rejectPort, clearFirewall: firewall.clear });
    undo.push(bindResolvConf(dir, hosts.dns.address));
    const certs = join(dir, 'certs');
    mkdirSync(certs);
    const certFor = createCertWriter(ca, certs);
    const dovecotDir = join(dir, 'dovecot');
    const starting: Promise<unknown>[] = [startDns(spec.dns?.behaviours).then((server) => (dnsServer = server))];
    if (mailboxSpec) {
      mkdirSync(dovecotDir);
      const options = { dir: dovecotDir, address: hosts.mailbox.address, ...certFor(hosts.mailbox.name), users: [user], closedPorts: mailboxSpec.closedPorts ?? [], readyTimeoutMs };
      starting.push(startDovecot(options).then((server) => servers.push(server)));
    }
    if (smtpSpec) {
      const postfixDir = join(dir, 'postfix');
      mkdirSync(postfixDir);
      const options = { dir: postfixDir, address: hosts.smtp.address, hostName: hosts.smtp.name, domain, ...certFor(hosts.smtp.name), saslSocket: dovecotAuthSocket(dovecotDir), submission: smtpSpec.submission ?? 'starttls', closedPorts: smtpSpec.closedPorts ?? [], readyTimeoutMs };
      starting.push(startPostfix(options).then((server) => servers.push(server)));
    }
    const results = await Promise.allSettled(starting);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return world;
  } catch (error) {
    await stop();
    throw error;
  }
}
