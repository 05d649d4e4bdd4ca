// The trust stores a user already configures, as the real CLI sees them in its own process:
// a loopback SMTP server over implicit TLS whose certificate comes from a CA made at test time
// is untrusted by default, trusted with NODE_EXTRA_CA_CERTS naming that CA, trusted with
// --system-ca (or `node --use-openssl-ca`) when SSL_CERT_FILE is a bundle holding it; a file
// that cannot be read is a note, never a crash; --trace names the files read.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';
import { makeTempDir } from './cli-harness.js';

// From the repository root, where tsx resolves.
const REPO_ROOT = resolve('.');
const BIN = join(REPO_ROOT, 'packages/cli/src/bin.ts');
const RUN_TIMEOUT_MS = 60_000;

let ca: TestCa;
let other: TestCa;
let sink: SmtpSink;
let dns: TestDnsServer;
let tmp: ReturnType<typeof makeTempDir>;
let caFile: string;
let bundle: string;

before(async () => {
  ca = createTestCa('CLI trust test CA');
  other = createTestCa('unrelated CA');
  tmp = makeTempDir();
  caFile = join(tmp.dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  bundle = join(tmp.dir, 'bundle.pem');
  writeFileSync(bundle, `${other.cert}${ca.cert}`);
  sink = await startSmtpSink({ mode: 'tls', cert: ca.issue({ names: ['127.0.0.1'] }), username: 'u@trust.test', password: 'unused' });
  dns = await startDnsServer({ zone: {} });
});

after(async () => {
  await sink?.close();
  await dns?.close();
  ca?.dispose();
  other?.dispose();
  tmp?.dispose();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI from source in a child process whose environment is exactly `env` (plus PATH). */
function cli(args: string[], env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [...nodeFlags, '--conditions=source', '--import', 'tsx', BIN, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', ...env }, cwd: REPO_ROOT, timeout: RUN_TIMEOUT_MS },
      (error, stdout, stderr) => done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

/** `autoconf probe` over implicit TLS: whether the certificate was trusted, from --json. */
async function probe(env: Record<string, string>, extraArgs: string[] = [], nodeFlags: string[] = []): Promise<Run & { authorized: boolean }> {
  const run = await cli(['probe', `127.0.0.1:${sink.port}`, '--security', 'tls', '--json', '--timeout', '20000', ...extraArgs], env, nodeFlags);
  let result: { outcome?: string; tls?: { authorized?: boolean } };
  try {
    result = JSON.parse(run.stdout);
  } catch {
    assert.fail(`no JSON from probe: exit ${run.code}\n${run.stderr}`);
  }
  assert.equal(result.outcome, 'ok', run.stderr);
  assert.equal(typeof result.tls?.authorized, 'boolean', run.stdout);
  return { ...run, authorized: result.tls!.authorized! };
}

describe('the CLI trusts what the user configured', { concurrency: true }, () => {
  it('a private CA is not trusted by default (exit 3)', async () => {
    const run = await probe({});
    assert.equal(run.authorized, false);
    assert.equal(run.code, 3);
  });

  it('NODE_EXTRA_CA_CERTS naming the CA makes it trusted (exit 0)', async () => {
    const run = await probe({ NODE_EXTRA_CA_CERTS: caFile });
    assert.equal(run.authorized, true, run.stderr);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
  });

  it('--system-ca reads SSL_CERT_FILE; without the flag that file is not consulted', async () => {
    const withFlag = await probe({ SSL_CERT_FILE: bundle }, ['--system-ca']);
    assert.equal(withFlag.authorized, true, withFlag.stderr);
    assert.equal(withFlag.code, 0);
    const withoutFlag = await probe({ SSL_CERT_FILE: bundle });
    assert.equal(withoutFlag.authorized, false);
  });

  it('node --use-openssl-ca counts as asking for the system store', async () => {
    const run = await probe({ SSL_CERT_FILE: bundle }, [], ['--use-openssl-ca']);
    assert.equal(run.authorized, true, run.stderr);
  });

  it('an unreadable NODE_EXTRA_CA_CERTS is a note on stderr, not a crash', async () => {
    const missing = join(tmp.dir, 'missing-ca.pem');
    const run = await probe({ NODE_EXTRA_CA_CERTS: missing });
    assert.equal(run.authorized, false);
    assert.equal(run.code, 3);
    assert.match(run.stderr, new RegExp(`autoconf: note: NODE_EXTRA_CA_CERTS names ${missing}, which cannot be read \\(ENOENT\\)`));
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
  });

  it('--trace says which files are trusted (detect, against a loopback DNS server)', async () => {
    const run = await cli(
      ['detect', 'someone@trust.test', '--dns', dns.address, '--no-probe', '--system-ca', '--trace', '--timeout', '3000'],
      { NODE_EXTRA_CA_CERTS: caFile, SSL_CERT_FILE: bundle },
    );
    assert.match(run.stderr, new RegExp(`trust: Node's bundled roots \\+ NODE_EXTRA_CA_CERTS ${caFile} \\(1\\) \\+ system store ${bundle} \\(2\\)`));
    assert.doesNotMatch(run.stderr, /internal error/);
  });
});
