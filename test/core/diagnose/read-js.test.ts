// nodemailer's createTransport(...) read from JS and TS sources with a real parser: literals,
// process.env through the project's environment, the Boolean("false") trap, a const the call
// names, a URL; what cannot be resolved is said to be so. The writer's own module reads back
// with nothing to fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getWriter } from '@autoconf/core';
import type { Endpoint } from '@autoconf/core/internal/types.js';
import type { WriterInput } from '@autoconf/core/internal/writers/types.js';
import { readJsConfigs } from '@autoconf/core/internal/diagnose/read-js.js';
import { staticChecks } from '@autoconf/core/internal/diagnose/static-checks.js';

const codes = async (text: string, file = 'mail.ts', env = {}) => (await readJsConfigs(text, file, env)).flatMap((c) => staticChecks(c).map((d) => d.code));

test('the nodemailer writer\'s module reads back as what it meant, with nothing to fix', async () => {
  for (const [security, port, mode] of [['starttls', 587, 'starttls-required'], ['tls', 465, 'implicit-tls']] as const) {
    const smtp: Endpoint = { protocol: 'smtp', host: 'smtp.example.com', port, security, authMethods: ['password-cleartext'], verified: true, username: 'alice@example.com' };
    const input: WriterInput = { address: 'alice@example.com', detectedAt: '2026-11-28T09:30:00Z', verified: true, recommended: { smtp } };
    // The module as written (the call only in its comment), and used in the same file.
    const [alone] = await readJsConfigs(getWriter('nodemailer').render(input), 'smtp-options.mjs');
    assert.equal(alone?.mode.value, mode);
    assert.deepEqual(staticChecks(alone!), []);
    const [config, ...rest] = await readJsConfigs(`import nodemailer from 'nodemailer';\n${getWriter('nodemailer').render(input)}\nexport const transport = nodemailer.createTransport(smtpOptions);\n`, 'smtp-options.mjs');
    assert.equal(rest.length, 0);
    assert.equal(config?.host?.value, 'smtp.example.com');
    assert.equal(config?.port?.value, port);
    assert.equal(config?.mode.value, mode);
    assert.deepEqual(staticChecks(config!), []);
  }
});

test('secure: true on 587 in TypeScript, with the line of the key', async () => {
  const text = `import nodemailer from 'nodemailer';\nconst port = 587;\nexport const t = nodemailer.createTransport({\n  host: 'smtp.example.com',\n  port,\n  secure: true as boolean,\n});\n`;
  const [config] = await readJsConfigs(text, 'mail.ts');
  const [first] = staticChecks(config!);
  assert.equal(first?.code, 'tls-on-starttls-port');
  assert.deepEqual(first?.origin, { file: 'mail.ts', key: 'secure', line: 6 });
});

test('process.env through the environment; Boolean("false") is the trap, named; === "true" is right', async () => {
  const trap = `const nodemailer = require('nodemailer');\nmodule.exports = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: Number(process.env.SMTP_PORT), secure: Boolean(process.env.SMTP_SECURE), requireTLS: true });\n`;
  const env = { SMTP_HOST: 'smtp.example.com', SMTP_PORT: '587', SMTP_SECURE: 'false' };
  const found = await codes(trap, 'mail.js', env);
  assert.ok(found.includes('boolean-string'), JSON.stringify(found));
  assert.ok(found.includes('tls-on-starttls-port'), 'Boolean("false") really is implicit TLS on 587');
  const right = trap.replace('Boolean(process.env.SMTP_SECURE)', "process.env.SMTP_SECURE === 'true'");
  assert.deepEqual(await codes(right, 'mail.js', env), []);
  assert.deepEqual(await codes(trap.replace('Boolean(process.env.SMTP_SECURE)', '!!process.env["SMTP_SECURE"]'), 'mail.js', env).then((c) => c.includes('boolean-string')), true);
});

test('what cannot be resolved is reported as such; a URL and certificate checks off are read', async () => {
  const unknown = await codes(`createTransport({ host: getHost(), port: 465 })`, 'a.js');
  assert.deepEqual(unknown, ['unresolved-reference']);
  assert.deepEqual(await codes(`nodemailer.createTransport('smtp://u@smtp.example.com:587')`, 'a.js'), ['opportunistic-starttls']);
  const off = await codes(`createTransport({ host: 'h.example', port: 465, tls: { rejectUnauthorized: false } })`, 'a.js');
  assert.deepEqual(off, ['verify-disabled']);
  assert.deepEqual(await readJsConfigs('export const x = 1;', 'a.js'), []);
  assert.deepEqual(await readJsConfigs('createTransport({ host: ', 'broken.js'), [], 'a file that does not parse is skipped, not thrown');
});

test('TLS options and the login method are read; a minimum version below 1.2 is named', async () => {
  const [config] = await readJsConfigs("createTransport({ host: 'h.example', port: 465, authMethod: 'PLAIN', tls: { minVersion: 'TLSv1', servername: 'mail.example', ca: [caPem] } })", 'a.js');
  assert.equal(config?.tls?.minVersion?.value, 'TLSv1');
  assert.equal(config?.tls?.servername?.value, 'mail.example');
  assert.equal(config?.tls?.ca?.key, 'tls.ca');
  assert.equal(config?.authMethod?.value, 'PLAIN');
  assert.deepEqual(staticChecks(config!).map((d) => d.code), ['tls-version-low']);
});
