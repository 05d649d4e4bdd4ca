// A world whose domain publishes its mail servers the two ways detect() reads first: SRV
// records (RFC 6186/8314) and an HTTPS autoconfig file on autoconfig.<domain>:443. Shared by
// the world scenarios and the benchmarks.
import { startHttpServer } from '../helpers/https-server.js';
import { startWorld, type World, type WorldSpec } from '../world/world.js';

export const AUTOCONFIG_ADDRESS = '127.0.0.11';

export function clientConfigXml(domain: string, host: string): string {
  return `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="${domain}"><domain>${domain}</domain>
<displayName>World mail</displayName>
<incomingServer type="imap"><hostname>${host}</hostname><port>993</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
<incomingServer type="pop3"><hostname>${host}</hostname><port>995</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></incomingServer>
<outgoingServer type="smtp"><hostname>${host}</hostname><port>587</port><socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
<outgoingServer type="smtp"><hostname>${host}</hostname><port>465</port><socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>`;
}

/** A world that publishes SRV records and an HTTPS autoconfig file for its domain. */
export async function startPublishingWorld(spec: WorldSpec = {}): Promise<{ world: World; close(): Promise<void> }> {
  const world = await startWorld(spec);
  const host = world.hosts.smtp.name;
  const srv = (port: number) => ({ SRV: [{ priority: 0, weight: 1, port, target: host }] });
  await world.dns.setZone({
    ...world.dns.zone,
    [`autoconfig.${world.domain}`]: { A: [AUTOCONFIG_ADDRESS] },
    [`_submission._tcp.${world.domain}`]: srv(587),
    [`_submissions._tcp.${world.domain}`]: srv(465),
    [`_imaps._tcp.${world.domain}`]: srv(993),
    [`_pop3s._tcp.${world.domain}`]: srv(995),
  });
  const autoconfig = await startHttpServer({
    tls: world.ca.issue({ names: [`autoconfig.${world.domain}`] }),
    host: AUTOCONFIG_ADDRESS,
    port: 443,
    routes: { '/mail/config-v1.1.xml': { body: clientConfigXml(world.domain, host), headers: { 'content-type': 'text/xml' } } },
  });
  return { world, close: () => autoconfig.close() };
}
