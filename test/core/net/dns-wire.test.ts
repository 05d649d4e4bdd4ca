import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { getEventListeners } from 'node:events';
import net from 'node:net';
import dnsPacket, { type DecodedPacket } from 'dns-packet';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { queryServer, EDNS_UDP_PAYLOAD_BYTES } from '@autoconf/core/internal/net/dns-wire.js';
import { parseServerSpec } from '@autoconf/core/internal/net/resolv-conf.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';

let dns: TestDnsServer;

before(async () => {
  dns = await startDnsServer({
    zone: {
      'ok.example.test': { A: ['192.0.2.1'] },
      'huge.example.test': { TXT: ['first'] },
    },
    behaviours: {
      'ok.example.test': [],
      'wrong-id.example.test': ['wrong-id-first'],
      'wrong-q.example.test': ['wrong-question-first'],
      'garbage.example.test': ['garbage-first'],
      'trunc.example.test': ['truncate-udp'],
      'huge.example.test': ['huge'],
      'silent.example.test': ['silence'],
    },
  });
});

after(() => dns.close());

const server = () => parseServerSpec(dns.address);

/** A bare UDP socket that hands each query to `reply`, for checks the zone server cannot make. */
async function withRawServer(reply: (query: DecodedPacket, bytes: Buffer) => Buffer[], run: (address: string) => Promise<void>): Promise<void> {
  const socket = dgram.createSocket('udp4');
  socket.on('error', () => {});
  socket.on('message', (bytes, remote) => {
    for (const out of reply(dnsPacket.decode(bytes), bytes)) socket.send(out, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    await run(`127.0.0.1:${socket.address().port}`);
  } finally {
    socket.close();
  }
}

test('the query carries RD, a random id and EDNS0 with a 1232-byte payload', async () => {
  const seen: DecodedPacket[] = [];
  await withRawServer(
    (query) => {
      seen.push(query);
      return [dnsPacket.encode({ type: 'response', id: query.id, questions: query.questions, answers: [] })];
    },
    async (address) => {
      for (let i = 0; i < 4; i += 1) {
        const result = await queryServer({ server: parseServerSpec(address), name: 'x.example.test', type: 'A', timeoutMs: 1000 });
        assert.equal(result.kind, 'response');
      }
    },
  );
  assert.equal(seen.length, 4);
  const first = seen[0] as DecodedPacket;
  assert.equal(first.flag_rd, true);
  const opt = first.additionals?.find((record) => record.type === 'OPT');
  assert.ok(opt && 'udpPayloadSize' in opt);
  assert.equal(opt.udpPayloadSize, EDNS_UDP_PAYLOAD_BYTES);
  assert.ok(new Set(seen.map((query) => query.id)).size > 1, 'ids are random');
});

test('a reply with the question name in another case is accepted (RFC 4343)', async () => {
  await withRawServer(
    (query) => {
      const question = { ...query.questions![0]!, name: 'X.Example.TEST' };
      return [dnsPacket.encode({ type: 'response', id: query.id, questions: [question], answers: [{ type: 'A', name: 'X.Example.TEST', data: '192.0.2.7' }] })];
    },
    async (address) => {
      const result = await queryServer({ server: parseServerSpec(address), name: 'x.example.test', type: 'A', timeoutMs: 1000 });
      assert.equal(result.kind, 'response');
    },
  );
});

test('replies with the wrong id, question, type or class, queries and garbage are ignored', async () => {
  await withRawServer(
    (query) => {
      const q = query.questions![0]!;
      const good = { type: 'response' as const, id: query.id, questions: [q], answers: [{ type: 'A' as const, name: q.name, data: '192.0.2.2' }] };
      return [
        Buffer.from([1, 2, 3]),
        dnsPacket.encode({ ...good, id: ((query.id ?? 0) + 1) % 65536, answers: [{ type: 'A', name: q.name, data: '6.6.6.6' }] }),
        dnsPacket.encode({ ...good, questions: [{ ...q, type: 'AAAA' }] }),
        dnsPacket.encode({ ...good, questions: [{ ...q, class: 'CH' }] }),
        dnsPacket.encode({ ...good, type: 'query' }),
        dnsPacket.encode({ ...good, questions: [q, q] }),
        dnsPacket.encode(good),
      ];
    },
    async (address) => {
      const result = await queryServer({ server: parseServerSpec(address), name: 'y.example.test', type: 'A', timeoutMs: 1000 });
      assert.equal(result.kind, 'response');
      assert.deepEqual(result.kind === 'response' && result.packet.answers?.map((record) => 'data' in record && record.data), ['192.0.2.2']);
    },
  );
});

test('the test server misbehaviours are survived: wrong id, wrong question, garbage first', async () => {
  for (const name of ['wrong-id.example.test', 'wrong-q.example.test', 'garbage.example.test']) {
    const result = await queryServer({ server: server(), name, type: 'A', timeoutMs: 1000 });
    assert.equal(result.kind, 'response', name);
    assert.equal(result.kind === 'response' && result.transport, 'udp');
    const question = result.kind === 'response' ? result.packet.questions?.[0]?.name : undefined;
    assert.equal(question, name);
  }
});

test('a truncated UDP answer is retried over TCP', async () => {
  const before = dns.queries.length;
  const result = await queryServer({ server: server(), name: 'trunc.example.test', type: 'A', timeoutMs: 1000 });
  assert.equal(result.kind, 'response');
  assert.equal(result.kind === 'response' && result.transport, 'tcp');
  assert.deepEqual(dns.queries.slice(before).map((query) => query.transport), ['udp', 'tcp']);
});

test('a huge answer arrives over TCP, and the response cap refuses it', async () => {
  const result = await queryServer({ server: server(), name: 'huge.example.test', type: 'TXT', timeoutMs: 2000 });
  assert.equal(result.kind, 'response');
  assert.equal(result.kind === 'response' && result.transport, 'tcp');
  assert.ok(result.kind === 'response' && (result.packet.answers?.length ?? 0) > 400);
  const capped = await queryServer({ server: server(), name: 'huge.example.test', type: 'TXT', timeoutMs: 2000, maxResponseBytes: 4096 });
  assert.equal(capped.kind, 'error');
  assert.match(capped.kind === 'error' ? capped.message : '', /exceeds the 4096-byte cap/);
});

test('silence is a timeout, bounded by timeoutMs', async () => {
  const started = Date.now();
  const result = await queryServer({ server: server(), name: 'silent.example.test', type: 'A', timeoutMs: 200 });
  assert.deepEqual(result, { kind: 'timeout', transport: 'udp' });
  assert.ok(Date.now() - started < 1500);
});

test('abort throws ABORTED at once, before and during the query', async () => {
  await assert.rejects(
    queryServer({ server: server(), name: 'ok.example.test', type: 'A', timeoutMs: 1000, signal: AbortSignal.abort() }),
    (error) => isAutoconfError(error, 'ABORTED'),
  );
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  await assert.rejects(
    queryServer({ server: server(), name: 'silent.example.test', type: 'A', timeoutMs: 5000, signal: controller.signal }),
    (error) => isAutoconfError(error, 'ABORTED'),
  );
  assert.ok(Date.now() - started < 1000);
});

test('no abort listener is left on the caller\'s signal after answers, timeouts and TCP', async () => {
  const controller = new AbortController();
  const { signal } = controller;
  await queryServer({ server: server(), name: 'ok.example.test', type: 'A', timeoutMs: 1000, signal });
  await queryServer({ server: server(), name: 'silent.example.test', type: 'A', timeoutMs: 50, signal });
  await queryServer({ server: server(), name: 'trunc.example.test', type: 'A', timeoutMs: 1000, signal });
  assert.equal(getEventListeners(signal, 'abort').length, 0);
});

test('TCP: a server that closes, stalls or sends garbage gives an error or timeout', async () => {
  const behaviours: Record<string, (socket: net.Socket) => void> = {
    close: (socket) => socket.end(),
    stall: (socket) => socket.write(Buffer.from([0x01, 0x00, 0x00])),
    garbage: (socket) => socket.write(Buffer.from([0x00, 0x03, 1, 2, 3])),
  };
  for (const [kind, act] of Object.entries(behaviours)) {
    const tcp = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => act(socket));
    });
    tcp.on('error', () => {});
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const port = (tcp.address() as net.AddressInfo).port;
    // UDP on the same port: answer with TC so the client goes to TCP.
    const udp = dgram.createSocket('udp4');
    udp.on('error', () => {});
    udp.on('message', (bytes, remote) => {
      const query = dnsPacket.decode(bytes);
      udp.send(dnsPacket.encode({ type: 'response', id: query.id, flags: dnsPacket.TRUNCATED_RESPONSE, questions: query.questions }), remote.port, remote.address);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(port, '127.0.0.1', () => resolve());
      });
      const result = await queryServer({ server: parseServerSpec(`127.0.0.1:${port}`), name: 'z.example.test', type: 'A', timeoutMs: 300 });
      assert.equal(result.transport, 'tcp', kind);
      assert.equal(result.kind, kind === 'stall' ? 'timeout' : 'error', kind);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    } finally {
      udp.close();
      await new Promise((resolve) => tcp.close(resolve));
    }
  }
});

test('an unreachable UDP port is an error or timeout, not a hang', async () => {
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  probe.close();
  const result = await queryServer({ server: parseServerSpec(`127.0.0.1:${port}`), name: 'a.example.test', type: 'A', timeoutMs: 500 });
  assert.ok(result.kind === 'error' || result.kind === 'timeout');
});

test('IPv6: a server on ::1 is asked over udp6', async (t) => {
  let v6: TestDnsServer;
  try {
    v6 = await startDnsServer({ host: '::1', zone: { 'v6.example.test': { AAAA: ['2001:db8::1'] } } });
  } catch (error) {
    t.skip(`no IPv6 loopback here: ${(error as Error).message}`);
    return;
  }
  try {
    assert.match(v6.address, /^\[::1\]:\d+$/);
    const result = await queryServer({ server: parseServerSpec(v6.address), name: 'v6.example.test', type: 'AAAA', timeoutMs: 1000 });
    assert.equal(result.kind, 'response');
  } finally {
    await v6.close();
  }
});
