import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { discover } from '@autoconf/core/internal/discover/index.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import type { SourceRecord } from '@autoconf/core/internal/types.js';
import { makeNetwork } from './context.js';
import { clientConfig, NOT_ROOT, startWorld, xmlRoute, type World } from './world.js';

const ISPDB = 'https://ispdb.test/v1.1/';
let world: World;

before(async () => {
  if (NOT_ROOT) return;
  world = await startWorld({
    ip: '127.64.0.1',
    https: {
      'autoconfig.zone.test': {
        '/mail/config-v1.1.xml': xmlRoute(clientConfig('zone.test', [['imap', 'imap.zone.test', 993, 'SSL'], ['smtp', 'smtp.zone.test', 465, 'SSL']])),
      },
      'autoconfig.slow.test': { '/mail/config-v1.1.xml': { hang: true } },
      'ispdb.test': {},
    },
    zone: {
      'zone.test': { MX: [{ priority: 10, exchange: 'mx.zone.test' }] },
      'mx.zone.test': { A: ['127.64.0.1'] },
      'imap.zone.test': { A: ['127.64.0.1'] },
      'smtp.zone.test': { A: ['127.64.0.1'] },
      '_submissions._tcp.zone.test': { SRV: [{ priority: 0, weight: 0, port: 465, target: 'smtp.zone.test' }] },
      '_imaps._tcp.zone.test': { SRV: [{ priority: 0, weight: 0, port: 993, target: 'imap.zone.test' }] },
      '_pop3._tcp.zone.test': { SRV: [{ priority: 0, weight: 0, port: 0, target: '' }] },
      'slow.test': { MX: [{ priority: 10, exchange: 'mx.slow.test' }] },
      'mx.slow.test': { A: ['127.64.0.1'] },
    },
  });
});
after(() => world?.close());

test('discover: SRV + autoconfig zone → every candidate with its provenance (timed in bench/discover.bench.ts)', { skip: NOT_ROOT }, async () => {
  const seen: SourceRecord[] = [];
  const result = await discover('jane@zone.test', { network: world.network, ispdbBaseUrl: ISPDB, onSource: (r) => seen.push(r) });
  assert.equal(result.address.domain, 'zone.test');
  assert.deepEqual(result.sources.map((s) => s.source), ['embedded', 'autoconfig', 'ispdb', 'srv', 'mx', 'autodiscover', 'guess']);
  assert.equal(seen.length, 7);
  const status = Object.fromEntries(result.sources.map((s) => [s.source, s.status]));
  assert.equal(status.autoconfig, 'found');
  assert.equal(status.srv, 'found');
  assert.equal(status.ispdb, 'not-found');
  const imap = result.candidates.find((c) => c.protocol === 'imap' && c.host === 'imap.zone.test' && c.port === 993 && c.security === 'tls');
  assert.equal(imap?.trust, 'published');
  assert.deepEqual(imap?.provenance.map((p) => p.source), ['autoconfig', 'srv', 'guess']);
  assert.match(imap?.provenance[0]?.evidence ?? '', /^https:\/\/autoconfig\.zone\.test\/mail\/config-v1\.1\.xml\?emailaddress=jane%40zone\.test$/);
  assert.match(imap?.provenance[1]?.evidence ?? '', /^dns:_imaps\._tcp\.zone\.test SRV/);
  const smtp = result.candidates.find((c) => c.protocol === 'smtp' && c.port === 465);
  assert.deepEqual(smtp?.provenance.map((p) => p.source), ['autoconfig', 'srv', 'guess']);
  assert.equal(smtp?.username, 'jane@zone.test');
  // Strongest first: the published candidates lead the list.
  assert.equal(result.candidates[0]?.trust, 'published');
  assert.ok(result.sources.find((s) => s.source === 'srv')?.notes.some((n) => n.code === 'srv-not-offered'));
});

test('discover: a source that hangs times out on its own and the others still answer', { skip: NOT_ROOT }, async () => {
  const result = await discover('a@slow.test', { network: world.network, ispdbBaseUrl: ISPDB, timeoutMs: { autoconfig: 300 } });
  const autoconfig = result.sources.find((s) => s.source === 'autoconfig');
  assert.equal(autoconfig?.status, 'timeout');
  assert.equal(autoconfig?.error?.code, 'TIMEOUT');
  assert.ok(autoconfig?.requests.some((r) => r.startsWith('GET https://autoconfig.slow.test/')), 'requests kept on timeout');
  assert.ok((autoconfig?.durationMs ?? 0) < 1_000);
  assert.ok(result.candidates.some((c) => c.provenance.some((p) => p.source === 'guess')));
});

test('discover: offline (no DNS server answers) still answers from the embedded table', async () => {
  const result = await discover('someone@gmail.com', {
    network: makeNetwork('127.0.0.1:9'),
    timeoutMs: 1_500,
    sources: { autodiscover: false },
  });
  assert.ok(result.candidates.some((c) => c.protocol === 'smtp' && c.host === 'smtp.gmail.com' && c.trust === 'published'));
  assert.equal(result.sources.find((s) => s.source === 'embedded')?.status, 'found');
  assert.equal(result.sources.find((s) => s.source === 'autodiscover')?.status, 'skipped');
  for (const record of result.sources) assert.ok(record.durationMs < 2_500, `${record.source} took ${record.durationMs} ms`);
});

test('discover: bad addresses and bad options throw typed errors; cancellation throws ABORTED', async () => {
  const network = makeNetwork('127.0.0.1:9');
  for (const bad of ['', 'no-at', 'a@', '@b.test', 'a@[127.0.0.1]', 'a b@c.test']) {
    await assert.rejects(discover(bad, { network }), (error) => isAutoconfError(error), bad);
  }
  await assert.rejects(discover('a@b.test', { network, timeoutMs: -1 }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  await assert.rejects(discover('a@b.test', { network, ispdbBaseUrl: 'http://insecure.test/' }), (error) => isAutoconfError(error, 'URL_INVALID'));
  await assert.rejects(discover('a@b.test', { network, sources: { nope: true } as never }), (error) => isAutoconfError(error, 'OPTION_INVALID'));
  const controller = new AbortController();
  const pending = discover('a@b.test', { network, signal: controller.signal, sources: { embedded: false } });
  controller.abort();
  await assert.rejects(pending, (error) => isAutoconfError(error, 'ABORTED'));
});
