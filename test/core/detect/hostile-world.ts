// Domains whose every HTTPS source (autoconfig at both URLs, the ISPDB, Autodiscover) serves
// ~1 MiB of hostile XML, on one loopback address: real HTTPS with a test CA on :443, a test
// DNS server, scripted mail servers. A 'working' domain publishes good SMTP and IMAP servers
// by SRV and its documents' thousands of hosts do not resolve; a 'tarpit' domain's SRV
// targets and the first 150 hosts of its documents resolve to servers that accept and never
// greet. Binding :443 and :25 needs root. Used by hostile-documents.test.ts and
// bench/parse.bench.ts (through bench/scenarios/hostile-world-child.ts).
import type { RouteResponse } from '../../helpers/https-server.js';
import { startLineServer, type LineServer } from '../../helpers/line-server.js';
import { createTestCa } from '../../helpers/test-ca.js';
import { startWorld, xmlRoute, type Sites } from '../discover/world.js';
import { hostileAutodiscover, hostileClientConfig } from '../parse/hostile-documents.js';
import { smtpRules } from '../probe/fixtures.js';

export interface HostileDomain {
  servers: 'working' | 'tarpit';
  /** How long each HTTPS answer waits; asked per request, so a test can change it. */
  delayMs(): number;
}

export interface HostileWorld {
  /** `ip:port` of the DNS server that publishes every domain. */
  dnsAddress: string;
  /** The CAs of the HTTPS and mail servers. */
  extraCa: string[];
  close(): Promise<void>;
}

// The hostile documents name h0…hN; the parsers keep the first 50 of each of three protocols.
const RESOLVED_HOSTS = 150;

export async function startHostileWorld(ip: string, domains: Record<string, HostileDomain>): Promise<HostileWorld> {
  const ca = createTestCa();
  const servers: LineServer[] = [];
  try {
    const cert = ca.issue({ names: Object.keys(domains).map((domain) => `mail.${domain}`) });
    const tarpit = (port = 0) => startLineServer({ host: ip, port, greeting: null, rules: [] });
    const working = {
      smtp: await startLineServer({ host: ip, greeting: '220 mail ESMTP', tls: { cert }, rules: smtpRules() }),
      imap: await startLineServer({
        host: ip,
        greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready',
        tls: { cert },
        implicitTls: true,
        rules: [
          { match: /^\S+ CAPABILITY/i, reply: ['* CAPABILITY IMAP4rev1 AUTH=PLAIN', '{tag} OK done'] },
          { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK bye'], then: 'close' },
        ],
      }),
    };
    // The ports the hostile documents list (25 incoming, 110 outgoing), and the SRV targets.
    const slow = { smtp: await tarpit(), imap: await tarpit() };
    servers.push(working.smtp, working.imap, slow.smtp, slow.imap, await tarpit(25), await tarpit(110));

    const https: Sites = {};
    const zone: NonNullable<Parameters<typeof startWorld>[0]['zone']> = {};
    for (const [domain, spec] of Object.entries(domains)) {
      Object.assign(https, documents(domain, spec.delayMs));
      const target = spec.servers === 'working' ? working : slow;
      const srv = (port: number) => ({ SRV: [{ priority: 0, weight: 1, port, target: `mail.${domain}` }] });
      zone[domain] = { TXT: ['v=spf1 -all'] };
      zone[`mail.${domain}`] = { A: [ip] };
      zone[`_submission._tcp.${domain}`] = srv(target.smtp.port);
      zone[`_imaps._tcp.${domain}`] = srv(target.imap.port);
      if (spec.servers === 'tarpit') for (let i = 0; i < RESOLVED_HOSTS; i++) zone[`h${i}.${domain}`] = { A: [ip] };
    }
    const world = await startWorld({ ip, https, zone });
    return {
      dnsAddress: world.dns.address,
      extraCa: [...world.network.extraCa, ca.cert],
      async close() {
        await Promise.all([world.close(), ...servers.map((server) => server.close())]);
        ca.dispose();
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    ca.dispose();
    throw error;
  }
}

function documents(domain: string, delayMs: () => number): Sites {
  const late = (route: RouteResponse) => () => ({ ...route, delayMs: delayMs() });
  const config = late(xmlRoute(hostileClientConfig({ domain })));
  const autodiscover = late(xmlRoute(hostileAutodiscover({ domain })));
  return {
    [`autoconfig.${domain}`]: { '/mail/config-v1.1.xml': config },
    [domain]: { '/.well-known/autoconfig/mail/config-v1.1.xml': config, '/autodiscover/autodiscover.xml': autodiscover },
    [`autodiscover.${domain}`]: { '/autodiscover/autodiscover.xml': autodiscover },
    [`ispdb.${domain}`]: { [`/v1.1/${domain}`]: config },
  };
}
