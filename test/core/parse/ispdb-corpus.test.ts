// Every file of the ISPDB snapshot in ../shared/ispdb must parse, and every imap/pop3/smtp
// server in it must come out as a candidate (or a note saying why not). The expected counts
// are computed from the raw text with regular expressions, independently of the XML reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseClientConfig } from '@autoconf/core/internal/parse/client-config.js';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const ISPDB_DIR = resolve(REPO_ROOT, '../shared/ispdb');
const files = existsSync(ISPDB_DIR) ? readdirSync(ISPDB_DIR).filter((name) => name.endsWith('.xml')).sort() : [];
const skip = files.length === 0 ? `no ISPDB snapshot at ${ISPDB_DIR}` : false;

const ctx = {
  address: { localPart: 'jane', domain: 'example.test', address: 'jane@example.test' },
  source: 'ispdb' as const,
  evidence: 'ispdb',
  trust: 'published' as const,
};

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function expectedCounts(raw: string) {
  const text = raw.replace(/<!--[\s\S]*?-->/g, '');
  return {
    imap: count(text, /<incomingServer\s+type="imap"/g),
    pop3: count(text, /<incomingServer\s+type="pop3"/g),
    smtp: count(text, /<outgoingServer\s+type="smtp"/g),
    other: count(text, /<(?:incoming|outgoing)Server\s+type="(?!imap"|pop3"|smtp")/g),
    domains: count(text, /<domain>/g),
    plain: count(text, /<socketType>\s*plain\s*<\/socketType>/g),
  };
}

test('every ISPDB file parses and keeps all its mail servers', { skip }, () => {
  let servers = 0;
  for (const name of files) {
    const raw = readFileSync(join(ISPDB_DIR, name), 'utf8');
    const result = parseClientConfig(raw, ctx);
    if (!result.ok) assert.fail(`${name}: ${result.error.code} ${result.error.message}`);
    const expected = expectedCounts(raw);
    const byProtocol = (protocol: string) => result.candidates.filter((c) => c.protocol === protocol).length;
    const dropped = result.notes.filter((note) => note.code === 'server-incomplete' || note.code === 'bad-hostname');
    assert.equal(dropped.length, 0, `${name}: ${dropped.map((note) => note.message).join('; ')}`);
    assert.equal(byProtocol('imap'), expected.imap, `${name}: imap`);
    assert.equal(byProtocol('pop3'), expected.pop3, `${name}: pop3`);
    assert.equal(byProtocol('smtp'), expected.smtp, `${name}: smtp`);
    assert.equal(result.notes.filter((note) => note.code === 'server-type-skipped').length, expected.other, `${name}: other types`);
    assert.equal(result.config.domains.length, expected.domains, `${name}: domains`);
    assert.equal(result.notes.filter((note) => note.code === 'plain-socket').length, expected.plain, `${name}: plain`);
    assert.ok(result.candidates.some((c) => c.protocol === 'smtp'), `${name}: every file has an outgoing server`);
    for (const candidate of result.candidates) {
      assert.ok(candidate.port > 0 && candidate.host.length > 0, `${name}: ${candidate.host}:${candidate.port}`);
      assert.notEqual(candidate.security, 'unspecified', `${name}: ${candidate.host} security`);
      assert.ok(!candidate.host.includes('%'), `${name}: placeholder left in ${candidate.host}`);
    }
    servers += expected.imap + expected.pop3 + expected.smtp;
  }
  assert.ok(servers > 400, `only ${servers} servers across ${files.length} files`);
});

test('the known quirks of the snapshot are reported', { skip }, () => {
  const parse = (name: string) => {
    const result = parseClientConfig(readFileSync(join(ISPDB_DIR, name), 'utf8'), ctx);
    if (!result.ok) assert.fail(`${name}: ${result.error.code}`);
    return result;
  };
  const mismatch = (name: string) => parse(name).notes.filter((note) => note.code === 'port-security-mismatch' || note.code === 'port-unusual').length;
  for (const name of ['charter.net.xml', 'rediffmail.com.xml', 'pdx.edu.xml', 'arubapec.it.xml']) {
    if (existsSync(join(ISPDB_DIR, name))) assert.ok(mismatch(name) > 0, `${name}: port/security mismatch`);
  }
  if (existsSync(join(ISPDB_DIR, 'office365.com.xml'))) {
    const office = parse('office365.com.xml');
    assert.equal(office.config.oAuth2?.issuer, 'login.microsoftonline.com');
    assert.deepEqual(office.candidates.map((c) => c.protocol).sort(), ['imap', 'pop3', 'smtp']);
    assert.ok(office.candidates.every((c) => c.authMethods.includes('oauth2')));
  }
  if (existsSync(join(ISPDB_DIR, 'googlemail.com.xml'))) {
    const google = parse('googlemail.com.xml');
    assert.ok(google.notes.some((note) => note.code === 'enable-first' && note.at?.startsWith('https://mail.google.com/')));
  }
});
