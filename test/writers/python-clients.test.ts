// Django (Debian python3-django) and Python smtplib loading the generated modules, run by
// Debian's own interpreter (a pyenv python3 earlier on PATH does not see apt's Django).
// The test CA reaches OpenSSL's default verify paths through SSL_CERT_FILE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { djangoWriter } from '@autoconf/core/internal/writers/django.js';
import { pythonSmtplibWriter } from '@autoconf/core/internal/writers/python-smtplib.js';
import {
  PASSWORD, RECIPIENT, USER, assertDelivered, assertRefusedWithoutPassword, installedFile, missingClients, pythonModule,
  resetSinks, runClient, startHarness, type Harness,
} from './client-harness.js';

const PYTHON = '/usr/bin/python3';
const skipPython = missingClients(installedFile(PYTHON, 'python3'));
const skipDjango = skipPython || missingClients(pythonModule('django', 'python3-django'));

const SMTPLIB = `
import smtp_connect
with smtp_connect.connect(timeout=10) as server:
    server.sendmail(${JSON.stringify(USER)}, [${JSON.stringify(RECIPIENT)}], "Subject: autoconf\\r\\n\\r\\nhello\\r\\n")
`;
const DJANGO = `
from django.core.mail import send_mail
send_mail("autoconf", "hello", None, [${JSON.stringify(RECIPIENT)}])
`;

describe('python writers with the real clients', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  function run(module: string, text: string, script: string, caFile = harness.caFile) {
    resetSinks(harness);
    harness.file(`${module}.py`, text);
    return runClient(PYTHON, ['-c', script], {
      env: {
        PYTHONPATH: harness.dir,
        PYTHONDONTWRITEBYTECODE: '1',
        SSL_CERT_FILE: caFile,
        SMTP_PASS: PASSWORD,
        EMAIL_HOST_PASSWORD: PASSWORD,
        DJANGO_SETTINGS_MODULE: 'mail_settings',
      },
    });
  }

  describe('smtplib', { skip: skipPython }, () => {
    const render = (s: 'tls' | 'starttls', server?: 'no-tls') => pythonSmtplibWriter.render(harness.input(s, { server }));
    it('sends over implicit TLS', async () => {
      assertDelivered(harness.sinks.tls, await run('smtp_connect', render('tls'), SMTPLIB));
    });
    it('sends over STARTTLS', async () => {
      assertDelivered(harness.sinks.starttls, await run('smtp_connect', render('starttls'), SMTPLIB));
    });
    it('refuses a server that hides STARTTLS, password never sent', async () => {
      assertRefusedWithoutPassword(harness.sinks['no-tls'], await run('smtp_connect', render('starttls', 'no-tls'), SMTPLIB));
    });
    // smtplib verifies nothing without a context: the generated one must.
    it('refuses a certificate from a CA it was not given', async () => {
      const result = await run('smtp_connect', render('tls'), SMTPLIB, '/nonexistent-ca.pem');
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /CERTIFICATE_VERIFY_FAILED/);
      assert.equal(harness.sinks.tls.messages.length, 0);
    });
  });

  // Django 3.2 (Debian 12) does not verify certificates at all, so these prove the TLS mode
  // and the strict STARTTLS, not verification; Django >= 4.0 verifies with the same settings.
  describe('Django', { skip: skipDjango }, () => {
    const render = (s: 'tls' | 'starttls', server?: 'no-tls') => djangoWriter.render(harness.input(s, { server }));
    it('sends over implicit TLS', async () => {
      assertDelivered(harness.sinks.tls, await run('mail_settings', render('tls'), DJANGO));
    });
    it('sends over STARTTLS', async () => {
      assertDelivered(harness.sinks.starttls, await run('mail_settings', render('starttls'), DJANGO));
    });
    it('refuses a server that hides STARTTLS, password never sent', async () => {
      assertRefusedWithoutPassword(harness.sinks['no-tls'], await run('mail_settings', render('starttls', 'no-tls'), DJANGO));
    });
  });
});
