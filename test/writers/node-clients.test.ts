// nodemailer loading each generated form (module, JSON, URL in .env, generic .env through
// Node's own --env-file parser), in a child process trusting the test CA via
// NODE_EXTRA_CA_CERTS, against implicit TLS, STARTTLS and a server that hides STARTTLS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nodemailerJsonWriter, nodemailerWriter } from '@autoconf/core/internal/writers/nodemailer.js';
import { nodemailerUrlWriter } from '@autoconf/core/internal/writers/nodemailer-url.js';
import { envWriter } from '@autoconf/core/internal/writers/env.js';
import {
  PASSWORD, RECIPIENT, REPO_ROOT, USER, assertDelivered, assertRefusedWithoutPassword, resetSinks, runClient,
  startHarness, type Harness,
} from './client-harness.js';

// The child loads nodemailer from the repo and the options as the README tells users to.
const SEND = `
import { createRequire } from 'node:module';
const nodemailer = createRequire(process.cwd() + '/')('nodemailer');
const [form, file] = process.argv.slice(1);
let options;
if (form === 'module') options = (await import(file)).smtpOptions;
if (form === 'json') {
  options = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'));
  options.auth.pass = process.env.SMTP_PASS;
}
if (form === 'url') options = process.env.SMTP_URL;
if (form === 'env') options = {
  host: process.env.SMTP_HOST, port: Number(process.env.SMTP_PORT),
  secure: process.env.SMTP_SECURE === 'true', requireTLS: process.env.SMTP_REQUIRE_TLS === 'true',
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS },
};
const transport = nodemailer.createTransport(options);
await transport.sendMail({ from: ${JSON.stringify(USER)}, to: ${JSON.stringify(RECIPIENT)}, subject: 'autoconf', text: 'hello' });
`;

type Form = 'module' | 'json' | 'url' | 'env';

describe('nodemailer writers with the real nodemailer', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  function send(form: Form, text: string) {
    resetSinks(harness);
    const name = { module: 'smtp-options.mjs', json: 'smtp-options.json', url: 'url.env', env: 'smtp.env' }[form];
    const file = harness.file(name, text);
    const envFile = form === 'url' || form === 'env' ? [`--env-file=${file}`] : [];
    return runClient(process.execPath, [...envFile, '--input-type=module', '-e', SEND, form, file], {
      cwd: REPO_ROOT,
      env: { NODE_EXTRA_CA_CERTS: harness.caFile, SMTP_PASS: PASSWORD },
    });
  }

  const cases: Array<{ form: Form; render: (h: Harness, s: 'tls' | 'starttls', server?: 'no-tls') => string }> = [
    { form: 'module', render: (h, s, server) => nodemailerWriter.render(h.input(s, { server })) },
    { form: 'json', render: (h, s, server) => nodemailerJsonWriter.render(h.input(s, { server })) },
    // URL and .env carry the password (passed explicitly) to exercise their encoding and quoting.
    { form: 'url', render: (h, s, server) => nodemailerUrlWriter.render(h.input(s, { server, password: PASSWORD })) },
    { form: 'env', render: (h, s, server) => envWriter.render(h.input(s, { server, password: PASSWORD })) },
  ];

  for (const { form, render } of cases) {
    it(`${form}: sends over implicit TLS`, async () => {
      const run = await send(form, render(harness, 'tls'));
      assertDelivered(harness.sinks.tls, run);
    });
    it(`${form}: sends over STARTTLS`, async () => {
      const run = await send(form, render(harness, 'starttls'));
      assertDelivered(harness.sinks.starttls, run);
    });
    it(`${form}: refuses a server that hides STARTTLS, password never sent`, async () => {
      const run = await send(form, render(harness, 'starttls', 'no-tls'));
      assertRefusedWithoutPassword(harness.sinks['no-tls'], run);
    });
  }

  it('the sink does see a leak: nodemailer without requireTLS sends the password in clear', async () => {
    const loose = nodemailerWriter.render(harness.input('starttls', { server: 'no-tls' })).replace('requireTLS: true', 'requireTLS: false');
    const run = await send('module', loose);
    assert.equal(run.code, 0);
    assert.equal(harness.sinks['no-tls'].auths[0]?.password, PASSWORD);
    assert.throws(() => assertRefusedWithoutPassword(harness.sinks['no-tls'], run));
  });
});
