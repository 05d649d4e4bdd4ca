// Cold `autoconf detect … --json` as a process against a cold node process doing the baseline
// (bench/scenarios/baseline-process.mjs: resolve the host, then 587 EHLO, STARTTLS, TLS, EHLO,
// QUIT once). Both talk to the same mail domain on loopback, served by a child process
// (bench/scenarios/mail-domain-child.ts: the test DNS server with SRV, scripted SMTP and IMAPS
// on 127.0.0.83). Samples alternate, one of each command per round, so machine load hits both
// alike; the ratio is taken pair by pair. CPU is the children's user + system time from
// /proc/self/stat (10 ms ticks), averaged over the runs. Writes bench/results/cli-cold-start.json.
// Usage (root: binds 587/465/993): pnpm --filter @autoconf/cli build && node bench/cli-cold-start.mjs
//   [--runs N] [--cli BUILD/bin.js (default packages/cli/dist/bin.js)]
//   [--before OTHER/bin.js (another build, timed in the same rounds)] [--out FILE]
// Without NODE_EXTRA_CA_CERTS: env -u NODE_EXTRA_CA_CERTS node bench/cli-cold-start.mjs --out bench/results/cli-cold-start-no-extra-ca.json
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' }, cli: { type: 'string' }, before: { type: 'string' }, out: { type: 'string', default: 'bench/results/cli-cold-start.json' } } });
const RUNS = Number(values.runs);
const WARMUP_RUNS = 2;
const GOAL_RATIO = 1.5;
const CLOCK_TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = values.cli ?? join(root, 'packages/cli/dist/bin.js');
if (!existsSync(bin)) throw new Error('build the CLI first: pnpm --filter @autoconf/cli build');

const scratch = mkdtempSync(join(tmpdir(), 'autoconf-cold-start-'));
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'bench/scenarios/mail-domain-child.ts', scratch], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = await once(child.stdout, 'data');
const world = JSON.parse(chunk.toString());

/** CPU seconds of every waited-for child so far (utime + stime of reaped children). */
function childrenCpuMs() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ", cutime and cstime are the 14th and 15th fields.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_S;
}

function timeOnce(args) {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpuBefore, stdout: result.stdout.toString() };
}

const detectArgs = ['detect', world.address, '--json', '--dns', world.dns, '--ca-file', world.caFile, '--timeout', '8000'];
const commands = {
  baseline: ['bench/scenarios/baseline-process.mjs', world.dns, world.caFile, world.host],
  cli: [bin, ...detectArgs],
  ...(values.before === undefined ? {} : { before: [values.before, ...detectArgs] }),
};
const loadBefore = loadavg();
const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
try {
  const report = JSON.parse(timeOnce(commands.cli).stdout);
  if (report.status !== 'verified') throw new Error(`the CLI did not verify the bench domain: ${report.status}`);
  for (let i = 0; i < WARMUP_RUNS; i++) for (const args of Object.values(commands)) timeOnce(args);
  for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(commands)) samples[name].push(timeOnce(args));
} finally {
  // A failed run must not leave the mail domain's servers holding their ports.
  child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
}
const loadAfter = loadavg();

const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function summarise(list) {
  const wall = list.map((sample) => sample.wallMs);
  return { wallMedianMs: round(median(wall)), wallMinMs: round(Math.min(...wall)), wallMaxMs: round(Math.max(...wall)), cpuMeanMs: round(list.reduce((sum, s) => sum + s.cpuMs, 0) / list.length) };
}
const pairRatio = (name) => round(median(samples[name].map((sample, i) => sample.wallMs / samples.baseline[i].wallMs)), 2);
const result = {
  date: new Date().toISOString(),
  node: process.version,
  runs: RUNS,
  loadAverage1m: { before: round(loadBefore[0], 2), after: round(loadAfter[0], 2) },
  nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS ?? null,
  ...Object.fromEntries(Object.keys(commands).map((name) => [name, summarise(samples[name])])),
  cliToBaselineWall: pairRatio('cli'),
  cliToBaselineCpu: round(summarise(samples.cli).cpuMeanMs / summarise(samples.baseline).cpuMeanMs, 2),
  ...(samples.before === undefined ? {} : {
    beforeToBaselineWall: pairRatio('before'),
    beforeToBaselineCpu: round(summarise(samples.before).cpuMeanMs / summarise(samples.baseline).cpuMeanMs, 2),
  }),
  goalRatio: GOAL_RATIO,
};
writeFileSync(join(root, values.out), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
