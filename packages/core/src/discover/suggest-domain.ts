// "Did you mean gmail.com?": a typed domain one edit away from a mailbox provider's domain.
// A hint for a person at a prompt, never a correction: a typo'd domain may well exist (and
// typo-squatters register them), so the caller shows the suggestion and uses what was typed.
import { domainToUnicode } from 'node:url';
import { WELL_KNOWN_SERVICES } from './embedded.js';
import { PROVIDERS } from './providers.js';

// Our table, in its order: the bigger providers come first, so a tie goes to them.
const SUGGESTIBLE: readonly string[] = [...new Set(PROVIDERS.flatMap((provider) => provider.domains))];
// Domains that are right as typed, even when one edit from another (gmx.com, gmx.de).
const KNOWN = new Set([...SUGGESTIBLE, ...WELL_KNOWN_SERVICES.flatMap((provider) => provider.domains)]);

// A provider name this short has many real neighbours (ok.ru next to bk.ru, mc.com next to
// me.com): a change in it is more often another domain than a typo.
const MIN_NAME_LENGTH = 4;
const COUNTRY_CODE = /^[a-z]{2}$/;

/** Damerau-Levenshtein distance exactly 1: one insertion, deletion, substitution, or
 *  transposition of neighbours. Compares code points, so "gmäil.com" is one from "gmail.com". */
export function isOneEditAway(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  if (x.length === y.length) {
    if (i === x.length) return false;
    if (x.slice(i + 1).join('') === y.slice(i + 1).join('')) return true;
    return x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2).join('') === y.slice(i + 2).join('');
  }
  const [longer, shorter] = x.length > y.length ? [x, y] : [y, x];
  return longer.slice(i + 1).join('') === shorter.slice(i).join('');
}

function split(domain: string): { name: string; rest: string } {
  const dot = domain.indexOf('.');
  return dot < 0 ? { name: domain, rest: '' } : { name: domain.slice(0, dot), rest: domain.slice(dot + 1) };
}

/** Whether one edit turns `typed` into `known` in a way that reads as a typo. */
function looksLikeTypoOf(typed: string, known: string): boolean {
  if (!isOneEditAway(typed, known)) return false;
  const a = split(typed);
  const b = split(known);
  // The edit is in the provider's name.
  if (a.rest === b.rest) return [...b.name].length >= MIN_NAME_LENGTH;
  // The edit is in the suffix: live.se next to live.de is another country, not a typo.
  if (a.name === b.name) return !(COUNTRY_CODE.test(a.rest) && COUNTRY_CODE.test(b.rest));
  return true;
}

/** The provider domain `domain` was probably meant to be (`gmial.com` → `gmail.com`), or
 *  undefined when it is a known domain itself or no single edit away from one. Takes an A-label
 *  or a U-label, any case. */
export function suggestDomain(domain: string): string | undefined {
  const lower = domain.trim().toLowerCase().replace(/\.$/, '');
  const typed = domainToUnicode(lower) || lower;
  if (typed === '' || KNOWN.has(typed) || KNOWN.has(lower)) return undefined;
  return SUGGESTIBLE.find((known) => looksLikeTypoOf(typed, known));
}
