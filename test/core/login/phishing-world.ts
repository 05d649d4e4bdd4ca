// A world where an attacker tries to collect a password through detection: a valid certificate
// for its own name (smtp.evil.test, from the same CA the victim trusts) and every path that can
// point a client at it — a spoofed SRV target, an Autodiscover redirectUrl, an autoconfig
// redirect, an MX whose provider autoconfig names the attacker. Mail servers record every byte
// they receive after TLS, so a test can prove that no password arrived.
import { startDnsServer, type Behaviour, type TestDnsServer, type ZoneNode } from '../../helpers/dns-server.js';
import { startHttpServer, type Route, type TestHttpServer } from '../../helpers/https-server.js';
import { startLineServer, type LineServer, type Rule } from '../../helpers/line-server.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';

export const IS_ROOT = process.getuid?.() === 0;
export const PASSWORD = 'tr0ub4dor&3 "secret"';
/** The password as it travels: itself, in SASL PLAIN, in AUTH LOGIN. */
export function secretForms(user: string): string[] {
  return [
    PASSWORD,
    Buffer.from(PASSWORD).toString('base64'),
    Buffer.from(`\0${user}\0${PASSWORD}`).toString('base64'),
  ];
}

const AUTODISCOVER_PATH = '/autodiscover/autodiscover.xml';
const CONFIG_PATH = '/mail/config-v1.1.xml';
/** Each test file gets its own 127.<net>.0.0/24, so files can run side by side. */
function hostsOn(net: number) {
  return {
    own: { ip: `127.${net}.0.1`, name: 'mail.mxevil2.test' },
    evil: { ip: `127.${net}.0.2`, name: 'smtp.evil.test' },
    provider: { ip: `127.${net}.0.3`, name: 'mail.provider.test' },
    https: `127.${net}.0.4`,
  };
}

export interface MailHost {
  name: string;
  smtps: LineServer;
  imaps: LineServer;
  received(): string;
  close(): Promise<void>;
}

export interface PhishingWorld {
  ca: TestCa;
  dns: TestDnsServer;
  evil: MailHost;
  provider: MailHost;
  own: MailHost;
  https: TestHttpServer;
  close(): Promise<void>;
}

function plainOk(payload: string | undefined): boolean {
  return Buffer.from(payload ?? '', 'base64').toString('utf8').split('\0')[2] === PASSWORD;
}

/** SMTP on 465 and IMAP on 993, implicit TLS, accepting PASSWORD for any user. */
async function startMailHost(ca: TestCa, ip: string, name: string): Promise<MailHost> {
  const cert = ca.issue({ names: [name] });
  const smtpAuth: Rule = { match: /^AUTH PLAIN /i, reply: (line) => (plainOk(line.split(' ')[2]) ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid') };
  const smtps = await startLineServer({
    host: ip, port: 465, implicitTls: true, tls: { cert }, greeting: `220 ${name} ESMTP`,
    rules: [smtpAuth, { match: 'EHLO', reply: [`250-${name}`, '250-AUTH PLAIN', '250 8BITMIME'] }, { match: 'QUIT', reply: '221 bye', then: 'close' }],
    fallback: '502 5.5.1 Unrecognized command',
  });
  const imaps = await startLineServer({
    host: ip, port: 993, implicitTls: true, tls: { cert }, greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready',
    rules: [
      { match: /^\S+ CAPABILITY/i, reply: ['* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR', '{tag} OK done'] },
      { match: /^\S+ AUTHENTICATE PLAIN \S+/i, reply: (line) => [`${line.split(' ')[0]} ${plainOk(line.split(' ')[3]) ? 'OK logged in' : 'NO [AUTHENTICATIONFAILED] bad'}`] },
      { match: /^\S+ LOGOUT/i, reply: ['* BYE', '{tag} OK bye'], then: 'close' },
    ],
    fallback: (line) => `${line.split(' ')[0]} BAD unknown`,
  });
  return {
    name,
    smtps,
    imaps,
    received: () => smtps.received() + imaps.received(),
    close: async () => void (await Promise.all([smtps.close(), imaps.close()])),
  };
}

function clientConfig(domain: string, host: string): string {
  const server = (tag: string, type: string, port: number) =>
    `<${tag} type="${type}"><hostname>${host}</hostname><port>${port}</port><socketType>SSL</socketType>` +
    `<username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication></${tag}>`;
  return `<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="${domain}"><domain>${domain}</domain>` +
    `${server('incomingServer', 'imap', 993)}${server('outgoingServer', 'smtp', 465)}</emailProvider></clientConfig>`;
}

function autodiscover(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">` +
    `<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><AccountType>email</AccountType>${inner}</Account></Response></Autodiscover>`;
}

const xml = (body: string): Route => ({ body, headers: { 'content-type': 'text/xml; charset=utf-8' } });

/** Domains, one per path: srv.test, adredir.test, acredir.test, mxevil.test, mxevil2.test
 *  (whose own mail.mxevil2.test works too), signed.test (SRV with the AD bit) and good.test
 *  (its own HTTPS autoconfig names mail.provider.test). */
export async function startPhishingWorld(net: number): Promise<PhishingWorld> {
  const HOSTS = hostsOn(net);
  const HTTPS_IP = HOSTS.https;
  const ca = createTestCa();
  const [evil, provider, own] = await Promise.all([
    startMailHost(ca, HOSTS.evil.ip, HOSTS.evil.name),
    startMailHost(ca, HOSTS.provider.ip, HOSTS.provider.name),
    startMailHost(ca, HOSTS.own.ip, HOSTS.own.name),
  ]);
  const evilSettings = xml(autodiscover(
    `<Action>settings</Action><Protocol><Type>IMAP</Type><Server>${HOSTS.evil.name}</Server><Port>993</Port><SSL>on</SSL></Protocol>` +
    `<Protocol><Type>SMTP</Type><Server>${HOSTS.evil.name}</Server><Port>465</Port><SSL>on</SSL></Protocol>`,
  ));
  const sites: Record<string, Record<string, Route>> = {
    'autodiscover.adredir.test': { [AUTODISCOVER_PATH]: xml(autodiscover(`<Action>redirectUrl</Action><RedirectUrl>https://autodiscover.evil.test${AUTODISCOVER_PATH}</RedirectUrl>`)) },
    'autodiscover.evil.test': { [AUTODISCOVER_PATH]: evilSettings },
    'autoconfig.acredir.test': { [CONFIG_PATH]: { status: 302, redirect: `https://autoconfig.evil.test${CONFIG_PATH}` } },
    'autoconfig.evil.test': { [CONFIG_PATH]: xml(clientConfig('evil.test', HOSTS.evil.name)) },
    'autoconfig.good.test': { [CONFIG_PATH]: xml(clientConfig('good.test', HOSTS.provider.name)) },
  };
  const https = await startHttpServer({
    tls: ca.issue({ names: Object.keys(sites) }),
    host: HTTPS_IP,
    port: 443,
    routes: {
      '*': (request) => {
        const site = sites[(request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()];
        const route = site?.[request.path];
        if (route === undefined) return { status: 404, body: 'not found' };
        return typeof route === 'function' ? route(request) : route;
      },
    },
  });
  const srv = (port: number, target: string): ZoneNode => ({ SRV: [{ priority: 0, weight: 1, port, target }] });
  const zone: Record<string, ZoneNode> = {
    [HOSTS.evil.name]: { A: [HOSTS.evil.ip] },
    'mx.evil.test': { A: [HOSTS.evil.ip] },
    [HOSTS.provider.name]: { A: [HOSTS.provider.ip] },
    [HOSTS.own.name]: { A: [HOSTS.own.ip] },
    '_submissions._tcp.srv.test': srv(465, HOSTS.evil.name),
    '_imaps._tcp.srv.test': srv(993, HOSTS.evil.name),
    '_submissions._tcp.signed.test': srv(465, HOSTS.evil.name),
    '_imaps._tcp.signed.test': srv(993, HOSTS.evil.name),
    'mxevil.test': { MX: [{ priority: 10, exchange: 'mx.evil.test' }] },
    'mxevil2.test': { MX: [{ priority: 10, exchange: 'mx.evil.test' }] },
  };
  for (const site of Object.keys(sites)) zone[site] = { A: [HTTPS_IP] };
  const behaviours: Record<string, Behaviour[]> = {
    '_submissions._tcp.signed.test': ['ad'],
    '_imaps._tcp.signed.test': ['ad'],
  };
  const dns = await startDnsServer({ zone, behaviours });
  return {
    ca, dns, evil, provider, own, https,
    async close() {
      await Promise.all([evil.close(), provider.close(), own.close(), https.close(), dns.close()]);
      ca.dispose();
    },
  };
}
