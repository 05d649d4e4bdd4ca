// Rules every writer keeps: strict TLS, no secret unless given, no silent plaintext, a
// comment saying what was detected and when, typed errors for what it cannot write.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WRITERS, getWriter } from '@autoconf/core/internal/writers/registry.js';
import { encodeUserinfo, describeDetection } from '@autoconf/core/internal/writers/common.js';
import { isAutoconfError } from '@autoconf/core/internal/errors.js';
import { endpoint, writerInput } from './writer-input.js';

const PASSWORD = 'S3cret#pw';
// Formats without comments.
const NO_COMMENTS = new Set(['nodemailer-json']);
// Formats that never hold a password (published files).
const NEVER_SECRET = new Set(['thunderbird-autoconfig']);

const input = writerInput;

function expectCode(code: string) {
  return (error: unknown) => isAutoconfError(error) && error.code === code;
}

describe('writer registry', () => {
  it('lists every target once, with what a front end needs', () => {
    const ids = WRITERS.map((writer) => writer.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.length >= 18);
    for (const writer of WRITERS) {
      assert.ok(writer.title && writer.description && writer.defaultFileName, writer.id);
      assert.ok(!writer.description.includes('\n'), writer.id);
      assert.equal(writer.kind === 'merge-env', 'entries' in writer && typeof writer.entries === 'function', writer.id);
    }
  });
  it('throws a typed error for an unknown id', () => {
    assert.throws(() => getWriter('sendmail'), expectCode('WRITER_UNKNOWN'));
    assert.equal(getWriter('msmtp').id, 'msmtp');
  });
});

for (const writer of WRITERS) {
  describe(`${writer.id} writer`, () => {
    it('writes no password unless one is passed, and the given one when it is', () => {
      const without = writer.render(input());
      assert.ok(!without.includes(PASSWORD));
      const withPassword = writer.render(input({ password: PASSWORD }));
      if (NEVER_SECRET.has(writer.id)) assert.ok(!withPassword.includes(PASSWORD));
      else {
        // Raw, percent-encoded (URLs) or with "#" escaped (Ruby strings).
        const forms = [PASSWORD, encodeURIComponent(PASSWORD), PASSWORD.replace('#', '\\#')];
        assert.ok(forms.some((form) => withPassword.includes(form)), withPassword);
      }
    });
    it('says what was detected and when', { skip: NO_COMMENTS.has(writer.id) && 'the format has no comments' }, () => {
      const text = writer.render(input());
      assert.match(text, /autoconf: .*(smtp|imap)\.example\.com:(587 STARTTLS|993 TLS).*\(verified 2026-11-28\)/);
      const unverified = writer.render(input({ verified: false }));
      assert.match(unverified, /not verified by a probe, detected 2026-11-28/);
    });
    it('refuses a plaintext endpoint with a typed error unless allowInsecure', () => {
      const plain = input({ recommended: { smtp: endpoint('smtp', 'none', 25), imap: endpoint('imap', 'none', 143) } });
      assert.throws(() => writer.render(plain), expectCode('WRITER_INSECURE'));
      const text = writer.render({ ...plain, allowInsecure: true });
      if (!NO_COMMENTS.has(writer.id)) assert.match(text, /WARNING: PLAINTEXT/);
    });
    it('warns in a comment when it sends on port 25', { skip: NO_COMMENTS.has(writer.id) && 'the format has no comments' }, () => {
      const relay = input({ recommended: { smtp: endpoint('smtp', 'starttls', 25), imap: endpoint('imap', 'tls', 993) } });
      const text = writer.render(relay);
      // Receive-only targets (mbsync) never name the SMTP server, so they have nothing to warn of.
      if (text.includes('smtp.example.com')) assert.match(text, /WARNING: port 25 is the server-to-server relay port/);
      else assert.doesNotMatch(text, /port 25/);
      assert.doesNotMatch(writer.render(input()), /port 25/);
    });
    it('refuses an input with no usable endpoint or a bad date', () => {
      assert.throws(() => writer.render(input({ recommended: {} })), expectCode('WRITER_NO_ENDPOINT'));
      if (!NO_COMMENTS.has(writer.id)) {
        assert.throws(() => writer.render(input({ detectedAt: 'yesterday' })), expectCode('WRITER_INVALID_INPUT'));
      }
    });
  });
}

describe('strict TLS forms', () => {
  const implicit = input({ recommended: { smtp: endpoint('smtp', 'tls', 465), imap: endpoint('imap', 'starttls', 143) } });
  const cases: Array<[string, RegExp, RegExp]> = [
    ['nodemailer', /secure: false,.*\n\s*requireTLS: true/, /secure: true,/],
    ['nodemailer-url', /smtp:\/\/.*\?requireTLS=true/, /smtps:\/\//],
    ['env', /SMTP_SECURE=false\nSMTP_REQUIRE_TLS=true/, /SMTP_SECURE=true/],
    ['laravel', /MAIL_SCHEME=smtp\n/, /MAIL_SCHEME=smtps/],
    ['symfony', /smtp:\/\/.*\?require_tls=true/, /smtps:\/\//],
    ['django', /EMAIL_USE_SSL = False.*\nEMAIL_USE_TLS = True/, /EMAIL_USE_SSL = True.*\nEMAIL_USE_TLS = False/],
    ['rails', /enable_starttls: true/, /tls: true/],
    ['spring-boot', /starttls\.enable=true\n.*starttls\.required=true/, /ssl\.enable=true/],
    ['dotnet', /"StartTls"/, /"SslOnConnect"/],
    ['phpmailer', /ENCRYPTION_STARTTLS/, /ENCRYPTION_SMTPS/],
    ['python-smtplib', /starttls\(context=context\)/, /SMTP_SSL\(.*context=context/],
    ['msmtp', /tls on\ntls_starttls on/, /tls on\ntls_starttls off/],
    ['git-send-email', /smtpEncryption = tls/, /smtpEncryption = ssl/],
    ['neomutt', /ssl_force_tls = yes[\s\S]*smtp_url = "smtp:\/\//, /smtp_url = "smtps:\/\//],
    ['aerc', /smtp-starttls = true/, /outgoing = smtps:\/\//],
    ['mbsync', /SSLType IMAPS/, /SSLType STARTTLS/],
    ['thunderbird-autoconfig', /<socketType>STARTTLS<\/socketType>/, /<socketType>SSL<\/socketType>/],
  ];
  for (const [id, starttls, tls] of cases) {
    it(id, () => {
      assert.match(getWriter(id).render(input()), starttls);
      assert.match(getWriter(id).render(implicit), tls);
    });
  }
});

describe('helpers', () => {
  it('percent-encodes userinfo, "@" and ":" included', () => {
    assert.equal(encodeUserinfo('alice@example.com', "p@ss:w0rd/with%chars!'"), 'alice%40example.com:p%40ss%3Aw0rd%2Fwith%25chars%21%27');
    assert.equal(encodeUserinfo('bob'), 'bob');
  });
  it('describes several endpoints in one line', () => {
    assert.equal(
      describeDetection(input(), [endpoint('smtp', 'starttls', 587), endpoint('imap', 'tls', 993)]),
      'autoconf: smtp.example.com:587 STARTTLS, imap.example.com:993 TLS (verified 2026-11-28)',
    );
  });
});
