// Shared by the real-client tests: one test CA, one SMTP sink per mode, writer inputs that
// point at them, a bounded way to run a client, and the checks on what reached the server.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WriterInput } from '@autoconf/core/internal/writers/types.js';
import { startSmtpSink, type SinkMode, type SmtpSink } from '../helpers/smtp-sink.js';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';

// Characters that break naive URL, shell, ini and string quoting.
export const PASSWORD = 'p@ss:w0rd/with%chars';
export const USER = 'alice@example.test';
export const RECIPIENT = 'bob@example.test';
export const CLIENT_TIMEOUT_MS = 30_000;
export const REPO_ROOT = new URL('../..', import.meta.url).pathname;

export interface Harness {
  ca: TestCa;
  caFile: string;
  dir: string;
  sinks: Record<SinkMode, SmtpSink>;
  /** A recommendation whose SMTP endpoint claims `security` and points at the `server` sink. */
  input(security: 'tls' | 'starttls', options?: { server?: SinkMode; password?: string }): WriterInput;
  file(name: string, text: string, mode?: number): string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const ca = createTestCa();
  const cert = ca.issue({ names: ['127.0.0.1'] });
  const dir = mkdtempSync(join(tmpdir(), 'autoconf-writers-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  const start = (mode: SinkMode) => startSmtpSink({ mode, cert, username: USER, password: PASSWORD });
  const [tls, starttls, noTls] = await Promise.all([start('tls'), start('starttls'), start('no-tls')]);
  const sinks = { tls, starttls, 'no-tls': noTls };
  return {
    ca,
    caFile,
    dir,
    sinks,
    input(security, options = {}) {
      const sink = sinks[options.server ?? security];
      return {
        address: USER,
        detectedAt: '2026-11-28T09:30:00Z',
        verified: true,
        ...(options.password === undefined ? {} : { password: options.password }),
        recommended: {
          smtp: { protocol: 'smtp', host: sink.host, port: sink.port, security, authMethods: ['password-cleartext'], verified: true },
        },
      };
    },
    file(name, text, mode = 0o600) {
      const path = join(dir, name);
      writeFileSync(path, text, { mode });
      return path;
    },
    async close() {
      await Promise.all(Object.values(sinks).map((sink) => sink.close()));
      ca.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ClientRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a client to completion; a hung client is killed at CLIENT_TIMEOUT_MS. */
export function runClient(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; stdin?: string } = {},
): Promise<ClientRun> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env }, cwd: options.cwd, timeout: CLIENT_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
    // A client may exit without reading its input: that is its answer, not a test error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');
  });
}

/** A program, module or file a real-client test needs, and the Debian package that brings it. */
export interface ClientNeed {
  what: string;
  debianPackage: string;
  present(): boolean;
}

const succeeds = (command: string, args: string[]): boolean => spawnSync(command, args, { stdio: 'ignore', timeout: CLIENT_TIMEOUT_MS }).status === 0;

export const binary = (name: string, debianPackage: string): ClientNeed => ({
  what: `the ${name} command`, debianPackage, present: () => succeeds('sh', ['-c', `command -v '${name}'`]),
});
export const perlModule = (module: string, debianPackage: string): ClientNeed => ({
  what: `the Perl module ${module}`, debianPackage, present: () => succeeds('perl', [`-M${module}`, '-e', '1']),
});
export const pythonModule = (module: string, debianPackage: string): ClientNeed => ({
  what: `the Python module ${module}`, debianPackage, present: () => succeeds('/usr/bin/python3', ['-c', `import ${module}`]),
});
export const rubyLibrary = (library: string, debianPackage: string): ClientNeed => ({
  what: `the Ruby library ${library}`, debianPackage, present: () => succeeds('ruby', ['-e', `require "${library}"`]),
});
export const installedFile = (path: string, debianPackage: string): ClientNeed => ({
  what: path, debianPackage, present: () => existsSync(path),
});

/** CI (CI=1, or .ci/run) must run every real-client test: a skip there would hide a broken setup. */
export const MISSING_CLIENT_FAILS = /^(1|true)$/i.test(process.env.CI ?? '') || process.env.AUTOCONF_CI === '1';

/** Why a real-client test cannot run, naming the Debian packages to install, or false when it can.
 *  Outside CI the caller skips with this reason; in CI it is also a failing test of its own. */
export function missingClients(...needs: ClientNeed[]): string | false {
  const missing = needs.filter((need) => !need.present());
  if (missing.length === 0) return false;
  const packages = [...new Set(missing.map((need) => need.debianPackage))].join(' ');
  const reason = `${missing.map((need) => need.what).join(', ')} missing: install ${packages} (apt-get install ${packages}; listed in .ci/apt-packages.txt)`;
  if (MISSING_CLIENT_FAILS) test(`real client present: ${packages}`, () => assert.fail(reason));
  return reason;
}

export function missingBinary(name: string, debianPackage: string): string | false {
  return missingClients(binary(name, debianPackage));
}

export function describeRun(run: ClientRun): string {
  return `exit ${run.code}\nstdout: ${run.stdout.slice(-2000)}\nstderr: ${run.stderr.slice(-2000)}`;
}

/** Exactly one message arrived over TLS, sent by the authenticated test user. */
export function assertDelivered(sink: SmtpSink, run: ClientRun): void {
  assert.equal(run.code, 0, describeRun(run));
  assert.equal(sink.messages.length, 1, `messages: ${sink.messages.length}\n${describeRun(run)}`);
  const [message] = sink.messages;
  assert.equal(message?.secure, true);
  assert.equal(message?.user, USER);
  assert.deepEqual(message?.to, [RECIPIENT]);
  assert.ok(sink.auths.every((auth) => auth.secure), 'AUTH happened before TLS');
}

/** The client failed and the password never reached the server, in clear or base64 (AUTH PLAIN/LOGIN). */
export function assertRefusedWithoutPassword(sink: SmtpSink, run: ClientRun): void {
  assert.notEqual(run.code, 0, `the client sent without TLS:\n${describeRun(run)}`);
  assert.equal(sink.messages.length, 0);
  assert.deepEqual(sink.auths, []);
  const wire = sink.received().toString('latin1');
  assert.ok(wire.length > 0, 'the client never connected: the test proves nothing');
  assert.ok(!wire.includes(PASSWORD), 'password in clear on the wire');
  for (const token of wire.match(/[A-Za-z0-9+/]{8,}={0,2}/g) ?? []) {
    const decoded = Buffer.from(token, 'base64').toString('latin1');
    assert.ok(!decoded.includes(PASSWORD), `password in base64 on the wire: ${token}`);
  }
}

export function resetSinks(harness: Harness): void {
  for (const sink of Object.values(harness.sinks)) sink.reset();
}

export const MESSAGE = [
  `From: ${USER}`,
  `To: ${RECIPIENT}`,
  'Subject: autoconf writer test',
  '',
  'Sent by a real client from a generated config.',
  '',
].join('\r\n');
