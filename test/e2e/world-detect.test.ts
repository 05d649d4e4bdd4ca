// detect() against real Postfix and Dovecot in a private network namespace, on the real ports,
// with the product's defaults (/etc/resolv.conf inside the namespace names the world's DNS).
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { runInWorld, worldSkipReason } from '../world/run-in-world.js';

const skip = worldSkipReason({ mailServers: true }) ?? false;
const SCENARIO = 'test/e2e/scenarios/world-detect.ts';

interface Summary {
  status: string;
  smtp?: { host: string; port: number; security: string; verified: boolean; username?: string };
  imap?: { port: number; security: string; verified: boolean };
  pop3?: { port: number; security: string };
  findings: Array<{ code: string; severity: string; port?: number }>;
  logins: Array<{ protocol: string; outcome: string; message?: string }>;
  autoconfig?: string;
  srv?: string;
  totalMs: number;
}

test('a domain publishing SRV and autoconfig: 587 STARTTLS and 993 verified; verifyLogin right and wrong', { skip, timeout: 90_000 }, async () => {
  const result = (await runInWorld(SCENARIO, ['published'], { timeoutMs: 80_000 })) as Record<'plain' | 'right' | 'wrong', Summary>;
  const { plain, right, wrong } = result;
  assert.equal(plain.status, 'verified', JSON.stringify(plain));
  assert.deepEqual(plain.smtp, { host: 'mail.example.test', port: 587, security: 'starttls', verified: true, username: 'alice@example.test' });
  assert.equal(plain.imap?.port, 993);
  assert.equal(plain.imap?.security, 'tls');
  assert.equal(plain.autoconfig, 'found');
  assert.equal(plain.srv, 'found');
  assert.deepEqual(plain.findings.filter((f) => f.severity === 'high'), []);
  assert.deepEqual(plain.logins, []);
  assert.ok(right.logins.length >= 2, JSON.stringify(right.logins));
  assert.ok(right.logins.every((l) => l.outcome === 'ok'), JSON.stringify(right.logins));
  assert.ok(wrong.logins.every((l) => l.outcome === 'bad-credentials'), JSON.stringify(wrong.logins));
});

test('a 587 that hides STARTTLS: starttls-missing (high) and 465 recommended', { skip, timeout: 60_000 }, async () => {
  const result = (await runInWorld(SCENARIO, ['stripped'], { timeoutMs: 50_000 })) as Summary;
  assert.ok(result.findings.some((f) => f.code === 'starttls-missing' && f.severity === 'high' && f.port === 587), JSON.stringify(result.findings));
  assert.equal(result.smtp?.port, 465);
  assert.equal(result.smtp?.security, 'tls');
});

test('ports 25 and 587 silently dropped: 465 recommended without waiting out the connect timeout', { skip, timeout: 60_000 }, async () => {
  const result = (await runInWorld(SCENARIO, ['dropped25'], { timeoutMs: 50_000 })) as Summary;
  assert.equal(result.smtp?.port, 465, JSON.stringify(result));
  assert.ok(result.totalMs < 4_000, `took ${result.totalMs} ms with a 5 s connect timeout`);
});

// The built CLI bundle as a user runs it, inside the world, on its defaults.
const cliSkip = skip || (existsSync('packages/cli/dist/bin.js') ? false : 'the CLI is not built (pnpm build)');
interface CliRun { code: number | null; stdout: string; stderr: string }

test('the built CLI on a domain publishing SRV + autoconfig: exit 0, 587 STARTTLS verified', { skip: cliSkip, timeout: 60_000 }, async () => {
  const result = (await runInWorld(SCENARIO, ['cli-published'], { timeoutMs: 50_000 })) as { human: CliRun; jsonCode: number; smtp: number; status: string };
  assert.equal(result.human.code, 0, result.human.stderr + result.human.stdout);
  assert.match(result.human.stdout, /mail\.example\.test/);
  assert.match(result.human.stdout, /587/);
  assert.match(result.human.stdout, /STARTTLS/);
  assert.doesNotMatch(result.human.stdout, /\u001b\[/, 'no escape codes when not a terminal');
  assert.equal(result.jsonCode, 0);
  assert.equal(result.smtp, 587);
  assert.equal(result.status, 'verified');
});

test('the built CLI on a domain whose 587 hides STARTTLS: exit 3 and the finding named', { skip: cliSkip, timeout: 60_000 }, async () => {
  const result = (await runInWorld(SCENARIO, ['cli-stripped'], { timeoutMs: 50_000 })) as CliRun;
  assert.equal(result.code, 3, result.stderr + result.stdout);
  assert.match(result.stdout, /starttls-missing/);
  assert.match(result.stdout, /465/);
});
