// Where each config reads its password from: the framework's own name where it has one,
// otherwise our one convention, SMTP_PASS (IMAP_PASS) — the table in README "Config formats".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WRITERS } from '@autoconf/core/internal/writers/registry.js';
import type { Endpoint } from '@autoconf/core/internal/types.js';
import type { WriterInput } from '@autoconf/core/internal/writers/types.js';

// writer id → the variables its output names (in code, or in the comment where it is not written).
const PASSWORD_VARIABLES: Record<string, string[]> = {
  env: ['SMTP_PASS'],
  nodemailer: ['SMTP_PASS'],
  phpmailer: ['SMTP_PASS'],
  'python-smtplib': ['SMTP_PASS'],
  rails: ['SMTP_PASS'],
  'spring-boot': ['SMTP_PASS'],
  django: ['EMAIL_HOST_PASSWORD'],
  laravel: ['MAIL_PASSWORD'],
  dotnet: ['Smtp__Password', 'Imap__Password'],
};
const OUR_NAMES = ['SMTP_PASS', 'SMTP_PASSWORD', 'IMAP_PASS', 'IMAP_PASSWORD'];

function endpoint(protocol: Endpoint['protocol'], security: Endpoint['security'], port: number): Endpoint {
  return { protocol, host: `${protocol}.example.com`, port, security, authMethods: ['password-cleartext'], verified: true };
}
const INPUT: WriterInput = {
  address: 'alice@example.com',
  detectedAt: '2026-11-28T09:30:00Z',
  verified: true,
  recommended: { smtp: endpoint('smtp', 'starttls', 587), imap: endpoint('imap', 'tls', 993) },
};

test('each writer names its password variable, and only ours is SMTP_PASS (never SMTP_PASSWORD)', () => {
  for (const writer of WRITERS) {
    const text = writer.render(INPUT);
    const expected = PASSWORD_VARIABLES[writer.id] ?? [];
    for (const variable of expected) assert.match(text, new RegExp(`\\b${variable}\\b`), `${writer.id} names ${variable}`);
    for (const name of OUR_NAMES.filter((n) => !expected.includes(n))) {
      assert.doesNotMatch(text, new RegExp(`\\b${name}\\b`), `${writer.id} must not name ${name}`);
    }
  }
});

test('README "Config formats" lists the same variables', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Config formats'), readme.indexOf('### Writing files'));
  for (const [id, variables] of Object.entries(PASSWORD_VARIABLES)) {
    const row = section.split('\n').find((line) => line.startsWith(`| \`${id}\``));
    assert.ok(row, `a row for ${id}`);
    for (const variable of variables) assert.ok(row.includes(`\`${variable}\``), `${id}: ${row}`);
  }
});
