// Every provoked entry of the explain table, tested with the text the real client prints: each
// client is driven against scripted SMTP servers on loopback into each failure, and what it
// says must be explained with the right cause, best first. A client that is not installed is
// skipped (and fails in CI), naming its Debian package.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explainError } from '@autoconf/core/internal/explain/explain.js';
import { PATTERNS } from '@autoconf/core/internal/explain/patterns.js';
import type { CauseCode } from '@autoconf/core/internal/explain/causes.js';
import { CLIENTS, django, djangoBothFlags } from './client-drivers.js';
import { SCENARIOS, startWorld, type Scenario, type ScenarioId, type World } from './scenarios.js';

type Expected = CauseCode | 'not-recognised';

const EXPECTED: Record<ScenarioId, Expected> = {
  'tls-on-starttls-port': 'tls-on-starttls-port',
  'plain-on-tls-port': 'no-tls-on-tls-port',
  'no-starttls': 'starttls-not-offered',
  'self-signed': 'certificate-self-signed',
  'unknown-ca': 'certificate-untrusted',
  'name-mismatch': 'certificate-name-mismatch',
  expired: 'certificate-expired',
  refused: 'connection-refused',
  filtered: 'connection-timeout',
  'starttls-first': 'starttls-required',
  'tls-not-available': 'tls-not-available',
  'busy-421': 'server-busy',
  'bad-credentials': 'auth-failed',
  'app-password': 'gmail-app-password',
  'basic-auth-disabled': 'm365-basic-auth-disabled',
  'not-authenticated': 'm365-not-authenticated',
  'relay-denied': 'relay-denied',
};

// Where a client's own words say less than the failure: what it says is still explained as
// truthfully as its words allow.
const CLIENT_EXPECTED: Record<string, Partial<Record<ScenarioId, Expected>>> = {
  // PHP streams report OpenSSL's generic "certificate verify failed" for a self-signed or an
  // expired certificate alike.
  phpmailer: { 'self-signed': 'certificate-untrusted', expired: 'certificate-untrusted' },
  // Symfony 5.4 cannot require STARTTLS: without it, the server's 530 is what shows.
  'symfony-mailer': { 'no-starttls': 'starttls-required', 'self-signed': 'certificate-untrusted', expired: 'certificate-untrusted' },
  // The JVM says "PKIX path building failed" for any untrusted chain, self-signed or not.
  // Jakarta answers a 530 to AUTH by trying STARTTLS on its own; this server refuses it, and
  // the refusal is what Jakarta reports, as a failed login.
  'jakarta-mail': { 'self-signed': 'certificate-untrusted', 'starttls-first': 'auth-failed' },
  // curl prints a number and "Login denied" for every refused login, and only the code for RCPT.
  curl: { 'starttls-first': 'auth-failed', 'app-password': 'auth-failed', 'basic-auth-disabled': 'auth-failed', 'relay-denied': 'not-recognised' },
};

describe('explain: the real clients\' own words', () => {
  let world: World;
  // Every text a client printed, to check below that each provoked entry met its real text.
  const said: string[] = [];
  before(async () => {
    world = await startWorld();
  });
  after(() => world.close());

  for (const client of CLIENTS) {
    describe(client.id, { skip: client.skip }, () => {
      for (const [id, scenario] of Object.entries(SCENARIOS) as Array<[ScenarioId, Scenario]>) {
        const expected = CLIENT_EXPECTED[client.id]?.[id] ?? EXPECTED[id];
        it(`${scenario.id} → ${expected}`, { skip: client.cannot?.[id] ?? false }, async () => {
          const text = await world.provoke(scenario, (dial) => client.send(dial));
          said.push(text);
          assert.notEqual(text, '', `${client.id} did not fail: the scenario proves nothing`);
          const [best] = explainError(text);
          assert.equal(best?.code, expected, `${client.id} said:\n${text.slice(-3000)}\nexplained as ${explainError(text).map((e) => e.code).join(', ')}`);
        });
      }
    });
  }

  it('Django with both EMAIL_USE_TLS and EMAIL_USE_SSL → django-both-tls-flags', { skip: django.skip }, async () => {
    const text = await djangoBothFlags();
    said.push(text);
    assert.equal(explainError(text)[0]?.code, 'django-both-tls-flags', text);
  });

  const allInstalled = CLIENTS.every((client) => client.skip === false);
  it('every entry marked provoked matched a text a real client printed here', { skip: !allInstalled && 'a client is missing' }, () => {
    const unmet = PATTERNS.filter((pattern) => pattern.evidence === 'provoked' && !said.some((text) => pattern.match.test(text)));
    assert.deepEqual(unmet.map((pattern) => `${pattern.cause} ${pattern.match}`), []);
  });
});
