// httpRequest against real HTTPS servers on loopback, host names served by a real DNS
// server, certificates from a test CA made with openssl for this run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { httpRequest, type HttpRequest } from '@autoconf/core/internal/net/http.js';
import { createNetwork } from '@autoconf/core/internal/net/network.js';
import type { Network } from '@autoconf/core/internal/net/types.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import { startHttpServer, type TestHttpServer } from '../../helpers/https-server.js';

const DAY_MS = 86_400_000;
const MIB = 1_048_576;
const HOSTS = ['good', 'other', 'wrong', 'expired', 'self', 'untrusted', 'plain'].map((name) => `${name}.example.test`);

let ca: TestCa;
let otherCa: TestCa;
let dns: TestDnsServer;
let network: Network;
let good: TestHttpServer;
let other: TestHttpServer;
let expired: TestHttpServer;
let self: TestHttpServer;
let untrusted: TestHttpServer;
let plain: TestHttpServer;

before(async () => {
  ca = createTestCa();
  otherCa = createTestCa('someone else');
  dns = await startDnsServer({ zone: Object.fromEntries(HOSTS.map((host) => [host, { A: ['127.0.0.1'] }])) });
  network = createNetwork({ servers: [dns.address], extraCa: [ca.cert], timeoutMs: 1_000 });
  good = await startHttpServer({ tls: ca.issue({ names: ['good.example.test', '127.0.0.1'] }) });
  other = await startHttpServer({ tls: ca.issue({ names: ['other.example.test'] }) });
  const past = Date.now() - 10 * DAY_MS;
  expired = await startHttpServer({ tls: ca.issue({ names: ['expired.example.test'], notBefore: new Date(past - DAY_MS), notAfter: new Date(past) }) });
  self = await startHttpServer({ tls: ca.selfSigned(['self.example.test']) });
  untrusted = await startHttpServer({ tls: otherCa.issue({ names: ['untrusted.example.test'] }) });
  plain = await startHttpServer();
  for (const server of [good, other, expired, self, untrusted, plain]) server.route('*', { body: 'hello' });
});

after(async () => {
  await Promise.all([good, other, expired, self, untrusted, plain, dns].map((server) => server?.close()));
  ca?.dispose();
  otherCa?.dispose();
});

const fetchUrl = (url: string, options: Omit<HttpRequest, 'url'> = {}) => httpRequest(network, { url, ...options });

describe('requests', () => {
  test('GET over verified TLS by host name, with SNI, headers and the request logged', async () => {
    good.route('/config.xml', { body: '\ufeff<ok/>', headers: { 'content-type': 'text/xml', 'x-multi': 'a' } });
    const result = await fetchUrl(good.urlFor('good.example.test', '/config.xml?emailaddress=jane%40example.test'));
    assert.equal(result.ok, true, JSON.stringify(result.error));
    assert.equal(result.status, 200);
    assert.equal(result.body, '<ok/>');
    assert.equal(result.headers['content-type'], 'text/xml');
    assert.deepEqual(result.chain, [{ url: result.url, status: 200 }]);
    assert.equal(result.error, undefined);
    const logged = good.requests.at(-1);
    assert.equal(logged?.path, '/config.xml');
    assert.equal(logged?.query.emailaddress, 'jane@example.test');
    assert.equal(logged?.servername, 'good.example.test');
    assert.ok(dns.queries.some((query) => query.name === 'good.example.test'), 'resolved through our DNS server');
  });

  test('an IP-literal URL works when the certificate names the IP, without SNI', async () => {
    const result = await fetchUrl(`${good.url}/ip`);
    assert.equal(result.status, 200);
    assert.equal(good.requests.at(-1)?.servername, undefined);
  });

  test('POST sends the body; non-2xx answers are ok:false with the body kept', async () => {
    good.route('/echo', (request) => ({ status: 201, body: `${request.method}:${request.headers['content-type']}:${request.body}` }));
    const posted = await fetchUrl(good.urlFor('good.example.test', '/echo'), { method: 'POST', body: '<x>é</x>', headers: { 'Content-Type': 'text/xml' } });
    assert.equal(posted.body, 'POST:text/xml:<x>é</x>');
    good.route('/missing', { status: 404, body: 'nope' });
    const missing = await fetchUrl(good.urlFor('good.example.test', '/missing'));
    assert.equal(missing.ok, false);
    assert.equal(missing.status, 404);
    assert.equal(missing.body, 'nope');
    assert.equal(missing.error?.code, 'http-status');
  });

  test('bad URLs, plain http unless allowed, and programmer errors', async () => {
    const before = plain.requests.length;
    for (const url of ['not a url', 'ftp://good.example.test/', 'https://user:secret@good.example.test/', plain.urlFor('plain.example.test', '/')]) {
      const result = await fetchUrl(url);
      assert.equal(result.error?.code, 'bad-url', url);
      assert.equal(result.ok, false);
    }
    assert.equal(plain.requests.length, before, 'nothing reached the plain server');
    const allowed = await fetchUrl(plain.urlFor('plain.example.test', '/'), { allowHttp: true });
    assert.equal(allowed.body, 'hello');
    await assert.rejects(fetchUrl(good.url, { timeoutMs: -1 }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
    await assert.rejects(fetchUrl(good.url, { body: 'x' }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  });
});

describe('certificates are always verified', () => {
  const cases: [string, () => TestHttpServer, string][] = [
    ['expired', () => expired, 'expired.example.test'],
    ['wrong host name', () => other, 'wrong.example.test'],
    ['self-signed', () => self, 'self.example.test'],
    ['untrusted CA', () => untrusted, 'untrusted.example.test'],
  ];
  for (const [name, server, host] of cases) {
    test(`${name} → cert, and the request never reaches the server`, async () => {
      const before = server().requests.length;
      const result = await fetchUrl(server().urlFor(host, '/mail/config-v1.1.xml?emailaddress=jane%40example.test'));
      assert.equal(result.ok, false);
      assert.equal(result.error?.code, 'cert', result.error?.message);
      assert.equal(server().requests.length, before, 'the address was not sent');
    });
  }

  test('TLS to a plain HTTP port → tls; a closed port → refused; an unknown name → dns', async () => {
    assert.equal((await fetchUrl(`https://plain.example.test:${plain.port}/`)).error?.code, 'tls');
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    assert.equal((await fetchUrl(`https://good.example.test:${port}/`)).error?.code, 'refused');
    assert.equal((await fetchUrl(`https://nowhere.example.test:${good.port}/`)).error?.code, 'dns');
  });
});

describe('redirects', () => {
  test('relative and absolute redirects are followed and the chain recorded', async () => {
    good.route('/a', { redirect: '/b', status: 301 });
    good.route('/b', { redirect: good.urlFor('good.example.test', '/c'), status: 308 });
    good.route('/c', { body: 'done' });
    const result = await fetchUrl(good.urlFor('good.example.test', '/a'));
    assert.equal(result.body, 'done');
    assert.deepEqual(result.chain.map((hop) => [new URL(hop.url).pathname, hop.status]), [['/a', 301], ['/b', 308], ['/c', 200]]);
    assert.equal(result.url, good.urlFor('good.example.test', '/c'));
  });

  test('POST: 307 keeps method and body, 302 turns into GET unless keepMethodOnRedirect', async () => {
    good.route('/post-307', { redirect: '/target', status: 307 });
    good.route('/post-302', { redirect: '/target', status: 302 });
    good.route('/target', (request) => ({ body: `${request.method}:${request.body}` }));
    const post = (path: string, keepMethodOnRedirect?: boolean) =>
      fetchUrl(good.urlFor('good.example.test', path), { method: 'POST', body: 'payload', keepMethodOnRedirect });
    assert.equal((await post('/post-307')).body, 'POST:payload');
    assert.equal((await post('/post-302')).body, 'GET:');
    assert.equal((await post('/post-302', true)).body, 'POST:payload');
  });

  test('https → http is refused even with allowHttp, and the http server is never asked', async () => {
    const before = plain.requests.length;
    good.route('/down', { redirect: plain.urlFor('plain.example.test', '/leak?emailaddress=jane%40example.test') });
    const result = await fetchUrl(good.urlFor('good.example.test', '/down'), { allowHttp: true });
    assert.equal(result.error?.code, 'redirect-downgrade');
    assert.equal(result.status, 302);
    assert.equal(plain.requests.length, before);
  });

  test('loops, more than maxRedirects, and credentials dropped across origins', async () => {
    good.route('/loop1', { redirect: '/loop2' });
    good.route('/loop2', { redirect: '/loop1' });
    assert.equal((await fetchUrl(good.urlFor('good.example.test', '/loop1'))).error?.code, 'redirect-loop');

    for (let hop = 0; hop < 6; hop += 1) good.route(`/hop${hop}`, { redirect: `/hop${hop + 1}` });
    good.route('/hop6', { body: 'end' });
    const tooMany = await fetchUrl(good.urlFor('good.example.test', '/hop0'));
    assert.equal(tooMany.error?.code, 'too-many-redirects');
    assert.equal(tooMany.chain.length, 6);
    assert.equal((await fetchUrl(good.urlFor('good.example.test', '/hop1'))).body, 'end', 'exactly five redirects are fine');

    const crossOrigin = await startHttpServer({ tls: ca.issue({ names: ['other.example.test'] }), routes: { '*': { body: 'there' } } });
    try {
      good.route('/away', { redirect: crossOrigin.urlFor('other.example.test', '/there') });
      const result = await fetchUrl(good.urlFor('good.example.test', '/away'), { headers: { Authorization: 'Basic abc', 'X-Keep': '1' } });
      assert.equal(result.body, 'there');
      assert.equal(crossOrigin.requests[0]?.headers.authorization, undefined);
      assert.equal(crossOrigin.requests[0]?.headers['x-keep'], '1');
    } finally {
      await crossOrigin.close();
    }
  });
});

describe('limits and cancellation', () => {
  test('a 10 MiB body is cut at the cap, declared or streamed', async () => {
    good.route('/huge', { body: Buffer.alloc(10 * MIB, 0x61) });
    good.route('/endless', { stream: { chunk: Buffer.alloc(64 * 1024, 0x62), intervalMs: 0 } });
    const started = performance.now();
    const declared = await fetchUrl(good.urlFor('good.example.test', '/huge'));
    assert.equal(declared.error?.code, 'too-large');
    assert.equal(declared.body, '');
    const streamed = await fetchUrl(good.urlFor('good.example.test', '/endless'));
    assert.equal(streamed.error?.code, 'too-large');
    assert.equal(streamed.status, 200);
    const small = await fetchUrl(good.urlFor('good.example.test', '/endless'), { maxBytes: 1_000 });
    assert.equal(small.error?.code, 'too-large');
    assert.ok(performance.now() - started < 3_000);
  });

  test('a slow body, a silent server and a slow redirect chain hit the one deadline', async () => {
    good.route('/drip', { stream: { chunk: 'x', intervalMs: 100 } });
    good.route('/silent', { hang: true });
    good.route('/slow1', { delayMs: 150, redirect: '/slow2' });
    good.route('/slow2', { delayMs: 150, redirect: '/slow3' });
    good.route('/slow3', { delayMs: 150, body: 'late' });
    for (const path of ['/drip', '/silent', '/slow1']) {
      const started = performance.now();
      const result = await fetchUrl(good.urlFor('good.example.test', path), { timeoutMs: 350 });
      const elapsed = performance.now() - started;
      assert.equal(result.error?.code, 'timeout', path);
      assert.ok(elapsed >= 300 && elapsed < 1_500, `${path}: ${elapsed} ms`);
    }
  });

  test('abort mid-body returns at once; an aborted signal sends nothing', async () => {
    good.route('/drip2', { stream: { chunk: 'y', intervalMs: 50 } });
    const controller = new AbortController();
    const pending = fetchUrl(good.urlFor('good.example.test', '/drip2'), { signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const result = await pending;
    assert.equal(result.error?.code, 'aborted');
    assert.ok(performance.now() - started < 1_000);

    const requests = good.requests.length;
    const queries = dns.queries.length;
    const early = await fetchUrl(good.urlFor('good.example.test', '/drip2'), { signal: AbortSignal.abort() });
    assert.equal(early.error?.code, 'aborted');
    assert.equal(good.requests.length, requests);
    assert.equal(dns.queries.length, queries);
  });

  test('a connection cut mid-body or before the headers → reset', async () => {
    good.route('/cut', { body: 'partial', cut: 'mid-body', headers: { 'content-length': '100' } });
    good.route('/cut-early', { cut: 'before-headers' });
    assert.equal((await fetchUrl(good.urlFor('good.example.test', '/cut'))).error?.code, 'reset');
    assert.equal((await fetchUrl(good.urlFor('good.example.test', '/cut-early'))).error?.code, 'reset');
  });
});
