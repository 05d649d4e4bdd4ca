// detect() inside a world: real Postfix and Dovecot on the real ports, the world's DNS server
// as /etc/resolv.conf's nameserver, and an HTTPS autoconfig server on 443 — so detect() runs
// with its defaults. Argument: the case name (see CASES).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detect } from '@autoconf/core';
import { runScenario } from '../../world/scenario.js';
import type { World } from '../../world/world.js';
import { startPublishingWorld } from '../publishing-world.js';

const CLI_BUNDLE = fileURLToPath(new URL('../../../packages/cli/dist/bin.js', import.meta.url));

const summary = (report: Awaited<ReturnType<typeof detect>>) => ({
  status: report.status,
  smtp: report.recommended.smtp && { host: report.recommended.smtp.host, port: report.recommended.smtp.port, security: report.recommended.smtp.security, verified: report.recommended.smtp.verified, username: report.recommended.smtp.username },
  imap: report.recommended.imap && { host: report.recommended.imap.host, port: report.recommended.imap.port, security: report.recommended.imap.security, verified: report.recommended.imap.verified },
  pop3: report.recommended.pop3 && { port: report.recommended.pop3.port, security: report.recommended.pop3.security },
  findings: report.findings.map((f) => ({ code: f.code, severity: f.severity, port: f.endpoint?.port })),
  logins: report.logins.map((l) => ({ protocol: l.protocol, outcome: l.outcome, message: l.message })),
  autoconfig: report.sources.find((s) => s.source === 'autoconfig')?.status,
  srv: report.sources.find((s) => s.source === 'srv')?.status,
  totalMs: report.timings.totalMs,
});

/** The built CLI bundle, run as a user runs it: defaults (resolv.conf), only the world's CA added. */
async function runCli(world: World, extra: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const caFile = join(world.dir, 'world-ca.pem');
  writeFileSync(caFile, world.ca.cert);
  const child = spawn(process.execPath, [CLI_BUNDLE, 'detect', world.user.name, '--ca-file', caFile, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

const CASES: Record<string, () => Promise<unknown>> = {
  async 'cli-published'() {
    const { world, close } = await startPublishingWorld();
    try {
      const human = await runCli(world, []);
      const json = await runCli(world, ['--json']);
      const report = JSON.parse(json.stdout) as Awaited<ReturnType<typeof detect>>;
      return { human, jsonCode: json.code, smtp: report.recommended.smtp?.port, status: report.status };
    } finally {
      await close();
    }
  },
  async 'cli-stripped'() {
    const { world, close } = await startPublishingWorld({ smtp: { submission: 'cleartext' } });
    try {
      return await runCli(world, []);
    } finally {
      await close();
    }
  },
  async published() {
    const { world, close } = await startPublishingWorld();
    try {
      const plain = await detect(world.user.name, { extraCa: [world.ca.cert] });
      const right = await detect(world.user.name, { extraCa: [world.ca.cert], verifyLogin: { password: world.user.password }, stepTimeoutMs: 10_000 });
      const wrong = await detect(world.user.name, { extraCa: [world.ca.cert], verifyLogin: { password: `${world.user.password}x` }, stepTimeoutMs: 10_000 });
      return { plain: summary(plain), right: summary(right), wrong: summary(wrong) };
    } finally {
      await close();
    }
  },
  async stripped() {
    const { world, close } = await startPublishingWorld({ smtp: { submission: 'cleartext' } });
    try {
      return summary(await detect(world.user.name, { extraCa: [world.ca.cert] }));
    } finally {
      await close();
    }
  },
  async dropped25() {
    const { world, close } = await startPublishingWorld();
    try {
      world.dropPort(world.hosts.smtp.address, 25);
      world.dropPort(world.hosts.smtp.address, 587);
      // 587 silent, 465 fine: the answer must not wait out 587's connect timeout.
      return summary(await detect(world.user.name, { extraCa: [world.ca.cert], connectTimeoutMs: 5_000 }));
    } finally {
      await close();
    }
  },
};

await runScenario(async (args) => {
  const run = CASES[args[0] ?? ''];
  if (run === undefined) throw new Error(`unknown case ${args[0]}; known: ${Object.keys(CASES).join(', ')}`);
  return run();
});
