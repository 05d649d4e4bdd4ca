import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddress, isAutoconfError, type ErrorCode } from '@autoconf/core';
import { expandPlaceholders, expandUsername } from '@autoconf/core/internal/address.js';

test('splits at the last @, keeps the local part, lower-cases the domain', () => {
  const parsed = parseAddress('"a@b"@Example.COM');
  assert.equal(parsed.localPart, '"a@b"');
  assert.equal(parsed.domain, 'example.com');
  assert.equal(parsed.address, '"a@b"@example.com');
  assert.deepEqual(parsed.mixedScriptLabels, []);
});

test('keeps the local part case as typed', () => {
  assert.equal(parseAddress('John.Doe@example.org').localPart, 'John.Doe');
});

test('IDN domains get an A-label for DNS and a U-label for display', () => {
  const parsed = parseAddress('jörg@Bücher.example');
  assert.equal(parsed.domain, 'xn--bcher-kva.example');
  assert.equal(parsed.domainUnicode, 'bücher.example');
  assert.equal(parsed.addressUnicode, 'jörg@bücher.example');
  assert.equal(parseAddress('a@xn--bcher-kva.example').domainUnicode, 'bücher.example');
});

test('a trailing dot on the domain is dropped', () => {
  assert.equal(parseAddress('a@example.com.').domain, 'example.com');
});

test('flags labels that mix scripts (look-alike domains)', () => {
  // "pаypal" with a Cyrillic "а".
  const parsed = parseAddress('user@p\u0430ypal.com');
  assert.deepEqual(parsed.mixedScriptLabels, ['p\u0430ypal']);
  assert.deepEqual(parseAddress('user@пример.рф').mixedScriptLabels, []);
});

const bad: Array<[string, ErrorCode]> = [
  ['', 'ADDRESS_EMPTY'],
  ['user.example.com', 'ADDRESS_NO_AT'],
  ['@example.com', 'ADDRESS_EMPTY_LOCAL'],
  ['user@', 'ADDRESS_EMPTY_DOMAIN'],
  ['user@[192.0.2.1]', 'ADDRESS_IP_LITERAL'],
  ['user@192.0.2.1', 'ADDRESS_IP_LITERAL'],
  ['user@[IPv6:2001:db8::1]', 'ADDRESS_IP_LITERAL'],
  [`user@${'a'.repeat(64)}.com`, 'ADDRESS_LABEL_TOO_LONG'],
  [`user@${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`, 'ADDRESS_NAME_TOO_LONG'],
  ['user@xn--a.com', 'ADDRESS_INVALID_IDNA'],
  ['us er@example.com', 'ADDRESS_INVALID_CHARACTER'],
  ['user@example.com\n', 'ADDRESS_INVALID_CHARACTER'],
  ['user\u0000@example.com', 'ADDRESS_INVALID_CHARACTER'],
  ['user@exa_mple.com', 'ADDRESS_INVALID_DOMAIN'],
  ['user@example..com', 'ADDRESS_INVALID_DOMAIN'],
  ['user@localhost', 'ADDRESS_INVALID_DOMAIN'],
  // The local part, RFC 5322 §3.4.1: a dot-atom or one quoted string.
  ['bob@@example.com', 'ADDRESS_LOCAL_AT'],
  ['a@b@example.com', 'ADDRESS_LOCAL_AT'],
  ['.a@example.com', 'ADDRESS_LOCAL_DOT'],
  ['a.@example.com', 'ADDRESS_LOCAL_DOT'],
  ['a..b@example.com', 'ADDRESS_LOCAL_DOT'],
  ['.@example.com', 'ADDRESS_LOCAL_DOT'],
  ['a"b@example.com', 'ADDRESS_LOCAL_QUOTE'],
  ['"ab@example.com', 'ADDRESS_LOCAL_QUOTE'],
  ['"a\\"@example.com', 'ADDRESS_LOCAL_QUOTE'],
  ['"a".b@example.com', 'ADDRESS_LOCAL_QUOTE'],
  ['a,b@example.com', 'ADDRESS_INVALID_LOCAL'],
  ['a(b)@example.com', 'ADDRESS_INVALID_LOCAL'],
  ['a\\b@example.com', 'ADDRESS_INVALID_LOCAL'],
  ['<a>@example.com', 'ADDRESS_INVALID_LOCAL'],
];

for (const [input, code] of bad) {
  test(`rejects ${JSON.stringify(input).slice(0, 40)} with ${code}`, () => {
    assert.throws(() => parseAddress(input), (error: unknown) => {
      assert.ok(isAutoconfError(error, code), `expected ${code}, got ${String(error)}`);
      assert.ok(error.message.length > 10);
      return true;
    });
  });
}

test('the local-part errors say which problem it is', () => {
  const messageOf = (input: string) => {
    try {
      parseAddress(input);
    } catch (error) {
      if (isAutoconfError(error)) return error.message;
    }
    return 'accepted';
  };
  assert.match(messageOf('bob@@example.com'), /contains "@" outside quotes/);
  assert.match(messageOf('.a@example.com'), /starts with a dot/);
  assert.match(messageOf('a.@example.com'), /ends with a dot/);
  assert.match(messageOf('a..b@example.com'), /two dots in a row/);
  assert.match(messageOf('a,b@example.com'), /contains ","/);
  assert.match(messageOf('"ab@example.com'), /never closed/);
});

test('valid local parts stay accepted: atext, dots inside, quoted strings, UTF-8 (RFC 6531)', () => {
  for (const local of ['a', 'a.b.c', "!#$%&'*+-/=?^_`{|}~", 'user+tag', '"a@b"', '"a..b"', '"a\\"b"', '""', 'jörg', '用户', 'δοκιμή.test']) {
    assert.equal(parseAddress(`${local}@example.com`).localPart, local);
  }
});

test('one expander: one pass, and a broken template stays as published', () => {
  const address = parseAddress('%EMAILDOMAIN%@example.test');
  assert.equal(expandUsername('%EMAILADDRESS%', address), '%EMAILDOMAIN%@example.test');
  assert.equal(expandUsername('%EMAILLOCALPART%', parseAddress('Jo@Example.test')), 'Jo');
  assert.equal(expandUsername('%EMAILADDRESS', parseAddress('jo@example.test')), '%EMAILADDRESS');
  assert.deepEqual(expandPlaceholders('%EMAILLOCALPART%+%NAME%', parseAddress('jo@example.test')), { value: 'jo+%NAME%', broken: true });
});
