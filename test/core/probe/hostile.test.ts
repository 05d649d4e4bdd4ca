// Hostile or broken peers: each one ends in a data outcome within its bound, never a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { probeSmtp, probeImap } from '@autoconf/core/internal/probe/index.js';
import { repeatBytes, startLineServer } from '../../helpers/line-server.js';
import { FAST, createProbeWorld, smtpRules, type ProbeWorld } from './fixtures.js';

let world: ProbeWorld;
before(async () => {
  world = await createProbeWorld();
});
after(() => world.dispose());

const GIB = 1024 ** 3;

test('tarpit (accepts, never greets) ends as timeout-greeting within the step timeout', async () => {
  const server = await startLineServer({ greeting: null });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST, stepTimeoutMs: 300 });
    assert.equal(result.outcome, 'timeout-greeting');
    assert.ok(result.durationMs >= 280 && result.durationMs < 1_500, `took ${result.durationMs} ms`);
  } finally {
    await server.close();
  }
});

test('a silent implicit-TLS port ends as timeout-step (no handshake)', async () => {
  const server = await startLineServer({ greeting: null });
  try {
    const result = await probeImap(world.network, { host: '127.0.0.1', port: server.port, security: 'tls', ...FAST, stepTimeoutMs: 300 });
    assert.equal(result.outcome, 'timeout-step');
    assert.match(result.message, /TLS handshake/);
  } finally {
    await server.close();
  }
});

test('the total deadline bounds a slow server even when each step is within its timeout', async () => {
  const server = await startLineServer({ greeting: null });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'none', connectTimeoutMs: 1_000, stepTimeoutMs: 5_000, totalTimeoutMs: 300 });
    assert.equal(result.outcome, 'timeout-total');
    assert.ok(result.durationMs < 1_500, `took ${result.durationMs} ms`);
  } finally {
    await server.close();
  }
});

test('an endless line ends as protocol-error at the 4 KiB line cap', async () => {
  let sent = 0;
  const server = await startLineServer({
    greeting: null,
    greetingStream: function* () {
      for (const chunk of repeatBytes(Buffer.alloc(16_384, 'x'), Number.POSITIVE_INFINITY)) {
        sent += chunk.length;
        yield chunk;
      }
    },
  });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST });
    assert.equal(result.outcome, 'protocol-error');
    assert.match(result.message, /longer than 4 KiB/);
    assert.ok(sent < 64 * 1024 * 1024, `the server got to write ${sent} bytes`);
  } finally {
    await server.close();
  }
});

test('a 1 GiB multi-line reply ends as protocol-error at the 64 KiB reply cap, quickly', async () => {
  let sent = 0;
  const line = `250-${'y'.repeat(1_018)}\r\n`;
  const server = await startLineServer({
    greeting: '220 mx.probe.test',
    rules: [{
      match: 'EHLO',
      stream: function* () {
        for (const chunk of repeatBytes(line.repeat(64), GIB)) {
          sent += chunk.length;
          yield chunk;
        }
      },
    }],
  });
  try {
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST });
    assert.equal(result.outcome, 'protocol-error');
    assert.match(result.message, /64 KiB/);
    assert.ok(result.durationMs < 3_000, `took ${result.durationMs} ms`);
    assert.ok(sent < 64 * 1024 * 1024, `the server got to write ${sent} bytes`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 64 * 1024 * 1024);
  } finally {
    await server.close();
  }
});

test('a flood of unsolicited lines is capped too', async () => {
  const server = await startLineServer({
    greeting: null,
    greetingStream: () => repeatBytes('* OK spam\r\n'.repeat(1_000), GIB),
  });
  try {
    const result = await probeImap(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST });
    // The first line is a valid greeting; the queue behind it overflows before CAPABILITY ends.
    assert.equal(result.outcome, 'protocol-error');
  } finally {
    await server.close();
  }
});

test('a reset in the middle of the STARTTLS handshake ends as reset', async () => {
  const server = await startLineServer({
    greeting: '220 mx.probe.test',
    rules: smtpRules([{ match: 'STARTTLS', reply: '220 go ahead', then: 'reset-on-data' }]),
  });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'starttls', ...FAST });
    assert.equal(result.outcome, 'reset');
    assert.equal(result.observedSecurity, 'none');
    assert.deepEqual(result.starttls, { offered: true, attempted: true, succeeded: false, reply: '220 go ahead' });
  } finally {
    await server.close();
  }
});

test('a server that hangs up mid-dialogue ends as closed', async () => {
  const server = await startLineServer({ greeting: '220 mx.probe.test', rules: [{ match: 'EHLO', then: 'close' }] });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST });
    assert.equal(result.outcome, 'closed');
    assert.equal(result.greeting, 'mx.probe.test');
  } finally {
    await server.close();
  }
});

test('another protocol on the port is a protocol-error', async () => {
  const server = await startLineServer({ greeting: '+OK POP3 ready' });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST });
    assert.equal(result.outcome, 'protocol-error');
    assert.match(result.message, /not an SMTP reply/);
  } finally {
    await server.close();
  }
});

test('cleartext on an implicit-TLS port is tls-failed', async () => {
  const server = await startLineServer({ greeting: '220 mx.probe.test ESMTP' });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'tls', ...FAST });
    assert.equal(result.outcome, 'tls-failed');
    assert.equal(result.tls, undefined);
  } finally {
    await server.close();
  }
});

test('a refused port is refused, at once', async () => {
  const port = await freePort();
  const result = await probeSmtp(world.network, { host: '127.0.0.1', port, security: 'starttls', ...FAST });
  assert.equal(result.outcome, 'refused');
  assert.ok(result.durationMs < 1_000);
});

test('a name that does not resolve is dns-failed', async () => {
  const result = await probeSmtp(world.network, { host: 'missing.probe.test', port: 25, security: 'starttls', ...FAST });
  assert.equal(result.outcome, 'dns-failed');
  assert.match(result.message, /missing\.probe\.test/);
});

test('an abort mid-probe ends as aborted at once and closes the connection', async () => {
  const server = await startLineServer({ greeting: null });
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'none', ...FAST, stepTimeoutMs: 5_000, signal: controller.signal });
    assert.equal(result.outcome, 'aborted');
    assert.ok(result.durationMs < 1_000, `took ${result.durationMs} ms`);
    assert.equal(server.connections, 1);
  } finally {
    await server.close();
  }
});

test('an already aborted signal never connects', async () => {
  const server = await startLineServer({ greeting: '220 x' });
  try {
    const result = await probeSmtp(world.network, { host: '127.0.0.1', port: server.port, security: 'none', signal: AbortSignal.abort() });
    assert.equal(result.outcome, 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.connections, 0);
  } finally {
    await server.close();
  }
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
