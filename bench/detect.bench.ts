// Runs the detect() benchmarks in a private world and writes bench/results/detect.json.
// Usage: node --conditions=source --import tsx bench/detect.bench.ts [ROUNDS, default 40 | trace | sources [ROUNDS, default 20]]
//   (root; Postfix and Dovecot installed). `sources` writes bench/results/detect-sources.json.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { runInWorld, worldSkipReason } from '../test/world/run-in-world.js';

const reason = worldSkipReason({ mailServers: true });
if (reason) {
  console.error(`cannot run: ${reason}`);
  process.exit(1);
}
const loadBefore = loadavg()[0] ?? 0;
const result = await runInWorld('bench/scenarios/detect-bench.ts', process.argv.slice(2, 4), { timeoutMs: 600_000 });
const round = (n: number) => Math.round(n * 100) / 100;
const stamped = { date: new Date().toISOString(), node: process.version, loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0] ?? 0) }, result };
const out = process.argv[2] === 'sources' ? 'bench/results/detect-sources.json' : 'bench/results/detect.json';
if (process.argv[2] !== 'trace') writeFileSync(out, `${JSON.stringify(stamped, null, 2)}\n`);
console.log(JSON.stringify(stamped, null, 2));
