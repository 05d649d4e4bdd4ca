// detect() against domains whose every HTTPS source serves ~1 MiB of hostile XML (thousands
// of servers): the parsers keep 50 per protocol and say so, the answer still comes from the
// servers that work, and the overall deadline holds while documents arrive late and probes
// hang. Real HTTPS (test CA), real DNS and real TCP servers on loopback; binding :443 needs
// root. Wall times are measured by bench/parse.bench.ts, not asserted here beyond a bound
// that only a hang would pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, type Report } from '@autoconf/core';
import { MAX_SERVERS_PER_PROTOCOL } from '@autoconf/core/internal/parse/caps.js';
import { NOT_ROOT } from '../discover/world.js';
import { startHostileWorld, type HostileWorld } from './hostile-world.js';

// How long each domain's HTTPS answers wait, set per test.
const delays = { 'hostile.test': 0, 'slow.test': 0 };
let world: HostileWorld | undefined;

before(async () => {
  if (NOT_ROOT) return;
  world = await startHostileWorld('127.67.0.1', {
    'hostile.test': { servers: 'working', delayMs: () => delays['hostile.test'] },
    'slow.test': { servers: 'tarpit', delayMs: () => delays['slow.test'] },
  });
});

after(() => world?.close());

function run(domain: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<Report> {
  return detect(`eve@${domain}`, {
    nameservers: [world!.dnsAddress],
    extraCa: world!.extraCa,
    ispdbBaseUrl: `https://ispdb.${domain}/v1.1/`,
    dnsTimeoutMs: 1_000,
    dnsAttempts: 1,
    // Longer than the deadline: only the deadline can end the slow domain's probes.
    connectTimeoutMs: 30_000,
    stepTimeoutMs: 30_000,
    probeTimeoutMs: 60_000,
    sources: { guess: false },
    ...options,
  });
}

const notesOf = (report: Report, source: string) => report.sources.find((record) => record.source === source)?.notes ?? [];

test('every source serves 1 MiB of servers: capped with a note, the working servers still answer', { skip: NOT_ROOT }, async () => {
  delays['hostile.test'] = 0;
  const report = await run('hostile.test', { timeoutMs: 20_000 });
  assert.equal(report.recommended.smtp?.verified, true, JSON.stringify(report.recommended));
  assert.equal(report.recommended.smtp?.host, 'mail.hostile.test');
  assert.equal(report.recommended.imap?.verified, true);
  for (const source of ['autoconfig', 'ispdb', 'autodiscover']) {
    const capped = notesOf(report, source).filter((note) => note.code === 'servers-capped');
    assert.ok(capped.length > 0, `${source}: ${JSON.stringify(notesOf(report, source).map((note) => note.code))}`);
    assert.match(capped[0]!.message, /lists \d{4} <(incomingServer|Protocol)> elements; only the first (100|150) are read/);
  }
  // Each document gave at most 50 servers per protocol: two autoconfig URLs, one ISPDB.
  const fromAutoconfig = report.candidates.filter((c) => c.protocol === 'imap' && c.provenance.some((p) => p.source === 'autoconfig'));
  assert.equal(fromAutoconfig.length, MAX_SERVERS_PER_PROTOCOL);
  assert.ok(report.probes.length <= 3 * 2 * 50, `${report.probes.length} probes`);
  assert.equal(report.complete, true);
});

test('documents arriving late while probes hang: the deadline returns a partial report', { skip: NOT_ROOT }, async () => {
  const timeoutMs = 2_000;
  // Read and parsed while the deadline runs; their servers (tarpits) are being probed when it ends.
  delays['slow.test'] = timeoutMs / 2;
  const started = performance.now();
  const report = await run('slow.test', { timeoutMs });
  const elapsed = performance.now() - started;
  assert.equal(report.complete, false);
  assert.ok(report.findings.some((finding) => finding.code === 'deadline'), JSON.stringify(report.findings.map((f) => f.code)));
  assert.equal(report.recommended.smtp?.verified ?? false, false);
  assert.ok(notesOf(report, 'autoconfig').some((note) => note.code === 'servers-capped'));
  // The documents' servers were candidates (their probes were cut by the deadline).
  assert.ok(report.candidates.some((candidate) => candidate.host === 'h0.slow.test'));
  assert.ok(elapsed < 3 * timeoutMs, `took ${Math.round(elapsed)} ms`);
});

test('documents still in flight at the deadline: a partial report, nothing waits for them', { skip: NOT_ROOT }, async () => {
  const timeoutMs = 1_500;
  delays['slow.test'] = timeoutMs - 100;
  const started = performance.now();
  const report = await run('slow.test', { timeoutMs });
  assert.equal(report.complete, false);
  assert.ok(report.findings.some((finding) => finding.code === 'deadline'));
  assert.ok(performance.now() - started < 3 * timeoutMs);
});

test('cancelled while documents and probes are pending: ABORTED, without waiting for the deadline', { skip: NOT_ROOT }, async () => {
  delays['slow.test'] = 500;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 1_000);
  const started = performance.now();
  await assert.rejects(run('slow.test', { timeoutMs: 30_000, signal: controller.signal }), { code: 'ABORTED' });
  assert.ok(performance.now() - started < 10_000);
});
