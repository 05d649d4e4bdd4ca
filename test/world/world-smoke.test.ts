// The world harness itself: real Postfix and Dovecot answer on the product's real ports
// inside a private namespace, with the TLS modes and AUTH rules detect() will be tested on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runInWorld, worldSkipReason } from './run-in-world.js';

const SCENARIO = 'test/world/scenarios/smoke.ts';
const WORLD_TIMEOUT_MS = 40_000;
// A world starts in well under a second here; the bound leaves room for a loaded CI machine.
const START_LIMIT_MS = 5_000;
const skip = worldSkipReason({ mailServers: true });

interface SmtpFacts {
  greeting: string[];
  extensions: string[];
  auth?: string;
  starttlsReply?: string;
  tlsExtensions?: string[];
  tlsAuth?: string;
  authReply?: string;
}

interface SmokeFacts {
  startMs: number;
  resolvConf: string;
  mx: { exchange: string; priority: number }[];
  lookup: { address: string; family: number };
  autoconfig: { status?: number; body?: string; remote?: string };
  autoconfigWithoutCa: { error?: string };
  autoconfigRequests: string[];
  smtp25: SmtpFacts;
  submission: SmtpFacts;
  submissionWrong: SmtpFacts;
  submissions: SmtpFacts;
  imap: { greeting: string; starttlsReply: string; capability: string };
  imaps: { greeting: string; capability: string; loginReply: string };
  imapsWrong: { loginReply: string };
  pop3: { greeting: string; capa: string[]; stlsReply: string; tlsCapa: string[] };
  pop3s: { greeting: string; capa: string[] };
  firewall: {
    dropped: { outcome: string; afterMs: number };
    rejected: { outcome: string; afterMs: number };
    waitMs: number;
    afterClear: string;
    darkDns: string;
    rejectedDns: string;
    dnsAfterClear: string;
  };
}

test('a world runs real Postfix, Dovecot and DNS on the real ports', { skip, timeout: WORLD_TIMEOUT_MS + 5_000 }, async () => {
  const facts = await runInWorld<SmokeFacts>(SCENARIO, [], { timeoutMs: WORLD_TIMEOUT_MS });
  assert.ok(facts.startMs < START_LIMIT_MS, `world started in ${facts.startMs} ms`);

  // DNS: /etc/resolv.conf inside the namespace names the world's server, which answers.
  assert.match(facts.resolvConf, /^nameserver 127\.0\.0\.53$/m);
  assert.deepEqual(facts.mx, [{ exchange: 'mail.example.test', priority: 10 }]);
  assert.deepEqual(facts.lookup, { address: '127.0.0.10', family: 4 });

  // HTTPS on 443 of the site's own address, trusted through the world CA only.
  assert.equal(facts.autoconfig.status, 200);
  assert.match(facts.autoconfig.body ?? '', /<clientConfig version="1.1"\/>/);
  assert.equal(facts.autoconfig.remote, '127.0.0.80');
  assert.equal(facts.autoconfigWithoutCa.error, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  assert.deepEqual(facts.autoconfigRequests, ['autoconfig.example.test']);

  // 25: an MTA port, STARTTLS offered, no AUTH before or after TLS.
  assert.deepEqual(facts.smtp25.greeting, ['220 mail.example.test ESMTP world']);
  assert.ok(facts.smtp25.extensions.includes('STARTTLS'));
  assert.equal(facts.smtp25.auth, undefined);
  assert.match(facts.smtp25.starttlsReply ?? '', /^220 /);
  assert.equal(facts.smtp25.tlsAuth, undefined);

  // 587: STARTTLS, and AUTH only once TLS is up (verified against the world CA).
  assert.ok(facts.submission.extensions.includes('STARTTLS'));
  assert.equal(facts.submission.auth, undefined);
  assert.equal(facts.submission.tlsAuth, 'AUTH PLAIN LOGIN');
  assert.ok(!facts.submission.tlsExtensions?.includes('STARTTLS'));
  assert.match(facts.submission.authReply ?? '', /^235 /);
  assert.match(facts.submissionWrong.authReply ?? '', /^535 /);

  // 465: implicit TLS from the first byte, AUTH inside it.
  assert.deepEqual(facts.submissions.greeting, ['220 mail.example.test ESMTP world']);
  assert.equal(facts.submissions.auth, 'AUTH PLAIN LOGIN');
  assert.ok(!facts.submissions.extensions.includes('STARTTLS'));
  assert.match(facts.submissions.authReply ?? '', /^235 /);

  // IMAP 143: STARTTLS and LOGINDISABLED until TLS (RFC 3501 §6.2.3); 993: TLS, real LOGIN.
  assert.match(facts.imap.greeting, /^\* OK \[CAPABILITY IMAP4rev1 .*STARTTLS LOGINDISABLED\]/);
  assert.match(facts.imap.starttlsReply, /^a OK /);
  assert.doesNotMatch(facts.imap.capability, /STARTTLS|LOGINDISABLED/);
  assert.match(facts.imap.capability, /AUTH=PLAIN/);
  assert.match(facts.imaps.greeting, /^\* OK /);
  assert.doesNotMatch(facts.imaps.greeting, /STARTTLS/);
  assert.equal(facts.imaps.loginReply, 'OK');
  assert.equal(facts.imapsWrong.loginReply, 'NO');

  // POP3 110 (STLS) and 995 (TLS).
  assert.match(facts.pop3.greeting, /^\+OK /);
  assert.ok(facts.pop3.capa.includes('STLS'));
  assert.ok(!facts.pop3.capa.includes('USER'), 'no USER before TLS');
  assert.ok(facts.pop3.tlsCapa.includes('USER'));
  assert.match(facts.pop3.stlsReply, /^\+OK /);
  assert.ok(!facts.pop3.tlsCapa.includes('STLS'));
  assert.match(facts.pop3s.greeting, /^\+OK /);
  assert.ok(facts.pop3s.capa.includes('SASL PLAIN LOGIN'));

  // A dropped port times out; a rejected one is refused at once; clearing restores both.
  assert.equal(facts.firewall.dropped.outcome, 'timeout');
  assert.ok(facts.firewall.dropped.afterMs >= facts.firewall.waitMs);
  assert.equal(facts.firewall.rejected.outcome, 'refused');
  assert.ok(facts.firewall.rejected.afterMs < facts.firewall.waitMs / 2, `refused after ${facts.firewall.rejected.afterMs} ms`);
  assert.equal(facts.firewall.afterClear, 'connected');
  assert.equal(facts.firewall.darkDns, 'ETIMEOUT');
  assert.equal(facts.firewall.rejectedDns, 'ECONNREFUSED');
  assert.equal(facts.firewall.dnsAfterClear, 'answered');
});

test('a cleartext world hides STARTTLS on 587 and offers AUTH without TLS', { skip, timeout: WORLD_TIMEOUT_MS + 5_000 }, async () => {
  const facts = await runInWorld<{ submission: SmtpFacts }>(SCENARIO, ['cleartext'], { timeoutMs: WORLD_TIMEOUT_MS });
  assert.ok(!facts.submission.extensions.includes('STARTTLS'));
  assert.equal(facts.submission.auth, 'AUTH PLAIN LOGIN');
  assert.equal(facts.submission.starttlsReply, undefined);
});

async function expectKilledCleanly(mode: string, timeoutMs: number, message: RegExp): Promise<void> {
  const started = Date.now();
  let error: Error | undefined;
  await runInWorld('test/world/scenarios/hang.ts', [mode], { timeoutMs }).catch((caught: Error) => (error = caught));
  assert.ok(error, 'the hanging scenario must fail');
  assert.match(error.message, message);
  // The launcher rejects with "processes survived" when the namespace does not empty.
  assert.doesNotMatch(error.message, /survived/);
  const dir = /world dir: (\S+)/.exec(error.message)?.[1];
  assert.ok(dir, error.message);
  assert.equal(existsSync(dir), false, `${dir} was left behind`);
  assert.ok(Date.now() - started < timeoutMs + 5_000);
}

test('a scenario that never finishes times out itself and stops its world', { skip, timeout: 30_000 }, async () => {
  // 10 s: the scenario's own deadline (8 s) leaves time for node, tsx and the world to start.
  await expectKilledCleanly('wait', 10_000, /failed: scenario timed out/);
});

test('a scenario that blocks is killed with its whole namespace', { skip, timeout: 30_000 }, async () => {
  await expectKilledCleanly('block', 5_000, /killed after 5000 ms/);
});

test('a scenario that throws reports its error and the servers\' logs', { skip, timeout: 30_000 }, async () => {
  await assert.rejects(runInWorld('test/world/scenarios/hang.ts', ['throw'], { timeoutMs: 20_000 }), (error: Error) => {
    assert.match(error.message, /failed: deliberate failure/);
    assert.match(error.stack ?? '', /--- postfix/);
    return true;
  });
});

test('startWorld refuses to run outside a world namespace', { skip: process.platform === 'linux' ? undefined : 'Linux only' }, async () => {
  const { startWorld } = await import('./world.js');
  await assert.rejects(startWorld(), /only inside a namespace made by runInWorld/);
});
