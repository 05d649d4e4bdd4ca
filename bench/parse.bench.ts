// The XML parsers on the largest real ISPDB file and on ~1 MiB hostile documents (thousands
// of servers, notes on each, long values, nesting at the depth limit). Goal: under 50 ms each.
// Median of 50 runs after 5 warm-ups, wall and CPU time. Raw data: bench/results/parse.json.
// Usage: node --conditions=source --import tsx bench/parse.bench.ts
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAutodiscover } from '@autoconf/core/internal/parse/autodiscover.js';
import { parseClientConfig } from '@autoconf/core/internal/parse/client-config.js';
import { hostileAutodiscover, hostileClientConfig } from '../test/core/parse/hostile-documents.js';

const RUNS = 50;
const WARM_UP = 5;
// Where the ISPDB corpus test reads the snapshot (never copied into the repository).
const ISPDB_DIR = resolve(fileURLToPath(import.meta.url), '../../../shared/ispdb');

const ctx = {
  address: { localPart: 'jane', domain: 'hostile.test', address: 'jane@hostile.test' },
  source: 'autoconfig' as const,
  evidence: 'bench',
  trust: 'published' as const,
};

const largest = readdirSync(ISPDB_DIR)
  .filter((name) => name.endsWith('.xml'))
  .map((name) => ({ name, bytes: statSync(join(ISPDB_DIR, name)).size }))
  .sort((a, b) => b.bytes - a.bytes)[0];
if (largest === undefined) throw new Error(`no ISPDB files in ${ISPDB_DIR}`);

const cases: Array<{ name: string; bytes: number; parse: () => { ok: boolean; candidates?: unknown[] } }> = [];
const ispdbXml = readFileSync(join(ISPDB_DIR, largest.name), 'utf8');
cases.push({ name: `ISPDB ${largest.name}`, bytes: Buffer.byteLength(ispdbXml), parse: () => parseClientConfig(ispdbXml, ctx) });
const config = hostileClientConfig({ domain: 'hostile.test' });
cases.push({ name: 'hostile clientConfig', bytes: Buffer.byteLength(config), parse: () => parseClientConfig(config, ctx) });
const autodiscover = hostileAutodiscover({ domain: 'hostile.test' });
cases.push({ name: 'hostile Autodiscover', bytes: Buffer.byteLength(autodiscover), parse: () => parseAutodiscover(autodiscover, { ...ctx, source: 'autodiscover' }) });

const round = (n: number) => Math.round(n * 100) / 100;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const samples = new Map(cases.map((c) => [c.name, { wall: [] as number[], cpu: [] as number[] }]));
// Interleaved, one sample per case per round, so a change in machine load hits every case alike.
for (let round = 0; round < WARM_UP + RUNS; round++) {
  for (const c of cases) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = c.parse();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (!result.ok) throw new Error(`${c.name} did not parse`);
    if (round >= WARM_UP) {
      samples.get(c.name)!.wall.push(wall);
      samples.get(c.name)!.cpu.push((used.user + used.system) / 1000);
    }
  }
}
const results = cases.map((c) => {
  const { wall, cpu } = samples.get(c.name)!;
  const candidates = c.parse().candidates?.length ?? 0;
  return { case: c.name, bytes: c.bytes, candidates, medianMs: round(median(wall)), minMs: round(Math.min(...wall)), maxMs: round(Math.max(...wall)), medianCpuMs: round(median(cpu)) };
});
const stamped = { date: new Date().toISOString(), node: process.version, loadAverage: loadavg().map((n) => Math.round(n * 100) / 100), runs: RUNS, goalMs: 50, results };
writeFileSync('bench/results/parse.json', `${JSON.stringify(stamped, null, 2)}\n`);
console.log(JSON.stringify(stamped, null, 2));
