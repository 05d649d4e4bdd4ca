import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { discoverEmbedded, findEmbeddedProvider, findProviderByMx, WELL_KNOWN_SERVICES } from '@autoconf/core/internal/discover/embedded.js';
import { PROVIDERS } from '@autoconf/core/internal/discover/providers.js';
import { makeContext, makeNetwork } from './context.js';
import { expandUsername, parseAddress } from '@autoconf/core/internal/address.js';

const ISPDB_DIR = new URL('../../../../shared/ispdb/', import.meta.url);

test('embedded: answers from the table with no DNS server at all', async () => {
  // Port 9 on loopback: nothing answers there.
  const ctx = makeContext('someone@gmail.com', makeNetwork('127.0.0.1:9'));
  const { record, candidates } = await discoverEmbedded(ctx);
  assert.equal(record.status, 'found');
  assert.deepEqual(record.requests, ['embedded:gmail']);
  const imap = candidates.find((c) => c.protocol === 'imap');
  assert.equal(imap?.host, 'imap.gmail.com');
  assert.equal(imap?.security, 'tls');
  assert.equal(expandUsername(imap?.usernameTemplate ?? '', parseAddress('someone@gmail.com')), 'someone@gmail.com');
  assert.ok(candidates.every((c) => c.trust === 'published' && c.evidence === 'embedded:gmail' && c.source === 'embedded'));
});

test('embedded: OAuth2-only providers say so', async () => {
  const { record, candidates } = await discoverEmbedded(makeContext('a@hotmail.com', makeNetwork('127.0.0.1:9')));
  assert.ok(record.notes.some((n) => n.code === 'oauth2-only' && n.severity === 'high'));
  assert.ok(candidates.every((c) => c.authMethods.join() === 'oauth2'));
});

test('embedded: Proton and Tuta give notes, never servers (nodemailer lists Tuta SMTP wrongly)', async () => {
  for (const address of ['a@proton.me', 'a@tuta.com']) {
    const { record, candidates } = await discoverEmbedded(makeContext(address, makeNetwork('127.0.0.1:9')));
    assert.equal(candidates.length, 0, address);
    assert.equal(record.status, 'empty');
    assert.ok(record.notes.some((n) => n.severity === 'high'), address);
  }
});

test('embedded: unknown domain → not-found', async () => {
  const { record } = await discoverEmbedded(makeContext('a@unknown.test', makeNetwork('127.0.0.1:9')));
  assert.equal(record.status, 'not-found');
});

test('embedded: MX host map on label boundaries, longest suffix first', () => {
  assert.equal(findProviderByMx('aspmx.l.google.com')?.id, 'google-workspace');
  assert.equal(findProviderByMx('example-com.mail.protection.outlook.com.')?.id, 'microsoft-365');
  assert.equal(findProviderByMx('hotmail-com.olc.protection.outlook.com')?.id, 'outlook-com');
  assert.equal(findProviderByMx('in1-smtp.messagingengine.com')?.id, 'fastmail');
  assert.equal(findProviderByMx('mx-aol.mail.gm0.yahoodns.net')?.id, 'aol');
  assert.equal(findProviderByMx('mta5.am0.yahoodns.net')?.id, 'yahoo');
  assert.equal(findProviderByMx('mx01.mail.icloud.com')?.id, 'icloud');
  assert.equal(findProviderByMx('notgoogle.com'), undefined);
  assert.equal(findProviderByMx('mx.gmail.com.evil.test'), undefined);
});

test('nodemailer services normalised: numeric ports, 465 implies TLS, port-less entries dropped, sinks flagged', () => {
  const byId = new Map(WELL_KNOWN_SERVICES.map((s) => [s.id, s]));
  const aliyun = byId.get('nodemailer:qiye.aliyun');
  assert.equal(aliyun?.servers[0]?.port, 465);
  assert.equal(typeof aliyun?.servers[0]?.port, 'number');
  assert.equal(byId.get('nodemailer:bluewin')?.servers[0]?.security, 'tls');
  assert.equal(byId.get('nodemailer:aol')?.servers[0]?.security, 'starttls');
  const hotEe = byId.get('nodemailer:hot.ee');
  assert.deepEqual(hotEe?.servers, []);
  assert.ok(hotEe?.notes.some((n) => n.code === 'port-missing'));
  assert.ok(byId.get('nodemailer:ethereal')?.notes.some((n) => n.code === 'test-sink'));
  assert.deepEqual(byId.get('nodemailer:maildev')?.servers, []);
  for (const service of WELL_KNOWN_SERVICES) {
    for (const server of service.servers) assert.ok(Number.isInteger(server.port) && server.port > 0, service.id);
  }
  // Only nodemailer knows runbox.com: SMTP from its list, no username invented.
  const runbox = findEmbeddedProvider('runbox.com');
  assert.equal(runbox?.id, 'nodemailer:runbox');
  assert.equal(runbox?.servers[0]?.usernameTemplate, undefined);
  // Our table wins over nodemailer's for the same domain.
  assert.equal(findEmbeddedProvider('gmail.com')?.id, 'gmail');
});

test('provider table agrees with the ISPDB snapshot where both list a domain', (t) => {
  if (!existsSync(ISPDB_DIR)) return t.skip('../shared/ispdb is absent');
  let compared = 0;
  for (const provider of PROVIDERS) {
    for (const domain of provider.domains) {
      const file = new URL(`${domain}.xml`, ISPDB_DIR);
      if (!existsSync(file)) continue;
      const xml = readFileSync(file, 'utf8');
      const hosts = [...xml.matchAll(/<hostname>([^<]+)<\/hostname>/g)].map((m) => m[1]?.toLowerCase());
      for (const server of provider.servers) {
        // The ISPDB sometimes leaves a protocol out (POP3 for qq.com); compare what both list.
        if (!xml.includes(`type="${server.protocol}"`)) continue;
        assert.ok(hosts.includes(server.host), `${provider.id}: ${server.host} not in ${domain}.xml (${hosts.join(', ')})`);
      }
      compared += 1;
    }
  }
  assert.ok(compared >= 10, `only ${compared} providers compared`);
});
