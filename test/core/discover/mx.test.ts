import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deriveMxDomains, discoverMx, pickBestMx } from '@autoconf/core/internal/discover/mx.js';
import { discoverIspdb } from '@autoconf/core/internal/discover/ispdb.js';
import type { Route } from '../../helpers/https-server.js';
import { makeContext } from './context.js';
import { NOT_ROOT, startWorld, xmlRoute, type World } from './world.js';
import { expandUsername, parseAddress } from '@autoconf/core/internal/address.js';

const ISPDB_DIR = fileURLToPath(new URL('../../../../shared/ispdb/', import.meta.url));
const SKIP = NOT_ROOT || (existsSync(ISPDB_DIR) ? false : '../shared/ispdb is absent');
const ISPDB_BASE = 'https://ispdb.test/v1.1/';

/** The ISPDB serves one document per listed <domain>, as its convert tool publishes it. */
function ispdbRoutes(): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const file of readdirSync(ISPDB_DIR).filter((name) => name.endsWith('.xml'))) {
    const xml = readFileSync(`${ISPDB_DIR}/${file}`, 'utf8');
    for (const [, domain] of xml.matchAll(/<domain>\s*([^<\s]+)\s*<\/domain>/g)) routes[`/v1.1/${domain?.toLowerCase()}`] = xmlRoute(xml);
  }
  return routes;
}

let world: World;

before(async () => {
  if (SKIP) return;
  world = await startWorld({
    ip: '127.62.0.1',
    https: { 'ispdb.test': ispdbRoutes() },
    zone: {
      'contoso.test': { MX: [{ priority: 10, exchange: 'contoso-test.mail.protection.outlook.com' }] },
      'family.test': { MX: [{ priority: 20, exchange: 'in2-smtp.messagingengine.com' }, { priority: 10, exchange: 'in1-smtp.messagingengine.com' }] },
      'nomail.test': { MX: [{ priority: 0, exchange: '' }] },
      'self.test': { MX: [{ priority: 10, exchange: 'mx.self.test' }] },
    },
  });
});
after(() => world?.close());

test('MX domains: full MX domain only when longer than the registrable one', () => {
  assert.deepEqual(deriveMxDomains('contoso-test.mail.protection.outlook.com'), ['mail.protection.outlook.com', 'outlook.com']);
  assert.deepEqual(deriveMxDomains('in1-smtp.messagingengine.com'), ['messagingengine.com']);
  assert.deepEqual(deriveMxDomains('mx.example.co.uk'), ['example.co.uk']);
  assert.equal(pickBestMx([{ priority: 20, exchange: 'b' }, { priority: 5, exchange: 'a' }, { priority: 10, exchange: 'c' }])?.exchange, 'a');
});

test('ispdb: a real ISPDB file served by the stand-in', { skip: SKIP }, async () => {
  const { record, candidates } = await discoverIspdb(makeContext('jane@gmx.de', world.network, { ispdbBaseUrl: ISPDB_BASE }));
  assert.equal(record.status, 'found');
  assert.ok(candidates.some((c) => c.protocol === 'imap' && c.host === 'imap.gmx.net' && c.port === 993 && c.security === 'tls'));
  assert.ok(candidates.some((c) => c.protocol === 'smtp' && c.host === 'mail.gmx.net'));
  assert.ok(candidates.every((c) => c.trust === 'published' && expandUsername(c.usernameTemplate ?? '', parseAddress('jane@gmx.de')) === 'jane@gmx.de'));
});

test('mx: a Microsoft 365 customer domain found through its MX, ISPDB and the embedded map', { skip: SKIP }, async () => {
  const { record, candidates } = await discoverMx(makeContext('ceo@contoso.test', world.network, { ispdbBaseUrl: ISPDB_BASE }));
  assert.equal(record.status, 'found');
  // Draft §3.1–3.4: autoconfig for both MX domains (no address), then the ISPDB for both.
  assert.deepEqual(record.requests, [
    'MX contoso.test',
    'GET https://autoconfig.mail.protection.outlook.com/mail/config-v1.1.xml',
    'GET https://autoconfig.outlook.com/mail/config-v1.1.xml',
    `GET ${ISPDB_BASE}mail.protection.outlook.com`,
    `GET ${ISPDB_BASE}outlook.com`,
  ]);
  assert.ok(!record.requests.some((r) => r.includes('emailaddress') || r.includes('ceo')));
  const hosted = record.notes.find((n) => n.code === 'hosted-by');
  assert.match(hosted?.message ?? '', /Microsoft 365/);
  assert.ok(record.notes.some((n) => n.code === 'oauth2-only'));
  const fromIspdb = candidates.filter((c) => c.evidence.includes(`${ISPDB_BASE}mail.protection.outlook.com`));
  assert.ok(fromIspdb.some((c) => c.protocol === 'imap' && c.host === 'outlook.office365.com'));
  const fromMap = candidates.filter((c) => c.evidence.endsWith('embedded:microsoft-365'));
  assert.ok(fromMap.some((c) => c.protocol === 'smtp' && c.host === 'smtp.office365.com' && c.port === 587));
  // Chosen by unauthenticated DNS: hints, each saying who hosts the mail.
  assert.ok(candidates.every((c) => c.source === 'mx' && c.trust === 'hint' && c.notes?.some((n) => n.code === 'hosted-by')));
  assert.deepEqual(candidates.map((c) => c.rank), candidates.map((_, i) => i));
});

test('mx: the best MX (lowest preference) decides; ISPDB on the MX registrable domain', { skip: SKIP }, async () => {
  const { record, candidates } = await discoverMx(makeContext('kid@family.test', world.network, { ispdbBaseUrl: ISPDB_BASE }));
  assert.ok(record.notes.some((n) => n.code === 'hosted-by' && n.message.includes('in1-smtp.messagingengine.com')));
  assert.ok(candidates.some((c) => c.evidence.includes(`${ISPDB_BASE}messagingengine.com`) && c.host === 'imap.fastmail.com'));
  assert.ok(candidates.some((c) => c.evidence.endsWith('embedded:fastmail')));
});

test('mx: a null MX is reported and nothing else is asked', { skip: SKIP }, async () => {
  const { record, candidates } = await discoverMx(makeContext('a@nomail.test', world.network, { ispdbBaseUrl: ISPDB_BASE }));
  assert.equal(record.status, 'empty');
  assert.equal(candidates.length, 0);
  assert.deepEqual(record.requests, ['MX nomail.test']);
  assert.ok(record.notes.some((n) => n.code === 'null-mx' && n.severity === 'high'));
});

test('mx: an MX inside the user\'s own domain is skipped', { skip: SKIP }, async () => {
  const { record } = await discoverMx(makeContext('a@self.test', world.network, { ispdbBaseUrl: ISPDB_BASE }));
  assert.equal(record.status, 'empty');
  assert.deepEqual(record.requests, ['MX self.test']);
});
