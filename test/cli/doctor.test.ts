// `autoconf doctor` on a project of real files: found from the project root down, checked
// statically, then dialled as their clients would dial them against a loopback mail domain
// (real ports 587/465/993 on 127.0.0.131: needs root), with the fix as key changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IS_ROOT, startMailDomain, type MailDomain } from '../core/detect/fixtures.js';
import { makeTempDir, runCli } from './cli-harness.js';

const skip = IS_ROOT ? false : 'binds the real ports 587/465/993 on loopback: needs root';
let domain: MailDomain | undefined;

before(async () => {
  if (IS_ROOT) domain = await startMailDomain({ ip: '127.0.0.131', domain: 'doc.test' });
});
after(async () => domain?.close());

function project(files: Record<string, string>): { dir: string; dispose(): void } {
  const tmp = makeTempDir();
  writeFileSync(join(tmp.dir, 'package.json'), '{"name":"app"}\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(tmp.dir, path, '..'), { recursive: true });
    writeFileSync(join(tmp.dir, path), text);
  }
  return tmp;
}

test('offline: the project\'s config files are found (not in node_modules), and implicit TLS on 587 is broken with its fix', async () => {
  const tmp = project({
    '.env': 'SMTP_HOST=mail.doc.test\nSMTP_PORT=587\nSMTP_SECURE=true\n',
    'src/main/resources/application.properties': 'spring.mail.host=mail.doc.test\nspring.mail.port=465\nspring.mail.properties.mail.smtp.ssl.enable=true\n',
    'node_modules/dep/.env': 'SMTP_HOST=ignored.example\n',
  });
  try {
    const result = await runCli(['doctor', '--offline'], { cwd: join(tmp.dir, 'src') });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /^\.env\n {2}env mail\.doc\.test:587, implicit TLS: BROKEN/m);
    assert.match(result.stdout, /SMTP_SECURE \(line 3\): Port 587 with implicit TLS.*"wrong version number"/);
    assert.match(result.stdout, /change:\n {6}SMTP_SECURE=false\n {6}SMTP_REQUIRE_TLS=true/);
    assert.match(result.stdout, /application\.properties\n {2}spring-boot mail\.doc\.test:465, implicit TLS: OK: works and is strict/);
    assert.doesNotMatch(result.stdout, /ignored\.example/);
  } finally {
    tmp.dispose();
  }
});

test('live: strict works (0), opportunistic works but is downgradeable (3), secure: true on 587 fails as the client will (1)', { skip }, async () => {
  const flags = ['--dns', domain!.dns.address, '--ca-file', 'ca.pem'];
  const cases: Array<[string, number, RegExp]> = [
    ['SMTP_HOST=mail.doc.test\nSMTP_PORT=587\nSMTP_SECURE=false\nSMTP_REQUIRE_TLS=true\nSMTP_USER=alice@doc.test\n', 0, /live: verified: Secured with STARTTLS.*\n {6}certificate: trusted, expires in \d+ day\(s\).*\n {6}login methods offered: PLAIN, LOGIN\n {4}autoconf recommends for doc\.test: mail\.doc\.test:587, STARTTLS, verified\n/],
    ['SMTP_HOST=mail.doc.test\nSMTP_PORT=587\n', 3, /STARTTLS is used only when the server offers it/],
    ['SMTP_HOST=mail.doc.test\nSMTP_PORT=2525\nSMTP_SECURE=true\nSMTP_USER=bob@doc.test\n', 1, /autoconf recommends for doc\.test: mail\.doc\.test:587, STARTTLS, verified \(not what this config uses\)/],
    ['SMTP_HOST=mail.doc.test\nSMTP_PORT=587\nSMTP_SECURE=true\n', 1, /live: FAILED: The server did not start TLS at once: port 587 expects STARTTLS.*\n {6}your app sees: "ssl3_get_record:wrong version number"/],
  ];
  for (const [env, code, words] of cases) {
    const tmp = project({ '.env': env, 'ca.pem': domain!.ca.cert });
    try {
      const result = await runCli(['doctor', ...flags], { cwd: tmp.dir });
      assert.equal(result.code, code, result.stdout + result.stderr);
      assert.match(result.stdout, words);
      const json = JSON.parse((await runCli(['doctor', '--json', ...flags], { cwd: tmp.dir })).stdout);
      assert.equal(json.files[0].file, '.env');
      assert.equal(json.files[0].configs[0].verdict, ['strict', 'broken', 'broken', 'weak'][code]);
      if (env.includes('SMTP_USER')) assert.equal(json.files[0].configs[0].recommended.smtp.port, 587);
    } finally {
      tmp.dispose();
    }
  }
});

test('a path that is not a config autoconf reads, or is missing, is exit 2', async () => {
  const tmp = project({ 'notes.txt': 'hello\n' });
  try {
    assert.equal((await runCli(['doctor', 'notes.txt'], { cwd: tmp.dir })).code, 2);
    assert.equal((await runCli(['doctor', '.env'], { cwd: tmp.dir })).code, 2);
  } finally {
    tmp.dispose();
  }
});

test('a password written in a file git tracks, or would take with the next add, is a high finding; ignored, it is not', async () => {
  const { execFileSync } = await import('node:child_process');
  const tmp = project({ '.env': 'SMTP_HOST=mail.doc.test\nSMTP_PORT=465\nSMTP_PASS=hunter2\n' });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.test', '-c', 'user.name=t', ...args], { cwd: tmp.dir, stdio: 'ignore' });
  try {
    git('init', '-q');
    const unignored = await runCli(['doctor', '--offline'], { cwd: tmp.dir });
    assert.equal(unignored.code, 3, unignored.stdout);
    assert.match(unignored.stdout, /SMTP_PASS \(line 3\): The password is written in the file, and this file is not in \.gitignore/);
    assert.doesNotMatch(unignored.stdout + unignored.stderr, /hunter2/);
    writeFileSync(join(tmp.dir, '.gitignore'), '.env\n');
    assert.equal((await runCli(['doctor', '--offline'], { cwd: tmp.dir })).code, 0);
    git('add', '-f', '.env');
    const tracked = await runCli(['doctor', '--offline'], { cwd: tmp.dir });
    assert.match(tracked.stdout, /git tracks this file/);
    writeFileSync(join(tmp.dir, '.env'), 'SMTP_HOST=mail.doc.test\nSMTP_PORT=465\nSMTP_PASS=${MAIL_SECRET}\n');
    assert.doesNotMatch((await runCli(['doctor', '--offline'], { cwd: tmp.dir, env: { MAIL_SECRET: 'x' } })).stdout, /password-in-repo|password is written/);
  } finally {
    tmp.dispose();
  }
});

test('--fix merges the changes into the .env after showing old → new: with --yes, or a yes on a terminal; every other line stays', async () => {
  const original = '# my app\nSMTP_HOST=mail.doc.test\nSMTP_PORT=587\nSMTP_SECURE="true"   # set by hand\nOTHER=keep me\n';
  const tmp = project({ '.env': original });
  try {
    const { readFileSync } = await import('node:fs');
    const refused = await runCli(['doctor', '--offline', '--fix'], { cwd: tmp.dir });
    assert.match(refused.stderr, /SMTP_SECURE: true → false\n {2}SMTP_REQUIRE_TLS: \(not set\) → true/);
    assert.match(refused.stderr, /left as it was \(no terminal to ask on: add --yes to apply\)/);
    assert.equal(readFileSync(join(tmp.dir, '.env'), 'utf8'), original);
    const declined = await runCli(['doctor', '--offline', '--fix'], { cwd: tmp.dir, tty: true, confirm: async () => false });
    assert.match(declined.stderr, /left as it was\./);
    assert.equal(readFileSync(join(tmp.dir, '.env'), 'utf8'), original);
    const applied = await runCli(['doctor', '--offline', '--fix', '--yes'], { cwd: tmp.dir });
    assert.match(applied.stderr, /\.env updated \(2 key\(s\)\)/);
    const text = readFileSync(join(tmp.dir, '.env'), 'utf8');
    assert.match(text, /^# my app\nSMTP_HOST=mail\.doc\.test\nSMTP_PORT=587\nSMTP_SECURE="false" {3}# set by hand\nOTHER=keep me\n/);
    assert.match(text, /SMTP_REQUIRE_TLS=true\n$/);
    assert.equal((await runCli(['doctor', '--offline'], { cwd: tmp.dir })).code, 0, 'the fixed file is strict');
  } finally {
    tmp.dispose();
  }
});

test('a source calling createTransport is found and read with the project\'s .env; other sources are not listed', async () => {
  const tmp = project({
    '.env': 'SMTP_HOST=mail.doc.test\nSMTP_PORT=587\nSMTP_SECURE=false\nSMTP_REQUIRE_TLS=true\n',
    'src/mail.js': "const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport({\n  host: process.env.SMTP_HOST,\n  port: Number(process.env.SMTP_PORT),\n  secure: Boolean(process.env.SMTP_SECURE),\n});\n",
    'src/other.ts': 'export const answer = 42;\n',
    'src/types.d.ts': 'declare const createTransport: unknown;\n',
  });
  try {
    const result = await runCli(['doctor', '--offline'], { cwd: tmp.dir });
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stdout, /src\/mail\.js\n {2}nodemailer mail\.doc\.test:587, implicit TLS: BROKEN/);
    assert.match(result.stdout, /secure \(line 5\): secure is read with Boolean\(\): the string "false" there is true/);
    assert.doesNotMatch(result.stdout, /other\.ts|types\.d\.ts/);
  } finally {
    tmp.dispose();
  }
});

test('--fix also merges into application.properties and a git config; every other line stays', async () => {
  const properties = '# app\nserver.port=8080\nspring.mail.host=mail.doc.test\nspring.mail.port=587\nspring.mail.properties.mail.smtp.starttls.enable=true\n';
  const gitconfig = '[user]\n\tname = A\n[sendemail]\n\tsmtpServer = mail.doc.test\n\tsmtpServerPort = 587\n';
  const tmp = project({ 'src/main/resources/application.properties': properties, '.gitconfig': gitconfig });
  try {
    const { readFileSync } = await import('node:fs');
    const result = await runCli(['doctor', '--offline', '--fix', '--yes'], { cwd: tmp.dir });
    assert.match(result.stderr, /spring\.mail\.properties\.mail\.smtp\.starttls\.required: \(not set\) → true/);
    assert.match(result.stderr, /smtpEncryption: \(not set\) → tls/);
    const props = readFileSync(join(tmp.dir, 'src/main/resources/application.properties'), 'utf8');
    assert.ok(props.startsWith('# app\nserver.port=8080\nspring.mail.host=mail.doc.test\nspring.mail.port=587\n'), props);
    assert.match(props, /^spring\.mail\.properties\.mail\.smtp\.starttls\.required=true$/m);
    const git = readFileSync(join(tmp.dir, '.gitconfig'), 'utf8');
    assert.match(git, /^\[user\]\n\tname = A\n\[sendemail\]\n/);
    assert.match(git, /smtpEncryption = tls/);
    assert.equal((await runCli(['doctor', '--offline'], { cwd: tmp.dir })).code, 0, 'both files are strict now');
  } finally {
    tmp.dispose();
  }
});

test('options imported from another module are read there, and the config is listed once', async () => {
  const tmp = project({
    // As the nodemailer writer emits it: the call named only in a comment.
    'src/smtp-options.ts': "// Use: nodemailer.createTransport(smtpOptions)\nexport const smtpOptions = {\n  host: 'mail.doc.test',\n  port: 587,\n  secure: true,\n};\n",
    'src/mail.ts': "import nodemailer from 'nodemailer';\nimport { smtpOptions } from './smtp-options.js';\nexport const transport = nodemailer.createTransport(smtpOptions);\n",
  });
  try {
    const result = await runCli(['doctor', '--offline'], { cwd: tmp.dir });
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stdout, /src\/mail\.ts\n {2}nodemailer mail\.doc\.test:587, implicit TLS: BROKEN/);
    assert.match(result.stdout, /secure \(line 5\): Port 587 with implicit TLS/);
    assert.equal(result.stdout.match(/nodemailer mail\.doc\.test:587/g)?.length, 1, result.stdout);
    assert.match(result.stdout, /src\/smtp-options\.ts\n {2}its settings are listed above, where they are used/);
  } finally {
    tmp.dispose();
  }
});

test('--fix merges typed values into nodemailer JSON and appsettings.json; a file not laid out as JSON.stringify would is left alone', async () => {
  const json = '{\n  "host": "mail.doc.test",\n  "port": 587,\n  "secure": true\n}\n';
  const appsettings = '{\n  "Logging": {\n    "LogLevel": "Warning"\n  },\n  "Smtp": {\n    "Host": "mail.doc.test",\n    "Port": 587,\n    "SecureSocketOptions": "SslOnConnect"\n  }\n}\n';
  const tmp = project({ 'smtp-options.json': json, 'appsettings.json': appsettings, 'config/mail.json': '{ "host": "mail.doc.test", "port": 587, "secure": true }\n' });
  try {
    const { readFileSync } = await import('node:fs');
    const result = await runCli(['doctor', '--offline', '--fix', '--yes'], { cwd: tmp.dir });
    assert.deepEqual(JSON.parse(readFileSync(join(tmp.dir, 'smtp-options.json'), 'utf8')), { host: 'mail.doc.test', port: 587, secure: false, requireTLS: true });
    const settings = JSON.parse(readFileSync(join(tmp.dir, 'appsettings.json'), 'utf8'));
    assert.deepEqual(settings, { Logging: { LogLevel: 'Warning' }, Smtp: { Host: 'mail.doc.test', Port: 587, SecureSocketOptions: 'StartTls' } });
    assert.match(result.stderr, /config\/mail\.json has syntax autoconf cannot merge into safely; left as it was/);
    assert.equal(readFileSync(join(tmp.dir, 'config/mail.json'), 'utf8'), '{ "host": "mail.doc.test", "port": 587, "secure": true }\n');
  } finally {
    tmp.dispose();
  }
});
