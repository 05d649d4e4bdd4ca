// The baseline the CLI's cold start is measured against: a node process that already knows the
// answer. It resolves the host through the given DNS server, then runs one SMTP submission
// dialogue on 587 — greeting, EHLO, STARTTLS, TLS handshake (certificate verified against a
// context built once, before the connection), EHLO, QUIT — and exits. Node built-ins only.
// Usage: node bench/scenarios/baseline-process.mjs DNS_HOST:PORT CA_FILE HOST
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

const [dnsServer, caFile, host] = process.argv.slice(2);
const context = tls.createSecureContext({ ca: readFileSync(caFile, 'utf8') });
const resolver = new Resolver();
resolver.setServers([dnsServer]);
const [address] = await resolver.resolve4(host);

// Reads SMTP replies line by line; resolves with the last line of each complete reply.
function replies(socket) {
  let buffered = '';
  const waiting = [];
  socket.on('data', (chunk) => {
    buffered += chunk.toString('latin1');
    for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line[3] !== '-') waiting.shift()?.(line);
    }
  });
  return () => new Promise((resolve) => waiting.push(resolve));
}

function expect(line, code) {
  if (!line.startsWith(code)) throw new Error(`expected ${code}, got ${line}`);
}

const plain = net.connect({ host: address, port: 587 });
let next = replies(plain);
expect(await next(), '220');
plain.write('EHLO bench.invalid\r\n');
expect(await next(), '250');
plain.write('STARTTLS\r\n');
expect(await next(), '220');
plain.removeAllListeners('data');
const secure = tls.connect({ socket: plain, servername: host, secureContext: context });
await new Promise((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
if (!secure.authorized) throw new Error(`certificate not trusted: ${secure.authorizationError}`);
next = replies(secure);
secure.write('EHLO bench.invalid\r\n');
expect(await next(), '250');
secure.write('QUIT\r\n');
expect(await next(), '221');
secure.end();
