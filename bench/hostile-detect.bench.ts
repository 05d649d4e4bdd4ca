// detect() with timeoutMs 2000 against domains whose every HTTPS source serves ~1 MiB of
// hostile XML (test/core/detect/hostile-world.ts), the servers in a child process. Records
// the wall time of each detection against its deadline. Median of 10 interleaved rounds after
// one warm-up. Raw data: bench/results/hostile-detect.json.
// Usage: node --conditions=source --import tsx bench/hostile-detect.bench.ts   (root: binds :443 and :25)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { detect } from '@autoconf/core';

const IP = '127.68.0.1';
const TIMEOUT_MS = 2_000;
const RUNS = 10;
const scenarios = {
  // Documents at once; the domain's SRV servers work, the documents' hosts do not resolve.
  'at-once.test': { servers: 'working', delayMs: 0, what: 'documents at once, working SRV servers' },
  // Documents halfway, then 150 probes into tarpits that never greet: only the deadline ends it.
  'halfway.test': { servers: 'tarpit', delayMs: TIMEOUT_MS / 2, what: 'documents at 1 000 ms, every server a tarpit' },
  // Documents 100 ms before the deadline: parsed while it ends.
  'last.test': { servers: 'tarpit', delayMs: TIMEOUT_MS - 100, what: 'documents at 1 900 ms, every server a tarpit' },
} as const;

if (process.getuid?.() !== 0) {
  console.error('cannot run: binding :443 and :25 needs root');
  process.exit(1);
}
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'bench/scenarios/hostile-world-child.ts', IP, JSON.stringify(scenarios)], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const world = JSON.parse(chunk.toString()) as { dnsAddress: string; extraCa: string[] };
  const samples = new Map(Object.keys(scenarios).map((domain) => [domain, [] as number[]]));
  // Per case, over the measured runs: how many came back complete, with the deadline finding,
  // with SMTP verified, and the servers-capped notes seen per run.
  const outcomes = new Map(Object.keys(scenarios).map((domain) => [domain, { completeRuns: 0, deadlineRuns: 0, smtpVerifiedRuns: 0, cappedNotesPerRun: [] as number[] }]));
  for (let round = 0; round <= RUNS; round++) {
    for (const domain of Object.keys(scenarios)) {
      const started = performance.now();
      const report = await detect(`eve@${domain}`, {
        nameservers: [world.dnsAddress],
        extraCa: world.extraCa,
        ispdbBaseUrl: `https://ispdb.${domain}/v1.1/`,
        timeoutMs: TIMEOUT_MS,
        connectTimeoutMs: 30_000,
        stepTimeoutMs: 30_000,
        probeTimeoutMs: 60_000,
        sources: { guess: false },
      });
      const wall = performance.now() - started;
      if (round === 0) continue;
      samples.get(domain)!.push(wall);
      const outcome = outcomes.get(domain)!;
      if (report.complete) outcome.completeRuns++;
      if (report.findings.some((finding) => finding.code === 'deadline')) outcome.deadlineRuns++;
      if (report.recommended.smtp?.verified === true) outcome.smtpVerifiedRuns++;
      outcome.cappedNotesPerRun.push(report.sources.flatMap((record) => record.notes).filter((note) => note.code === 'servers-capped').length);
    }
  }
  const round = (n: number) => Math.round(n);
  const results = Object.entries(scenarios).map(([domain, { what }]) => {
    const times = [...samples.get(domain)!].sort((a, b) => a - b);
    return { case: what, domain, timeoutMs: TIMEOUT_MS, medianMs: round(times[times.length >> 1]!), minMs: round(times[0]!), maxMs: round(times.at(-1)!), ...outcomes.get(domain) };
  });
  const stamped = { date: new Date().toISOString(), node: process.version, loadAverage: loadavg().map((n) => Math.round(n * 100) / 100), runs: RUNS, results };
  writeFileSync('bench/results/hostile-detect.json', `${JSON.stringify(stamped, null, 2)}\n`);
  console.log(JSON.stringify(stamped, null, 2));
} finally {
  child.kill('SIGKILL');
}
