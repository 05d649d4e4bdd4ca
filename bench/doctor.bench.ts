// `autoconf doctor` in numbers (issue "doctor"): the static diagnosis of a project of 50 mail
// config files must take under 200 ms, and a live check about one probe. In-process, so it
// measures the work, not the process start (bench/cli-cold-start.mjs measures that). The live
// half dials a scripted SMTP server on loopback (STARTTLS, a test CA) through a loopback DNS
// server, interleaved with the same probe alone. Writes bench/results/doctor.json.
//   node --conditions=source --import tsx bench/doctor.bench.ts [ROUNDS]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetwork, probeEndpoint } from '@autoconf/core';
import { run, type Io } from '@autoconf/cli/internal/run.js';
import { diagnoseConfig, readConfigFile } from '@autoconf/core/internal/diagnose/index.js';
import { startDnsServer } from '../test/helpers/dns-server.js';
import { startLineServer } from '../test/helpers/line-server.js';
import { createTestCa } from '../test/helpers/test-ca.js';
import { smtpRules } from '../test/core/probe/fixtures.js';

const ROUNDS = Number(process.argv[2] ?? 30);
const FILES = 50;

// Ten kinds of file, five of each, in nested folders (a monorepo's apps), half of them broken.
const KINDS: Array<[string, (i: number) => string]> = [
  ['.env', (i) => `SMTP_HOST=smtp${i}.example.test\nSMTP_PORT=587\nSMTP_SECURE=${i % 2 === 0}\nSMTP_REQUIRE_TLS=true\nSMTP_USER=app${i}@example.test\n`],
  ['.env.production', (i) => `MAIL_MAILER=smtp\nMAIL_SCHEME=smtp\nMAIL_HOST=mail${i}.example.test\nMAIL_PORT=587\nMAIL_USERNAME=app@example.test\n`],
  ['.env.local', (i) => `MAILER_DSN='smtp://u@mail${i}.example.test:587?require_tls=true'\n`],
  ['.env.test', (i) => `EMAIL_HOST=mail${i}.example.test\nEMAIL_PORT=465\nEMAIL_USE_SSL=True\nEMAIL_USE_TLS=${i % 2 === 0 ? 'True' : 'False'}\n`],
  ['.env.staging', (i) => `SMTP_URL='smtps://u@mail${i}.example.test'\nSMTP_HOST=\${MISSING_${i}}\n`],
  ['application.properties', (i) => `spring.mail.host=mail${i}.example.test\nspring.mail.port=587\nspring.mail.properties.mail.smtp.starttls.enable=true\n`],
  ['application-prod.properties', (i) => `spring.mail.host=mail${i}.example.test\nspring.mail.port=465\nspring.mail.properties.mail.smtp.ssl.enable=true\n`],
  ['settings.py', (i) => `import os\nEMAIL_HOST = "mail${i}.example.test"\nEMAIL_PORT = 587\nEMAIL_USE_TLS = True\nEMAIL_HOST_PASSWORD = os.environ.get("PW", "")\n`],
  ['.msmtprc', (i) => `defaults\ntls on\naccount a\nhost mail${i}.example.test\nport 587\n`],
  ['.gitconfig', (i) => `[sendemail]\n\tsmtpServer = mail${i}.example.test\n\tsmtpEncryption = tls\n\tsmtpServerPort = 587\n`],
];

const root = mkdtempSync(join(tmpdir(), 'autoconf-doctor-bench-'));
writeFileSync(join(root, 'package.json'), '{}\n');
for (let i = 0; i < FILES; i++) {
  const [name, text] = KINDS[i % KINDS.length]!;
  const dir = join(root, 'apps', `app${Math.floor(i / KINDS.length)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text(i));
}
// What the walk must skip costs nothing: a dependency tree beside the apps.
mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
writeFileSync(join(root, 'node_modules', 'dep', '.env'), 'SMTP_HOST=skipped.example\n');

const io: Io = {
  stdout: () => {}, stderr: (text) => { if (process.env.DEBUG_BENCH) process.stderr.write(text); }, stdin: async function* () {},
  stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, env: {}, cwd: root,
};
const load = loadavg()[0];
const times: number[] = [];
let code = -1;
// One warm-up round loads the modules; it is not counted.
for (let round = 0; round <= ROUNDS; round++) {
  const started = performance.now();
  code = await run(['doctor', '--offline', '--json'], io);
  if (round > 0) times.push(performance.now() - started);
}
rmSync(root, { recursive: true, force: true });
const medianOf = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const round1 = (ms: number) => Math.round(ms * 10) / 10;
const median = medianOf(times);

// Live: one config's check against the probe it is built on.
const ca = createTestCa();
const cert = ca.issue({ names: ['mail.bench.test'] });
const server = await startLineServer({ greeting: '220 mail.bench.test ESMTP', tls: { cert }, rules: smtpRules() });
const dns = await startDnsServer({ zone: { 'mail.bench.test': { A: ['127.0.0.1'] } } });
const network = createNetwork({ servers: [dns.address], extraCa: [ca.cert], portMap: { 'mail.bench.test:587': server.port } });
const [config] = await readConfigFile('.env', 'SMTP_HOST=mail.bench.test\nSMTP_PORT=587\nSMTP_REQUIRE_TLS=true\n');
const live: number[] = [];
const probeAlone: number[] = [];
for (let round = 0; round <= ROUNDS; round++) {
  let started = performance.now();
  const checked = await diagnoseConfig(config!, { network });
  if (round > 0) live.push(performance.now() - started);
  if (checked.verdict !== 'strict') throw new Error(`the live check said ${checked.verdict}`);
  started = performance.now();
  await probeEndpoint({ protocol: 'smtp', host: 'mail.bench.test', port: 587, security: 'starttls', network });
  if (round > 0) probeAlone.push(performance.now() - started);
}
await Promise.all([server.close(), dns.close()]);
ca.dispose();

const result = {
  date: new Date().toISOString(), files: FILES, rounds: ROUNDS, exitCode: code,
  static: { medianMs: round1(median), p90Ms: round1(times.sort((a, b) => a - b)[Math.floor(times.length * 0.9)]!), goalMs: 200, met: median < 200 },
  live: { medianMs: round1(medianOf(live)), probeAloneMedianMs: round1(medianOf(probeAlone)), ratio: Math.round((medianOf(live) / medianOf(probeAlone)) * 100) / 100 },
  loadBefore: load, loadAfter: loadavg()[0],
};
writeFileSync(new URL('./results/doctor.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result));
