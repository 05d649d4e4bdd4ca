// Runs the detect() benchmarks in a private world and writes bench/results/detect.json.
// Usage: node --conditions=source --import tsx bench/detect.bench.ts   (root; Postfix and Dovecot installed)
import { writeFileSync } from 'node:fs';
import { runInWorld, worldSkipReason } from '../test/world/run-in-world.js';

const reason = worldSkipReason({ mailServers: true });
if (reason) {
  console.error(`cannot run: ${reason}`);
  process.exit(1);
}
const result = await runInWorld('bench/scenarios/detect-bench.ts', [], { timeoutMs: 300_000 });
const stamped = { date: new Date().toISOString(), node: process.version, result };
writeFileSync('bench/results/detect.json', `${JSON.stringify(stamped, null, 2)}\n`);
console.log(JSON.stringify(stamped, null, 2));
