// The library called the obvious way — discover(address), probeEndpoint(request),
// verifyLogin(request), httpRequest(request), no network given — makes its network from
// /etc/resolv.conf as detect() does, and answers. It runs in a namespace of its own (no
// route out, loopback up) so the default resolver's queries cannot leave the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const SCRIPT = resolve('test/core/net/default-network-script.ts');
const canUnshare = spawnSync('unshare', ['-rn', 'true']).status === 0;

test('no network argument anywhere: each entry point answers with data, nothing crashes', { skip: canUnshare ? false : 'needs unshare -rn' }, () => {
  const run = spawnSync(
    'unshare',
    ['-rn', 'sh', '-c', 'ip link set lo up && exec "$0" --conditions=source --import tsx "$1"', process.execPath, SCRIPT],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at /, run.stderr);
  const seen = JSON.parse(run.stdout);
  assert.ok(seen.embedded.includes('smtp.gmail.com'), JSON.stringify(seen));
  assert.equal(seen.sources.length, 7);
  assert.equal(seen.probe.outcome, 'ok');
  assert.match(seen.probe.greeting, /mx\.local\.test ESMTP/);
  assert.equal(seen.byName, 'dns-failed');
  assert.equal(seen.login, 'refused-insecure');
  assert.equal(seen.fetched, 'dns');
});
