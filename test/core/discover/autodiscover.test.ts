import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { discoverAutodiscover, isForbiddenAutodiscoverHost } from '@autoconf/core/internal/discover/autodiscover.js';
import { AUTODISCOVER_RESPONSE_SCHEMA } from '@autoconf/core/internal/parse/autodiscover.js';
import { makeContext } from './context.js';
import { NOT_ROOT, startWorld, xmlRoute, type World } from './world.js';

const PATH = '/autodiscover/autodiscover.xml';

function account(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="${AUTODISCOVER_RESPONSE_SCHEMA}"><Account><AccountType>email</AccountType>${inner}</Account></Response>
</Autodiscover>`;
}
const settings = (host: string) => xmlRoute(account(
  `<Action>settings</Action><Protocol><Type>IMAP</Type><Server>imap.${host}</Server><Port>993</Port><SSL>on</SSL></Protocol>` +
  `<Protocol><Type>SMTP</Type><Server>smtp.${host}</Server><Port>587</Port><Encryption>TLS</Encryption></Protocol>`,
));
const redirectUrl = (url: string) => xmlRoute(account(`<Action>redirectUrl</Action><RedirectUrl>${url}</RedirectUrl>`));

let world: World;

before(async () => {
  if (NOT_ROOT) return;
  world = await startWorld({
    ip: '127.63.0.1',
    https: {
      'autodiscover.ad.test': { [PATH]: settings('ad.test') },
      'autodiscover.cross.test': { [PATH]: redirectUrl(`https://autodiscover.hoster.test${PATH}`) },
      'autodiscover.hoster.test': { [PATH]: settings('hoster.test') },
      'autodiscover.loop.test': { [PATH]: redirectUrl(`https://loop.test${PATH}`) },
      'loop.test': { [PATH]: redirectUrl(`https://autodiscover.loop.test${PATH}`) },
      'autodiscover.hops.test': { [PATH]: { status: 307, redirect: '/one' }, '/one': { status: 307, redirect: '/two' }, '/two': { status: 307, redirect: '/three' }, '/three': { status: 307, redirect: '/four' }, '/four': settings('hops.test') },
      'ad.srvhoster.test': { [PATH]: settings('srvhoster.test') },
      // Must never be asked: the Guardicore "autodiscover.<tld>" trap.
      'autodiscover.co.uk': { [PATH]: settings('trap.test') },
      'co.uk': { [PATH]: settings('trap.test') },
    },
    zone: {
      '_autodiscover._tcp.srv-ad.test': { SRV: [{ priority: 0, weight: 0, port: 443, target: 'ad.srvhoster.test' }] },
    },
  });
});
after(() => world?.close());

const sentTo = (host: string) => world.requests.filter((r) => r.host === host);

test('autodiscover: an unauthenticated POX POST with the address, settings become published candidates', { skip: NOT_ROOT }, async () => {
  const { record, candidates } = await discoverAutodiscover(makeContext('pat@ad.test', world.network));
  assert.equal(record.status, 'found');
  assert.deepEqual(candidates.map((c) => [c.protocol, c.host, c.port, c.security, c.trust]), [
    // SSL=on is "TLS or STARTTLS": the probe decides.
    ['imap', 'imap.ad.test', 993, 'unspecified', 'published'],
    ['smtp', 'smtp.ad.test', 587, 'starttls', 'published'],
  ]);
  const [request] = sentTo('autodiscover.ad.test');
  assert.equal(request?.method, 'POST');
  assert.match(request?.body ?? '', /<EMailAddress>pat@ad\.test<\/EMailAddress>/);
  assert.match(request?.headers['content-type'] ?? '', /^text\/xml/);
  assert.ok(world.requests.every((r) => r.headers.authorization === undefined), 'never a credential');
  assert.ok(record.requests.includes(`POST https://ad.test${PATH}`));
  assert.ok(record.requests.includes('SRV _autodiscover._tcp.ad.test'));
});

test('autodiscover: a redirect to another registrable domain is followed, noted cross-domain, and only a hint', { skip: NOT_ROOT }, async () => {
  const { record, candidates } = await discoverAutodiscover(makeContext('pat@cross.test', world.network));
  assert.deepEqual(candidates.map((c) => c.host), ['imap.hoster.test', 'smtp.hoster.test']);
  for (const candidate of candidates) {
    assert.equal(candidate.trust, 'hint');
    assert.ok(candidate.notes?.some((n) => n.code === 'cross-domain' && n.severity === 'medium'));
  }
  assert.ok(record.notes.some((n) => n.code === 'cross-domain' && n.message.includes('autodiscover.hoster.test')));
  assert.ok(sentTo('autodiscover.hoster.test').every((r) => r.headers.authorization === undefined));
});

test('autodiscover: redirectUrl loops end with a note, bounded', { skip: NOT_ROOT }, async () => {
  const started = performance.now();
  const { record, candidates } = await discoverAutodiscover(makeContext('pat@loop.test', world.network));
  assert.equal(candidates.length, 0);
  assert.ok(record.notes.some((n) => n.code === 'redirect-loop' || n.code === 'too-many-redirects'));
  assert.ok(sentTo('autodiscover.loop.test').length <= 3);
  assert.ok(performance.now() - started < 2_000);
});

test('autodiscover: more than 3 HTTP redirects are not followed', { skip: NOT_ROOT }, async () => {
  const { record, candidates } = await discoverAutodiscover(makeContext('pat@hops.test', world.network));
  assert.equal(candidates.length, 0);
  assert.ok(record.notes.some((n) => n.code === 'http-too-many-redirects'));
  assert.ok(!sentTo('autodiscover.hops.test').some((r) => r.path === '/four'));
  assert.ok(sentTo('autodiscover.hops.test').every((r) => r.method === 'POST'), 'the POST is repeated on 307');
});

test('autodiscover: never autodiscover.<public suffix>, never the suffix itself', { skip: NOT_ROOT }, async () => {
  const { record, candidates } = await discoverAutodiscover(makeContext('victim@co.uk', world.network));
  assert.equal(candidates.length, 0);
  assert.deepEqual(sentTo('autodiscover.co.uk'), []);
  assert.deepEqual(sentTo('co.uk'), []);
  assert.ok(!world.dns.queries.some((q) => q.name === 'autodiscover.co.uk' || (q.name === 'co.uk' && q.type !== 'SRV')));
  assert.equal(record.notes.filter((n) => n.code === 'autodiscover-forbidden-host').length, 2);
});

test('autodiscover: _autodiscover._tcp SRV names the server; the answer is a hint', { skip: NOT_ROOT }, async () => {
  const { candidates } = await discoverAutodiscover(makeContext('pat@srv-ad.test', world.network));
  assert.deepEqual(candidates.map((c) => [c.host, c.trust]), [['imap.srvhoster.test', 'hint'], ['smtp.srvhoster.test', 'hint']]);
  assert.match(candidates[0]?.evidence ?? '', /^https:\/\/ad\.srvhoster\.test\/autodiscover/);
});

test('forbidden hosts: public suffixes and autodiscover.<public suffix>', () => {
  assert.equal(isForbiddenAutodiscoverHost('autodiscover.com.br'), true);
  assert.equal(isForbiddenAutodiscoverHost('autodiscover.co.uk'), true);
  assert.equal(isForbiddenAutodiscoverHost('com'), true);
  assert.equal(isForbiddenAutodiscoverHost('autodiscover.example.co.uk'), false);
  assert.equal(isForbiddenAutodiscoverHost('example.com'), false);
});
