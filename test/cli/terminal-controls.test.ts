// A hostile mail domain on loopback tries to drive the user's terminal: its SMTP banner and
// EHLO lines carry OSC 52 (clipboard write), CSI (clear screen, cursor to column 1 to
// overwrite the line with a fake "host"), BEL, a C1 CSI and a bidi override; its MX name
// carries ESC. (A bare CR ends an SMTP reply line: the probe refuses such a banner itself.)
// Human output, --trace, probe and lint show those characters visibly and never raw; --json
// keeps them exactly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { startLineServer, type LineServer } from '../helpers/line-server.js';
import { createTestCa, type TestCa } from '../helpers/test-ca.js';
import { makeTempDir, runCli } from './cli-harness.js';

const OSC52 = '\x1b]52;c;cm0gLXJmIH4=\x07';
const CLEAR = '\x1b[2J';
const FAKE_HOST = '\x1b[1G  host         smtp.attacker.example';
const BANNER = `220 mail.hostile.test ESMTP ${OSC52}${CLEAR} \x9b31m evil\u202Etxt.exe${FAKE_HOST}`;
const EHLO_LINE = `250-mail.hostile.test greets you ${CLEAR}\x1b[1A`;
// Everything a terminal would act on. Colours are off (not a TTY), so no ESC is ours.
const RAW_CONTROLS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let ca: TestCa;
let smtp: LineServer;
let dns: TestDnsServer;
let tmp: ReturnType<typeof makeTempDir>;
let caFile: string;

before(async () => {
  ca = createTestCa();
  tmp = makeTempDir();
  caFile = join(tmp.dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  smtp = await startLineServer({
    greeting: BANNER,
    tls: { cert: ca.issue({ names: ['mail.hostile.test', '127.0.0.1'] }) },
    rules: [
      { match: 'EHLO', when: 'plain', reply: [EHLO_LINE, '250-STARTTLS', '250 8BITMIME'] },
      { match: 'STARTTLS', reply: `220 go ahead ${OSC52}`, then: 'starttls' },
      { match: 'EHLO', when: 'tls', reply: [EHLO_LINE, `250 AUTH PLAIN ${CLEAR}`] },
      { match: 'QUIT', reply: '221 bye', then: 'close' },
    ],
  });
  dns = await startDnsServer({
    zone: {
      'hostile.test': { MX: [{ priority: 10, exchange: `mx${'\x1b'}[2J.hostile.test` }] },
      '_submission._tcp.hostile.test': { SRV: [{ priority: 0, weight: 0, port: smtp.port, target: 'mail.hostile.test' }] },
      'mail.hostile.test': { A: ['127.0.0.1'] },
    },
  });
});

after(async () => {
  await smtp?.close();
  await dns?.close();
  ca?.dispose();
  tmp?.dispose();
});

function assertNoRawControls(text: string, where: string): void {
  const match = RAW_CONTROLS.exec(text);
  assert.equal(match, null, `${where}: raw U+${match?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at …${JSON.stringify(text.slice(Math.max(0, (match?.index ?? 0) - 40), (match?.index ?? 0) + 20))}`);
}

const detectFlags = () => ['--dns', dns.address, '--ca-file', caFile, '--timeout', '8000'];

test('human detect output and --trace show the banner with its controls visible, never raw', async () => {
  const result = await runCli(['detect', 'alice@hostile.test', '--trace', ...detectFlags()], { cwd: tmp.dir, env: { NO_COLOR: '1' } });
  assert.match(result.stdout, /host {9}mail\.hostile\.test/, result.stdout + result.stderr);
  assertNoRawControls(result.stdout, 'stdout');
  assertNoRawControls(result.stderr, 'stderr (--trace)');
  // Shown, not dropped: ESC as ␛, BEL as ␇, CR as ␍, C1 and bidi by code point.
  assert.ok(result.stderr.includes('␛]52;c;cm0gLXJmIH4=␇'), 'the OSC 52 sequence is visible in the trace');
  assert.ok(result.stderr.includes('<U+009B>31m'), 'the C1 CSI is visible');
  assert.ok(result.stderr.includes('evil<U+202E>txt.exe␛[1G  host'), 'the bidi override and the cursor move are visible');
  // DNS records are shown as JSON in the trace, where ESC is the text \u001b; the MX is refused.
  assert.ok(result.stderr.includes('"exchange":"mx\\u001b[2j.hostile.test"'), 'the MX name from DNS is shown escaped');
  assert.match(result.stderr, /note \[medium\] mx-invalid: An MX record of hostile\.test does not name a valid host/);
  assert.doesNotMatch(result.stdout, /smtp\.attacker\.example\n/);
});

test('--json keeps what the server sent exactly', async () => {
  // --trace asks for transcripts, which --json then carries; the trace itself goes to stderr.
  const result = await runCli(['detect', 'alice@hostile.test', '--json', '--trace', ...detectFlags()], { cwd: tmp.dir });
  const report = JSON.parse(result.stdout) as { probes: { transcript?: { line: string }[] }[] };
  const lines = report.probes.flatMap((probe) => probe.transcript ?? []).map((line) => line.line);
  assert.ok(lines.includes(BANNER), `the banner, byte for byte, in: ${JSON.stringify(lines.slice(0, 4))}`);
  assert.ok(!result.stdout.includes('\x1b'), 'JSON.stringify escapes C0 (\\u001b), so the JSON text itself is inert');
});

test('probe prints the dialogue with controls visible; probe --json is exact', async () => {
  const human = await runCli(['probe', `127.0.0.1:${smtp.port}`, '--protocol', 'smtp', '--security', 'starttls', '--ca-file', caFile], { cwd: tmp.dir });
  assert.match(human.stdout, /S: 220 mail\.hostile\.test ESMTP ␛\]52;c;/);
  assertNoRawControls(human.stdout, 'probe stdout');
  assertNoRawControls(human.stderr, 'probe stderr');
  const json = await runCli(['probe', `127.0.0.1:${smtp.port}`, '--protocol', 'smtp', '--security', 'starttls', '--ca-file', caFile, '--json'], { cwd: tmp.dir });
  const result = JSON.parse(json.stdout) as { transcript: { line: string }[] };
  assert.ok(result.transcript.some((line) => line.line === BANNER));
  assert.ok(result.transcript.some((line) => line.line === EHLO_LINE));
});

test('lint of a hostile clientConfig prints notes, never the controls it refused', async () => {
  const file = join(tmp.dir, 'hostile.xml');
  writeFileSync(file, `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="hostile.test">
  <displayName>Hostile&#27;]52;c;ZXZpbA==&#7;</displayName>
  <outgoingServer type="smtp"><hostname>mail.hostile.test</hostname><port>587</port><socketType>STARTTLS</socketType>
    <username>%EMAILADDRESS%&#10;passwordeval "id"</username><authentication>password-cleartext</authentication></outgoingServer>
  <incomingServer type="imap"><hostname>imap.hostile.test</hostname><port>993</port><socketType>SSL</socketType>
    <username>%EMAILADDRESS%</username><authentication>password-&#x9b;31mcleartext</authentication></incomingServer>
</emailProvider></clientConfig>`);
  const result = await runCli(['lint', 'hostile.xml'], { cwd: tmp.dir });
  assert.match(result.stdout, /control-characters: .*U\+000A/);
  assert.match(result.stdout, /control-characters: .*U\+001B/);
  assertNoRawControls(result.stdout, 'lint stdout');
  assertNoRawControls(result.stderr, 'lint stderr');
});
