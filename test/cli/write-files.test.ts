// --write onto real files of every kind: special files are refused before anything opens them,
// files of the user's are merged by key or get a sibling — never replaced — and symbolic links
// lead only inside the project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDir, runCli } from './cli-harness.js';

const DETECT = ['detect', '--offline', 'you@gmail.com'];

async function inTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const tmp = makeTempDir();
  try {
    await run(tmp.dir);
  } finally {
    tmp.dispose();
  }
}

function oneLineError(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0] ?? '', /^autoconf: .*nothing was written/);
}

test('--out onto a FIFO, a socket, a device or a directory exits 2 without opening it', { timeout: 20_000 }, async () => {
  await inTempDir(async (dir) => {
    const fifo = join(dir, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const socketPath = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    mkdirSync(join(dir, 'folder'));
    try {
      // Opening the FIFO would block until a reader came: the test's timeout catches that.
      for (const [out, kind] of [[fifo, /FIFO/], [socketPath, /socket/], ['/dev/null', /device/], ['folder', /directory/]] as const) {
        const result = await runCli([...DETECT, '--write', 'env', '--out', out], { cwd: dir });
        assert.equal(result.code, 2, `${out}: ${result.stderr}`);
        oneLineError(result.stderr);
        assert.match(result.stderr, kind);
      }
      assert.ok(lstatSync(fifo).isFIFO());
      assert.ok(lstatSync(socketPath).isSocket());
      assert.ok(lstatSync('/dev/null').isCharacterDevice());
      assert.deepEqual(readdirSync(join(dir, 'folder')), []);
      // A path through a file is an input error too, not an internal one.
      const throughFile = await runCli([...DETECT, '--write', 'env', '--out', 'pipe/x.env'], { cwd: dir });
      assert.equal(throughFile.code, 2, throughFile.stderr);
      // A link to a device is the device.
      symlinkSync('/dev/null', join(dir, 'null.env'));
      const linked = await runCli([...DETECT, '--write', 'env', '--out', 'null.env'], { cwd: dir });
      assert.equal(linked.code, 2);
      assert.match(linked.stderr, /device|out of the project/);
    } finally {
      server.close();
    }
    assert.deepEqual(readdirSync(dir).sort(), ['folder', 'null.env', 'pipe'].sort(), 'no temp or lock file left');
  });
});

test('--out - prints the config on stdout and writes nothing', async () => {
  await inTempDir(async (dir) => {
    const result = await runCli([...DETECT, '--write', 'msmtp', '--out', '-'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^# autoconf: smtp\.gmail\.com:587/);
    assert.ok(!result.stdout.includes('Send (SMTP)'), 'stdout carries the config only');
    assert.deepEqual(readdirSync(dir), []);
    const clash = await runCli([...DETECT, '--json', '--write', 'msmtp', '--out', '-'], { cwd: dir });
    assert.equal(clash.code, 2);
  });
});

test('rails --force never replaces a Rails environment: the config goes beside it, and says so', async () => {
  await inTempDir(async (dir) => {
    const envDir = join(dir, 'config', 'environments');
    mkdirSync(envDir, { recursive: true });
    const production = 'Rails.application.configure do\n  config.cache_classes = true\nend\n';
    writeFileSync(join(envDir, 'production.rb'), production);
    const first = await runCli([...DETECT, '--write', 'rails', '--force'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(readFileSync(join(envDir, 'production.rb'), 'utf8'), production);
    const sibling = readFileSync(join(envDir, 'production.autoconf.rb'), 'utf8');
    assert.match(sibling, /^# autoconf: smtp\.gmail\.com:587/);
    assert.match(first.stderr, /production\.rb exists and is not autoconf's: left untouched; the config is in production\.autoconf\.rb/);

    // The sibling is ours: the same config leaves it alone; another one needs --force.
    const again = await runCli([...DETECT, '--write', 'rails'], { cwd: dir });
    assert.match(again.stderr, /unchanged/);
    writeFileSync(join(envDir, 'production.autoconf.rb'), sibling.replace('587', '2525'));
    const differs = await runCli([...DETECT, '--write', 'rails'], { cwd: dir });
    assert.equal(differs.code, 2);
    assert.match(differs.stderr, /written by autoconf earlier.*--force/);
    const forced = await runCli([...DETECT, '--write', 'rails', '--force'], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(join(envDir, 'production.autoconf.rb'), 'utf8'), sibling);

    // A sibling that is not ours either: refused, both untouched.
    writeFileSync(join(envDir, 'production.autoconf.rb'), 'mine too\n');
    const refused = await runCli([...DETECT, '--write', 'rails', '--force'], { cwd: dir });
    assert.equal(refused.code, 2);
    assert.equal(readFileSync(join(envDir, 'production.autoconf.rb'), 'utf8'), 'mine too\n');
    assert.deepEqual(readdirSync(envDir).sort(), ['production.autoconf.rb', 'production.rb']);
  });
});

test('a file target autoconf wrote is replaced with --force; a foreign one never is', async () => {
  await inTempDir(async (dir) => {
    const created = await runCli([...DETECT, '--write', 'msmtp'], { cwd: dir });
    assert.equal(created.code, 0, created.stderr);
    const ours = readFileSync(join(dir, '.msmtprc'), 'utf8');
    writeFileSync(join(dir, '.msmtprc'), ours.replace('port 587', 'port 2525'));
    assert.equal((await runCli([...DETECT, '--write', 'msmtp'], { cwd: dir })).code, 2);
    assert.equal((await runCli([...DETECT, '--write', 'msmtp', '--force'], { cwd: dir })).code, 0);
    assert.equal(readFileSync(join(dir, '.msmtprc'), 'utf8'), ours);
    writeFileSync(join(dir, '.msmtprc'), 'account work\nhost mail.work.example\n');
    const foreign = await runCli([...DETECT, '--write', 'msmtp', '--force'], { cwd: dir });
    assert.equal(foreign.code, 0, foreign.stderr);
    assert.equal(readFileSync(join(dir, '.msmtprc'), 'utf8'), 'account work\nhost mail.work.example\n');
    assert.equal(readFileSync(join(dir, '.msmtprc.autoconf'), 'utf8'), ours);
  });
});

test('spring-boot merges into application.properties by key, keeping every other line', async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, 'application.properties');
    const original = '# my app\nserver.port=8080\nspring.mail.host = relay.local\nlogging.level.root=\\\n  INFO\n';
    writeFileSync(path, original);
    const refused = await runCli([...DETECT, '--write', 'spring-boot'], { cwd: dir });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /spring\.mail\.host.*--force/);
    assert.equal(readFileSync(path, 'utf8'), original);
    const forced = await runCli([...DETECT, '--write', 'spring-boot', '--force'], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.startsWith('# my app\nserver.port=8080\nspring.mail.host=smtp.gmail.com\nlogging.level.root=\\\n  INFO\n'), text);
    assert.match(text, /^spring\.mail\.properties\.mail\.smtp\.starttls\.required=true$/m);
    assert.match(forced.stderr, /spring\.mail\.host: updated/);
    assert.match(forced.stderr, /spring\.mail\.port: added/);
    const again = await runCli([...DETECT, '--write', 'spring-boot'], { cwd: dir });
    assert.equal(again.code, 0);
    assert.equal(readFileSync(path, 'utf8'), text, 'a second run changes nothing');
  });
});

test('git-send-email merges into a .gitconfig section by key', async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, '.gitconfig');
    const original = '[user]\n\tname = Alice\n[sendemail]\n\tconfirm = always\n[alias]\n\tco = checkout\n';
    writeFileSync(path, original);
    const result = await runCli([...DETECT, '--write', 'git-send-email'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const text = readFileSync(path, 'utf8');
    assert.match(text, /^\[user\]\n\tname = Alice\n\[sendemail\]\n\tconfirm = always\n\t# autoconf: .*\n\tsmtpServer = "smtp\.gmail\.com"\n/);
    assert.ok(text.endsWith('[alias]\n\tco = checkout\n'), text);
    // git itself reads the merged file.
    const git = spawnSync('git', ['config', '--file', path, 'sendemail.smtpserverport'], { encoding: 'utf8' });
    assert.equal(git.stdout.trim(), '587');
    assert.equal(spawnSync('git', ['config', '--file', path, 'user.name'], { encoding: 'utf8' }).stdout.trim(), 'Alice');
  });
});

test('dotnet merges the Smtp object into a canonical appsettings.json; one with comments gets a sibling', async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, 'appsettings.json');
    const settings = { Logging: { LogLevel: { Default: 'Information' } }, Smtp: { From: 'app@example.com' }, AllowedHosts: '*' };
    writeFileSync(path, JSON.stringify(settings, null, 2) + '\n');
    const result = await runCli([...DETECT, '--write', 'dotnet'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const merged = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(merged.Logging, settings.Logging);
    assert.equal(merged.Smtp.From, 'app@example.com');
    assert.equal(merged.Smtp.Host, 'smtp.gmail.com');
    assert.equal(merged.Smtp.SecureSocketOptions, 'StartTls');

    const commented = '{\n  // production\n  "AllowedHosts": "*"\n}\n';
    writeFileSync(path, commented);
    const beside = await runCli([...DETECT, '--write', 'dotnet', '--force'], { cwd: dir });
    assert.equal(beside.code, 0, beside.stderr);
    assert.equal(readFileSync(path, 'utf8'), commented);
    assert.ok(existsSync(join(dir, 'appsettings.autoconf.json')));
  });
});

test('a .env symlink is followed inside the project and refused out of it', async () => {
  await inTempDir(async (dir) => {
    const outside = makeTempDir();
    try {
      const bashrc = join(outside.dir, '.bashrc');
      writeFileSync(bashrc, 'alias ll="ls -l"\n');
      symlinkSync(bashrc, join(dir, '.env'));
      const refused = await runCli([...DETECT, '--write', 'env'], { cwd: dir });
      assert.equal(refused.code, 2);
      oneLineError(refused.stderr);
      assert.match(refused.stderr, /symbolic link out of the project/);
      assert.equal(readFileSync(bashrc, 'utf8'), 'alias ll="ls -l"\n');

      // Inside the project (a monorepo's shared .env): followed, and the link stays a link.
      mkdirSync(join(dir, 'app'));
      writeFileSync(join(dir, 'shared.env'), 'APP=1\n');
      symlinkSync('../shared.env', join(dir, 'app', '.env'));
      const inApp = await runCli([...DETECT, '--write', 'env', '--out', 'app/.env'], { cwd: dir });
      assert.equal(inApp.code, 0, inApp.stderr);
      assert.equal(readlinkSync(join(dir, 'app', '.env')), '../shared.env');
      assert.match(readFileSync(join(dir, 'shared.env'), 'utf8'), /^APP=1\n[\s\S]*SMTP_HOST=smtp\.gmail\.com/);
    } finally {
      outside.dispose();
    }
  });
});

test('an existing file keeps its mode and owner; a new .env is 0600', async () => {
  await inTempDir(async (dir) => {
    const fresh = await runCli([...DETECT, '--write', 'env'], { cwd: dir });
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.equal(statSync(join(dir, '.env')).mode & 0o777, 0o600 & ~process.umask());

    const path = join(dir, 'application.properties');
    writeFileSync(path, 'server.port=8080\n');
    chmodSync(path, 0o640);
    const isRoot = process.getuid?.() === 0;
    if (isRoot) chownSync(path, 4321, 4321);
    const merged = await runCli([...DETECT, '--write', 'spring-boot'], { cwd: dir });
    assert.equal(merged.code, 0, merged.stderr);
    const after = statSync(path);
    assert.equal(after.mode & 0o777, 0o640);
    if (isRoot) assert.deepEqual([after.uid, after.gid], [4321, 4321]);
    assert.match(readFileSync(path, 'utf8'), /spring\.mail\.host=smtp\.gmail\.com/);

    // New files honour the umask (a chmod after open(2) would undo it).
    const previous = process.umask(0o027);
    try {
      assert.equal((await runCli([...DETECT, '--write', 'msmtp'], { cwd: dir })).code, 0);
      assert.equal((await runCli([...DETECT, '--write', 'laravel', '--out', 'laravel.env'], { cwd: dir })).code, 0);
    } finally {
      process.umask(previous);
    }
    assert.equal(statSync(join(dir, '.msmtprc')).mode & 0o777, 0o640);
    assert.equal(statSync(join(dir, 'laravel.env')).mode & 0o777, 0o600);
  });
});
