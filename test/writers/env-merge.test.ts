// Merging into a user's .env keeps every byte that is not ours to change, and an atomic
// write never loses an edit made between our read and our write.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, readdirSync, lstatSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatEnvValue, mergeEnv } from '@autoconf/core/internal/writers/env-merge.js';
import { writeFileAtomic } from '@autoconf/core/internal/writers/write-file-atomic.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';

const entries = [
  { key: 'SMTP_HOST', value: 'smtp.example.com', comment: 'autoconf: smtp.example.com:587 STARTTLS (verified 2026-11-28)' },
  { key: 'SMTP_PORT', value: '587' },
];

describe('mergeEnv', () => {
  it('appends new keys after everything, keeping comments, blank lines and order', () => {
    const original = '# app settings\n\nAPP_NAME=demo # inline\n\n# db\nDB_URL=postgres://x\n';
    const { text, changes } = mergeEnv(original, entries);
    assert.ok(text.startsWith(original));
    assert.equal(
      text.slice(original.length),
      '\n# autoconf: smtp.example.com:587 STARTTLS (verified 2026-11-28)\nSMTP_HOST=smtp.example.com\nSMTP_PORT=587\n',
    );
    assert.deepEqual(changes.map((c) => c.kind), ['added', 'added']);
  });

  it('leaves a different user value alone as a conflict, and reports equal ones unchanged', () => {
    const original = 'SMTP_HOST=mail.mine.test\nSMTP_PORT="587"\n';
    const { text, changes } = mergeEnv(original, entries);
    assert.equal(text, original);
    assert.deepEqual(changes, [
      { key: 'SMTP_HOST', kind: 'conflict', old: 'mail.mine.test', new: 'smtp.example.com' },
      { key: 'SMTP_PORT', kind: 'unchanged', old: '587', new: '587' },
    ]);
  });

  it('with force, updates in place keeping export, quoting style and inline comment', () => {
    const original = "export SMTP_HOST='old.test' # set by ops\nSMTP_PORT = \"25\"\n";
    const { text, changes } = mergeEnv(original, entries, { force: true });
    assert.equal(text, "export SMTP_HOST='smtp.example.com' # set by ops\nSMTP_PORT = \"587\"\n");
    assert.deepEqual(changes.map((c) => [c.kind, c.old]), [['updated', 'old.test'], ['updated', '25']]);
  });

  it('updates the last of duplicate keys (the one dotenv keeps) and leaves the others', () => {
    const original = 'SMTP_HOST=first.test\nOTHER=1\nSMTP_HOST=second.test\n';
    const conflict = mergeEnv(original, entries.slice(0, 1));
    assert.equal(conflict.changes[0]?.old, 'second.test');
    const forced = mergeEnv(original, entries.slice(0, 1), { force: true });
    assert.equal(forced.text, 'SMTP_HOST=first.test\nOTHER=1\nSMTP_HOST=smtp.example.com\n');
  });

  it('keeps CRLF files CRLF', () => {
    const original = '# win\r\nAPP=1\r\n';
    const { text } = mergeEnv(original, entries);
    assert.equal(text, '# win\r\nAPP=1\r\n\r\n# autoconf: smtp.example.com:587 STARTTLS (verified 2026-11-28)\r\nSMTP_HOST=smtp.example.com\r\nSMTP_PORT=587\r\n');
    assert.doesNotMatch(text, /[^\r]\n/);
  });

  it('handles a file without a trailing newline, and keeps it without one', () => {
    const { text } = mergeEnv('APP=1', [{ key: 'SMTP_PORT', value: '587' }]);
    assert.equal(text, 'APP=1\n\nSMTP_PORT=587');
    assert.equal(mergeEnv('', [{ key: 'A', value: 'b' }]).text, 'A=b\n');
  });

  it('reads multi-line quoted values and replaces them whole', () => {
    const original = 'KEY="line one\nline two"\nAFTER=x\n';
    assert.equal(mergeEnv(original, [{ key: 'KEY', value: 'line one\nline two' }]).changes[0]?.kind, 'unchanged');
    const { text } = mergeEnv(original, [{ key: 'KEY', value: 'one' }], { force: true });
    assert.equal(text, 'KEY="one"\nAFTER=x\n');
  });

  it('does not swallow the file after a quote that never closes', () => {
    const original = 'BROKEN="oops\nSMTP_HOST=smtp.example.com\n';
    const { text, changes } = mergeEnv(original, entries.slice(0, 1));
    assert.equal(changes[0]?.kind, 'unchanged');
    assert.equal(text, original);
  });

  it('quotes values that need it, and reads them back equal', () => {
    const awkward = ['p@ss:w0rd/with%chars', 'has space', 'hash#tag', "it's", 'dollar$HOME', 'back\\slash', '~tilde'];
    for (const value of awkward) {
      const { text } = mergeEnv('', [{ key: 'V', value }]);
      assert.equal(mergeEnv(text, [{ key: 'V', value }]).changes[0]?.kind, 'unchanged', text);
    }
    assert.equal(formatEnvValue('p@ss:w0rd/with%chars'), 'p@ss:w0rd/with%chars');
    assert.equal(formatEnvValue('hash#tag'), "'hash#tag'");
    assert.equal(formatEnvValue('dollar$HOME'), "'dollar$HOME'");
    assert.equal(formatEnvValue('~tilde'), "'~tilde'");
    assert.equal(formatEnvValue("it's"), '"it\'s"');
    // No spelling reads alike in bash, dotenv and python-dotenv: refused, never written.
    for (const value of ["it's $x", 'two\nlines', 'both \' and "', 'trailing\\', "q'\\x"]) {
      assert.throws(() => formatEnvValue(value), (e) => isAutoconfError(e, 'WRITER_UNSAFE_VALUE'), JSON.stringify(value));
    }
  });

  it('rejects keys that are not env names, and repeated keys', () => {
    assert.throws(() => mergeEnv('', [{ key: 'BAD KEY', value: 'x' }]), (e) => isAutoconfError(e, 'WRITER_INVALID_INPUT'));
    assert.throws(() => mergeEnv('', [{ key: 'A', value: '1' }, { key: 'A', value: '2' }]), (e) => isAutoconfError(e, 'WRITER_INVALID_INPUT'));
  });
});

describe('writeFileAtomic', () => {
  function withDir(run: (dir: string) => Promise<void>) {
    return async () => {
      const dir = mkdtempSync(join(tmpdir(), 'autoconf-atomic-'));
      try {
        await run(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
  }

  it('replaces the file, keeps its permissions and leaves no temp file', withDir(async (dir) => {
    const path = join(dir, '.env');
    writeFileSync(path, 'A=1\n', { mode: 0o600 });
    const merged = mergeEnv('A=1\n', entries).text;
    await writeFileAtomic(path, merged, { expectedOriginal: 'A=1\n' });
    assert.equal(readFileSync(path, 'utf8'), merged);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['.env']);
  }));

  it('refuses when the file changed since it was read, and keeps the other edit', withDir(async (dir) => {
    const path = join(dir, '.env');
    writeFileSync(path, 'A=1\n');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, 'A=1\nB=edited meanwhile\n');
    await assert.rejects(writeFileAtomic(path, mergeEnv(original, entries).text, { expectedOriginal: original }), (e) =>
      isAutoconfError(e, 'FILE_CHANGED'));
    assert.equal(readFileSync(path, 'utf8'), 'A=1\nB=edited meanwhile\n');
    assert.deepEqual(readdirSync(dir), ['.env']);
  }));

  it('refuses to create over a file that appeared after "it does not exist"', withDir(async (dir) => {
    const path = join(dir, 'new.env');
    writeFileSync(path, 'SOMEONE=else\n');
    await assert.rejects(writeFileAtomic(path, 'A=1\n', { expectedOriginal: null }), (e) => isAutoconfError(e, 'FILE_CHANGED'));
    assert.equal(readFileSync(path, 'utf8'), 'SOMEONE=else\n');
  }));

  it('creates a new file and writes through a symlink, keeping the link', withDir(async (dir) => {
    await writeFileAtomic(join(dir, 'fresh.env'), 'A=1\n', { expectedOriginal: null });
    assert.equal(readFileSync(join(dir, 'fresh.env'), 'utf8'), 'A=1\n');
    symlinkSync(join(dir, 'fresh.env'), join(dir, 'link.env'));
    await writeFileAtomic(join(dir, 'link.env'), 'A=2\n', { expectedOriginal: 'A=1\n' });
    assert.ok(lstatSync(join(dir, 'link.env')).isSymbolicLink());
    assert.equal(readFileSync(join(dir, 'fresh.env'), 'utf8'), 'A=2\n');
  }));

  it('refuses a FIFO without opening it (opening would block) and a link out of its roots', { timeout: 10_000 }, withDir(async (dir) => {
    const fifo = join(dir, 'pipe.env');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    await assert.rejects(writeFileAtomic(fifo, 'A=1\n'), (e) => isAutoconfError(e, 'FILE_REFUSED') && /FIFO/.test(e.message));
    assert.ok(lstatSync(fifo).isFIFO());
    const elsewhere = mkdtempSync(join(tmpdir(), 'autoconf-elsewhere-'));
    try {
      writeFileSync(join(elsewhere, 'rc'), 'mine\n');
      symlinkSync(join(elsewhere, 'rc'), join(dir, 'out.env'));
      await assert.rejects(writeFileAtomic(join(dir, 'out.env'), 'A=1\n'), (e) => isAutoconfError(e, 'FILE_REFUSED'));
      // Named as a root, the same link is followed.
      await writeFileAtomic(join(dir, 'out.env'), 'A=1\n', { roots: [elsewhere] });
      assert.equal(readFileSync(join(elsewhere, 'rc'), 'utf8'), 'A=1\n');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }));

  it('keeps the owner of a file it replaces (as root) and honours the umask for a new one', withDir(async (dir) => {
    const path = join(dir, 'owned.env');
    writeFileSync(path, 'A=1\n', { mode: 0o640 });
    if (process.getuid?.() === 0) chownSync(path, 2345, 2346);
    const before = statSync(path);
    await writeFileAtomic(path, 'A=2\n');
    const after = statSync(path);
    assert.notEqual(after.ino, before.ino, 'a new inode (renamed into place)');
    assert.deepEqual([after.uid, after.gid, after.mode & 0o777], [before.uid, before.gid, 0o640]);
    const previous = process.umask(0o077);
    try {
      await writeFileAtomic(join(dir, 'fresh.txt'), 'x\n');
    } finally {
      process.umask(previous);
    }
    assert.equal(statSync(join(dir, 'fresh.txt')).mode & 0o777, 0o600);
  }));

  it('gives typed errors for a missing directory and for cancellation', withDir(async (dir) => {
    await assert.rejects(writeFileAtomic(join(dir, 'no', 'such', '.env'), 'A=1\n'), (e) => isAutoconfError(e, 'FILE_WRITE_FAILED'));
    await assert.rejects(writeFileAtomic(join(dir, '.env'), 'A=1\n', { signal: AbortSignal.abort() }), (e) => isAutoconfError(e, 'ABORTED'));
    assert.deepEqual(readdirSync(dir), []);
  }));
});
