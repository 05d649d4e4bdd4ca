// TLS contexts start from Node's default store when it holds nothing the trust store does not
// (net/secure-context.ts). Node loads NODE_EXTRA_CA_CERTS into that store at start-up, so each
// case runs a process of its own started with the variable, and handshakes for real with
// servers on loopback certified by CAs made at test time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tls from 'node:tls';
import { makeTempDir } from '../../cli/cli-harness.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';

const CHILD = 'test/core/net/secure-context-child.ts';
const CHILD_TIMEOUT_MS = 60_000;
let startupCa: TestCa;
let optionCa: TestCa;
let tmp: ReturnType<typeof makeTempDir>;
const files = { startupCa: '', optionCa: '', withBundledRoots: '' };
const servers: tls.Server[] = [];
const ports = { startupCa: 0, optionCa: 0 };

async function serve(ca: TestCa): Promise<number> {
  const leaf = ca.issue({ names: ['127.0.0.1'] });
  const server = tls.createServer({ key: leaf.key, cert: leaf.cert }, (socket) => {
    socket.on('error', () => undefined);
    socket.end();
  });
  server.on('tlsClientError', () => undefined);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

before(async () => {
  startupCa = createTestCa('start-up extra CA');
  optionCa = createTestCa('option CA');
  tmp = makeTempDir();
  files.startupCa = join(tmp.dir, 'startup-ca.pem');
  writeFileSync(files.startupCa, startupCa.cert);
  files.optionCa = join(tmp.dir, 'option-ca.pem');
  writeFileSync(files.optionCa, optionCa.cert);
  // A distribution bundle repeats Node's own roots: those are recognised, the test CA is not.
  files.withBundledRoots = join(tmp.dir, 'with-bundled-roots.pem');
  writeFileSync(files.withBundledRoots, [...tls.rootCertificates.slice(0, 3), startupCa.cert].join('\n'));
  ports.startupCa = await serve(startupCa);
  ports.optionCa = await serve(optionCa);
});

after(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  startupCa?.dispose();
  optionCa?.dispose();
  tmp?.dispose();
});

interface ChildResult { results: Array<{ port: number; authorized: boolean }>; sources: Array<{ kind: string; certificates: number }> }

function runChild(extraCaCertsFile: string, options: { nodeExtraCaCerts: boolean; extraCaFile?: string }): Promise<ChildResult> {
  const argument = JSON.stringify({ ports: [ports.startupCa, ports.optionCa], ...options });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, argument], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_EXTRA_CA_CERTS: extraCaCertsFile },
      timeout: CHILD_TIMEOUT_MS,
    }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as ChildResult)));
  });
}

const authorizedPorts = (result: ChildResult) => result.results.filter((r) => r.authorized).map((r) => r.port);

describe('a context started from Node\'s default store', { concurrency: true }, () => {
  it('trusts the start-up NODE_EXTRA_CA_CERTS file, and nothing else, when nothing is added', async () => {
    const result = await runChild(files.startupCa, { nodeExtraCaCerts: true });
    assert.deepEqual(authorizedPorts(result), [ports.startupCa]);
  });

  it('keeps that file\'s CAs when the caller adds one of its own', async () => {
    const result = await runChild(files.startupCa, { nodeExtraCaCerts: true, extraCaFile: files.optionCa });
    assert.deepEqual(authorizedPorts(result), [ports.startupCa, ports.optionCa]);
  });

  it('is not used when the caller opts out of NODE_EXTRA_CA_CERTS: the file Node loaded is not trusted', async () => {
    const result = await runChild(files.startupCa, { nodeExtraCaCerts: false, extraCaFile: files.optionCa });
    assert.deepEqual(authorizedPorts(result), [ports.optionCa]);
    const alone = await runChild(files.startupCa, { nodeExtraCaCerts: false });
    assert.deepEqual(authorizedPorts(alone), []);
  });

  it('counts bundled roots repeated in the file without dropping the file\'s own CA', async () => {
    const result = await runChild(files.withBundledRoots, { nodeExtraCaCerts: true, extraCaFile: files.optionCa });
    assert.deepEqual(result.sources.map((source) => [source.kind, source.certificates]), [['node-extra-ca-certs', 4], ['option', 1]]);
    assert.deepEqual(authorizedPorts(result), [ports.startupCa, ports.optionCa]);
  });
});
