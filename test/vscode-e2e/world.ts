// The extension's test world: shop.test served by scripted SMTP/IMAP servers on the real ports
// of one loopback address (SRV-published, certificates from the test CA), plus slow.test whose
// servers accept and then never speak, so a detection is still running when the test cancels it.
import net from 'node:net';
import { startMailDomain, type MailDomain } from '../core/detect/fixtures.js';

export const DOMAIN = 'shop.test';
export const SLOW_DOMAIN = 'slow.test';

export interface Tarpit {
  /** One entry per connection: when it opened and (once it did) when the client closed it. */
  connections: Array<{ port: number; openedAt: number; closedAt?: number }>;
  close(): Promise<void>;
}

export interface ExtensionWorld {
  mail: MailDomain;
  tarpit: Tarpit;
  /** `ip:port` of the test DNS server. */
  nameserver: string;
  caPem: string;
  close(): Promise<void>;
}

async function startTarpit(ip: string, ports: number[]): Promise<Tarpit> {
  const connections: Tarpit['connections'] = [];
  const sockets = new Set<net.Socket>();
  const servers = await Promise.all(ports.map((port) => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => {
      const entry: Tarpit['connections'][number] = { port, openedAt: Date.now() };
      connections.push(entry);
      sockets.add(socket);
      socket.on('error', () => undefined);
      // Read (and ignore) what clients send: unread bytes, such as a TLS ClientHello, would
      // keep the client's FIN from ever being seen, and the socket would look open forever.
      socket.resume();
      socket.on('close', () => {
        entry.closedAt = Date.now();
        sockets.delete(socket);
      });
    });
    server.on('error', reject);
    server.listen(port, ip, () => resolve(server));
  })));
  return {
    connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}

export async function startExtensionWorld(options: { ip: string; tarpitIp: string }): Promise<ExtensionWorld> {
  const tarpitHost = `mail.${SLOW_DOMAIN}`;
  const srv = (port: number) => ({ SRV: [{ priority: 0, weight: 1, port, target: tarpitHost }] });
  const mail = await startMailDomain({
    ip: options.ip,
    domain: DOMAIN,
    zone: {
      [SLOW_DOMAIN]: { MX: [{ priority: 10, exchange: tarpitHost }] },
      [tarpitHost]: { A: [options.tarpitIp] },
      [`_submission._tcp.${SLOW_DOMAIN}`]: srv(587),
      [`_submissions._tcp.${SLOW_DOMAIN}`]: srv(465),
      [`_imaps._tcp.${SLOW_DOMAIN}`]: srv(993),
    },
  });
  const tarpit = await startTarpit(options.tarpitIp, [587, 465, 993]).catch(async (error: unknown) => {
    await mail.close();
    throw error;
  });
  return {
    mail,
    tarpit,
    nameserver: mail.dns.address,
    caPem: mail.ca.cert,
    async close() {
      await Promise.all([mail.close(), tarpit.close()]);
    },
  };
}
