// The live half of a diagnosis: the config's endpoint dialled exactly as its client would dial
// it, against real servers on loopback (the port map lets a config say 587 and 465 while the
// servers listen on free ports), with what happened in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createNetwork } from '@autoconf/core';
import { readEnvConfigs } from '@autoconf/core/internal/diagnose/read-env.js';
import { checkLive } from '@autoconf/core/internal/diagnose/live.js';
import { startDnsServer, type TestDnsServer } from '../../helpers/dns-server.js';
import { startLineServer, type LineServer } from '../../helpers/line-server.js';
import { createTestCa, type TestCa } from '../../helpers/test-ca.js';
import { smtpRules, SMTP_TLS_EHLO } from '../probe/fixtures.js';

let ca: TestCa;
let dns: TestDnsServer;
let submission: LineServer;
let submissions: LineServer;
const network = () => createNetwork({ servers: [dns.address], extraCa: [ca.cert], portMap: { 'mail.live.test:587': submission.port, 'mail.live.test:465': submissions.port } });

before(async () => {
  ca = createTestCa();
  const cert = ca.issue({ names: ['mail.live.test'] });
  dns = await startDnsServer({ zone: { 'mail.live.test': { A: ['127.0.0.1'] } } });
  submission = await startLineServer({ greeting: '220 mail.live.test ESMTP', tls: { cert }, rules: smtpRules() });
  submissions = await startLineServer({ greeting: '220 mail.live.test ESMTP', tls: { cert }, implicitTls: true, rules: [{ match: 'EHLO', reply: SMTP_TLS_EHLO }, { match: 'QUIT', reply: '221 bye', then: 'close' }] });
});
after(async () => {
  await Promise.all([submission.close(), submissions.close(), dns.close()]);
  ca.dispose();
});

const configOf = (env: string) => readEnvConfigs(env, '.env')[0]!;

test('secure: true on 587 fails the way the client will, and the words say to use STARTTLS', async () => {
  const live = await checkLive(configOf('SMTP_HOST=mail.live.test\nSMTP_PORT=587\nSMTP_SECURE=true\n'), { network: network() });
  assert.equal(live?.probe.requestedSecurity, 'tls');
  assert.equal(live?.explanation.verdict, 'failed');
  assert.match(live!.explanation.words, /did not start TLS at once: port 587 expects STARTTLS/);
});

test('the corrected config works: STARTTLS required on 587, implicit TLS on 465 by nodemailer default', async () => {
  const starttls = await checkLive(configOf('SMTP_HOST=mail.live.test\nSMTP_PORT=587\nSMTP_SECURE=false\nSMTP_REQUIRE_TLS=true\n'), { network: network() });
  assert.equal(starttls?.explanation.verdict, 'works', starttls?.explanation.words);
  assert.equal(starttls?.probe.observedSecurity, 'starttls');
  const implicit = await checkLive(configOf('SMTP_HOST=mail.live.test\nSMTP_PORT=465\n'), { network: network() });
  assert.equal(implicit?.probe.requestedSecurity, 'tls');
  assert.equal(implicit?.explanation.verdict, 'works', implicit?.explanation.words);
});

test('a config without a host has nothing to dial', async () => {
  const origin = { file: '.env', key: 'SMTP_REQUIRE_TLS' };
  assert.equal(await checkLive({ format: 'env', mode: { value: 'starttls-required', origin }, booleanStrings: [], unresolved: [] }), undefined);
});
