// Cold start of the built CLI: `autoconf --version` against a bare `node -e 0`, the median of
// repeated spawns each (hyperfine-style, warm-ups discarded). Budget: ≤ 1.5× node -e 0.
// Run: node bench/cli-startup.mjs [runs]   (builds packages/cli first if dist is missing)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv[2] ?? 20);
const WARMUP_RUNS = 3;
const BUDGET_RATIO = 1.5;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = join(root, 'packages/cli');
const bin = join(cliDir, 'dist/bin.js');

if (!existsSync(bin)) spawnSync(process.execPath, ['build.mjs'], { cwd: cliDir, stdio: 'inherit' });

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(args) {
  for (let i = 0; i < WARMUP_RUNS; i++) timeOnce(args);
  // Interleaving is left to the caller; each command runs RUNS times here.
  return Array.from({ length: RUNS }, () => timeOnce(args));
}

// Alternate the two so that machine load drifts hit both alike.
const baseline = [];
const cli = [];
for (let i = 0; i < WARMUP_RUNS; i++) {
  timeOnce(['-e', '0']);
  timeOnce([bin, '--version']);
}
for (let i = 0; i < RUNS; i++) {
  baseline.push(timeOnce(['-e', '0']));
  cli.push(timeOnce([bin, '--version']));
}
const nodeMs = median(baseline);
const cliMs = median(cli);
const helpMs = median(measure([bin, '--help']));
const ratio = cliMs / nodeMs;
console.log(`node ${process.version}, ${RUNS} runs each, median`);
console.log(`node -e 0               ${nodeMs.toFixed(1)} ms`);
console.log(`autoconf --version      ${cliMs.toFixed(1)} ms  (${ratio.toFixed(2)}× node -e 0, budget ${BUDGET_RATIO}×)`);
console.log(`autoconf --help         ${helpMs.toFixed(1)} ms`);
process.exitCode = ratio <= BUDGET_RATIO ? 0 : 1;
