// A small mail domain for detect() tests: real scripted servers on the product's real ports
// (587, 465, 993) of one 127.0.0.x address, a test DNS server publishing them by SRV, and the
// test CA. Real ports need root; callers skip otherwise.
import dgram from 'node:dgram';
import { startDnsServer, type TestDnsServer, type ZoneNode } from '../../helpers/dns-server.js';
import { startLineServer, type LineServer, type Rule } from '../../helpers/line-server.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';
import { smtpRules, SMTP_TLS_EHLO } from '../probe/fixtures.js';

export const IS_ROOT = process.getuid?.() === 0;
export const PASSWORD = 'p@ss:w0rd/with%chars';

export interface MailDomain {
  ca: TestCa;
  dns: TestDnsServer;
  servers: Record<string, LineServer>;
  /** Everything every server received, all connections. */
  received(): string;
  close(): Promise<void>;
}

export interface MailDomainOptions {
  ip: string;
  domain: string;
  /** 587 offers no STARTTLS (as a stripping middlebox would leave it). */
  hide587Starttls?: boolean;
  /** Extra zone entries. */
  zone?: Record<string, ZoneNode>;
}

function authReply(line: string): string {
  const payload = line.split(' ')[2] ?? '';
  const decoded = Buffer.from(payload, 'base64').toString('utf8');
  return decoded.endsWith(`\0${PASSWORD}`) ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid';
}

export async function startMailDomain(options: MailDomainOptions): Promise<MailDomain> {
  const ca = createTestCa();
  const host = `mail.${options.domain}`;
  const cert = ca.issue({ names: [host] });
  const auth: Rule = { match: /^AUTH PLAIN /i, when: 'tls', reply: authReply };
  const submission = await startLineServer({
    host: options.ip,
    port: 587,
    greeting: `220 ${host} ESMTP`,
    tls: { cert },
    rules: options.hide587Starttls
      ? [{ match: 'EHLO', reply: ['250-' + host, '250 AUTH PLAIN LOGIN'] }, { match: 'QUIT', reply: '221 bye', then: 'close' }]
      : smtpRules([auth]),
    fallback: '502 5.5.1 Unrecognized command',
  });
  const submissions = await startLineServer({
    host: options.ip,
    port: 465,
    greeting: `220 ${host} ESMTP`,
    tls: { cert },
    implicitTls: true,
    rules: [auth, { match: 'EHLO', reply: SMTP_TLS_EHLO }, { match: 'QUIT', reply: '221 bye', then: 'close' }],
  });
  const imaps = await startLineServer({
    host: options.ip,
    port: 993,
    greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready',
    tls: { cert },
    implicitTls: true,
    rules: [
      { match: /^\S+ CAPABILITY/i, reply: ['* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR', '{tag} OK done'] },
      { match: /^\S+ AUTHENTICATE PLAIN \S+/i, reply: (line) => {
        const decoded = Buffer.from(line.split(' ')[3] ?? '', 'base64').toString('utf8');
        return decoded.endsWith(`\0${PASSWORD}`) ? [`${line.split(' ')[0]} OK logged in`] : [`${line.split(' ')[0]} NO [AUTHENTICATIONFAILED] bad`];
      } },
      { match: /^\S+ LOGIN /i, reply: (line) => [line.includes(PASSWORD) ? `${line.split(' ')[0]} OK logged in` : `${line.split(' ')[0]} NO [AUTHENTICATIONFAILED] bad`] },
      { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK bye'], then: 'close' },
    ],
  });
  const srv = (port: number) => ({ SRV: [{ priority: 0, weight: 1, port, target: host }] });
  const dns = await startDnsServer({
    zone: {
      [options.domain]: { MX: [{ priority: 10, exchange: host }] },
      [host]: { A: [options.ip] },
      [`_submission._tcp.${options.domain}`]: srv(587),
      [`_submissions._tcp.${options.domain}`]: srv(465),
      [`_imaps._tcp.${options.domain}`]: srv(993),
      [`_imap._tcp.${options.domain}`]: { SRV: [{ priority: 0, weight: 0, port: 0, target: '' }] },
      ...options.zone,
    },
  });
  const servers = { submission, submissions, imaps };
  return {
    ca,
    dns,
    servers,
    received: () => Object.values(servers).map((s) => s.received()).join('\n'),
    async close() {
      await Promise.all([...Object.values(servers).map((s) => s.close()), dns.close()]);
      ca.dispose();
    },
  };
}

/** A DNS "server" that receives every query and answers none: a dark network. */
export async function startBlackHoleDns(): Promise<{ address: string; close(): Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
