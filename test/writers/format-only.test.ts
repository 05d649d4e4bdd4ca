// Targets whose client cannot run here (no .NET, aerc is a TUI, mbsync needs an IMAP server,
// Thunderbird needs its GUI): their output is read back by a parser for the format and its
// keys are checked against the research notes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dotnetWriter } from '@autoconf/core/internal/writers/dotnet.js';
import { aercWriter } from '@autoconf/core/internal/writers/aerc.js';
import { mbsyncWriter } from '@autoconf/core/internal/writers/mbsync.js';
import { thunderbirdWriter } from '@autoconf/core/internal/writers/thunderbird.js';
import { parseClientConfig } from '@autoconf/core/internal/parse/client-config.js';
import type { WriterInput } from '@autoconf/core/internal/writers/types.js';
import { expandUsername } from '@autoconf/core/internal/address.js';

const PASSWORD = 'p@ss:w0rd/with%chars';

function input(smtp: 'tls' | 'starttls', imap: 'tls' | 'starttls', password?: string): WriterInput {
  return {
    address: 'alice@example.com',
    detectedAt: new Date('2026-11-28T12:00:00Z'),
    verified: true,
    ...(password === undefined ? {} : { password }),
    recommended: {
      smtp: { protocol: 'smtp', host: 'smtp.example.com', port: smtp === 'tls' ? 465 : 587, security: smtp, authMethods: ['password-cleartext'], verified: true },
      imap: { protocol: 'imap', host: 'imap.example.com', port: imap === 'tls' ? 993 : 143, security: imap, authMethods: ['password-cleartext', 'oauth2'], verified: true },
    },
  };
}

/** key = value lines, `#` comments, [section] headers: aerc's and similar ini files. */
function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header !== null) {
      current = sections[header[1] as string] = {};
      continue;
    }
    const at = trimmed.indexOf('=');
    assert.ok(at > 0, `not an ini line: ${line}`);
    current[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
  }
  return sections;
}

describe('.NET appsettings.json (JSON with // comments, as the .NET configuration provider reads it)', () => {
  const parse = (text: string) => JSON.parse(text.split('\n').filter((line) => !line.startsWith('//')).join('\n'));
  it('maps STARTTLS to StartTls and implicit TLS to SslOnConnect, never Auto', () => {
    const text = dotnetWriter.render(input('starttls', 'tls'));
    const settings = parse(text);
    assert.deepEqual(settings.Smtp, { Host: 'smtp.example.com', Port: 587, SecureSocketOptions: 'StartTls', Username: 'alice@example.com' });
    assert.equal(settings.Imap.SecureSocketOptions, 'SslOnConnect');
    assert.doesNotMatch(text, /"Auto"|WhenAvailable/);
    assert.equal(parse(dotnetWriter.render(input('tls', 'starttls'))).Smtp.SecureSocketOptions, 'SslOnConnect');
  });
  it('holds the password only when given', () => {
    assert.equal(parse(dotnetWriter.render(input('starttls', 'tls'))).Smtp.Password, undefined);
    assert.equal(parse(dotnetWriter.render(input('starttls', 'tls', PASSWORD))).Smtp.Password, PASSWORD);
  });
});

describe('aerc accounts.conf (ini)', () => {
  it('writes imaps:// and smtp:// with smtp-starttls for aerc 0.14, userinfo percent-encoded', () => {
    const account = parseIni(aercWriter.render(input('starttls', 'tls', PASSWORD)))['example.com'];
    assert.ok(account);
    const source = new URL(account.source as string);
    const outgoing = new URL(account.outgoing as string);
    assert.equal(source.protocol, 'imaps:');
    assert.equal(outgoing.protocol, 'smtp:');
    assert.equal(outgoing.port, '587');
    assert.equal(account['smtp-starttls'], 'true');
    assert.equal(decodeURIComponent(outgoing.username), 'alice@example.com');
    assert.equal(decodeURIComponent(outgoing.password), PASSWORD);
  });
  it('writes smtps:// and imap:// (STARTTLS in aerc) for the other modes, no password unless given', () => {
    const text = aercWriter.render(input('tls', 'starttls'));
    const account = parseIni(text)['example.com'];
    assert.match(account?.outgoing ?? '', /^smtps:\/\/alice%40example\.com@smtp\.example\.com:465$/);
    assert.match(account?.source ?? '', /^imap:\/\/alice%40example\.com@imap\.example\.com:143$/);
    assert.equal(account?.['smtp-starttls'], undefined);
  });
});

describe('mbsync .mbsyncrc (keyword lines)', () => {
  const keywords = (text: string) =>
    text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.split(' ')[0]);
  it('uses SSLType IMAPS or STARTTLS and the isync 1.4 keywords', () => {
    assert.match(mbsyncWriter.render(input('starttls', 'tls')), /^SSLType IMAPS$/m);
    assert.match(mbsyncWriter.render(input('starttls', 'starttls')), /^SSLType STARTTLS$/m);
    const known = new Set(['IMAPAccount', 'Host', 'Port', 'User', 'Pass', 'SSLType', 'SystemCertificates', 'IMAPStore', 'Account',
      'MaildirStore', 'Path', 'Inbox', 'SubFolders', 'Channel', 'Far', 'Near', 'Patterns', 'Create', 'SyncState']);
    for (const keyword of keywords(mbsyncWriter.render(input('tls', 'tls', PASSWORD)))) assert.ok(known.has(keyword as string), keyword);
  });
});

describe('Thunderbird autoconfig XML (read back by our own clientConfig parser)', () => {
  it('round-trips every server, with placeholders and no secret', () => {
    const text = thunderbirdWriter.render(input('starttls', 'tls', PASSWORD));
    assert.ok(!text.includes(PASSWORD));
    assert.match(text, /<username>%EMAILADDRESS%<\/username>/);
    const result = parseClientConfig(text, {
      address: { address: 'alice@example.com', localPart: 'alice', domain: 'example.com' },
      source: 'autoconfig',
      evidence: 'test',
      trust: 'published',
    });
    assert.ok(result.ok);
    const alice = { address: 'alice@example.com', localPart: 'alice', domain: 'example.com' };
    // Candidates carry the template; the report expands it for the address it serves.
    const summary = result.candidates.map((c) => [c.protocol, c.host, c.port, c.security, c.usernameTemplate === undefined ? undefined : expandUsername(c.usernameTemplate, alice)]);
    assert.deepEqual(summary.sort(), [
      ['imap', 'imap.example.com', 993, 'tls', 'alice@example.com'],
      ['smtp', 'smtp.example.com', 587, 'starttls', 'alice@example.com'],
    ]);
    assert.deepEqual(result.candidates.find((c) => c.protocol === 'imap')?.authMethods, ['password-cleartext', 'oauth2']);
  });
});
