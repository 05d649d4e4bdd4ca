// What a connection trusts beyond Node's bundled roots: NODE_EXTRA_CA_CERTS, the system store
// (SSL_CERT_FILE, SSL_CERT_DIR, the distribution bundle) and extraCa, checked over real TLS on
// loopback with a CA made at test time. The environment is passed in, so each case reads its
// own files (the real process environment is exercised by test/cli/trust-store.test.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { AutoconfError } from '@autoconf/core/internal/errors.js';
import { createNetwork } from '@autoconf/core/internal/net/network.js';
import { sharedSecureContext } from '@autoconf/core/internal/net/secure-context.js';
import { createTrustStore, nodeUsesSystemCa } from '@autoconf/core/internal/net/trust-store.js';
import type { TrustStore } from '@autoconf/core/internal/net/types.js';
import { makeTempDir } from '../../cli/cli-harness.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';

let ca: TestCa;
let other: TestCa;
let tmp: ReturnType<typeof makeTempDir>;
let server: tls.Server;
let port: number;
const files = { ca: '', bundle: '', garbage: '', halfBad: '', dir: '', fifo: '' };

before(async () => {
  ca = createTestCa('trust store test CA');
  other = createTestCa('another CA');
  tmp = makeTempDir();
  const write = (name: string, text: string): string => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    return path;
  };
  files.ca = write('ca.pem', ca.cert);
  files.bundle = write('bundle.pem', `${other.cert}\n${ca.cert}\n`);
  files.garbage = write('garbage.pem', 'not a certificate\n');
  files.halfBad = write('half-bad.pem', `${ca.cert}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`);
  files.dir = join(tmp.dir, 'certs');
  mkdirSync(files.dir);
  writeFileSync(join(files.dir, 'test-ca.pem'), ca.cert);
  writeFileSync(join(files.dir, 'other.crt'), other.cert);
  // c_rehash-style links to the same files: counted once.
  symlinkSync(join(files.dir, 'test-ca.pem'), join(files.dir, 'abcdef01.0'));
  files.fifo = join(tmp.dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [files.fifo]).status, 0);
  const leaf = ca.issue({ names: ['127.0.0.1'] });
  server = tls.createServer({ key: leaf.key, cert: leaf.cert }, (socket) => {
    socket.on('error', () => undefined);
    socket.end();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

after(async () => {
  await new Promise((resolve) => server?.close(resolve));
  ca?.dispose();
  other?.dispose();
  tmp?.dispose();
});

/** A real handshake with the shared context made for `trust`: was the server's chain trusted? */
function handshake(trust: TrustStore): Promise<{ authorized: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, secureContext: sharedSecureContext(trust, { minVersion: 'TLSv1.2' }), rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      const error = socket.authorizationError;
      resolve({ authorized: socket.authorized, ...(error ? { error: String(error) } : {}) });
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('NODE_EXTRA_CA_CERTS', () => {
  it('is trusted by default, so a server certified by that CA verifies', async () => {
    const trust = createTrustStore({ env: { NODE_EXTRA_CA_CERTS: files.ca } });
    assert.deepEqual(trust.sources, [{ kind: 'node-extra-ca-certs', path: files.ca, certificates: 1 }]);
    assert.deepEqual(trust.notes, []);
    assert.deepEqual(await handshake(trust), { authorized: true });
  });

  it('without it (or opted out) the same server is not trusted', async () => {
    const none = createTrustStore({ env: {} });
    assert.equal(none.key, 'bundled');
    assert.deepEqual(none.added, []);
    const optedOut = createTrustStore({ env: { NODE_EXTRA_CA_CERTS: files.ca }, nodeExtraCaCerts: false });
    assert.deepEqual(optedOut.sources, []);
    assert.equal(optedOut.key, none.key);
    assert.equal((await handshake(optedOut)).authorized, false);
  });

  it('an unreadable, empty, or endless file is a note, never a crash or a hang', () => {
    const cases: Array<[string, RegExp]> = [
      [join(tmp.dir, 'missing.pem'), /which cannot be read \(ENOENT\): no certificate from it is trusted/],
      [files.garbage, /which holds no PEM certificate/],
      [files.fifo, /which is not a regular file/],
      [tmp.dir, /which is not a regular file/],
    ];
    for (const [path, note] of cases) {
      const trust = createTrustStore({ env: { NODE_EXTRA_CA_CERTS: path } });
      assert.deepEqual(trust.added, [], path);
      assert.equal(trust.notes.length, 1, path);
      assert.match(trust.notes[0]!, note);
      assert.ok(trust.notes[0]!.startsWith(`NODE_EXTRA_CA_CERTS names ${path}, `));
    }
  });

  it('a broken certificate among good ones is skipped and named', () => {
    const trust = createTrustStore({ env: { NODE_EXTRA_CA_CERTS: files.halfBad } });
    assert.deepEqual(trust.added, [ca.cert.trim()]);
    assert.match(trust.notes[0]!, /holds 1 invalid certificate\(s\), skipped/);
  });
});

describe('the system store (systemCa)', () => {
  it('reads SSL_CERT_FILE first, and only when asked', async () => {
    const env = { SSL_CERT_FILE: files.bundle, SSL_CERT_DIR: files.dir };
    const system = createTrustStore({ env, systemCa: true });
    assert.deepEqual(system.sources, [{ kind: 'system', path: files.bundle, certificates: 2 }]);
    assert.deepEqual(await handshake(system), { authorized: true });
    const notAsked = createTrustStore({ env, systemCa: false });
    assert.deepEqual(notAsked.sources, []);
    assert.equal((await handshake(notAsked)).authorized, false);
  });

  it('falls back to SSL_CERT_DIR, saying why, and counts hashed links once', async () => {
    const trust = createTrustStore({ env: { SSL_CERT_FILE: join(tmp.dir, 'nope.pem'), SSL_CERT_DIR: `${join(tmp.dir, 'no-dir')}:${files.dir}` }, systemCa: true });
    assert.deepEqual(trust.sources, [{ kind: 'system', path: files.dir, certificates: 2 }]);
    assert.equal(trust.notes.length, 1);
    assert.match(trust.notes[0]!, /SSL_CERT_FILE names .*nope\.pem, which cannot be read \(ENOENT\)/);
    assert.match(trust.notes[0]!, /SSL_CERT_DIR names .*no-dir, which cannot be read/);
    assert.match(trust.notes[0]!, /the system store is read from .*certs instead/);
    assert.deepEqual(await handshake(trust), { authorized: true });
  });

  it('without the variables, the distribution bundle (not holding our test CA)', async () => {
    const trust = createTrustStore({ env: {}, systemCa: true });
    const source = trust.sources[0];
    assert.equal(source?.kind, 'system');
    assert.match(source?.path ?? '', /^\/etc\//);
    assert.ok(source!.certificates > 10, `${source!.certificates} certificates in ${source?.path}`);
    assert.equal((await handshake(trust)).authorized, false);
  });

  it('node --use-openssl-ca (or in NODE_OPTIONS) asks for it', () => {
    assert.equal(nodeUsesSystemCa(['--use-openssl-ca'], {}), true);
    assert.equal(nodeUsesSystemCa([], { NODE_OPTIONS: '--max-old-space-size=100 --use-openssl-ca' }), true);
    assert.equal(nodeUsesSystemCa(['--use-bundled-ca'], { NODE_OPTIONS: '' }), false);
  });
});

describe('the context cache', () => {
  it('is keyed by what is trusted: the same inputs share a context, others never reuse it', async () => {
    const bundled = createTrustStore({ env: {} });
    const extra = createTrustStore({ env: { NODE_EXTRA_CA_CERTS: files.ca } });
    const sameAgain = createTrustStore({ env: { NODE_EXTRA_CA_CERTS: files.ca } });
    const asOption = createTrustStore({ env: {}, extraCa: [ca.cert] });
    assert.equal(extra.key, sameAgain.key);
    assert.notEqual(extra.key, bundled.key);
    assert.notEqual(asOption.key, bundled.key);
    const options = { minVersion: 'TLSv1.2' as const };
    assert.equal(sharedSecureContext(extra, options), sharedSecureContext(sameAgain, options));
    assert.notEqual(sharedSecureContext(extra, options), sharedSecureContext(bundled, options));
    // Alternating stores on one process: each handshake sees exactly its own trust.
    assert.equal((await handshake(bundled)).authorized, false);
    assert.equal((await handshake(extra)).authorized, true);
    assert.equal((await handshake(bundled)).authorized, false);
    assert.equal((await handshake(asOption)).authorized, true);
  });
});

describe('createNetwork', () => {
  it('builds its trust store from extraCa and the process environment, and checks its flags', () => {
    const network = createNetwork({ servers: ['127.0.0.1'], extraCa: [ca.cert], nodeExtraCaCerts: false, systemCa: false });
    assert.deepEqual(network.trust.sources, [{ kind: 'option', certificates: 1 }]);
    assert.deepEqual(network.trust.added, [ca.cert]);
    assert.ok(Object.isFrozen(network.trust) && Object.isFrozen(network.trust.added));
    assert.throws(
      () => createNetwork({ servers: ['127.0.0.1'], systemCa: 'yes' as unknown as boolean }),
      (error) => error instanceof AutoconfError && error.code === 'OPTION_INVALID' && /systemCa/.test(error.message),
    );
  });
});
