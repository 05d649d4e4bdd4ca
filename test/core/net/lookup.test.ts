import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import https from 'node:https';
import net, { type AddressInfo, type LookupFunction } from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { createResolver } from '@autoconf/core/internal/net/dns-client.js';
import { createLookup } from '@autoconf/core/internal/net/lookup.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';

let dns: TestDnsServer;
let ca: TestCa;

before(async () => {
  ca = createTestCa();
  dns = await startDnsServer({
    zone: {
      'mail.example.test': { A: ['127.0.0.1'] },
      'both.example.test': { A: ['127.0.0.1'], AAAA: ['::1'] },
      'v6.example.test': { AAAA: ['::1'] },
      'alias.example.test': { CNAME: 'mail.example.test' },
      'broken.example.test': { A: ['127.0.0.1'] },
      'quiet.example.test': { A: ['127.0.0.1'] },
    },
    behaviours: { 'broken.example.test': ['servfail'], 'quiet.example.test': ['silence'] },
  });
});

after(async () => {
  await dns.close();
  ca.dispose();
});

const lookupFor = () => createResolver({ servers: [dns.address], timeoutMs: 300, attempts: 1 }).lookup;

type Result = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

function call(lookup: LookupFunction, hostname: string, options?: object | number): Promise<Result> {
  return new Promise((resolve) => {
    const callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => resolve({ error, address, family });
    if (options === undefined) (lookup as unknown as (h: string, cb: typeof callback) => void)(hostname, callback);
    else (lookup as unknown as (h: string, o: object | number, cb: typeof callback) => void)(hostname, options, callback);
  });
}

test('{ all: true } gets every address as an array, IPv4 first unless ipv6first', async () => {
  const lookup = lookupFor();
  assert.deepEqual(await call(lookup, 'both.example.test', { all: true }), {
    error: null,
    address: [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }],
    family: undefined,
  });
  const v6first = await call(lookup, 'both.example.test', { all: true, order: 'ipv6first' });
  assert.deepEqual(v6first.address, [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }]);
});

test('without all: (err, address, family); the options may be a family number or absent', async () => {
  const lookup = lookupFor();
  assert.deepEqual(await call(lookup, 'mail.example.test', {}), { error: null, address: '127.0.0.1', family: 4 });
  assert.deepEqual(await call(lookup, 'both.example.test', 6), { error: null, address: '::1', family: 6 });
  assert.deepEqual(await call(lookup, 'alias.example.test'), { error: null, address: '127.0.0.1', family: 4 });
});

test('family 4 or 6 asks for that type only', async () => {
  const lookup = lookupFor();
  const before = dns.queries.length;
  assert.deepEqual((await call(lookup, 'v6.example.test', { family: 6, all: true })).address, [{ address: '::1', family: 6 }]);
  assert.deepEqual(dns.queries.slice(before).map((query) => query.type), ['AAAA']);
  const v4only = await call(lookup, 'v6.example.test', { family: 4 });
  assert.equal(v4only.error?.code, 'ENOTFOUND');
  assert.equal(dns.queries.at(-1)?.type, 'A');
});

test('IP literals come back as they are, without a query', async () => {
  const lookup = lookupFor();
  const before = dns.queries.length;
  assert.deepEqual(await call(lookup, '127.0.0.9', { all: true }), { error: null, address: [{ address: '127.0.0.9', family: 4 }], family: undefined });
  assert.deepEqual(await call(lookup, '::1', {}), { error: null, address: '::1', family: 6 });
  assert.equal(dns.queries.length, before);
});

test('localhost is asked of our resolver like any name, never the system', async () => {
  const before = dns.queries.length;
  const result = await call(lookupFor(), 'localhost', { all: true });
  assert.equal(result.error?.code, 'ENOTFOUND');
  assert.deepEqual(dns.queries.slice(before).map((query) => query.name), ['localhost', 'localhost']);
});

test('failures are node-style errors: ENOTFOUND, ESERVFAIL, ETIMEOUT', async () => {
  const lookup = lookupFor();
  const missing = await call(lookup, 'missing.example.test', { all: true });
  assert.equal(missing.error?.code, 'ENOTFOUND');
  assert.equal(missing.error?.syscall, 'getaddrinfo');
  assert.equal((missing.error as { hostname?: string }).hostname, 'missing.example.test');
  assert.equal((await call(lookup, 'broken.example.test', {})).error?.code, 'ESERVFAIL');
  assert.equal((await call(lookup, 'quiet.example.test', {})).error?.code, 'ETIMEOUT');
  assert.equal((await call(lookup, 'bad name.test', {})).error?.code, 'DNS_NAME_INVALID');
});

/** Wraps a lookup to record the options node passes, without changing what it does. */
function recording(lookup: LookupFunction): { lookup: LookupFunction; calls: unknown[] } {
  const calls: unknown[] = [];
  const wrapped = ((hostname: string, options: unknown, callback: unknown) => {
    calls.push(options);
    (lookup as unknown as (h: string, o: unknown, c: unknown) => void)(hostname, options, callback);
  }) as unknown as LookupFunction;
  return { lookup: wrapped, calls };
}

test('net.connect reaches a loopback server by a test-zone name through the lookup', async () => {
  const server = net.createServer((socket) => socket.end('hello\n'));
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { lookup, calls } = recording(lookupFor());
    const socket = net.connect({ host: 'mail.example.test', port: (server.address() as AddressInfo).port, lookup });
    socket.on('error', () => {});
    const [data] = await once(socket, 'data');
    assert.equal(String(data), 'hello\n');
    socket.destroy();
    // Node 20 has autoSelectFamily on, so it asks for every address.
    assert.equal((calls[0] as { all?: boolean }).all, true);
    const refused = net.connect({ host: 'localhost', port: 1, lookup: lookupFor() });
    const [error] = await once(refused, 'error');
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOTFOUND');
  } finally {
    server.close();
  }
});

test('tls.connect and https.request verify a test-CA certificate for mail.example.test', async () => {
  const leaf = ca.issue({ names: ['mail.example.test'] });
  const server = https.createServer({ key: leaf.key, cert: leaf.cert }, (request, response) => response.end(`ok ${request.url}`));
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    const { lookup, calls } = recording(lookupFor());
    const socket = tls.connect({ host: 'mail.example.test', port, lookup, ca: [ca.cert] });
    socket.on('error', () => {});
    await once(socket, 'secureConnect');
    assert.equal(socket.authorized, true);
    socket.destroy();
    assert.equal((calls[0] as { all?: boolean }).all, true);

    const body = await new Promise<string>((resolve, reject) => {
      const request = https.request({ hostname: 'mail.example.test', port, path: '/probe', lookup: createLookup(createResolver({ servers: [dns.address] })), ca: [ca.cert], agent: false, timeout: 3000 }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(text));
      });
      request.on('error', reject);
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.end();
    });
    assert.equal(body, 'ok /probe');
  } finally {
    server.close();
    server.closeAllConnections();
  }
});
