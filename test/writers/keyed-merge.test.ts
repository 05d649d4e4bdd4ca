// Keyed merges into files of the user's: only our keys change, every other byte stays, and
// syntax the merge does not understand makes it step back (undefined) instead of guessing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeGitConfig, mergeJson, mergeProperties } from '@autoconf/core/internal/writers/keyed-merge.js';
import { besidePathFor, isWrittenByAutoconf } from '@autoconf/core/internal/writers/plan-write.js';

describe('mergeProperties', () => {
  const ours = '# autoconf: x\na.host=smtp.example.com\na.port=587\n';

  it('updates the last assignment in place (with force), whatever its separator and continuation', () => {
    const existing = 'a.host: old\r\nother=1\r\na.host = also\\\r\n   old\r\n! comment\r\n';
    const kept = mergeProperties(existing, ours, false);
    assert.deepEqual(kept?.changes.map((c) => `${c.key}:${c.kind}`), ['a.host:conflict', 'a.port:added']);
    const forced = mergeProperties(existing, ours, true);
    assert.equal(forced?.text, 'a.host: old\r\nother=1\r\na.host=smtp.example.com\r\n! comment\r\n# autoconf: x\r\na.port=587\r\n');
  });

  it('reads escaped keys and leaves equal values alone', () => {
    const result = mergeProperties('a\\.host=smtp.example.com\na.port 587', ours, false);
    assert.deepEqual(result?.changes.map((c) => c.kind), ['unchanged', 'unchanged']);
    assert.equal(result?.text, 'a\\.host=smtp.example.com\na.port 587');
  });
});

describe('mergeGitConfig', () => {
  const ours = '# autoconf: x\n[sendemail]\n\tsmtpServer = "smtp.example.com"\n\tsmtpServerPort = 587\n';

  it('appends the section when there is none, and ignores identities ([sendemail "work"])', () => {
    const existing = '[sendemail "work"]\n\tsmtpServer = work.example\n';
    const result = mergeGitConfig(existing, ours, false);
    assert.equal(result?.text, `${existing}\n${ours}`);
  });

  it('compares values as git reads them (quotes, comments, key case)', () => {
    const result = mergeGitConfig('[SendEmail]\n\tSMTPSERVER = smtp.example.com ; mine\n', ours, false);
    assert.deepEqual(result?.changes.map((c) => `${c.key}:${c.kind}`), ['sendemail.smtpserver:unchanged', 'sendemail.smtpserverport:added']);
  });

  it('steps back from continued lines and variables outside a section', () => {
    assert.equal(mergeGitConfig('[sendemail]\n\tsmtpServer = a\\\nb\n', ours, true), undefined);
    assert.equal(mergeGitConfig('smtpServer = a\n', ours, true), undefined);
  });
});

describe('mergeJson', () => {
  const ours = '// autoconf: x\n{\n  "Smtp": {\n    "Host": "smtp.example.com",\n    "Port": 587\n  }\n}\n';

  it('merges into an object JSON.stringify would write, keeping the indentation', () => {
    const existing = '{\n    "Smtp": {\n        "Port": 25,\n        "From": "a@b"\n    }\n}';
    const result = mergeJson(existing, ours, true);
    assert.equal(result?.text, '{\n    "Smtp": {\n        "Port": 587,\n        "From": "a@b",\n        "Host": "smtp.example.com"\n    }\n}');
  });

  it('steps back from comments, duplicate keys, number spellings and CRLF', () => {
    for (const existing of ['{\n  /* c */ "a": 1\n}\n', '{\n  "a": 1,\n  "a": 2\n}\n', '{\n  "a": 1.0\n}\n', '{\r\n  "a": 1\r\n}\r\n', '[]\n']) {
      assert.equal(mergeJson(existing, ours, true), undefined, existing);
    }
  });
});

describe('ownership and siblings', () => {
  it('recognises the autoconf comment in every comment syntax, near the top only', () => {
    assert.ok(isWrittenByAutoconf('<?php\n// autoconf: smtp.example.com:587 STARTTLS\n'));
    assert.ok(isWrittenByAutoconf('<?xml version="1.0"?>\n<!-- autoconf: x -->\n'));
    assert.ok(!isWrittenByAutoconf('a\nb\nc\n# autoconf: x\n'));
    assert.ok(!isWrittenByAutoconf('# not autoconf: x\n'));
  });

  it('names siblings so editors still know the format', () => {
    assert.equal(besidePathFor('/p/config/environments/production.rb'), '/p/config/environments/production.autoconf.rb');
    assert.equal(besidePathFor('/h/.msmtprc'), '/h/.msmtprc.autoconf');
    assert.equal(besidePathFor('/h/config-v1.1.xml'), '/h/config-v1.1.autoconf.xml');
  });
});
