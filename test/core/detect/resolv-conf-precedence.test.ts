// DNS timeout and attempts: the caller's, then resolv.conf's `options timeout:N attempts:N`,
// then the defaults table. Proved by counting what a DNS black hole on 127.0.0.1:53 receives
// from detect() called without nameservers, in a namespace whose /etc/resolv.conf is a temp
// file (resolv.conf names servers without ports, so the black hole needs port 53 of its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULTS } from '@autoconf/core/internal/defaults.js';

const SCRIPT = resolve('test/core/detect/resolv-conf-precedence-script.ts');
const canUnshare = spawnSync('unshare', ['-rmn', 'true']).status === 0;
const QUESTIONS = ['MX dark.test', ...['submissions', 'submission', 'imaps', 'imap', 'pop3s', 'pop3'].map((service) => `SRV _${service}._tcp.dark.test`)];

test('resolv.conf options count when the caller gives none, and the caller beats them', { skip: canUnshare ? false : 'needs unshare -rmn' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'autoconf-resolv-precedence-'));
  try {
    const file = join(dir, 'resolv.conf');
    writeFileSync(file, '');
    const run = spawnSync(
      'unshare',
      ['-rmn', 'sh', '-c', 'ip link set lo up && mount --bind "$2" /etc/resolv.conf && exec "$0" --conditions=source --import tsx "$1" "$2"', process.execPath, SCRIPT, file],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    const seen = JSON.parse(run.stdout) as Record<'resolvConf' | 'table' | 'caller', { perQuestion: Record<string, number>; status: string }>;
    const askedEach = (times: number) => Object.fromEntries(QUESTIONS.map((question) => [question, times]));
    // `options timeout:1 attempts:1`: one query per question, then detect() gives up on DNS.
    assert.deepEqual(seen.resolvConf.perQuestion, askedEach(1));
    // No options line: the table's attempts (glibc's own default is not ours).
    assert.deepEqual(seen.table.perQuestion, askedEach(DEFAULTS.dnsAttempts));
    // dnsAttempts: 3 from the caller wins over the file's attempts:1.
    assert.deepEqual(seen.caller.perQuestion, askedEach(3));
    for (const each of Object.values(seen)) assert.equal(each.status, 'no-network');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
