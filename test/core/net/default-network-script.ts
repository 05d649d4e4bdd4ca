// Run by default-network.test.ts inside its own network namespace (no route out, loopback up):
// every public entry point called the obvious way, without a network, against a real SMTP
// server on loopback. Prints one JSON line of what it saw.
import net from 'node:net';
import { discover, probeEndpoint, verifyLogin } from '@autoconf/core';
import { httpRequest } from '@autoconf/core/internal/net/http.js';

const server = net.createServer((socket) => {
  socket.on('error', () => undefined);
  socket.write('220 mx.local.test ESMTP\r\n');
  socket.on('data', (chunk) => {
    const line = chunk.toString();
    if (/^EHLO/i.test(line)) socket.write('250-mx.local.test\r\n250 AUTH PLAIN\r\n');
    else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
    else socket.write('502 no\r\n');
  });
});
await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
const port = (server.address() as net.AddressInfo).port;

const discovery = await discover('someone@gmail.com');
const probe = await probeEndpoint({ protocol: 'smtp', host: '127.0.0.1', port, security: 'none' });
const byName = await probeEndpoint({ protocol: 'smtp', host: 'smtp.gmail.com', port: 587, security: 'starttls', connectTimeoutMs: 2_000 });
const login = await verifyLogin({ protocol: 'smtp', host: '127.0.0.1', port, security: 'none', username: 'u', password: 'p' });
const fetched = await httpRequest({ url: 'https://autoconfig.gmail.com/mail/config-v1.1.xml', timeoutMs: 3_000 });
server.close();
process.stdout.write(`${JSON.stringify({
  embedded: discovery.candidates.filter((c) => c.provenance.some((p) => p.source === 'embedded')).map((c) => c.host),
  sources: discovery.sources.map((s) => s.source),
  probe: { outcome: probe.outcome, greeting: probe.greeting },
  byName: byName.outcome,
  login: login.outcome,
  fetched: fetched.error?.code,
})}\n`);
