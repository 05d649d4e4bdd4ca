// The bench's DNS and HTTPS servers in a process of their own, so that serving the world does
// not share an event loop (and its CPU slices) with the detect() being measured — as real
// servers do not. Argument: a JSON file { dns: { host, zone }, https: { host, cert, key, routes } }.
// Prints "ready" when both listen; runs until killed.
import { readFileSync } from 'node:fs';
import { startDnsServer } from '../../test/helpers/dns-server.js';
import { startHttpServer } from '../../test/helpers/https-server.js';

interface ChildConfig {
  dns: { host: string; zone: Parameters<typeof startDnsServer>[0]['zone'] };
  https: { host: string; cert: string; key: string; routes: Record<string, string> };
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ChildConfig;
await startDnsServer({ host: config.dns.host, port: 53, zone: config.dns.zone });
await startHttpServer({
  host: config.https.host,
  port: 443,
  tls: { cert: config.https.cert, key: config.https.key },
  routes: Object.fromEntries(Object.entries(config.https.routes).map(([path, body]) => [path, { body, headers: { 'content-type': 'text/xml' } }])),
});
process.stdout.write('ready\n');
