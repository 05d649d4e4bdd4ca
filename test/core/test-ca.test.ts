import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createTestCa } from '../helpers/test-ca.js';

test('the test CA issues valid, expired and self-signed certificates', () => {
  const ca = createTestCa();
  try {
    const caCert = new X509Certificate(ca.cert);
    const good = new X509Certificate(ca.issue({ names: ['mail.example.test', '127.0.0.1'] }).cert);
    assert.ok(good.verify(caCert.publicKey));
    assert.equal(good.checkHost('mail.example.test'), 'mail.example.test');
    assert.equal(good.checkIP('127.0.0.1'), '127.0.0.1');

    const past = new Date(Date.now() - 10 * 86_400_000);
    const expired = new X509Certificate(
      ca.issue({ names: ['old.example.test'], notBefore: new Date(past.getTime() - 86_400_000), notAfter: past }).cert,
    );
    assert.ok(new Date(expired.validTo).getTime() < Date.now());

    const self = new X509Certificate(ca.selfSigned(['self.example.test']).cert);
    assert.equal(self.verify(caCert.publicKey), false);
  } finally {
    ca.dispose();
  }
});
