// "Did you mean …?" for domains one edit away from a provider's: each kind of edit, and the
// neighbours that are real domains rather than typos.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestDomain } from '@autoconf/core';
import { isOneEditAway } from '@autoconf/core/internal/discover/suggest-domain.js';

test('one edit of each kind from a provider domain gets a suggestion', () => {
  assert.equal(suggestDomain('gmial.com'), 'gmail.com', 'transposition');
  assert.equal(suggestDomain('gmal.com'), 'gmail.com', 'deletion');
  assert.equal(suggestDomain('gmaill.com'), 'gmail.com', 'insertion');
  assert.equal(suggestDomain('gmeil.com'), 'gmail.com', 'substitution');
  assert.equal(suggestDomain('gmail.con'), 'gmail.com', 'a typo in the suffix');
  assert.equal(suggestDomain('gmail.co'), 'gmail.com');
  assert.equal(suggestDomain('hotmial.com'), 'hotmail.com');
  assert.equal(suggestDomain('outlok.com'), 'outlook.com');
  assert.equal(suggestDomain('yahoo.co'), 'yahoo.com', 'a tie goes to the table\'s order');
});

test('any case, a trailing dot, and U-labels are read as the same domain', () => {
  assert.equal(suggestDomain('GMIAL.com.'), 'gmail.com');
  assert.equal(suggestDomain('gmäil.com'), 'gmail.com');
  assert.equal(suggestDomain('xn--gmil-moa.com'), 'gmail.com', 'the A-label of gmäil.com');
});

test('known domains, far domains and likely real neighbours get none', () => {
  for (const domain of ['gmail.com', 'googlemail.com', 'gmx.de', 'live.de', 'aol.com', 'icloud.com', 'mail.ee']) {
    assert.equal(suggestDomain(domain), undefined, `${domain} is a provider's own domain`);
  }
  assert.equal(suggestDomain('example.com'), undefined);
  assert.equal(suggestDomain('gmaiil.co'), undefined, 'two edits');
  assert.equal(suggestDomain('live.se'), undefined, 'another country, not a typo of live.de');
  assert.equal(suggestDomain('yahoo.se'), undefined);
  assert.equal(suggestDomain('ok.ru'), undefined, 'a short name has real neighbours (bk.ru)');
  assert.equal(suggestDomain('mc.com'), undefined, 'me.com');
  assert.equal(suggestDomain(''), undefined);
});

test('the distance: exactly one insertion, deletion, substitution or neighbour swap', () => {
  assert.equal(isOneEditAway('abc', 'abc'), false);
  assert.equal(isOneEditAway('abc', 'abcd'), true);
  assert.equal(isOneEditAway('abcd', 'abc'), true);
  assert.equal(isOneEditAway('xbc', 'abc'), true);
  assert.equal(isOneEditAway('bac', 'abc'), true);
  assert.equal(isOneEditAway('acb', 'abc'), true);
  assert.equal(isOneEditAway('cba', 'abc'), false, 'a swap of non-neighbours is two edits');
  assert.equal(isOneEditAway('ab', 'abcd'), false);
  assert.equal(isOneEditAway('axc', 'abd'), false);
  assert.equal(isOneEditAway('', 'a'), true);
});

test('fast: a thousand look-ups well under the time of one DNS query', () => {
  const started = performance.now();
  for (let i = 0; i < 1_000; i++) suggestDomain(`user${i}.example`);
  assert.ok(performance.now() - started < 1_000);
});
