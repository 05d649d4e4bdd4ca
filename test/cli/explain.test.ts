// `autoconf explain`: the text from the argument or stdin, exit 0 recognised / 1 not / 2 usage,
// and --server / --config, where one probe of a loopback server confirms or rules out a cause.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLineServer, type LineServer } from '../helpers/line-server.js';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';
import { ESC, makeTempDir, runCli } from './cli-harness.js';

// nodemailer's own words for implicit TLS on a STARTTLS port (provoked in test/core/explain).
const WRONG_VERSION = 'Error: 809C67E14F7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:';

describe('autoconf explain', () => {
  let ca: TestCa;
  let temp: ReturnType<typeof makeTempDir>;
  let caFile: string;
  let starttls: LineServer;
  let implicit: LineServer;
  let selfSigned: LineServer;
  before(async () => {
    ca = createTestCa();
    temp = makeTempDir();
    caFile = join(temp.dir, 'ca.pem');
    writeFileSync(caFile, ca.cert);
    const submission = (cert = ca.issue({ names: ['127.0.0.1'] })) => startLineServer({
      greeting: '220 mx.test ESMTP',
      tls: { cert },
      rules: [
        { match: 'EHLO', when: 'plain', reply: ['250-mx.test', '250 STARTTLS'] },
        { match: 'STARTTLS', reply: '220 go ahead', then: 'starttls' },
        { match: 'EHLO', when: 'tls', reply: ['250-mx.test', '250 AUTH PLAIN'] },
        { match: 'QUIT', reply: '221 bye', then: 'close' },
      ],
    });
    starttls = await submission();
    selfSigned = await submission(ca.selfSigned(['127.0.0.1']));
    implicit = await startLineServer({
      greeting: '220 mx.test ESMTP',
      tls: { cert: ca.issue({ names: ['127.0.0.1'] }) },
      implicitTls: true,
      rules: [{ match: 'EHLO', reply: ['250-mx.test', '250 AUTH PLAIN'] }, { match: 'QUIT', reply: '221 bye', then: 'close' }],
    });
  });
  after(async () => {
    await Promise.all([starttls.close(), implicit.close(), selfSigned.close()]);
    ca.dispose();
    temp.dispose();
  });

  it('explains the argument in words, with the setting of the client that wrote it', async () => {
    const result = await runCli(['explain', WRONG_VERSION]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Read as nodemailer's wording/);
    assert.match(result.stdout, /1\. TLS spoken to a STARTTLS port/);
    assert.match(result.stdout, /nodemailer: secure: false, requireTLS: true/);
    assert.doesNotMatch(result.stdout, /PHPMailer|Django/, 'only the client that wrote the text');
  });

  it('reads the text from stdin, with no argument or with -', async () => {
    for (const argv of [['explain'], ['explain', '-']]) {
      const result = await runCli(argv, { stdin: 'smtplib.SMTPAuthenticationError: (534, b\'5.7.9 Application-specific password required.\')\n' });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /1\. Google wants an app password[\s\S]*2\. The login was refused/);
    }
  });

  it('exit 1 for text it does not know; --json says not-recognised', async () => {
    const human = await runCli(['explain', 'the printer is on fire']);
    assert.equal(human.code, 1);
    assert.match(human.stdout, /^Not recognised/);
    const json = await runCli(['explain', 'the printer is on fire', '--json']);
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).explanations[0].code, 'not-recognised');
  });

  it('exit 2 for usage: no text on a terminal, an empty text, --server with --config, an unreadable --config', async () => {
    assert.equal((await runCli(['explain'], { tty: true })).code, 2);
    assert.equal((await runCli(['explain'], { stdin: '  \n' })).code, 2);
    assert.equal((await runCli(['explain', 'x', '--server', '127.0.0.1:1', '--config', '.env'])).code, 2);
    const missing = await runCli(['explain', 'x', '--config', 'no-such.env'], { cwd: temp.dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read no-such\.env/);
  });

  it('never lets the pasted text drive the terminal', async () => {
    const result = await runCli(['explain', `${ESC}]0;pwned\x07wrong version number${ESC}[2J`]);
    assert.equal(result.code, 0);
    assert.ok(!result.stdout.includes(ESC), 'an escape sequence reached stdout');
  });

  it('--server: the probe confirms "wrong version number" on a port that greets in cleartext', async () => {
    const result = await runCli(['explain', WRONG_VERSION, '--server', `127.0.0.1:${starttls.port}`, '--ca-file', caFile, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.equal(output.explanations[0].code, 'tls-on-starttls-port');
    assert.equal(output.explanations[0].live, 'confirmed');
    assert.equal(output.server.dialled, 'opportunistic');
    assert.equal(output.server.verdict, 'works');
    assert.ok(starttls.lines.some((line) => /^STARTTLS/i.test(line)), 'the server was really probed');
  });

  it('--server: "Greeting never received" is confirmed by a TLS-first port and ruled out by a cleartext one', async () => {
    const silent = JSON.parse((await runCli(['explain', 'Error: Greeting never received', '--server', `127.0.0.1:${implicit.port}`, '--timeout', '1500', '--json'])).stdout);
    assert.equal(silent.explanations[0].live, 'confirmed', JSON.stringify(silent.server));
    const greets = await runCli(['explain', 'Error: Greeting never received', '--server', `127.0.0.1:${starttls.port}`, '--ca-file', caFile]);
    assert.equal(greets.code, 0);
    assert.match(greets.stdout, /Cleartext spoken to an implicit-TLS port \[the server rules this out\]/);
    assert.match(greets.stdout, new RegExp(`Server 127\\.0\\.0\\.1:${starttls.port} \\(--server, dialled opportunistic\\): verified`));
  });

  it('--server: a self-signed certificate is confirmed, self-signed first', async () => {
    const text = 'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)';
    const output = JSON.parse((await runCli(['explain', text, '--server', `127.0.0.1:${selfSigned.port}`, '--json'])).stdout);
    assert.deepEqual(output.explanations.map((e: { code: string; live: string }) => `${e.code}:${e.live}`), ['certificate-self-signed:confirmed', 'certificate-untrusted:confirmed']);
    assert.equal(output.server.verdict, 'certificate');
  });

  it('--config: dials the .env\'s endpoint as nodemailer would (SMTP_SECURE=true on a STARTTLS port) and confirms', async () => {
    writeFileSync(join(temp.dir, '.env'), `SMTP_HOST=127.0.0.1\nSMTP_PORT=${starttls.port}\nSMTP_SECURE=true\nSMTP_USER=alice@example.test\n`);
    const result = await runCli(['explain', WRONG_VERSION, '--config', '.env', '--json'], { cwd: temp.dir });
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.equal(output.server.dialled, 'tls');
    assert.equal(output.server.verdict, 'failed');
    assert.match(output.server.from, /^\.env \(env\)$/);
    assert.equal(output.explanations[0].live, 'confirmed');
  });

  it('--config reads every format doctor reads: a Django settings.py with EMAIL_USE_SSL on a STARTTLS port', async () => {
    writeFileSync(join(temp.dir, 'settings.py'), `EMAIL_HOST = "127.0.0.1"\nEMAIL_PORT = ${starttls.port}\nEMAIL_USE_SSL = True\n`);
    const text = 'ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)';
    const result = await runCli(['explain', text, '--config', 'settings.py', '--json'], { cwd: temp.dir });
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout);
    assert.equal(output.server.dialled, 'tls');
    assert.match(output.server.from, /^settings\.py \(/);
    assert.equal(output.explanations[0].live, 'confirmed');
  });

  it('--help has its examples and exit codes', async () => {
    const help = await runCli(['explain', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Examples:\n {2}autoconf explain "Error: Greeting never received"/);
    assert.match(help.stdout, /Exit codes:\n {2}0 {4}recognised[\s\S]* {2}1 {4}not recognised/);
  });
});
