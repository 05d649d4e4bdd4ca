// A "world": real servers on the product's real ports inside a private network namespace,
// so `detect()` runs its default paths (/etc/resolv.conf, port 53, 25/465/587, 143/993,
// 110/995, 443) against real Postfix, Dovecot and the project's DNS and HTTPS test servers.
//
// Writing a scenario: a script that runs inside the namespace and returns data; a node:test
// file on the host runs it with `runInWorld` (./run-in-world.ts) and asserts on that data.
//
//   // test/world/scenarios/my-case.ts
//   import { runScenario } from '../scenario.js';
//   import { startWorld } from '../world.js';
//
//   await runScenario(async (args, signal) => {
//     const world = await startWorld({
//       dns: { zone: { '_submission._tcp.example.test': { SRV: [{ priority: 0, weight: 1, port: 587, target: 'mail.example.test' }] } } },
//       https: { 'autoconfig.example.test': { routes: { '/mail/config-v1.1.xml': { body: xml } } } },
//     });
//     world.dropPort(world.hosts.smtp.address, 25);        // an ISP that drops port 25
//     const report = await detect(world.user.name, { extraCa: [world.ca.cert], signal });
//     return { recommended: report.recommended };            // JSON: the one result line
//   });
//
//   // test/world/my-case.test.ts (host side)
//   const skip = worldSkipReason({ mailServers: true });
//   test('…', { skip }, async () => {
//     const result = await runInWorld('test/world/scenarios/my-case.ts', [], { timeoutMs: 20_000 });
//     assert.deepEqual(result, …);
//   });
//
// Defaults: domain example.test; mail.example.test (127.0.0.10) runs Postfix (25, 465, 587)
// and Dovecot (143, 993, 110, 995); DNS on 127.0.0.53:53 is /etc/resolv.conf's nameserver
// and serves MX example.test → mail.example.test plus an A record for every host and site;
// HTTPS sites get 127.0.0.80, .81, …; the user is `alice@example.test` (world.user) with a
// random password; every certificate comes from world.ca (pass `world.ca.cert` as the
// product's extra CA) unless a spec asks for 'self-signed', 'expired' or 'wrong-name'.
// Clients appear to the servers as 127.0.0.1 (source NAT), so IMAP and POP3 hide plaintext
// login before TLS as on a real network. `smtp: { submission: 'cleartext' }` hides STARTTLS
// on 587 and offers AUTH in the clear (the downgrade case); `closedPorts` leaves ports shut.
//
// Node's default `dns` resolver read /etc/resolv.conf before the world bound its own: use a
// `new dns.promises.Resolver()` (or the product's resolver) inside a scenario.
// The scenario script is PID 1 of its namespace: when it ends (result, throw, its own
// timeout) every server ends with it, and the launcher kills it at `timeoutMs`, checks that
// no process of the namespace survives and removes every file the world wrote.
import { mkdtempSync, chmodSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';
import { startDnsServer, type Behaviour, type TestDnsServer, type ZoneNode } from '../helpers/dns-server.js';
import { assertPrivateNamespace, bindResolvConf, createFirewall, setUpLoopback, type Protocol } from './namespace.js';
import { startPostfix, type SubmissionMode } from './postfix.js';
import { dovecotAuthSocket, startDovecot, type MailUser } from './dovecot.js';
import type { ServerProcess } from './server-process.js';
import { createCertWriter, type CertificateKind } from './certificates.js';
import { planSites, startSite, type SiteSpec, type WorldSite } from './web-sites.js';

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
  smtp?: false | { name?: string; address?: string; submission?: SubmissionMode; closedPorts?: number[]; certificate?: CertificateKind };
  /** Dovecot (IMAP and POP3); `false` runs none (SMTP AUTH then fails). */
  mailbox?: false | { name?: string; address?: string; closedPorts?: number[]; certificate?: CertificateKind };
  /** HTTPS sites by host name (e.g. 'autoconfig.example.test'), each on port 443 of its own
   *  address (127.0.0.80, .81, … in order) with an A record in the default zone. */
  https?: Record<string, SiteSpec>;
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
  /** The HTTPS sites by host name; `route()` on a site's server adds or replaces a route. */
  sites: Record<string, WorldSite>;
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
  dropAddress(address: string): void;
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

function defaultZone(domain: string, hosts: WorldHost[], mx: string): Record<string, ZoneNode> {
  const zone: Record<string, ZoneNode> = { [domain]: { MX: [{ priority: 10, exchange: mx }] } };
  for (const host of hosts) {
    const node = (zone[host.name] ??= {});
    node.A = [...new Set([...(node.A ?? []), host.address])];
  }
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
    const sites = Object.values(world.sites).flatMap((site) => [site.https.close(), site.http?.close()]);
    await Promise.allSettled([...servers.map((server) => server.stop()), dnsServer?.close(), ...sites]);
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

  const sitePlans = planSites(spec.https ?? {});
  const zoneHosts = [hosts.smtp, hosts.mailbox, hosts.dns, ...sitePlans];
  const running = [hosts.dns, ...(smtpSpec ? [hosts.smtp] : []), ...(mailboxSpec ? [hosts.mailbox] : []), ...sitePlans];
  const addresses = [...new Set(running.map((host) => host.address))];
  let zone = { ...(spec.dns?.defaults === false ? {} : defaultZone(domain, zoneHosts, hosts.smtp.name)), ...spec.dns?.zone };
  const startDns = async (behaviours?: Record<string, Behaviour[]>): Promise<TestDnsServer> =>
    startDnsServer({ zone, behaviours, host: hosts.dns.address, port: 53 });

  const world: World = {
    domain, user, ca, hosts, addresses, dir, sites: {},
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
    dropAddress: () => {},
    clearFirewall: () => {},
    logs: () => Object.fromEntries(servers.map((server) => [server.name, server.logTail(40)])),
    stop,
  };
  liveWorlds.add(world);
  try {
    undo.push(setUpLoopback(addresses));
    const firewall = createFirewall(addresses);
    undo.push(firewall.dispose);
    Object.assign(world, { dropPort: firewall.dropPort, rejectPort: firewall.rejectPort, dropAddress: firewall.dropAddress, clearFirewall: firewall.clear });
    undo.push(bindResolvConf(dir, hosts.dns.address));
    const certs = join(dir, 'certs');
    mkdirSync(certs);
    const certFor = createCertWriter(ca, certs);
    const dovecotDir = join(dir, 'dovecot');
    const starting: Promise<unknown>[] = [startDns(spec.dns?.behaviours).then((server) => (dnsServer = server))];
    if (mailboxSpec) {
      mkdirSync(dovecotDir);
      const options = { dir: dovecotDir, address: hosts.mailbox.address, ...certFor(hosts.mailbox.name, mailboxSpec.certificate), users: [user], closedPorts: mailboxSpec.closedPorts ?? [], readyTimeoutMs };
      starting.push(startDovecot(options).then((server) => servers.push(server)));
    }
    if (smtpSpec) {
      const postfixDir = join(dir, 'postfix');
      mkdirSync(postfixDir);
      const options = { dir: postfixDir, address: hosts.smtp.address, hostName: hosts.smtp.name, domain, ...certFor(hosts.smtp.name, smtpSpec.certificate), saslSocket: dovecotAuthSocket(dovecotDir), submission: smtpSpec.submission ?? 'starttls', closedPorts: smtpSpec.closedPorts ?? [], readyTimeoutMs };
      starting.push(startPostfix(options).then((server) => servers.push(server)));
    }
    for (const plan of sitePlans) {
      starting.push(startSite(plan, certFor(plan.name, plan.certificate)).then((site) => (world.sites[site.name] = site)));
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
